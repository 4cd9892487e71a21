/// The shape of one image: (channels, height, width).
public struct ImageShape: Hashable, Sendable {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Elements in one image.
    public var count: Int { channels * height * width }

    /// `[C, H, W]`
    public var dimensions: [Int] { [channels, height, width] }
}

/// What one image is between two steps: an image (C, H, W) or, after flatten, a feature vector.
public enum ActivationShape: Hashable, Sendable {
    case image(ImageShape)
    case features(Int)

    /// Elements per image.
    public var count: Int {
        switch self {
        case .image(let shape): return shape.count
        case .features(let count): return count
        }
    }

    /// The dimensions without the batch: `[C, H, W]` or `[F]`.
    public var dimensions: [Int] {
        switch self {
        case .image(let shape): return shape.dimensions
        case .features(let count): return [count]
        }
    }
}
