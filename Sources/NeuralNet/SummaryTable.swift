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
    /// Multiply-adds for one image: the products of weights and inputs only. Bias additions are not
    /// counted (torchinfo counts them).
    public var multiplyAdds: Int
    /// The steps of the row in forward order: one module, or the functional steps it merges.
    public var steps: [Layer]
    /// The module's layer, for a module row.
    public var layer: Layer? { moduleType == nil ? nil : steps.first }
}

/// A network's summary table, derived from its definition: output shapes propagated from the input
/// shape, parameter counts from the parameter tensors, multiply-adds per layer. Everything the
/// printouts (`Report`) and the benchmark's FLOP counts need.
public struct SummaryTable: Equatable, Sendable {
    public var architecture: NetworkArchitecture
    /// Every step in forward order, modules and functional steps.
    public var rows: [SummaryRow]

    /// The table of `architecture`, its parameter counts from the tensors a network of it allocates
    /// (`NetworkArchitecture.parameterShapes`, the layout of its `ParameterStore`). One row per step of
    /// the forward order, except that a functional ReLU and the functional pooling right after it share
    /// a row (`relu + max_pool2d(2)`), as the engine computes them.
    public init(architecture: NetworkArchitecture) throws {
        // By state_dict name, as a network's ParameterStore lays its tensors out (the first of a name, as its lookup finds it).
        let tensorShapes = Dictionary(architecture.parameterShapes.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        let shapes = try architecture.stepShapes()
        var rows: [SummaryRow] = []
        var index = 0
        var input = ActivationShape.image(architecture.inputShape)
        while index < architecture.forward.count {
            let step = architecture.forward[index]
            let kind = step.layer.kind
            if let module = step.module {
                let tensors = kind.parameterShapes.compactMap { tensorShapes[module + "." + $0.suffix] }
                rows.append(SummaryRow(name: module, moduleType: kind.moduleType, kernelShape: tensors.first,
                                       outputShape: shapes[index].dimensions, parameters: tensors.reduce(0) { $0 + $1.reduce(1, *) },
                                       multiplyAdds: kind.multiplyAdds(input: input, output: shapes[index]), steps: [step.layer]))
                input = shapes[index]
                index += 1
                continue
            }
            var last = index
            if step.layer.is(ReLUSpec.self), index + 1 < architecture.forward.count, architecture.forward[index + 1].module == nil,
               architecture.forward[index + 1].layer.is(PoolingSpec.self) {
                last = index + 1
            }
            let merged = architecture.forward[index...last]
            rows.append(SummaryRow(name: merged.map(DescriptionSyntax.stepText).joined(separator: " + "), moduleType: nil, kernelShape: nil,
                                   outputShape: shapes[last].dimensions, parameters: 0, multiplyAdds: 0, steps: merged.map(\.layer)))
            input = shapes[last]
            index = last + 1
        }
        self.architecture = architecture
        self.rows = rows
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
