import PaichaCore

extension TLSClientHello {
    /// Reads a ClientHello body (after the 4-byte handshake header), keeping what `limits` allow.
    ///
    /// `base` is the stream offset of the body, for error positions; `limitsHit` counts what was cut.
    static func parse(
        body: UnsafeRawBufferPointer,
        base: Int,
        limits: TLSLimits,
        limitsHit: inout [String: Int]
    ) throws(TLSError) -> TLSClientHello {
        var reader = ByteReader(body)
        guard let legacyVersion = reader.readInteger(as: UInt16.self),
            reader.skip(32),
            reader.readLengthPrefixedSlice(as: UInt8.self) != nil,
            reader.readLengthPrefixedSlice(as: UInt16.self) != nil,
            reader.readLengthPrefixedSlice(as: UInt8.self) != nil
        else { throw .malformed(at: base + reader.readerIndex) }
        var hello = TLSClientHello(legacyVersion: legacyVersion)
        guard reader.readableBytes > 0 else { return hello }
        guard let extensions = reader.readLengthPrefixedSlice(as: UInt16.self) else {
            throw .malformed(at: base + reader.readerIndex)
        }
        let extensionsBase = base + reader.readerIndex - extensions.count
        var list = ByteReader(extensions)
        while list.readableBytes > 0 {
            let at = extensionsBase + list.readerIndex
            guard let type = list.readInteger(as: UInt16.self), let data = list.readLengthPrefixedSlice(as: UInt16.self)
            else { throw .malformed(at: at) }
            var field = ByteReader(data)
            switch type {
            case 0:  // server_name
                guard let names = field.readLengthPrefixedSlice(as: UInt16.self) else { throw .malformed(at: at) }
                var entries = ByteReader(names)
                while entries.readableBytes > 0 {
                    guard let nameType = entries.readInteger(as: UInt8.self),
                        let name = entries.readLengthPrefixedSlice(as: UInt16.self)
                    else { throw .malformed(at: at) }
                    if nameType == 0, hello.serverName == nil { hello.serverName = lowercasedASCII(name) }
                }
            case 16:  // application_layer_protocol_negotiation
                guard let names = field.readLengthPrefixedSlice(as: UInt16.self) else { throw .malformed(at: at) }
                var entries = ByteReader(names)
                while entries.readableBytes > 0 {
                    guard let name = entries.readLengthPrefixedSlice(as: UInt8.self) else { throw .malformed(at: at) }
                    if hello.alpn.count < limits.maximumALPNNames {
                        hello.alpn.append(String(decoding: name, as: UTF8.self))
                    } else {
                        limitsHit[TLSLimits.Name.alpnNames, default: 0] += 1
                    }
                }
            case 43:  // supported_versions (ClientHello form: u8 length, list of u16)
                guard let versions = field.readLengthPrefixedSlice(as: UInt8.self), versions.count % 2 == 0 else {
                    throw .malformed(at: at)
                }
                var entries = ByteReader(versions)
                while let version = entries.readInteger(as: UInt16.self) {
                    if hello.supportedVersions.count < limits.maximumSupportedVersions {
                        hello.supportedVersions.append(version)
                    } else {
                        limitsHit[TLSLimits.Name.supportedVersions, default: 0] += 1
                    }
                }
            default:
                break
            }
        }
        return hello
    }

    /// A host name lower-cased; bytes outside printable ASCII become `?`.
    static func lowercasedASCII(_ bytes: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): output.append(byte | 0x20)
            case 0x21...0x7E: output.append(byte)
            default: output.append(UInt8(ascii: "?"))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension TLSServerHello {
    /// Reads a ServerHello body (after the 4-byte handshake header).
    static func parse(body: UnsafeRawBufferPointer, base: Int) throws(TLSError) -> TLSServerHello {
        var reader = ByteReader(body)
        guard let legacyVersion = reader.readInteger(as: UInt16.self),
            reader.skip(32),
            reader.readLengthPrefixedSlice(as: UInt8.self) != nil,
            let cipherSuite = reader.readInteger(as: UInt16.self),
            reader.skip(1)
        else { throw .malformed(at: base + reader.readerIndex) }
        var hello = TLSServerHello(legacyVersion: legacyVersion, cipherSuite: cipherSuite)
        guard reader.readableBytes > 0 else { return hello }
        guard let extensions = reader.readLengthPrefixedSlice(as: UInt16.self) else {
            throw .malformed(at: base + reader.readerIndex)
        }
        var list = ByteReader(extensions)
        while list.readableBytes > 0 {
            guard let type = list.readInteger(as: UInt16.self), let data = list.readLengthPrefixedSlice(as: UInt16.self)
            else { throw .malformed(at: base + reader.readerIndex) }
            if type == 43 {
                var field = ByteReader(data)
                hello.selectedVersion = field.readInteger(as: UInt16.self)
            }
        }
        return hello
    }
}
