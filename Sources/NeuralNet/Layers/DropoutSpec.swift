/// `nn.Dropout(p=0.5, inplace=False)` / `F.dropout(x, p, training=self.training)`, and `nn.Dropout2d` /
/// `F.dropout2d`, which drops whole channels of an image. In training each element (or channel) is
/// kept with probability 1 − p and scaled by 1 / (1 − p); in evaluation the step is the identity. The
/// engine layer is `Dropout`.
public struct DropoutSpec: Hashable, Sendable {
    public var probability: Double
    /// `Dropout2d`: one draw per channel of an image.
    public var dropsChannels: Bool
    public var inPlace: Bool
    /// p as the constructor wrote it, which PyTorch's repr keeps (`0.25`, `0`).
    var probabilityText: String

    public init(probability: Double, dropsChannels: Bool = false, inPlace: Bool = false) {
        self.probability = probability
        self.dropsChannels = dropsChannels
        self.inPlace = inPlace
        probabilityText = PythonFloat.repr(probability)
    }
}

extension DropoutSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Dropout", "Dropout2d"] }
    static var functionNames: [String] { ["dropout", "dropout2d"] }
    public var moduleType: String { dropsChannels ? "Dropout2d" : "Dropout" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> DropoutSpec {
        let a = try BoundArguments(call, ["p", "inplace"])
        var spec = DropoutSpec(probability: try a.probability("p", default: 0.5), dropsChannels: call.name == "Dropout2d",
                               inPlace: try a.bool("inplace", default: false))
        spec.probabilityText = a.numberText("p", default: "0.5")
        return spec
    }

    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> DropoutSpec {
        let a = try BoundArguments(call, ["p", "training", "inplace"])
        if let training = a.value("training"), training != .name("self.training") {
            throw DescriptionSyntax.Failure("\(call.name): training=\(training) is not supported; write training=self.training (dropout in training only)")
        }
        _ = try a.bool("inplace", default: false)
        return DropoutSpec(probability: try a.probability("p", default: 0.5), dropsChannels: call.name == "dropout2d")
    }

    public var constructor: String {
        "\(moduleType)(\(probabilityText)" + (inPlace ? ", inplace=True" : "") + ")"
    }

    public func repr(indent: Int) -> String {
        "\(moduleType)(p=\(probabilityText), inplace=\(inPlace ? "True" : "False"))"
    }

    public var functionalText: String? { (dropsChannels ? "dropout2d" : "dropout") + "(\(probabilityText))" }
    public var functionalCall: String? {
        "F." + (dropsChannels ? "dropout2d" : "dropout") + "(x, \(probabilityText), training=self.training)"
    }
    public var words: String { (dropsChannels ? "channel dropout " : "dropout ") + probabilityText }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        guard probability >= 0, probability < 1 else { throw .badProbability(layer: name, probability: probability) }
        if dropsChannels, case .features = input { throw .needsImage(layer: name) }
        return input
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        Dropout(name: build.name, probability: probability, dropsChannels: dropsChannels, salt: build.index, shape: build.input,
                maxBatch: build.maxBatch, needsInputGradient: build.needsInputGradient)
    }
}

/// Dropout over preallocated buffers. Whether an element is kept is a hash of the step's key, the
/// layer's place in the forward order, the image's index in the mini-batch and the element's index in
/// the image (its channel's for `Dropout2d`): the mask depends on the seed and the step only, not on
/// the shard or thread that computes it, and two dropout layers of one step draw independent masks.
final class Dropout: EngineLayer {
    let profileName: String
    let probability: Double
    let dropsChannels: Bool
    /// The layer's index in the forward order, mixed into its masks.
    let salt: Int
    /// Channels (or features) and pixels per channel (1 for features): the layout (C, B, S).
    let channels: Int, spatial: Int
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    /// 0 or 1 / (1 − p) per element of the last training pass. (C, B, S)
    private let scales: UnsafeMutablePointer<Float>
    var hasParameters: Bool { false }

    init(name: String, probability: Double, dropsChannels: Bool = false, salt: Int, shape: ActivationShape, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        self.probability = probability
        self.dropsChannels = dropsChannels
        self.salt = salt
        switch shape {
        case .image(let image): (channels, spatial) = (image.channels, image.height * image.width)
        case .features(let count): (channels, spatial) = (count, 1)
        }
        outputs = .allocate(capacity: shape.count * maxBatch)
        scales = .allocate(capacity: shape.count * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: shape.count * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        scales.deallocate()
        inputGradient?.deallocate()
    }

    /// Whether element `element` of image `image` is kept under `key`: the top 24 bits of a SplitMix64
    /// hash, as a float in [0, 1), at or above p.
    static func keeps(key: UInt64, image: Int, element: Int, probability: Float) -> Bool {
        let hash = SplitMix64.hash(key &+ (UInt64(image) << 32 | UInt64(element)))
        return Float(hash >> 40) * 0x1p-24 >= probability
    }

    /// outputs (C, B, S) = inputs · mask / (1 − p) in training, inputs in evaluation
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let count = channels * batch * spatial
        guard context.mode == .training, let stepKey = context.dropoutKey else {
            outputs.update(from: inputs, count: count)
            return
        }
        let key = SplitMix64.hash(stepKey ^ SplitMix64.hash(UInt64(salt) &+ 1))
        let p = Float(probability), scale = Float(1 / (1 - probability))
        for channel in 0..<channels {
            for image in 0..<batch {
                let base = (channel * batch + image) * spatial
                if dropsChannels {
                    let factor: Float = Self.keeps(key: key, image: context.firstImage + image, element: channel, probability: p) ? scale : 0
                    for pixel in 0..<spatial {
                        scales[base + pixel] = factor
                        outputs[base + pixel] = inputs[base + pixel] * factor
                    }
                    continue
                }
                for pixel in 0..<spatial {
                    let keep = Self.keeps(key: key, image: context.firstImage + image, element: channel * spatial + pixel, probability: p)
                    scales[base + pixel] = keep ? scale : 0
                    outputs[base + pixel] = inputs[base + pixel] * scales[base + pixel]
                }
            }
        }
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        for index in 0..<(channels * batch * spatial) { inputGradient[index] = outputGradient[index] * scales[index] }
    }
}
