/// `nn.AdaptiveAvgPool2d(output_size)` / `F.adaptive_avg_pool2d(x, output_size)` and the max forms:
/// output i of n pools the input pixels ⌊i·H/n⌋ ..< ⌈(i+1)·H/n⌉ on each axis, so `output_size=1` is a
/// global pooling. The engine layer is `Pooling`.
public struct AdaptivePoolingSpec: Hashable, Sendable {
    public var outputHeight: Int
    public var outputWidth: Int
    public var takesMaximum: Bool
    /// output_size as written (`1` or `(1, 1)`), which PyTorch's repr keeps.
    var outputText: String

    public init(outputHeight: Int, outputWidth: Int, takesMaximum: Bool) {
        self.outputHeight = outputHeight
        self.outputWidth = outputWidth
        self.takesMaximum = takesMaximum
        outputText = outputHeight == outputWidth ? "\(outputHeight)" : "(\(outputHeight), \(outputWidth))"
    }
}

extension AdaptivePoolingSpec: EngineLayerKind {
    static var moduleNames: [String] { ["AdaptiveAvgPool2d", "AdaptiveMaxPool2d"] }
    static var functionNames: [String] { ["adaptive_avg_pool2d", "adaptive_max_pool2d"] }
    public var moduleType: String { takesMaximum ? "AdaptiveMaxPool2d" : "AdaptiveAvgPool2d" }

    private static func parse(_ call: PythonCall, takesMaximum: Bool) throws(DescriptionSyntax.Failure) -> AdaptivePoolingSpec {
        let a = try BoundArguments(call, takesMaximum ? ["output_size", "return_indices"] : ["output_size"])
        try a.requireDefault("return_indices", false)
        let (height, width) = try a.pair("output_size")
        var spec = AdaptivePoolingSpec(outputHeight: height, outputWidth: width, takesMaximum: takesMaximum)
        spec.outputText = a.value("output_size")!.description
        return spec
    }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> AdaptivePoolingSpec {
        try parse(call, takesMaximum: call.name == "AdaptiveMaxPool2d")
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> AdaptivePoolingSpec {
        try parse(call, takesMaximum: call.name == "adaptive_max_pool2d")
    }

    private var functionName: String { takesMaximum ? "adaptive_max_pool2d" : "adaptive_avg_pool2d" }

    public var constructor: String { "\(moduleType)(\(outputText))" }
    public func repr(indent: Int) -> String { "\(moduleType)(output_size=\(outputText))" }
    public var functionalText: String? { "\(functionName)(\(outputText))" }
    public var functionalCall: String? { "F.\(functionName)(x, \(outputText))" }
    public var words: String {
        let size = outputHeight == outputWidth ? "\(outputHeight)" : "\(outputHeight)×\(outputWidth)"
        return (takesMaximum ? "adaptive max-pool to " : "adaptive avg-pool to ") + size
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .image(let image) = input else { throw .needsImage(layer: name) }
        guard outputHeight > 0, outputWidth > 0 else { throw .nonPositiveSize(layer: name) }
        return .image(ImageShape(channels: image.channels, height: outputHeight, width: outputWidth))
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        guard case .image(let image) = build.input else { preconditionFailure("validated: pooling takes an image") }
        let rows = PoolingWindows.adaptive(size: image.height, outputs: outputHeight)
        let columns = PoolingWindows.adaptive(size: image.width, outputs: outputWidth)
        let windows = PoolingWindows(rows: rows, columns: columns, rowDivisors: rows.map(\.count), columnDivisors: columns.map(\.count))
        return Pooling(name: build.name, windows: windows, takesMaximum: takesMaximum, input: image, maxBatch: build.maxBatch,
                       needsInputGradient: build.needsInputGradient)
    }
}
