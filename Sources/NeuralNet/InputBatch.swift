import Dispatch

/// The input of a step: up to `capacity` images (B, C, H, W), normalised, and their labels (B).
/// Filled through `fill`, read by `ShardedNetwork`; allocated once and reused for every batch.
public final class InputBatch {
    /// Images (and labels) it holds at most.
    public let capacity: Int
    /// Values per image (C·H·W).
    public let imageSize: Int
    /// (capacity, C, H, W)
    let images: UnsafeMutablePointer<Float>
    /// (capacity)
    let labels: UnsafeMutablePointer<UInt8>

    public init(capacity: Int, imageSize: Int) {
        precondition(capacity > 0 && imageSize > 0, "an input batch holds at least one image of one value")
        self.capacity = capacity
        self.imageSize = imageSize
        images = .allocate(capacity: capacity * imageSize)
        images.initialize(repeating: 0, count: capacity * imageSize)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
    }

    deinit {
        images.deallocate()
        labels.deallocate()
    }

    /// Lets `body` write the images (capacity · imageSize values) and labels (capacity).
    public func fill<Result>(_ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: images, count: capacity * imageSize), UnsafeMutableBufferPointer(start: labels, count: capacity))
    }

    /// The label in `slot`, as last filled.
    public func label(_ slot: Int) -> UInt8 {
        precondition(slot >= 0 && slot < capacity, "slot \(slot) outside 0..<\(capacity)")
        return labels[slot]
    }
}
