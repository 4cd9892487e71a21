/// One row of a network summary: a named layer (module) or a functional step between them.
public struct SummaryRow: Equatable, Sendable {
    /// Module attribute name (`conv1`) or a description of a functional step (`relu + max_pool2d`).
    public var name: String
    /// PyTorch class of the module (`Conv2d`, `Linear`), or nil for a functional step.
    public var moduleType: String?
    /// Shape of the weight tensor, if the row has one.
    public var kernelShape: [Int]?
    /// Output shape for one image, without the batch dimension.
    public var outputShape: [Int]
    /// Parameters, counted from the parameter tensors.
    public var parameters: Int
    /// Multiply-adds for one image (bias additions not counted, as torchinfo).
    public var multiplyAdds: Int
}

/// What a network is, derived from its definition: output shapes propagated from the input shape,
/// parameter counts from the parameter tensors, multiply-adds per layer. Everything the printouts
/// (`Report`) and the benchmark's FLOP counts need.
public struct ArchitectureFacts: Equatable, Sendable {
    public var architecture: NetworkArchitecture
    /// Every step in forward order, modules and functional steps.
    public var rows: [SummaryRow]

    /// The facts of `network` (its tensors give the parameter counts).
    public init(network: Network) throws {
        let architecture = network.architecture
        let parameters = network.parameters
        func count(_ name: String) -> Int {
            (parameters.tensor(named: name + ".weight")?.count ?? 0) + (parameters.tensor(named: name + ".bias")?.count ?? 0)
        }
        func kernel(_ name: String) -> [Int]? { parameters.tensor(named: name + ".weight")?.shape }
        var rows: [SummaryRow] = []
        let shapes = try architecture.convolutionShapes()
        for (conv, shape) in zip(architecture.convolutions, shapes) {
            let convolved = shape.convolved, pooled = shape.pooled
            rows.append(SummaryRow(name: conv.name, moduleType: "Conv2d", kernelShape: kernel(conv.name),
                                   outputShape: [convolved.channels, convolved.height, convolved.width], parameters: count(conv.name),
                                   multiplyAdds: convolved.count * conv.inChannels * conv.kernelSize * conv.kernelSize))
            rows.append(SummaryRow(name: "relu + max_pool2d(2)", moduleType: nil, kernelShape: nil,
                                   outputShape: [pooled.channels, pooled.height, pooled.width], parameters: 0, multiplyAdds: 0))
        }
        if let flattened = shapes.last?.pooled {
            rows.append(SummaryRow(name: "flatten", moduleType: nil, kernelShape: nil, outputShape: [flattened.count], parameters: 0, multiplyAdds: 0))
        }
        for (index, linear) in architecture.linears.enumerated() {
            rows.append(SummaryRow(name: linear.name, moduleType: "Linear", kernelShape: kernel(linear.name),
                                   outputShape: [linear.outFeatures], parameters: count(linear.name),
                                   multiplyAdds: linear.inFeatures * linear.outFeatures))
            if index < architecture.linears.count - 1 {
                rows.append(SummaryRow(name: "relu", moduleType: nil, kernelShape: nil, outputShape: [linear.outFeatures], parameters: 0, multiplyAdds: 0))
            }
        }
        self.architecture = architecture
        self.rows = rows
        precondition(totalParameters == parameters.count, "every parameter tensor belongs to a layer row")
    }

    /// The rows of modules only (what torchsummary hooks).
    public var moduleRows: [SummaryRow] { rows.filter { $0.moduleType != nil } }

    /// All parameters.
    public var totalParameters: Int { rows.map(\.parameters).reduce(0, +) }

    /// Multiply-adds of one forward pass of one image.
    public var totalMultiplyAdds: Int { rows.map(\.multiplyAdds).reduce(0, +) }

    /// Floating-point operations to train on one image: forward (2 per multiply-add) plus backward
    /// (twice the forward: input and weight gradients).
    public var trainingFLOPsPerImage: Int { 6 * totalMultiplyAdds }

    /// Floating-point operations to classify one image.
    public var inferenceFLOPsPerImage: Int { 2 * totalMultiplyAdds }
}
