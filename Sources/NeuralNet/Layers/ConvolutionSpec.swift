/// `nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True)`: square kernels,
/// the same stride and zero padding on both axes (`padding='same'` and `'valid'` included). The engine
/// layer is `Conv2d`.
public struct ConvolutionSpec: Hashable, Sendable {
    /// The module's place in the class, e.g. `conv1` or `features.0`: the prefix of its state_dict names.
    public var name: String
    public var inChannels: Int
    public var outChannels: Int
    public var kernelSize: Int
    public var stride: Int
    public var padding: Int
    public var hasBias: Bool
    /// `padding='same'` or `'valid'` as written, which PyTorch's repr keeps; nil for a number.
    public var paddingMode: String?

    public init(name: String, inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, hasBias: Bool = true,
                paddingMode: String? = nil) {
        self.name = name
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.hasBias = hasBias
        self.paddingMode = paddingMode
    }

    /// PyTorch's output size: ⌊(H + 2·padding − kernel) / stride⌋ + 1 on each axis.
    public func outputShape(for input: ImageShape) -> ImageShape {
        ImageShape(channels: outChannels,
                   height: (input.height + 2 * padding - kernelSize) / stride + 1,
                   width: (input.width + 2 * padding - kernelSize) / stride + 1)
    }
}

extension ConvolutionSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Conv2d"] }
    public var moduleType: String { "Conv2d" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> ConvolutionSpec {
        let a = try BoundArguments(call, ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode",
                                          "device", "dtype"])
        try a.requireDefault("dilation", 1)
        try a.requireDefault("groups", 1)
        if let mode = a.value("padding_mode"), mode != .string("zeros") {
            throw DescriptionSyntax.Failure("Conv2d: padding_mode=\(mode) is not supported (zero padding only)")
        }
        for key in ["device", "dtype"] where a.has(key) && a.value(key) != PythonValue.none {
            throw DescriptionSyntax.Failure("Conv2d: \(key) is not supported (the products computes in float32 on the CPU)")
        }
        let kernel = try a.square("kernel_size")
        let stride = try a.square("stride", default: 1)
        var padding = 0
        var paddingMode: String?
        if case .string(let mode) = a.value("padding") {
            switch mode {
            case "valid":
                paddingMode = mode
            case "same":
                guard stride == 1 else { throw DescriptionSyntax.Failure("Conv2d: padding='same' needs stride 1 (PyTorch refuses it too)") }
                guard kernel % 2 == 1 else {
                    throw DescriptionSyntax.Failure("Conv2d: padding='same' with an even kernel (\(kernel)) pads unevenly, which is not supported; use an odd kernel")
                }
                padding = (kernel - 1) / 2
                paddingMode = mode
            default:
                throw DescriptionSyntax.Failure("Conv2d: padding='\(mode)' is not one of 'same', 'valid' or a number")
            }
        } else {
            padding = try a.square("padding", default: 0, minimum: 0)
        }
        return ConvolutionSpec(name: path, inChannels: try a.integer("in_channels"), outChannels: try a.integer("out_channels"),
                               kernelSize: kernel, stride: stride, padding: padding, hasBias: try a.bool("bias", default: true),
                               paddingMode: paddingMode)
    }

    public var constructor: String {
        var text = "Conv2d(\(inChannels), \(outChannels), \(kernelSize)"
        if stride != 1 { text += ", stride=\(stride)" }
        if let paddingMode { text += ", padding='\(paddingMode)'" } else if padding != 0 { text += ", padding=\(padding)" }
        if !hasBias { text += ", bias=False" }
        return text + ")"
    }

    /// Sizes as tuples, padding and bias only when not the default, as PyTorch 2 prints them.
    public func repr(indent: Int) -> String {
        var text = "Conv2d(\(inChannels), \(outChannels), kernel_size=(\(kernelSize), \(kernelSize)), stride=(\(stride), \(stride))"
        if let paddingMode { text += ", padding=\(paddingMode)" } else if padding != 0 { text += ", padding=(\(padding), \(padding))" }
        if !hasBias { text += ", bias=False" }
        return text + ")"
    }

    public var words: String {
        var text = "\(kernelSize)×\(kernelSize) conv"
        if stride != 1 { text += ", stride \(stride)" }
        if padding != 0 { text += ", padding \(padding)" }
        return text
    }

    public var parameterShapes: [(suffix: String, shape: [Int])] {
        [("weight", [outChannels, inChannels, kernelSize, kernelSize])] + (hasBias ? [("bias", [outChannels])] : [])
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .image(let image) = input else { throw .needsImage(layer: name) }
        guard inChannels > 0, outChannels > 0, kernelSize > 0, stride > 0, padding >= 0 else { throw .nonPositiveSize(layer: name) }
        guard inChannels == image.channels else { throw .channelMismatch(layer: name, expected: image.channels, found: inChannels) }
        guard image.height + 2 * padding >= kernelSize, image.width + 2 * padding >= kernelSize else {
            throw .imageTooSmall(layer: name, height: image.height + 2 * padding, width: image.width + 2 * padding, window: kernelSize)
        }
        let output = outputShape(for: image)
        let columns = saturatingProduct([inChannels, kernelSize, kernelSize, output.height, output.width])
        guard columns <= NetworkArchitecture.maximumColumns else {
            throw .tooLarge(what: "values in the im2col columns of \(name) per image", found: columns, limit: NetworkArchitecture.maximumColumns)
        }
        return .image(output)
    }

    public func multiplyAdds(input: ActivationShape, output: ActivationShape) -> Int {
        saturatingProduct([output.count, inChannels, kernelSize, kernelSize])
    }

    /// kaiming_uniform with a = √5, which reduces to U(−1/√fan_in, 1/√fan_in), and the same bound for the bias.
    public func initialValues(using generator: inout SplitMix64) -> [[Float]] {
        uniformInitialValues(shapes: parameterShapes.map(\.shape), fanIn: inChannels * kernelSize * kernelSize, using: &generator)
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        guard case .image(let image) = build.input else { preconditionFailure("validated: a convolution takes an image") }
        return Conv2d(spec: self, input: image, maxBatch: build.maxBatch, parameters: build.parameters, products: build.products,
                      readsImages: build.readsImages, needsInputGradient: build.needsInputGradient)
    }
}

/// Every tensor of `shapes` drawn from U(−1/√fanIn, 1/√fanIn), tensor after tensor: PyTorch's default
/// for Conv2d and Linear.
func uniformInitialValues(shapes: [[Int]], fanIn: Int, using generator: inout SplitMix64) -> [[Float]] {
    let bound = 1 / Float(Double(fanIn).squareRoot())
    return shapes.map { shape in (0..<shape.reduce(1, *)).map { _ in generator.nextFloat(in: -bound, bound) } }
}

/// The product of `factors`, Int.max when it overflows (a description's sizes can multiply past it).
func saturatingProduct(_ factors: [Int]) -> Int {
    var product = 1
    for factor in factors {
        let (result, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return Int.max }
        product = result
    }
    return product
}
