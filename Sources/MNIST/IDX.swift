/// A parsed IDX file of unsigned bytes (the MNIST format): its dimensions and its data.
public struct IDXArray: Equatable {
    /// Dimensions, outermost first, e.g. [60000, 28, 28].
    public var dimensions: [Int]
    /// The data in row-major order.
    public var data: [UInt8]
}

/// Reads the IDX format of the MNIST files: two zero bytes, a type code (0x08 = unsigned byte), the
/// number of dimensions, each dimension as a big-endian UInt32, then the data.
public enum IDX {
    /// Magic number of an image file: unsigned bytes, 3 dimensions.
    public static let imagesMagic = 2051
    /// Magic number of a label file: unsigned bytes, 1 dimension.
    public static let labelsMagic = 2049

    /// Parses `bytes` (already decompressed), which must carry `expectedMagic`. `path` names the file in errors.
    public static func parse(_ bytes: [UInt8], expectedMagic: Int, path: String) throws -> IDXArray {
        guard bytes.count >= 4 else { throw MNISTError.truncated(path: path, expectedBytes: 4, foundBytes: bytes.count) }
        let magic = readUInt32(bytes, at: 0)
        guard magic == expectedMagic else { throw MNISTError.wrongMagic(path: path, expected: expectedMagic, found: magic) }
        let dimensionCount = Int(bytes[3])
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else { throw MNISTError.truncated(path: path, expectedBytes: headerSize, foundBytes: bytes.count) }
        var dimensions: [Int] = []
        var elementCount = 1
        for index in 0..<dimensionCount {
            let dimension = readUInt32(bytes, at: 4 + 4 * index)
            dimensions.append(dimension)
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            // Anything past the bytes present is a truncated file; the check also stops overflow.
            guard !overflow, product <= bytes.count else {
                throw MNISTError.truncated(path: path, expectedBytes: overflow ? Int.max : headerSize + product, foundBytes: bytes.count)
            }
            elementCount = product
        }
        let expected = headerSize + elementCount
        guard bytes.count >= expected else { throw MNISTError.truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        guard bytes.count == expected else { throw MNISTError.trailingBytes(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        return IDXArray(dimensions: dimensions, data: Array(bytes[headerSize...]))
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
