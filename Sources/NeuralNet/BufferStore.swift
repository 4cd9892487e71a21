/// One named buffer of a network: state that the forward pass keeps (a BatchNorm's running statistics)
/// but that no optimiser trains. `num_batches_tracked` is an int64 in PyTorch's state_dict.
public struct BufferTensor: Equatable, Sendable {
    public enum Element: String, Sendable { case float32 = "F32", int64 = "I64" }

    /// The PyTorch state_dict name, e.g. `bn1.running_mean`.
    public let name: String
    public let shape: [Int]
    public let element: Element
    /// Offset of the first element in the store's buffer of its element type.
    public let offset: Int
    /// Number of elements: the product of `shape` (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}

/// All buffers of a network: float32 ones in one flat allocation, int64 counters in another. Replicas of
/// a network share one store, and only the step's coordinator updates it, once per training step; it is
/// saved and loaded with the weights and never touched by the optimiser or weight decay.
public final class BufferStore {
    /// The tensors in state_dict order.
    public let tensors: [BufferTensor]
    /// (float count)
    let floats: UnsafeMutablePointer<Float>
    /// (integer count)
    let integers: UnsafeMutablePointer<Int64>
    let floatCount: Int
    let integerCount: Int

    /// Zeroed storage for (name, shape, element) in order.
    public init(shapes: [(name: String, shape: [Int], element: BufferTensor.Element)]) {
        var tensors: [BufferTensor] = []
        var floatOffset = 0, integerOffset = 0
        for (name, shape, element) in shapes {
            let offset = element == .float32 ? floatOffset : integerOffset
            let tensor = BufferTensor(name: name, shape: shape, element: element, offset: offset)
            tensors.append(tensor)
            if element == .float32 { floatOffset += tensor.count } else { integerOffset += tensor.count }
        }
        self.tensors = tensors
        floatCount = floatOffset
        integerCount = integerOffset
        floats = .allocate(capacity: max(1, floatOffset))
        floats.initialize(repeating: 0, count: max(1, floatOffset))
        integers = .allocate(capacity: max(1, integerOffset))
        integers.initialize(repeating: 0, count: max(1, integerOffset))
    }

    deinit {
        floats.deallocate()
        integers.deallocate()
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> BufferTensor? {
        tensors.first { $0.name == name }
    }

    /// A float32 buffer's values.
    public func floatValues(_ tensor: BufferTensor) -> [Float] {
        precondition(tensor.element == .float32, "\(tensor.name) holds int64 values")
        return Array(UnsafeBufferPointer(start: floats + tensor.offset, count: tensor.count))
    }

    /// An int64 buffer's values.
    public func integerValues(_ tensor: BufferTensor) -> [Int64] {
        precondition(tensor.element == .int64, "\(tensor.name) holds float32 values")
        return Array(UnsafeBufferPointer(start: integers + tensor.offset, count: tensor.count))
    }
}
