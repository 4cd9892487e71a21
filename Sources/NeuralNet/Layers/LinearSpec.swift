/// `nn.Linear(in_features, out_features, bias=True)`. The engine layer is `Linear`.
public struct LinearSpec: Hashable, Sendable {
    /// The module's place in the class, e.g. `fc1` or `classifier.1`: the prefix of its state_dict names.
    public var name: String
    public var inFeatures: Int
    public var outFeatures: Int
    public var hasBias: Bool

    public init(name: String, inFeatures: Int, outFeatures: Int, hasBias: Bool = true) {
        self.name = name
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.hasBias = hasBias
    }
}

extension LinearSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Linear"] }
    public var moduleType: String { "Linear" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> LinearSpec {
        let a = try BoundArguments(call, ["in_features", "out_features", "bias", "device", "dtype"])
        for key in ["device", "dtype"] where a.has(key) && a.value(key) != PythonValue.none {
            throw DescriptionSyntax.Failure("Linear: \(key) is not supported (the products computes in float32 on the CPU)")
        }
        return LinearSpec(name: path, inFeatures: try a.integer("in_features", maximum: 100_000_000),
                          outFeatures: try a.integer("out_features", maximum: 100_000_000), hasBias: try a.bool("bias", default: true))
    }

    public var constructor: String {
        "Linear(\(inFeatures), \(outFeatures)" + (hasBias ? "" : ", bias=False") + ")"
    }

    public func repr(indent: Int) -> String {
        "Linear(in_features=\(inFeatures), out_features=\(outFeatures), bias=\(hasBias ? "True" : "False"))"
    }

    public var words: String { "" }

    public var parameterShapes: [(suffix: String, shape: [Int])] {
        [("weight", [outFeatures, inFeatures])] + (hasBias ? [("bias", [outFeatures])] : [])
    }

    /// Takes the features of a flattened image; a Linear on an image (PyTorch applies it to the last
    /// axis) is outside what the engine runs.
    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .features(let features) = input else { throw .needsFeatures(layer: name) }
        guard inFeatures > 0, outFeatures > 0 else { throw .nonPositiveSize(layer: name) }
        guard inFeatures == features else {
            throw .featureMismatch(layer: name, expected: features, found: inFeatures, featuresText: groupedThousands(features))
        }
        return .features(outFeatures)
    }

    public func multiplyAdds(input: ActivationShape, output: ActivationShape) -> Int { saturatingProduct([inFeatures, outFeatures]) }

    public func initialValues(using generator: inout SplitMix64) -> [[Float]] {
        uniformInitialValues(shapes: parameterShapes.map(\.shape), fanIn: inFeatures, using: &generator)
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        Linear(spec: self, appliesReLU: false, maxBatch: build.maxBatch, parameters: build.parameters, products: build.products,
               needsInputGradient: build.needsInputGradient)
    }
}
