import PaichaCore

/// The fields of `/proc/PID/stat` a sweep uses.
///
/// The name sits between the first `(` and the LAST `)` of the line: a process may call itself
/// `my (evil) proc` (names may hold spaces and parentheses), and everything after the last `)` is numbers.
struct ProcessStat: Sendable, Hashable {
    var pid: Int32
    /// The kernel's short name (the same text as `/proc/PID/comm`).
    var name: String
    /// The state letter (`R`, `S`, `D`, `Z`, …).
    var state: UInt8
    var parentPID: Int32
    /// The kernel's task flags (`PF_*`).
    var flags: UInt32
    /// CPU time in user mode, in clock ticks (all threads).
    var userTicks: UInt64
    /// CPU time in kernel mode, in clock ticks (all threads).
    var systemTicks: UInt64
    var threads: Int64
    /// When the process started, in clock ticks after boot.
    var startTicks: UInt64

    /// `PF_KTHREAD`: the task is a kernel thread.
    static let kernelThreadFlag: UInt32 = 0x0020_0000

    /// Whether the task is a kernel thread.
    var isKernelThread: Bool { self.flags & Self.kernelThreadFlag != 0 }

    /// User plus system ticks.
    var cpuTicks: UInt64 { self.userTicks &+ self.systemTicks }

    /// Parses one stat line (with or without its line end), or nil if it does not have the fields.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> ProcessStat? {
        var reader = ByteReader(bytes)
        guard let pid = reader.readDecimal(as: Int32.self), reader.readByte(0x20), reader.readByte(0x28) else {
            return nil
        }
        // The name ends at the last `)`.
        let rest = reader.remaining
        guard let close = rest.lastIndex(of: 0x29), let nameBytes = reader.readSlice(length: close) else {
            return nil
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        guard reader.readByte(0x29) else { return nil }
        reader.skipBlanks()
        guard let stateToken = reader.readToken(), stateToken.count == 1 else { return nil }
        reader.skipBlanks()
        guard let parent = reader.readSignedDecimal(), let parentPID = Int32(exactly: parent) else { return nil }
        guard Self.skipFields(4, &reader) else { return nil }  // pgrp session tty_nr tpgid
        reader.skipBlanks()
        guard let flags = reader.readDecimal(as: UInt32.self) else { return nil }
        guard Self.skipFields(4, &reader) else { return nil }  // minflt cminflt majflt cmajflt
        reader.skipBlanks()
        guard let user = reader.readDecimal(as: UInt64.self) else { return nil }
        reader.skipBlanks()
        guard let system = reader.readDecimal(as: UInt64.self) else { return nil }
        guard Self.skipFields(4, &reader) else { return nil }  // cutime cstime priority nice
        reader.skipBlanks()
        guard let threads = reader.readSignedDecimal() else { return nil }
        guard Self.skipFields(1, &reader) else { return nil }  // itrealvalue
        reader.skipBlanks()
        guard let start = reader.readDecimal(as: UInt64.self) else { return nil }
        return ProcessStat(
            pid: pid,
            name: name,
            state: stateToken[0],
            parentPID: parentPID,
            flags: flags,
            userTicks: user,
            systemTicks: system,
            threads: threads,
            startTicks: start
        )
    }

    private static func skipFields(_ count: Int, _ reader: inout ByteReader) -> Bool {
        for _ in 0..<count {
            reader.skipBlanks()
            guard reader.readToken() != nil else { return false }
        }
        return true
    }
}

/// The fields of `/proc/PID/status` a sweep uses.
struct ProcessStatus: Sendable, Hashable {
    /// The thread group (process) id: differs from the PID for a thread probed directly.
    var threadGroupID: Int32?
    var parentPID: Int32?
    /// The real user id (first of the four `Uid:` numbers).
    var userID: UInt32?
    var threads: Int64?

    /// Parses the `Key:\tvalue` lines it knows; unknown and malformed lines are skipped.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> ProcessStatus {
        var status = ProcessStatus()
        var reader = ByteReader(bytes)
        while let line = reader.readLine() {
            var fields = ByteReader(line)
            guard let key = fields.readToken() else { continue }
            fields.skipBlanks()
            if key.equals("Tgid:") {
                status.threadGroupID = fields.readDecimal(as: Int32.self)
            } else if key.equals("PPid:") {
                status.parentPID = fields.readDecimal(as: Int32.self)
            } else if key.equals("Uid:") {
                status.userID = fields.readDecimal(as: UInt32.self)
            } else if key.equals("Threads:") {
                status.threads = fields.readDecimal(as: Int64.self)
            }
        }
        return status
    }
}
