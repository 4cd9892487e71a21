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

/// What a forward pass needs besides its input: whether it trains or evaluates, the key of its random
/// masks, and where its images sit in the whole mini-batch, so that an image's dropout mask is the same
/// whichever shard or thread computes it.
struct StepContext: Sendable {
    /// Training (dropout draws masks) or evaluation (dropout is the identity).
    enum Mode: Sendable { case training, evaluation }

    var mode: Mode
    /// The key of this step's dropout masks (drawn from the run's seed, one per step).
    var dropoutKey: UInt64?
    /// The index in the mini-batch of the first image the layer sees.
    var firstImage: Int

    static let evaluation = StepContext(mode: .evaluation, dropoutKey: nil, firstImage: 0)

    /// A training step whose masks are keyed by `dropoutKey`.
    static func training(dropoutKey: UInt64) -> StepContext { StepContext(mode: .training, dropoutKey: dropoutKey, firstImage: 0) }

    /// The same step for the images from `offset` on.
    func shifted(by offset: Int) -> StepContext { StepContext(mode: mode, dropoutKey: dropoutKey, firstImage: firstImage + offset) }
}

