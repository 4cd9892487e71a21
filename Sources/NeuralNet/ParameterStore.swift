import Foundation

/// One named parameter tensor: where it sits in the flat parameter (and gradient) buffer and its
/// PyTorch shape, e.g. `conv1.weight` [6, 1, 5, 5].
public struct ParameterTensor: Equatable, Sendable {
    /// The PyTorch state_dict name, e.g. `fc1.bias`.
    public let name: String
    /// The shape as PyTorch reports it.
    public let shape: [Int]
    /// Offset of the first element in the flat buffers.
    public let offset: Int
    /// Number of elements: the product of `shape`.
    public var count: Int { shape.reduce(1, *) }
}

/// All parameters of a network in one flat allocation, and all gradients in a second one with the same
/// offsets (llm.c's layout): the optimiser is one loop, a checkpoint is one write.
public final class ParameterStore {
    /// The tensors in state_dict order.
    public let tensors: [ParameterTensor]
    /// Total number of parameters, counted from the tensors.
    public let count: Int
    /// Parameter values. (count) The layers and the optimiser work on them in place; outside the
    /// engine they are read through `Safetensors.encode` and written by `Safetensors.load`.
    let values: UnsafeMutablePointer<Float>
    /// Gradients, same offsets as `values`. (count)
    let gradients: UnsafeMutablePointer<Float>
    /// The store whose values this one shares, kept alive as long as this one.
    private let valueOwner: ParameterStore?

    /// Allocates zeroed storage for tensors given as (name, shape) in order.
    public init(shapes: [(name: String, shape: [Int])]) {
        var tensors: [ParameterTensor] = []
        var offset = 0
        for (name, shape) in shapes {
            let tensor = ParameterTensor(name: name, shape: shape, offset: offset)
            tensors.append(tensor)
            offset += tensor.count
        }
        self.tensors = tensors
        count = offset
        values = .allocate(capacity: max(1, offset))
        values.initialize(repeating: 0, count: max(1, offset))
        gradients = Self.zeroed(max(1, offset))
        valueOwner = nil
    }

    /// A store that shares `other`'s values (an update to one is an update to both) and has its own
    /// gradients: what a data-parallel replica of a network needs.
    public init(sharingValuesWith other: ParameterStore) {
        tensors = other.tensors
        count = other.count
        values = other.values
        gradients = Self.zeroed(max(1, other.count))
        valueOwner = other
    }

    /// Zeroed floats from calloc: pages of a large block are zeroed by the system when first touched,
    /// so a replica's gradients of the head, which it never writes, take no memory.
    private static func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        guard let memory = calloc(count, MemoryLayout<Float>.size) else { fatalError("out of memory for \(count) gradients") }
        return memory.bindMemory(to: Float.self, capacity: count)
    }

    deinit {
        if valueOwner == nil { values.deallocate() }
        free(gradients)
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> ParameterTensor? {
        tensors.first { $0.name == name }
    }
}
