import Foundation

/// One classified image for the misclassified-digits figure.
public struct DigitTile: Sendable {
    /// Side length of an MNIST image.
    public static let side = 28

    /// 784 intensities, row-major 28 × 28; 255 is full ink.
    public var pixels: [UInt8]
    /// The correct class.
    public var trueLabel: Int
    /// The class the network chose.
    public var predictedLabel: Int
    /// The network's probability for `predictedLabel`, 0...1; NaN leaves it out of the caption.
    public var probability: Double
    /// Whether another network misclassifies the image too: such tiles get a coloured frame.
    public var isShared: Bool

    /// Creates a tile.
    public init(pixels: [UInt8], trueLabel: Int, predictedLabel: Int, probability: Double, isShared: Bool = false) {
        self.pixels = pixels
        self.trueLabel = trueLabel
        self.predictedLabel = predictedLabel
        self.probability = probability
        self.isShared = isShared
    }

    /// "true 4 → pred 9 (0.87)".
    public var caption: String {
        let base = "true \(trueLabel) → pred \(predictedLabel)"
        guard probability.isFinite else { return base }
        return base + " (" + String(format: "%.2f", probability) + ")"
    }
}
