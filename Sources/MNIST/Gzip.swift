import CZlib

/// gzip decompression through zlib, for the `.gz` IDX files.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number 1f 8b.
    public static func looksCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses a whole gzip stream (one or more members). `path` only names the file in errors;
    /// `limit` caps the output so a hostile file cannot exhaust memory.
    public static func decompress(_ bytes: [UInt8], path: String, limit: Int = 512 << 20) throws -> [UInt8] {
        guard looksCompressed(bytes) else {
            let start = String(decoding: bytes.prefix(16), as: UTF8.self)
                .unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7f ? String($0) : "." }.joined()
            throw MNISTError.notGzip(path: path, start: start)
        }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, bytes.count * 8))
        var stream = z_stream()
        // 15 + 16: a gzip wrapper, the largest window.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw MNISTError.corruptGzip(path: path, detail: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try bytes.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return }
            var position = 0
            while true {
                stream.next_in = UnsafeMutablePointer(mutating: base + position)
                stream.avail_in = UInt32(input.count - position)
                member: while true {
                    let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(chunkSize)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = chunkSize - Int(stream.avail_out)
                    guard output.count + produced <= limit else {
                        throw MNISTError.corruptGzip(path: path, detail: "decompresses to more than \(limit >> 20) MiB")
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    switch status {
                    case Z_STREAM_END:
                        break member
                    case Z_OK where stream.avail_in > 0 || stream.avail_out == 0:
                        continue
                    case Z_OK, Z_BUF_ERROR:
                        throw MNISTError.corruptGzip(path: path, detail: "the stream ends early; the file is truncated")
                    default:
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                        throw MNISTError.corruptGzip(path: path, detail: message)
                    }
                }
                position = input.count - Int(stream.avail_in)
                let rest = input[position...]
                // Concatenated gzip members are valid gzip; zero padding after the last one is tolerated.
                if rest.count >= 2 && rest[position] == 0x1f && rest[position + 1] == 0x8b {
                    inflateReset(&stream)
                    continue
                }
                if rest.contains(where: { $0 != 0 }) {
                    throw MNISTError.corruptGzip(path: path, detail: "unexpected bytes after the end of the stream")
                }
                return
            }
        }
        return output
    }
}
