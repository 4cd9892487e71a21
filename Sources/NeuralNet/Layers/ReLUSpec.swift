/// `nn.ReLU(inplace=False)` / `F.relu(x)` / `torch.relu(x)`. In place or not computes the same (the
/// engine keeps every activation), so `inplace` only changes the repr. The engine layer is `ReLU`, or
/// fused into the linear layer or 2×2 max-pooling beside it.
public struct ReLUSpec: Hashable, Sendable {
    public var inPlace: Bool

    public init(inPlace: Bool = false) { self.inPlace = inPlace }
}

extension ReLUSpec: EngineLayerKind {
    static var moduleNames: [String] { ["ReLU"] }
    static var functionNames: [String] { ["relu", "relu_"] }
    public var moduleType: String { "ReLU" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> ReLUSpec {
        ReLUSpec(inPlace: try BoundArguments(call, ["inplace"]).bool("inplace", default: false))
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> ReLUSpec {
        _ = try BoundArguments(call, ["inplace"]).bool("inplace", default: false)
        return ReLUSpec()
    }

    public var constructor: String { inPlace ? "ReLU(inplace=True)" : "ReLU()" }
    public func repr(indent: Int) -> String { constructor }
    public var functionalText: String? { "relu" }
    public var functionalCall: String? { "F.relu(x)" }
    public var words: String { "ReLU" }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape { input }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        ReLU(name: build.name, elements: build.input.count, maxBatch: build.maxBatch, needsInputGradient: build.needsInputGradient)
    }
}

/// ReLU on its own (when no convolution, linear layer or 2×2 pooling next to it takes it over):
/// `x > 0 ? x : 0`, NaN kept, gradient passed where the output is positive, as PyTorch.
final class ReLU: EngineLayer {
    let profileName: String
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    let count: Int
    var hasParameters: Bool { false }

    /// `elements` values per image.
    init(name: String, elements: Int, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        count = elements
        outputs = .allocate(capacity: elements * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: elements * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    /// outputs = relu(inputs), any layout
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        for index in 0..<(count * batch) {
            let value = inputs[index]
            outputs[index] = value > 0 || value.isNaN ? value : 0
        }
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        for index in 0..<(count * batch) { inputGradient[index] = outputs[index] > 0 ? outputGradient[index] : 0 }
    }
}
