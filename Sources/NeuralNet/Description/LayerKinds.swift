/// Every kind the engine runs: what a description may name.
enum LayerKinds {
    static let all: [any EngineLayerKind.Type] = [
        ConvolutionSpec.self, LinearSpec.self, PoolingSpec.self, AdaptivePoolingSpec.self, ReLUSpec.self, ActivationSpec.self,
        DropoutSpec.self, FlattenSpec.self, SoftmaxSpec.self, BatchNormSpec.self, IdentitySpec.self, SequentialSpec.self,
    ]

    /// The kind whose module class is `name`.
    static func module(named name: String) -> (any EngineLayerKind.Type)? {
        all.first { $0.moduleNames.contains(name) }
    }

    /// The kind that reads the function `name`.
    static func function(named name: String) -> (any EngineLayerKind.Type)? {
        all.first { $0.functionNames.contains(name) }
    }

    static var moduleNames: [String] { all.flatMap { $0.moduleNames } }
    static var functionNames: [String] { all.flatMap { $0.functionNames } }
}
