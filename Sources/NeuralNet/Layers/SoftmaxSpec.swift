/// `nn.LogSoftmax(dim=1)` / `F.log_softmax(x, dim=1)` and `nn.Softmax(dim=1)` / `F.softmax(x, dim=1)`
/// over the class scores, as the last steps of a forward pass. The loss (`nn.CrossEntropyLoss` or
/// `F.nll_loss`) is applied to what forward returns, as PyTorch does. The engine layer is `Softmax`.
public struct SoftmaxSpec: Hashable, Sendable {
    /// `log_softmax`, else `softmax`.
    public var takesLog: Bool
    /// `dim` as written: `1`, `-1`, or nil when left out (PyTorch then picks 1 for a batch of vectors).
    public var dimensionText: String?

    public init(takesLog: Bool, dimensionText: String? = "1") {
        self.takesLog = takesLog
        self.dimensionText = dimensionText
    }
}

extension SoftmaxSpec: EngineLayerKind {
    static var moduleNames: [String] { ["LogSoftmax", "Softmax"] }
    static var functionNames: [String] { ["log_softmax", "softmax"] }
    public var moduleType: String { takesLog ? "LogSoftmax" : "Softmax" }

    private static func parse(_ call: PythonCall, takesLog: Bool) throws(DescriptionSyntax.Failure) -> SoftmaxSpec {
        let a = try BoundArguments(call, ["dim", "_stacklevel", "dtype"])
        if let dtype = a.value("dtype"), dtype != .none { throw DescriptionSyntax.Failure("\(call.name): dtype is not supported") }
        switch a.value("dim") {
        case nil, .some(.none): return SoftmaxSpec(takesLog: takesLog, dimensionText: nil)
        case .some(.integer(let dimension)) where dimension == 1 || dimension == -1:
            return SoftmaxSpec(takesLog: takesLog, dimensionText: String(dimension))
        case .some(let other):
            throw DescriptionSyntax.Failure("\(call.name): dim=\(other) is not supported; the scores are dim=1 (or -1)")
        }
    }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> SoftmaxSpec {
        try parse(call, takesLog: call.name == "LogSoftmax")
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> SoftmaxSpec {
        try parse(call, takesLog: call.name == "log_softmax")
    }

    private var name: String { takesLog ? "log_softmax" : "softmax" }

    public var constructor: String { "\(moduleType)(" + (dimensionText.map { "dim=\($0)" } ?? "") + ")" }
    public func repr(indent: Int) -> String { "\(moduleType)(dim=\(dimensionText ?? "None"))" }
    public var functionalText: String? { name + (dimensionText.map { "(dim=\($0))" } ?? "") }
    public var functionalCall: String? { "F.\(name)(x, dim=\(dimensionText ?? "1"))" }
    public var words: String { takesLog ? "log-softmax" : "softmax" }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .features = input else { throw .needsFeatures(layer: name) }
        return input
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        Softmax(name: build.name, takesLog: takesLog, classes: build.input.count, maxBatch: build.maxBatch,
                needsInputGradient: build.needsInputGradient)
    }
}

/// Softmax or log-softmax of each image's scores, feature-major (K, B), with log-sum-exp so no score
/// overflows; `exp` and `log` are `PortableMath`'s.
final class Softmax: EngineLayer {
    let profileName: String
    let takesLog: Bool
    let classes: Int
    /// (K, B)
    let outputs: UnsafeMutablePointer<Float>
    /// (K, B)
    let inputGradient: UnsafeMutablePointer<Float>?
    var hasParameters: Bool { false }

    init(name: String, takesLog: Bool, classes: Int, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        self.takesLog = takesLog
        self.classes = classes
        outputs = .allocate(capacity: classes * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: classes * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    /// outputs[k, b] = x[k, b] − max − log Σ e^(x − max), or e^(x − max) / Σ e^(x − max)
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        for image in 0..<batch {
            var maximum = inputs[image]
            for k in 1..<classes { maximum = max(maximum, inputs[k * batch + image]) }
            var sum: Float = 0
            for k in 0..<classes { sum += PortableMath.exp(inputs[k * batch + image] - maximum) }
            if takesLog {
                let logSum = PortableMath.log(sum)
                for k in 0..<classes { outputs[k * batch + image] = inputs[k * batch + image] - maximum - logSum }
            } else {
                for k in 0..<classes { outputs[k * batch + image] = PortableMath.exp(inputs[k * batch + image] - maximum) / sum }
            }
        }
    }

    /// log-softmax: dx = g − softmax · Σ g; softmax: dx = y · (g − Σ g·y)
    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        for image in 0..<batch {
            var total: Float = 0
            if takesLog {
                for k in 0..<classes { total += outputGradient[k * batch + image] }
                for k in 0..<classes {
                    let index = k * batch + image
                    inputGradient[index] = outputGradient[index] - PortableMath.exp(outputs[index]) * total
                }
            } else {
                for k in 0..<classes { total += outputGradient[k * batch + image] * outputs[k * batch + image] }
                for k in 0..<classes {
                    let index = k * batch + image
                    inputGradient[index] = outputs[index] * (outputGradient[index] - total)
                }
            }
        }
    }
}
