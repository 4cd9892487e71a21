/// A step that passes the tensor on unchanged: `nn.Identity()`, or a `view`/`reshape` of each image to
/// the shape it already has (`x.view(-1, 1, 28, 28)` at the start of forward), which is checked. The
/// engine layer is `Identity`.
public struct IdentitySpec: Hashable, Sendable {
    /// The (C, H, W) a view states, nil for `nn.Identity()`.
    public var statedImage: [Int]?
    /// The view as written, for the forward list and messages.
    var spelling: String?

    public init(statedImage: [Int]? = nil) { self.statedImage = statedImage }

    /// A `view`/`reshape` to (batch, C, H, W), or nil when `call` is not one.
    static func view(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> IdentitySpec? {
        var sizes = call.positional
        if sizes.count == 1, let items = sizes[0].items { sizes = items }
        guard call.name == "view" || call.name == "reshape", sizes.count == 4, call.keywords.isEmpty else { return nil }
        var image: [Int] = []
        for size in sizes.dropFirst() {
            guard case .integer(let value) = size, value > 0 else {
                throw DescriptionSyntax.Failure("\(call.description): write the image's sizes as numbers, as view(-1, 1, 28, 28)")
            }
            image.append(value)
        }
        var spec = IdentitySpec(statedImage: image)
        spec.spelling = "\(call.name)(-1, \(image.map(String.init).joined(separator: ", ")))"
        return spec
    }
}

extension IdentitySpec: EngineLayerKind {
    static var moduleNames: [String] { ["Identity"] }
    public var moduleType: String { "Identity" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> IdentitySpec {
        guard call.keywords.isEmpty else { throw DescriptionSyntax.Failure("Identity takes no keyword arguments") }
        return IdentitySpec()
    }

    public var constructor: String { "Identity()" }
    public func repr(indent: Int) -> String { "Identity()" }
    public var functionalText: String? { spelling }
    public var functionalCall: String? { spelling.map { "x." + $0 } }
    public var words: String { spelling ?? "identity" }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        if let statedImage {
            guard case .image(let image) = input, image.dimensions == statedImage else {
                throw .viewMismatch(step: spelling ?? name, stated: statedImage.reduce(1, *),
                                    image: { if case .image(let image) = input { return image }; return ImageShape(channels: input.count, height: 1, width: 1) }())
            }
        }
        return input
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        Identity(name: build.name, elements: build.input.count, maxBatch: build.maxBatch, needsInputGradient: build.needsInputGradient)
    }
}

/// Passes its input on: outputs and input gradient are copies.
final class Identity: EngineLayer {
    let profileName: String
    let count: Int
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    var hasParameters: Bool { false }

    init(name: String, elements: Int, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        count = elements
        outputs = .allocate(capacity: elements * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: elements * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        outputs.update(from: inputs, count: count * batch)
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        inputGradient?.update(from: outputGradient, count: count * batch)
    }
}
