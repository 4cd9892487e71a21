import Foundation

/// Each validation image's loss after each epoch, as `metrics.json` keeps it: 32-bit little-endian
/// floats, epoch after epoch, in base64. Single precision is ample for the paired comparisons the
/// report makes and keeps the file a quarter of the size JSON numbers would take.
public enum ValidationLosses {
    /// `losses[epoch][image]` encoded.
    public static func encode(_ losses: [[Double]]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(losses.reduce(0) { $0 + $1.count } * 4)
        for epoch in losses {
            for value in epoch {
                let bits = Float(value).bitPattern.littleEndian
                withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
            }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The losses of `epochs` epochs of `images` images each; nil when the text is not such an encoding.
    public static func decode(_ text: String, epochs: Int, images: Int) -> [[Float]]? {
        guard epochs > 0, images > 0, let data = Data(base64Encoded: text), data.count == epochs * images * 4 else { return nil }
        let bytes = [UInt8](data)
        return (0..<epochs).map { epoch in
            (0..<images).map { image in
                let offset = (epoch * images + image) * 4
                let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                return Float(bitPattern: bits)
            }
        }
    }
}

extension RunMetrics {
    /// `validationLosses` decoded: `[epoch][validation image]`, nil when not recorded.
    public var validationLossMatrix: [[Float]]? {
        validationLosses.flatMap { ValidationLosses.decode($0, epochs: epochs.count, images: data.valImages) }
    }

    /// `testLosses` decoded: one loss per test image, nil when not recorded.
    public var testLossVector: [Float]? {
        testLosses.flatMap { ValidationLosses.decode($0, epochs: 1, images: data.testImages)?.first }
    }

    /// Whether `validationLosses` holds a loss for every validation image after every epoch, read from the length of its
    /// text alone (base64 spells 3 bytes in 4 characters), so that a check does not decode what its caller decodes later.
    public var recordsValidationLosses: Bool {
        let bytes = epochs.count * data.valImages * 4
        return bytes > 0 && validationLosses?.utf8.count == 4 * ((bytes + 2) / 3)
    }
}
