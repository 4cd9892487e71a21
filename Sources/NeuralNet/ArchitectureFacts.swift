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
    /// counted (torchinfo 1.8 counts them: 89,856 for ConvNet's conv1 against 86,400 here).
    public var multiplyAdds: Int
}

/// What a network is, derived from its definition: output shapes propagated from the input shape,
/// parameter counts from the parameter tensors, multiply-adds per layer. Everything the printouts
/// (`Report`) and the benchmark's FLOP counts need.
public struct ArchitectureFacts: Equatable, Sendable {
    public var architecture: NetworkArchitecture
    /// Every step in forward order, modules and functional steps.
    public var rows: [SummaryRow]

    /// The facts of `network` (its tensors give the parameter counts). One row per step of the forward
    /// order, except that a functional ReLU and the functional pooling right after it share a row
    /// (`relu + max_pool2d(2)`), as the engine computes them.
    public init(network: Network) throws {
        let architecture = network.architecture
        let parameters = network.parameters
        func count(_ name: String) -> Int {
            (parameters.tensor(named: name + ".weight")?.count ?? 0) + (parameters.tensor(named: name + ".bias")?.count ?? 0)
        }
        func kernel(_ name: String) -> [Int]? { parameters.tensor(named: name + ".weight")?.shape }
        let shapes = try architecture.stepShapes()
        var rows: [SummaryRow] = []
        var index = 0
        while index < architecture.forward.count {
            let step = architecture.forward[index]
            let output = shapes[index].dimensions
            if let module = step.module {
                var multiplyAdds = 0
                switch step.layer {
                case .convolution(let conv):
                    multiplyAdds = shapes[index].count * conv.inChannels * conv.kernelSize * conv.kernelSize
                case .linear(let linear):
                    multiplyAdds = linear.inFeatures * linear.outFeatures
                default:
                    break
                }
                rows.append(SummaryRow(name: module, moduleType: step.layer.moduleType, kernelShape: kernel(module),
                                       outputShape: output, parameters: step.layer.hasParameters ? count(module) : 0,
                                       multiplyAdds: multiplyAdds))
                index += 1
                continue
            }
            var name = ArchitectureDescription.stepText(step)
            var last = index
            if step.layer == .relu, index + 1 < architecture.forward.count, architecture.forward[index + 1].module == nil {
                switch architecture.forward[index + 1].layer {
                case .maxPool, .avgPool:
                    last = index + 1
                    name += " + " + ArchitectureDescription.stepText(architecture.forward[last])
                default:
                    break
                }
            }
            rows.append(SummaryRow(name: name, moduleType: nil, kernelShape: nil, outputShape: shapes[last].dimensions,
                                   parameters: 0, multiplyAdds: 0))
            index = last + 1
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
