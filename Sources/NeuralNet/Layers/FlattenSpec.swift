/// From an image to its features, in PyTorch's (C, H, W) order: `nn.Flatten()`, `torch.flatten(x, 1)`,
/// `x.flatten(1)`, `x.view(-1, N)`, `x.view(x.size(0), -1)`, `x.reshape(...)`. A size written in a view
/// is checked against the image it receives. The engine's `Flatten` is the seam between the trunk
/// and the head, which `Network` builds itself.
public struct FlattenSpec: Hashable, Sendable {
    /// The features a `view(-1, N)` or `reshape(-1, N)` states, nil when it leaves them to PyTorch.
    public var statedFeatures: Int?
    /// The step as written, for messages (`view(-1, 320)`); nil for a plain flatten.
    var spelling: String?
    /// `squeeze()`: only an image of 1×1 pixels flattens to its channels.
    var needsPoint = false

    public init(statedFeatures: Int? = nil) { self.statedFeatures = statedFeatures }
}

extension FlattenSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Flatten"] }
    static var functionNames: [String] { ["flatten", "view", "reshape", "squeeze"] }
    public var moduleType: String { "Flatten" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> FlattenSpec {
        let a = try BoundArguments(call, ["start_dim", "end_dim"])
        try a.requireDefault("start_dim", 1)
        try a.requireDefault("end_dim", -1)
        return FlattenSpec()
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> FlattenSpec {
        if call.name == "flatten" {
            // A bare `flatten` or `flatten()` in a forward list keeps the batch; `torch.flatten(x)` does not.
            guard call.hasParentheses, call.readsTensor || !call.positional.isEmpty || !call.keywords.isEmpty else { return FlattenSpec() }
            let a = try BoundArguments(call, ["start_dim", "end_dim"])
            guard a.has("start_dim") else {
                throw DescriptionSyntax.Failure("\(call.description) also flattens the batch (start_dim=0); write torch.flatten(x, 1)")
            }
            try a.requireDefault("start_dim", 1)
            try a.requireDefault("end_dim", -1)
            return FlattenSpec()
        }
        if call.name == "squeeze" {
            // (B, C, 1, 1) → (B, C) after a global pooling; anything else is not a flatten of each image.
            guard call.positional.isEmpty, call.keywords.isEmpty else {
                throw DescriptionSyntax.Failure("\(call.description) is not supported; squeeze() flattens a C×1×1 image")
            }
            var spec = FlattenSpec()
            spec.spelling = "squeeze()"
            spec.needsPoint = true
            return spec
        }
        // view / reshape: two sizes, one of them the batch (-1, x.size(0), a local batch size) and the other the features.
        var sizes = call.positional
        if sizes.count == 1, let items = sizes[0].items { sizes = items }
        guard call.keywords.isEmpty, sizes.count == 2 else {
            throw DescriptionSyntax.Failure("\(call.description) is not supported; write view(-1, features) or view(x.size(0), -1) to flatten each image")
        }
        func isBatch(_ value: PythonValue) -> Bool {
            if case .name = value { return true }     // x.size(0), x.shape[0], batch_size
            if case .call(let inner) = value, inner.name.hasSuffix(".size") || inner.name == "size" { return true }
            return false
        }
        // A feature count computed by a method of the class (`self.num_flat_features(x)`): left to the shape.
        if sizes.count == 2, case .call(let inner) = sizes[1], inner.callee.hasPrefix("self.") {
            var spec = FlattenSpec()
            spec.spelling = call.description
            return spec
        }
        var spec = FlattenSpec()
        spec.spelling = call.description
        switch (sizes[0], sizes[1]) {
        case (.integer(-1), .integer(let features)) where features > 0:
            spec.statedFeatures = features
        case (.integer(-1), .integer(-1)):
            throw DescriptionSyntax.Failure("\(call.description): only one size can be -1")
        case (let batch, .integer(-1)) where isBatch(batch):
            break
        case (let batch, .integer(let features)) where isBatch(batch) && features > 0:
            spec.statedFeatures = features
        default:
            throw DescriptionSyntax.Failure("\(call.description) is not supported; write view(-1, features) or view(x.size(0), -1) to flatten each image")
        }
        return spec
    }

    public var constructor: String { "Flatten()" }
    public func repr(indent: Int) -> String { "Flatten(start_dim=1, end_dim=-1)" }
    /// A squeeze is written as the flatten it is (its 1×1 image was checked when it was read).
    public var functionalText: String? {
        guard let statedFeatures else { return "flatten" }
        return "view(-1, \(statedFeatures))"
    }
    public var functionalCall: String? {
        guard let statedFeatures else { return "torch.flatten(x, 1)" }
        return "x.view(-1, \(statedFeatures))"
    }
    public var words: String { "flatten" }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard case .image(let image) = input else { throw .needsImage(layer: name) }
        if needsPoint && (image.height != 1 || image.width != 1) {
            throw .viewMismatch(step: spelling ?? name, stated: image.channels, image: image)
        }
        if let statedFeatures, statedFeatures != image.count {
            throw .viewMismatch(step: spelling ?? name, stated: statedFeatures, image: image)
        }
        return .features(image.count)
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        preconditionFailure("Network builds the flatten between its trunk and head itself")
    }
}
