/// `nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *, bias=True)`
/// and `nn.BatchNorm1d` (after a Linear). In training each channel is normalised with the mini-batch's
/// mean and biased variance over (B, H, W), and the running statistics move towards them
/// (`running_var` with the unbiased variance; momentum None is a cumulative average); in evaluation
/// the running statistics normalise. weight starts at 1, bias at 0, running_var at 1. The engine layer
/// is `BatchNorm`, whose statistics `ShardedNetwork` combines across shards in shard order.
public struct BatchNormSpec: Hashable, Sendable {
    public var features: Int
    public var epsilon: Double
    /// nil: the cumulative average of every batch so far.
    public var momentum: Double?
    public var affine: Bool
    public var hasBias: Bool
    /// BatchNorm2d (images), else BatchNorm1d (features).
    public var isSpatial: Bool
    var epsilonText: String
    var momentumText: String

    public init(features: Int, epsilon: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, hasBias: Bool = true, isSpatial: Bool = true) {
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        self.affine = affine
        self.hasBias = hasBias
        self.isSpatial = isSpatial
        epsilonText = PythonFloat.repr(epsilon)
        momentumText = momentum.map(PythonFloat.repr) ?? "None"
    }
}

extension BatchNormSpec: EngineLayerKind {
    static var moduleNames: [String] { ["BatchNorm2d", "BatchNorm1d"] }
    public var moduleType: String { isSpatial ? "BatchNorm2d" : "BatchNorm1d" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> BatchNormSpec {
        let a = try BoundArguments(call, ["num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype", "bias"])
        guard try a.bool("track_running_stats", default: true) else {
            throw DescriptionSyntax.Failure("\(call.name): track_running_stats=False is not supported (evaluation would depend on the batch)")
        }
        for key in ["device", "dtype"] where a.has(key) && a.value(key) != PythonValue.none {
            throw DescriptionSyntax.Failure("\(call.name): \(key) is not supported (the engine computes in float32 on the CPU)")
        }
        let epsilon = try a.number("eps", default: 1e-5)
        guard epsilon > 0 else { throw DescriptionSyntax.Failure("\(call.name): eps must be positive, got \(a.value("eps")!)") }
        var momentum: Double? = 0.1
        if a.value("momentum") == PythonValue.none { momentum = nil } else if a.has("momentum") {
            momentum = try a.number("momentum", default: 0.1)
            guard (0...1).contains(momentum!) else { throw DescriptionSyntax.Failure("\(call.name): momentum must be in [0, 1], got \(a.value("momentum")!)") }
        }
        let affine = try a.bool("affine", default: true)
        let bias = try a.bool("bias", default: true)
        var spec = BatchNormSpec(features: try a.integer("num_features"), epsilon: epsilon, momentum: momentum, affine: affine,
                                 hasBias: affine && bias, isSpatial: call.name == "BatchNorm2d")
        spec.epsilonText = a.numberText("eps", default: "1e-05")
        spec.momentumText = a.value("momentum") == PythonValue.none ? "None" : a.numberText("momentum", default: "0.1")
        return spec
    }

    public var constructor: String {
        var text = "\(moduleType)(\(features)"
        if epsilonText != "1e-05" { text += ", eps=\(epsilonText)" }
        if momentumText != "0.1" { text += ", momentum=\(momentumText)" }
        if !affine { text += ", affine=False" }
        if affine && !hasBias { text += ", bias=False" }
        return text + ")"
    }

    public func repr(indent: Int) -> String {
        "\(moduleType)(\(features), eps=\(epsilonText), momentum=\(momentumText), affine=\(affine ? "True" : "False"), "
            + "bias=\(hasBias ? "True" : "False"), track_running_stats=True)"
    }

    public var words: String { "batch norm" }

    public var parameterShapes: [(suffix: String, shape: [Int])] {
        (affine ? [("weight", [features])] : []) + (hasBias ? [("bias", [features])] : [])
    }

    public var bufferShapes: [(suffix: String, shape: [Int], element: BufferTensor.Element, fill: Float)] {
        [("running_mean", [features], .float32, 0), ("running_var", [features], .float32, 1), ("num_batches_tracked", [], .int64, 0)]
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        switch input {
        case .image(let image):
            guard isSpatial else { throw .needsFeatures(layer: name) }
            guard image.channels == features else { throw .channelMismatch(layer: name, expected: image.channels, found: features) }
        case .features(let count):
            guard !isSpatial else { throw .needsImage(layer: name) }
            guard count == features else { throw .featureMismatch(layer: name, expected: count, found: features, featuresText: groupedThousands(count)) }
        }
        return input
    }

    /// weight 1, bias 0 (PyTorch's reset_parameters); nothing is drawn.
    public func initialValues(using generator: inout SplitMix64) -> [[Float]] {
        parameterShapes.map { [Float](repeating: $0.suffix == "weight" ? 1 : 0, count: $0.shape.reduce(1, *)) }
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        guard let module = build.module else { preconditionFailure("a BatchNorm is a module") }
        let spatial: Int
        if case .image(let image) = build.input { spatial = image.height * image.width } else { spatial = 1 }
        return BatchNorm(name: build.name, spec: self, module: module, spatial: spatial, maxBatch: build.maxBatch,
                         parameters: build.parameters, buffers: build.buffers, needsInputGradient: build.needsInputGradient)
    }
}

/// Batch normalisation over preallocated buffers, layout (C, B, S) with S = H·W (1 after a flatten).
///
/// A training pass needs the whole mini-batch's statistics, so it is cut into phases that
/// `ShardedNetwork` runs on every shard's replica with a combination in shard order between them
/// (`partialSums`, `partialSquares`, `normalize`; backward: `partialGradientSums`, `backwardInput`):
/// the result depends on the shard cut, which depends on the batch alone, never on the threads. Run as
/// a plain `EngineLayer` (the head, or a network used on its own) the layer is its own only shard.
final class BatchNorm: EngineLayer {
    let profileName: String
    let spec: BatchNormSpec
    let channels: Int
    let spatial: Int
    private let parameters: ParameterStore
    private let weightOffset: Int?   // (C)
    private let biasOffset: Int?     // (C)
    /// (C) each, in the shared buffer store.
    private let runningMean: UnsafeMutablePointer<Float>
    private let runningVariance: UnsafeMutablePointer<Float>
    private let batchesTracked: UnsafeMutablePointer<Int64>
    /// (C, B, S)
    let outputs: UnsafeMutablePointer<Float>
    /// (C, B, S), when the layer below needs it.
    let inputGradient: UnsafeMutablePointer<Float>?
    /// (x − mean) / √(var + eps) of the last training pass. (C, B, S)
    private let normalized: UnsafeMutablePointer<Float>
    /// 1 / √(var + eps) of the last training pass. (C)
    private let inverseDeviation: UnsafeMutablePointer<Float>
    /// This shard's sums of the current phase: Σx, Σ(x − mean)², or Σdy then Σdy·x̂. (2C)
    let partial: UnsafeMutablePointer<Double>
    var hasParameters: Bool { spec.affine }

    init(name: String, spec: BatchNormSpec, module: String, spatial: Int, maxBatch: Int, parameters: ParameterStore, buffers: BufferStore,
         needsInputGradient: Bool) {
        profileName = name
        self.spec = spec
        channels = spec.features
        self.spatial = spatial
        self.parameters = parameters
        weightOffset = parameters.tensor(named: module + ".weight")?.offset
        biasOffset = parameters.tensor(named: module + ".bias")?.offset
        guard let mean = buffers.tensor(named: module + ".running_mean"), let variance = buffers.tensor(named: module + ".running_var"),
              let tracked = buffers.tensor(named: module + ".num_batches_tracked") else { preconditionFailure("the buffers of \(module) exist") }
        runningMean = buffers.floats + mean.offset
        runningVariance = buffers.floats + variance.offset
        batchesTracked = buffers.integers + tracked.offset
        let count = channels * maxBatch * spatial
        outputs = .allocate(capacity: count)
        normalized = .allocate(capacity: count)
        inputGradient = needsInputGradient ? .allocate(capacity: count) : nil
        inverseDeviation = .allocate(capacity: channels)
        partial = .allocate(capacity: 2 * channels)
        partial.initialize(repeating: 0, count: 2 * channels)
    }

    deinit {
        outputs.deallocate()
        normalized.deallocate()
        inputGradient?.deallocate()
        inverseDeviation.deallocate()
        partial.deallocate()
    }

    private func weight(_ channel: Int) -> Float { weightOffset.map { parameters.values[$0 + channel] } ?? 1 }
    private func bias(_ channel: Int) -> Float { biasOffset.map { parameters.values[$0 + channel] } ?? 0 }

    // MARK: Phases of a training pass

    /// Σ f(values[i]) over `count` values in a fixed order: eight float lanes over blocks of 256, each
    /// block's lanes added in order into a double, so the sum is the same on every machine and loses
    /// no more than one block's rounding.
    @inline(__always)
    static func blockedSum(count: Int, _ lanes: (Int) -> SIMD8<Float>, _ single: (Int) -> Float) -> Double {
        var total = 0.0
        var index = 0
        while index + 8 <= count {
            var block = SIMD8<Float>(repeating: 0)
            let end = min(count, index + 256)
            while index + 8 <= end {
                block += lanes(index)
                index += 8
            }
            for lane in 0..<8 { total += Double(block[lane]) }
        }
        while index < count {
            total += Double(single(index))
            index += 1
        }
        return total
    }

    /// partial[c] = Σ x[c, ·, ·] over this shard.
    func partialSums(_ inputs: UnsafePointer<Float>, batch: Int) {
        let run = batch * spatial
        for channel in 0..<channels {
            let plane = inputs + channel * run
            partial[channel] = Self.blockedSum(count: run, { load8(plane + $0) }, { plane[$0] })
        }
    }

    /// partial[c] = Σ (x − mean[c])² over this shard.
    func partialSquares(_ inputs: UnsafePointer<Float>, batch: Int, mean: UnsafePointer<Double>) {
        let run = batch * spatial
        for channel in 0..<channels {
            let plane = inputs + channel * run
            let center = Float(mean[channel]), centers = SIMD8<Float>(repeating: center)
            partial[channel] = Self.blockedSum(count: run, { index in
                let deviation = load8(plane + index) - centers
                return deviation * deviation
            }, { index in
                let deviation = plane[index] - center
                return deviation * deviation
            })
        }
    }

    /// outputs = (x − mean) / √(variance + eps) · weight + bias with the batch's statistics (variance biased).
    func normalize(_ inputs: UnsafePointer<Float>, batch: Int, mean: UnsafePointer<Double>, variance: UnsafePointer<Double>) {
        let run = batch * spatial
        for channel in 0..<channels {
            let inverse = Float(1 / (variance[channel] + spec.epsilon).squareRoot())
            inverseDeviation[channel] = inverse
            let center = Float(mean[channel]), scale = weight(channel), shift = bias(channel)
            let plane = inputs + channel * run, xHat = normalized + channel * run, out = outputs + channel * run
            let centers = SIMD8<Float>(repeating: center), inverses = SIMD8<Float>(repeating: inverse)
            let scales = SIMD8<Float>(repeating: scale), shifts = SIMD8<Float>(repeating: shift)
            var index = 0
            while index + 8 <= run {
                let value = (load8(plane + index) - centers) * inverses
                store8(value, xHat + index)
                store8(value * scales + shifts, out + index)
                index += 8
            }
            while index < run {
                let value = (plane[index] - center) * inverse
                xHat[index] = value
                out[index] = value * scale + shift
                index += 1
            }
        }
    }

    /// The running statistics after a batch of `count` values per channel with these statistics:
    /// mean ← (1 − m)·mean + m·batch mean, var ← (1 − m)·var + m·unbiased batch variance, once per step.
    func updateRunningStatistics(mean: UnsafePointer<Double>, variance: UnsafePointer<Double>, count: Int) {
        batchesTracked.pointee += 1
        let momentum = spec.momentum ?? 1 / Double(batchesTracked.pointee)
        let keep = Float(1 - momentum), take = Float(momentum)
        let correction = count > 1 ? Double(count) / Double(count - 1) : 1
        for channel in 0..<channels {
            runningMean[channel] = keep * runningMean[channel] + take * Float(mean[channel])
            runningVariance[channel] = keep * runningVariance[channel] + take * Float(variance[channel] * correction)
        }
    }

    /// partial[c] = Σ dy, partial[C + c] = Σ dy·x̂ over this shard.
    func partialGradientSums(_ outputGradient: UnsafePointer<Float>, batch: Int) {
        let run = batch * spatial
        for channel in 0..<channels {
            let gradient = outputGradient + channel * run, xHat = UnsafePointer(normalized + channel * run)
            partial[channel] = Self.blockedSum(count: run, { load8(gradient + $0) }, { gradient[$0] })
            partial[channels + channel] = Self.blockedSum(count: run, { load8(gradient + $0) * load8(xHat + $0) }, { gradient[$0] * xHat[$0] })
        }
    }

    /// dx = weight / √(var + eps) · (dy − Σdy / n − x̂ · Σdy·x̂ / n), from the whole batch's sums (2C).
    func backwardInput(_ outputGradient: UnsafePointer<Float>, batch: Int, sums: UnsafePointer<Double>, count: Int) {
        guard let inputGradient else { return }
        let run = batch * spatial
        for channel in 0..<channels {
            let meanGradient = Float(sums[channel] / Double(count)), meanProduct = Float(sums[channels + channel] / Double(count))
            let factor = weight(channel) * inverseDeviation[channel]
            let gradient = outputGradient + channel * run, xHat = UnsafePointer(normalized + channel * run), out = inputGradient + channel * run
            let factors = SIMD8<Float>(repeating: factor), means = SIMD8<Float>(repeating: meanGradient), products = SIMD8<Float>(repeating: meanProduct)
            var index = 0
            while index + 8 <= run {
                store8(factors * (load8(gradient + index) - means - load8(xHat + index) * products), out + index)
                index += 8
            }
            while index < run {
                out[index] = factor * (gradient[index] - meanGradient - xHat[index] * meanProduct)
                index += 1
            }
        }
    }

    /// d weight = Σdy·x̂, d bias = Σdy from the whole batch's sums, or zeros for a replica whose
    /// shard's share another replica already holds (`sums` nil).
    func writeParameterGradients(sums: UnsafePointer<Double>?) {
        if let weightOffset {
            for channel in 0..<channels { parameters.gradients[weightOffset + channel] = sums.map { Float($0[channels + channel]) } ?? 0 }
        }
        if let biasOffset {
            for channel in 0..<channels { parameters.gradients[biasOffset + channel] = sums.map { Float($0[channel]) } ?? 0 }
        }
    }

    // MARK: As a layer of its own

    /// Training: the batch's statistics (this call is the whole batch); evaluation: the running ones.
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let count = batch * spatial
        guard context.mode == .training else {
            for channel in 0..<channels {
                let inverse = 1 / (runningVariance[channel] + Float(spec.epsilon)).squareRoot()
                let center = runningMean[channel], scale = weight(channel) * inverse, shift = bias(channel)
                let plane = inputs + channel * count, out = outputs + channel * count
                for index in 0..<count { out[index] = (plane[index] - center) * scale + shift }
            }
            return
        }
        var mean = [Double](repeating: 0, count: channels), variance = mean
        partialSums(inputs, batch: batch)
        for channel in 0..<channels { mean[channel] = partial[channel] / Double(count) }
        partialSquares(inputs, batch: batch, mean: mean)
        for channel in 0..<channels { variance[channel] = partial[channel] / Double(count) }
        normalize(inputs, batch: batch, mean: mean, variance: variance)
        updateRunningStatistics(mean: mean, variance: variance, count: count)
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        partialGradientSums(outputGradient, batch: batch)
        backwardInput(outputGradient, batch: batch, sums: partial, count: batch * spatial)
        writeParameterGradients(sums: partial)
    }
}
