/// `nn.MaxPool2d(kernel_size, stride=None, padding=0)` / `F.max_pool2d(x, kernel_size, stride=None,
/// padding=0)` and `nn.AvgPool2d` / `F.avg_pool2d` (count_include_pad as PyTorch): square windows,
/// floor mode; the stride defaults to the window size. The engine layer is `Pooling` (or
/// `ReLUMaxPool`, fused).
public struct PoolingSpec: Hashable, Sendable {
    public var kernelSize: Int
    public var stride: Int
    /// Max-pooling, else average pooling.
    public var takesMaximum: Bool
    /// Implicit padding on every side: −∞ for max-pooling, zeros for average pooling.
    public var padding = 0
    /// Average pooling divides by the whole window, padding included (PyTorch's default), else by
    /// the pixels inside the image.
    public var countsPadding = true
    /// Max-pooling's spacing of the window's taps.
    public var dilation = 1
    /// Output sizes rounded up (a last, partial window), PyTorch's ceil_mode.
    public var ceilMode = false
    var paddingText: String?
    var dilationText: String?
    /// The window and stride as the constructor wrote them, which PyTorch's repr keeps (`2` or `(2, 2)`).
    var kernelText: String?
    var strideText: String?

    public init(kernelSize: Int, stride: Int? = nil, takesMaximum: Bool = true) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.takesMaximum = takesMaximum
    }

    /// ⌊(H − kernel) / stride⌋ + 1 on each axis.
    public func outputShape(for input: ImageShape) -> ImageShape {
        func size(_ extent: Int) -> Int {
            PoolingWindows.outputSize(size: extent, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
        }
        return ImageShape(channels: input.channels, height: size(input.height), width: size(input.width))
    }
}

extension PoolingSpec: EngineLayerKind {
    static var moduleNames: [String] { ["MaxPool2d", "AvgPool2d"] }
    static var functionNames: [String] { ["max_pool2d", "avg_pool2d"] }
    public var moduleType: String { takesMaximum ? "MaxPool2d" : "AvgPool2d" }

    private static func parse(_ call: PythonCall, isMax: Bool, isModule: Bool) throws(DescriptionSyntax.Failure) -> PoolingSpec {
        let a = try BoundArguments(call, isMax ? ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"]
                                               : ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"])
        if isMax {
            try a.requireDefault("return_indices", false)
        } else if let divisor = a.value("divisor_override"), divisor != .none {
            throw DescriptionSyntax.Failure("\(call.name): divisor_override is not supported")
        }
        let kernel = try a.square("kernel_size")
        let padding = try a.square("padding", default: 0, minimum: 0)
        guard padding <= kernel / 2 else {
            throw DescriptionSyntax.Failure("\(call.name): padding \(padding) is more than half the window \(kernel) (PyTorch refuses it too)")
        }
        var spec = PoolingSpec(kernelSize: kernel,
                               stride: a.value("stride") == nil || a.value("stride") == PythonValue.none ? nil : try a.square("stride"),
                               takesMaximum: isMax)
        spec.padding = padding
        spec.ceilMode = try a.bool("ceil_mode", default: false)
        if isMax { spec.dilation = try a.square("dilation", default: 1) }
        if !isMax { spec.countsPadding = try a.bool("count_include_pad", default: true) }
        if isModule {
            spec.paddingText = a.value("padding")?.description
            spec.dilationText = a.value("dilation")?.description
            // PyTorch keeps the sizes as given: a tuple prints as a tuple, a missing stride as the kernel.
            spec.kernelText = a.value("kernel_size")?.description
            let stride = a.value("stride")
            spec.strideText = stride == nil || stride == PythonValue.none ? spec.kernelText : stride?.description
        }
        return spec
    }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> PoolingSpec {
        try parse(call, isMax: call.name == "MaxPool2d", isModule: true)
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> PoolingSpec {
        try parse(call, isMax: call.name == "max_pool2d", isModule: false)
    }

    private var arguments: String {
        (stride == kernelSize ? "\(kernelSize)" : "\(kernelSize), stride=\(stride)") + extraArguments(padding: "\(padding)")
    }


    private func extraArguments(padding text: String, dilation dilationText: String? = nil) -> String {
        (padding != 0 ? ", padding=\(text)" : "") + (dilation != 1 ? ", dilation=\(dilationText ?? "\(dilation)")" : "")
            + (ceilMode ? ", ceil_mode=True" : "") + (countsPadding ? "" : ", count_include_pad=False")
    }

    /// The sizes as written (a tuple stays a tuple), so that the constructor reads back to the same repr.
    public var constructor: String {
        let kernel = kernelText ?? "\(kernelSize)", stride = strideText ?? "\(self.stride)"
        return "\(moduleType)(" + (stride == kernel ? kernel : "\(kernel), stride=\(stride)") + extraArguments(padding: paddingText ?? "\(padding)", dilation: dilationText) + ")"
    }

    public func repr(indent: Int) -> String {
        let kernel = kernelText ?? "\(kernelSize)", stride = strideText ?? "\(self.stride)"
        let padding = paddingText ?? "\(self.padding)"
        return takesMaximum ? "MaxPool2d(kernel_size=\(kernel), stride=\(stride), padding=\(padding), dilation=\(dilationText ?? "\(dilation)"), ceil_mode=\(ceilMode ? "True" : "False"))"
                            : "AvgPool2d(kernel_size=\(kernel), stride=\(stride), padding=\(padding))"
    }

    public var functionalText: String? { (takesMaximum ? "max_pool2d" : "avg_pool2d") + "(\(arguments))" }
    public var functionalCall: String? { "F." + (takesMaximum ? "max_pool2d" : "avg_pool2d") + "(x, \(arguments))" }

    public var words: String {
        (takesMaximum ? "max-pool" : "avg-pool") + " \(kernelSize)" + (stride == kernelSize ? "" : " stride \(stride)")
            + (padding == 0 ? "" : " padding \(padding)") + (dilation == 1 ? "" : " dilation \(dilation)")
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .image(let image) = input else { throw .needsImage(layer: name) }
        guard kernelSize > 0, stride > 0 else { throw .nonPositiveSize(layer: name) }
        let span = dilation * (kernelSize - 1) + 1
        guard image.height + 2 * padding >= span, image.width + 2 * padding >= span else {
            throw .imageTooSmall(layer: name, height: image.height + 2 * padding, width: image.width + 2 * padding, window: span)
        }
        return .image(outputShape(for: image))
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        guard case .image(let image) = build.input else { preconditionFailure("validated: pooling takes an image") }
        return Pooling(name: build.name, windows: windows(for: image), takesMaximum: takesMaximum, input: image, maxBatch: build.maxBatch,
                       needsInputGradient: build.needsInputGradient)
    }

    /// The windows over an image of `image`'s size.
    func windows(for image: ImageShape) -> PoolingWindows {
        let rows = PoolingWindows.fixed(size: image.height, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation,
                                        ceilMode: ceilMode, countsPadding: countsPadding)
        let columns = PoolingWindows.fixed(size: image.width, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation,
                                           ceilMode: ceilMode, countsPadding: countsPadding)
        return PoolingWindows(rows: rows.windows, columns: columns.windows, rowDivisors: rows.divisors, columnDivisors: columns.divisors)
    }
}
