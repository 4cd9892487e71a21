/// The element-wise activations besides ReLU, each with PyTorch's module, functional form and repr:
/// `nn.Sigmoid()` / `torch.sigmoid`, `nn.Tanh()` / `torch.tanh`, `nn.LeakyReLU(negative_slope=0.01)` /
/// `F.leaky_relu`, `nn.ELU(alpha=1.0)` / `F.elu`, `nn.GELU(approximate='none')` / `F.gelu`. The engine
/// layer is `Activation`; `exp` is `PortableMath`'s, so the values are the same on every machine.
public struct ActivationSpec: Hashable, Sendable {
    public enum Function: Hashable, Sendable {
        case sigmoid
        case tanh
        case leakyReLU(slope: Double)
        case elu(alpha: Double)
        /// `approximate='tanh'` when `usesTanh`, else the exact erf form.
        case gelu(usesTanh: Bool)
    }

    public var function: Function
    public var inPlace: Bool

    public init(_ function: Function, inPlace: Bool = false) {
        self.function = function
        self.inPlace = inPlace
    }
}

extension ActivationSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Sigmoid", "Tanh", "LeakyReLU", "ELU", "GELU"] }
    static var functionNames: [String] { ["sigmoid", "tanh", "leaky_relu", "elu", "gelu"] }

    public var moduleType: String {
        switch function {
        case .sigmoid: return "Sigmoid"
        case .tanh: return "Tanh"
        case .leakyReLU: return "LeakyReLU"
        case .elu: return "ELU"
        case .gelu: return "GELU"
        }
    }

    private static func parse(_ call: PythonCall, name: String) throws(DescriptionSyntax.Failure) -> ActivationSpec {
        switch name {
        case "Sigmoid", "sigmoid":
            _ = try BoundArguments(call, [])
            return ActivationSpec(.sigmoid)
        case "Tanh", "tanh":
            _ = try BoundArguments(call, [])
            return ActivationSpec(.tanh)
        case "LeakyReLU", "leaky_relu":
            let a = try BoundArguments(call, ["negative_slope", "inplace"])
            return ActivationSpec(.leakyReLU(slope: try a.number("negative_slope", default: 0.01)), inPlace: try a.bool("inplace", default: false))
        case "ELU", "elu":
            let a = try BoundArguments(call, ["alpha", "inplace"])
            return ActivationSpec(.elu(alpha: try a.number("alpha", default: 1.0)), inPlace: try a.bool("inplace", default: false))
        default:
            let a = try BoundArguments(call, ["approximate"])
            let approximate = a.value("approximate") ?? .string("none")
            guard approximate == .string("none") || approximate == .string("tanh") else {
                throw DescriptionSyntax.Failure("GELU: approximate must be 'none' or 'tanh', got \(approximate)")
            }
            return ActivationSpec(.gelu(usesTanh: approximate == .string("tanh")))
        }
    }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> ActivationSpec {
        try parse(call, name: call.name)
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> ActivationSpec {
        var spec = try parse(call, name: call.name)
        spec.inPlace = false
        return spec
    }

    private var arguments: String {
        let inPlace = self.inPlace ? "inplace=True" : ""
        switch function {
        case .sigmoid, .tanh: return ""
        case .leakyReLU(let slope): return slope == 0.01 ? inPlace : "negative_slope=\(PythonFloat.repr(slope))" + (self.inPlace ? ", " + inPlace : "")
        case .elu(let alpha): return alpha == 1 ? inPlace : "alpha=\(PythonFloat.repr(alpha))" + (self.inPlace ? ", " + inPlace : "")
        case .gelu(let usesTanh): return usesTanh ? "approximate='tanh'" : ""
        }
    }

    public var constructor: String { "\(moduleType)(\(arguments))" }

    public func repr(indent: Int) -> String {
        let inPlace = self.inPlace ? ", inplace=True" : ""
        switch function {
        case .sigmoid, .tanh: return "\(moduleType)()"
        case .leakyReLU(let slope): return "LeakyReLU(negative_slope=\(PythonFloat.repr(slope))\(inPlace))"
        case .elu(let alpha): return "ELU(alpha=\(PythonFloat.repr(alpha))\(inPlace))"
        case .gelu(let usesTanh): return "GELU(approximate='\(usesTanh ? "tanh" : "none")')"
        }
    }

    public var functionalText: String? {
        let name: String
        switch function {
        case .sigmoid: name = "sigmoid"
        case .tanh: name = "tanh"
        case .leakyReLU: name = "leaky_relu"
        case .elu: name = "elu"
        case .gelu: name = "gelu"
        }
        let arguments: String
        switch function {
        case .leakyReLU(let slope) where slope != 0.01: arguments = "(negative_slope=\(PythonFloat.repr(slope)))"
        case .elu(let alpha) where alpha != 1: arguments = "(alpha=\(PythonFloat.repr(alpha)))"
        case .gelu(true): arguments = "(approximate='tanh')"
        default: arguments = ""
        }
        return name + arguments
    }

    public var functionalCall: String? {
        switch function {
        case .sigmoid: return "torch.sigmoid(x)"
        case .tanh: return "torch.tanh(x)"
        case .leakyReLU(let slope): return "F.leaky_relu(x, \(PythonFloat.repr(slope)))"
        case .elu(let alpha): return "F.elu(x, \(PythonFloat.repr(alpha)))"
        case .gelu(let usesTanh): return usesTanh ? "F.gelu(x, approximate='tanh')" : "F.gelu(x)"
        }
    }

    public var words: String {
        switch function {
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .leakyReLU(let slope): return "leaky ReLU \(PythonFloat.repr(slope))"
        case .elu(let alpha): return alpha == 1 ? "ELU" : "ELU α \(PythonFloat.repr(alpha))"
        case .gelu: return "GELU"
        }
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape { input }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        Activation(name: build.name, function: function, elements: build.input.count, maxBatch: build.maxBatch,
                   needsInputGradient: build.needsInputGradient)
    }
}

/// An element-wise activation over preallocated buffers, any layout. The backward pass reads the
/// saved input (and output) of the last forward pass.
final class Activation: EngineLayer {
    let profileName: String
    let function: ActivationSpec.Function
    let count: Int
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    var hasParameters: Bool { false }

    init(name: String, function: ActivationSpec.Function, elements: Int, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        self.function = function
        count = elements
        outputs = .allocate(capacity: elements * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: elements * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    /// 1 / (1 + e^−x), written so that e^x never overflows.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + PortableMath.exp(-x)) }
        let e = PortableMath.exp(x)
        return e / (1 + e)
    }

    /// tanh x = 2σ(2x) − 1 for small |x| would lose digits near 0, so (e^2x − 1) / (e^2x + 1) with the sign outside.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        let magnitude = abs(x)
        if magnitude > 9 { return x > 0 ? 1 : -1 }
        if magnitude < 0x1p-12 { return x }
        let e = PortableMath.exp(-2 * magnitude)
        let result = (1 - e) / (1 + e)
        return x < 0 ? -result : result
    }

    /// erf by Abramowitz & Stegun 7.1.26 refined: accurate to a few float ulps over the range GELU uses.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let magnitude = Double(abs(x))
        // erf(x) = 1 − erfc(x); erfc by the rational Chebyshev form of Numerical Recipes (erfcc), |error| < 1.2e-7.
        let t = 1 / (1 + 0.5 * magnitude)
        var polynomial = 0.17087277
        for coefficient in [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223] {
            polynomial = polynomial * t + coefficient
        }
        let exponent = Float(-magnitude * magnitude + polynomial)
        let erfc = t * Double(PortableMath.exp(exponent))
        let result = Float(1 - erfc)
        return x < 0 ? -result : result
    }

    /// outputs = f(inputs)
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let total = count * batch
        switch function {
        case .sigmoid:
            for index in 0..<total { outputs[index] = Self.sigmoid(inputs[index]) }
        case .tanh:
            for index in 0..<total { outputs[index] = Self.tanh(inputs[index]) }
        case .leakyReLU(let slope):
            let slope = Float(slope)
            for index in 0..<total { let x = inputs[index]; outputs[index] = x > 0 ? x : x * slope }
        case .elu(let alpha):
            let alpha = Float(alpha)
            for index in 0..<total { let x = inputs[index]; outputs[index] = x > 0 ? x : alpha * (PortableMath.exp(x) - 1) }
        case .gelu(let usesTanh):
            for index in 0..<total {
                let x = inputs[index]
                outputs[index] = usesTanh ? 0.5 * x * (1 + Self.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))
                                          : 0.5 * x * (1 + Self.erf(x * 0.70710678118654752))
            }
        }
    }

    /// inputGradient = f′(inputs) · outputGradient
    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        let total = count * batch
        switch function {
        case .sigmoid:
            for index in 0..<total { let y = outputs[index]; inputGradient[index] = outputGradient[index] * y * (1 - y) }
        case .tanh:
            for index in 0..<total { let y = outputs[index]; inputGradient[index] = outputGradient[index] * (1 - y * y) }
        case .leakyReLU(let slope):
            let slope = Float(slope)
            for index in 0..<total { inputGradient[index] = inputs[index] > 0 ? outputGradient[index] : outputGradient[index] * slope }
        case .elu(let alpha):
            let alpha = Float(alpha)
            for index in 0..<total {
                inputGradient[index] = inputs[index] > 0 ? outputGradient[index] : outputGradient[index] * (outputs[index] + alpha)
            }
        case .gelu(let usesTanh):
            for index in 0..<total {
                let x = inputs[index]
                let derivative: Float
                if usesTanh {
                    let inner = 0.7978845608 * (x + 0.044715 * x * x * x)
                    let t = Self.tanh(inner)
                    derivative = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.7978845608 * (1 + 3 * 0.044715 * x * x)
                } else {
                    derivative = 0.5 * (1 + Self.erf(x * 0.70710678118654752)) + x * 0.3989422804014327 * PortableMath.exp(-0.5 * x * x)
                }
                inputGradient[index] = outputGradient[index] * derivative
            }
        }
    }
}
