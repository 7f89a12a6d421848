import Foundation
import Glibc
public import PaichaCore

/// Which machine was swept: its name, addresses, and operating system, as the system itself says.
public struct HostIdentity: Sendable, Hashable, Codable {
    /// The host name (`gethostname`, or `/etc/hostname` in an image).
    public var hostName: String?
    /// Its IP addresses (interfaces of the running system; static configuration in an image), loopback left out.
    public var addresses: [IPAddress]
    /// `PRETTY_NAME` from `/etc/os-release`.
    public var operatingSystem: String?
    /// The running kernel (`uname -r`), live sweeps only.
    public var kernel: String?
    /// `/etc/machine-id`, which identifies an installation across renames.
    public var machineID: String?

    /// Makes an identity.
    public init(
        hostName: String? = nil,
        addresses: [IPAddress] = [],
        operatingSystem: String? = nil,
        kernel: String? = nil,
        machineID: String? = nil
    ) {
        self.hostName = hostName
        self.addresses = addresses
        self.operatingSystem = operatingSystem
        self.kernel = kernel
        self.machineID = machineID
    }

    /// Reads the identity of the swept system.
    static func read(_ fileSystem: HostFileSystem, statistics: inout SweepStatistics) -> HostIdentity {
        var identity = HostIdentity()
        let firstLine = { (path: String, statistics: inout SweepStatistics) -> String? in
            guard let content = fileSystem.readText(path, statistics: &statistics) else { return nil }
            let line = content.text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
            return line.flatMap { $0.isEmpty ? nil : $0 }
        }
        identity.machineID = firstLine("/etc/machine-id", &statistics)
        if let release = fileSystem.readText("/etc/os-release", statistics: &statistics) {
            for (_, line) in release.numberedLines where line.hasPrefix("PRETTY_NAME=") {
                identity.operatingSystem = String(line.dropFirst("PRETTY_NAME=".count))
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        if fileSystem.isLive {
            identity.hostName = Self.runningHostName()
            var names = utsname()
            if uname(&names) == 0 {
                identity.kernel = withUnsafeBytes(of: names.release) {
                    String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
            }
            identity.addresses = Self.interfaceAddresses()
        } else {
            identity.hostName = firstLine("/etc/hostname", &statistics)
            identity.addresses = Self.configuredAddresses(fileSystem, statistics: &statistics)
        }
        return identity
    }

    /// The running system's host name (`gethostname`).
    static func runningHostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The running system's interface addresses, without loopback and link-local IPv6.
    static func interfaceAddresses() -> [IPAddress] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var result: Set<IPAddress> = []
        var cursor = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr else { continue }
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    withUnsafeBytes(of: &address) { if let ip = IPAddress(v4: $0) { result.insert(ip) } }
                }
            case AF_INET6:
                socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    withUnsafeBytes(of: &address) { if let ip = IPAddress(v6: $0) { result.insert(ip) } }
                }
            default: continue
            }
        }
        return result.filter { !Self.isLoopbackOrLinkLocal($0) }.sorted()
    }

    /// Static addresses an image's network configuration names (ifupdown, netplan, NetworkManager, ifcfg).
    static func configuredAddresses(_ fileSystem: HostFileSystem, statistics: inout SweepStatistics) -> [IPAddress] {
        var contents: [FileContent] = []
        var files = ["/etc/network/interfaces"]
        for directory in [
            "/etc/network/interfaces.d", "/etc/netplan", "/etc/NetworkManager/system-connections",
            "/etc/sysconfig/network-scripts",
        ] {
            let names = (try? fileSystem.list(directory, statistics: &statistics)) ?? []
            files += names.map { directory + "/" + $0 }
        }
        for file in files {
            if let content = fileSystem.readText(file, statistics: &statistics) { contents.append(content) }
        }
        var result: Set<IPAddress> = []
        for content in contents {
            for (_, line) in content.numberedLines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard
                    trimmed.hasPrefix("address") || trimmed.hasPrefix("IPADDR") || trimmed.hasPrefix("- ")
                        || trimmed.hasPrefix("addresses")
                else { continue }
                let separators = CharacterSet(charactersIn: " \t=,[]\"'/;")
                for token in trimmed.components(separatedBy: separators) {
                    if let ip = IPAddress(token), !Self.isLoopbackOrLinkLocal(ip) { result.insert(ip) }
                }
            }
        }
        return result.sorted()
    }

    private static func isLoopbackOrLinkLocal(_ ip: IPAddress) -> Bool {
        let bytes = ip.bytes
        if ip.isV4 { return bytes.first == 127 }
        if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return bytes.count == 16 && bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80
    }
}
