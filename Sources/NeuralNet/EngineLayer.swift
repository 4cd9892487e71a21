/// One step of the engine's forward pass over preallocated buffers, and its backward pass.
///
/// Activations are channel-major (C, B, H, W) before the flatten and feature-major (F, B) after it;
/// a layer's `outputs` holds the last forward pass of up to `maxBatch` images.
protocol EngineLayer: AnyObject {
    /// How the bench profile names the layer.
    var profileName: String { get }
    /// The last forward pass's result. (C, B, H, W) or (F, B)
    var outputs: UnsafeMutablePointer<Float> { get }
    /// d(loss)/d(input) after `backward`, nil when nothing below needs it. (input's layout)
    var inputGradient: UnsafeMutablePointer<Float>? { get }
    /// Whether the layer has parameters, whose gradients `backward` writes.
    var hasParameters: Bool { get }
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext)
    /// Writes the layer's parameter gradients and `inputGradient` from `outputGradient`, which it may
    /// overwrite. `inputs` is what the last forward pass read.
    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int)
}

/// What a forward pass needs besides its input: whether it trains (dropout draws masks, keyed by
/// `dropoutKey`) and where its images sit in the whole mini-batch, so that an image's dropout mask is
/// the same whichever shard or thread computes it.
struct StepContext: Sendable {
    /// The key of this step's dropout masks; nil in evaluation, where dropout is the identity.
    var dropoutKey: UInt64?
    /// The index in the mini-batch of the first image the layer sees.
    var firstImage: Int

    static let evaluation = StepContext(dropoutKey: nil, firstImage: 0)

    /// The same step for the images from `offset` on.
    func shifted(by offset: Int) -> StepContext { StepContext(dropoutKey: dropoutKey, firstImage: firstImage + offset) }
}

/// `relu` / `nn.ReLU()` on its own (when no convolution, linear layer or 2×2 pooling next to it takes
/// it over): `x > 0 ? x : 0`, NaN kept, gradient passed where the output is positive, as PyTorch.
final class ReLU: EngineLayer {
    let profileName: String
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    let count: Int
    var hasParameters: Bool { false }

    /// `elements` values per image.
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
        for index in 0..<(count * batch) {
            let value = inputs[index]
            outputs[index] = value > 0 || value.isNaN ? value : 0
        }
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        for index in 0..<(count * batch) { inputGradient[index] = outputs[index] > 0 ? outputGradient[index] : 0 }
    }
}

/// `dropout(p)` / `nn.Dropout(p)`: in training each element is kept with probability 1 − p and scaled
/// by 1 / (1 − p); in evaluation the identity. Whether an element is kept is a hash of the step's key,
/// the layer's place in the forward order, the image's index in the mini-batch and the element's index
/// in the image: the mask depends on the seed and the step only, not on the shard or thread that
/// computes it, and two dropout layers of one step draw independent masks.
final class Dropout: EngineLayer {
    let profileName: String
    let probability: Double
    /// The layer's index in the forward order, mixed into its masks.
    let salt: Int
    /// Channels (or features) and pixels per channel (1 for features): the layout (C, B, S).
    let channels: Int, spatial: Int
    let outputs: UnsafeMutablePointer<Float>
    let inputGradient: UnsafeMutablePointer<Float>?
    /// 0 or 1 / (1 − p) per element of the last training pass. (C, B, S)
    private let scales: UnsafeMutablePointer<Float>
    var hasParameters: Bool { false }

    init(name: String, probability: Double, salt: Int, shape: ActivationShape, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        self.probability = probability
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

    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let count = channels * batch * spatial
        guard let stepKey = context.dropoutKey else {
            outputs.update(from: inputs, count: count)
            return
        }
        let key = SplitMix64.hash(stepKey ^ SplitMix64.hash(UInt64(salt) &+ 1))
        let p = Float(probability), scale = Float(1 / (1 - probability))
        for channel in 0..<channels {
            for image in 0..<batch {
                let base = (channel * batch + image) * spatial
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
