import Dispatch

/// Data-parallel training and evaluation whose results do not depend on the thread count.
///
/// The convolutional trunk runs per shard: a mini-batch is cut into shards of `shardSize` consecutive
/// images (the last may be smaller), a cut that depends on the batch size alone, and each shard runs on
/// its own replica of the trunk (the same parameter values, its own activations and gradients), the
/// threads taking shards in turns. The linear head then runs once on the whole batch, its products'
/// rows split between the threads; and the trunk's backward pass runs per shard again, its gradients
/// added up element by element in shard order. Whichever thread computes a shard or a row block
/// computes the same bits, so 1, 2 or 64 threads give the same weights.
///
/// Running the head once per batch rather than once per shard reads its large weight matrices a
/// quarter as often and leaves no head gradients to combine.
public final class ShardedNetwork {
    /// Images per shard of the trunk. Sixteen gives a batch of 64 four shards, enough to share among 1,
    /// 2 or 4 threads without idle time. Part of the results: changing it changes the order of the
    /// trunk's gradient sums (and so `TrainingRun.codeVersion`).
    public static let shardSize = 16

    /// The network whose parameters are trained; it also runs the head on the whole batch.
    public let primary: Network
    /// One trunk replica per shard of the largest batch.
    private let replicas: [Network]
    /// The trunk's batch-normalisation layers: their index in the trunk, and each replica's layer.
    private let batchNorms: [(index: Int, layers: [BatchNorm])]
    /// The largest mini-batch.
    public let maxBatch: Int
    /// Threads that run the shards and split the head's products; a speed setting only.
    public let threads: Int

    /// Softmax probabilities of the last `evaluate` or `trainingStep`. (B, classes)
    var probabilities: UnsafePointer<Float> { primary.probabilities }
    /// Per-image losses of the last `evaluate` or `trainingStep`. (B)
    var losses: UnsafePointer<Float> { primary.losses }

    /// The parameters (values shared by every replica, gradients those of the last step).
    public var parameters: ParameterStore { primary.parameters }
    /// The running statistics, shared by every replica.
    public var buffers: BufferStore { primary.buffers }
    /// What the network is.
    public var architecture: NetworkArchitecture { primary.architecture }

    /// Replicas for mini-batches of up to `maxBatch` images, run by `compute.threads` threads with
    /// `compute.kernels`, trained and scored with `lossFunction`.
    public init(architecture: NetworkArchitecture, maxBatch: Int, compute: ComputeSettings, lossFunction: LossFunction = .crossEntropy) throws {
        precondition(maxBatch > 0, "maxBatch must be positive")
        try architecture.checkBufferSize(batch: maxBatch)
        let shards = Self.shardCount(batch: maxBatch)
        let primary = try Network(architecture: architecture, maxBatch: maxBatch, kernels: compute.kernels, threads: compute.threads,
                                  lossFunction: lossFunction)
        self.primary = primary
        let replicas = try (0..<shards).map { _ in try Network(replicating: primary, maxBatch: min(maxBatch, Self.shardSize)) }
        self.replicas = replicas
        batchNorms = primary.trunkBatchNorms.map { entry in
            (entry.index, replicas.map { replica in replica.trunkBatchNorms.first { $0.index == entry.index }!.layer })
        }
        self.maxBatch = maxBatch
        threads = max(1, compute.threads)
    }

    /// Times every layer of the head and of every trunk replica, and the combination of the trunks'
    /// gradients (see `profile`).
    public var isProfiling: Bool {
        get { primary.isProfiling }
        set { for network in [primary] + replicas { network.isProfiling = newValue } }
    }

    /// Seconds per layer, summed over the head and the trunk replicas (CPU time, not wall time), then
    /// the wall time of combining the trunks' gradients.
    public var profile: [LayerTime] {
        var total = primary.profile
        for replica in replicas {
            for (index, entry) in replica.profile.enumerated() {
                total[index].forwardSeconds += entry.forwardSeconds
                total[index].backwardSeconds += entry.backwardSeconds
            }
        }
        return total + [LayerTime(layer: "combine shard gradients", backwardSeconds: combineSeconds)]
    }

    /// Wall time of `combineTrunkGradients` while profiling.
    private var combineSeconds = 0.0

    /// Sets every profile entry back to zero.
    public func resetProfile() {
        for network in [primary] + replicas { network.resetProfile() }
        combineSeconds = 0
    }

    /// Shards in a batch of `batch` images.
    static func shardCount(batch: Int) -> Int {
        (batch + shardSize - 1) / shardSize
    }

    /// The images of shard `shard` in a batch of `batch`.
    func shard(_ shard: Int, batch: Int) -> Range<Int> {
        (shard * Self.shardSize)..<min(batch, (shard + 1) * Self.shardSize)
    }

    /// Runs `body(shard, images)` for every shard of a batch of `batch`, the threads taking shards in turns.
    private func eachShard(batch: Int, _ body: (Int, Range<Int>) -> Void) {
        let shards = Self.shardCount(batch: batch)
        let workers = min(threads, shards)
        guard workers > 1 else {
            for index in 0..<shards { body(index, shard(index, batch: batch)) }
            return
        }
        concurrently(workers) { worker in
            for index in stride(from: worker, to: shards, by: workers) { body(index, shard(index, batch: batch)) }
        }
    }

    /// Every shard's trunk forward, each writing its images' columns of the head's input (features, B),
    /// then the head and the loss on the whole batch; returns the correct predictions.
    private func forwardWithLoss(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int, context: StepContext) -> Int {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        let imageSize = architecture.inputShape.count
        let headInput = primary.headInput
        if context.mode == .training && !batchNorms.isEmpty {
            forwardTrunkInStages(images, batch: batch, context: context)
        } else {
            eachShard(batch: batch) { index, rows in
                replicas[index].forwardFeatures(images + rows.lowerBound * imageSize, batch: rows.count,
                                                into: headInput + rows.lowerBound, leading: batch, context: context.shifted(by: rows.lowerBound))
            }
        }
        _ = primary.forwardHead(batch: batch, context: context)
        return primary.headLoss(labels: labels, batch: batch).correct
    }

    /// The trunk's training pass when it holds batch normalisation: the shards run up to a BatchNorm,
    /// its statistics are summed over the shards in shard order, every shard normalises with them, and
    /// so on to the flatten.
    private func forwardTrunkInStages(_ images: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let imageSize = architecture.inputShape.count
        let headInput = primary.headInput
        eachShard(batch: batch) { index, rows in replicas[index].setImages(images + rows.lowerBound * imageSize) }
        var start = 0
        for norm in batchNorms {
            eachShard(batch: batch) { index, rows in
                replicas[index].forwardTrunk(start..<norm.index, batch: rows.count, context: context.shifted(by: rows.lowerBound))
            }
            let channels = norm.layers[0].channels
            let count = batch * norm.layers[0].spatial
            // Mean, then the biased variance around it, each summed over the shards in order.
            eachShard(batch: batch) { index, rows in
                replicas[index].timed(norm.index) { norm.layers[index].partialSums(replicas[index].trunkInput(norm.index), batch: rows.count) }
            }
            let mean = Self.shardSums(norm.layers, batch: batch, width: channels).map { $0 / Double(count) }
            eachShard(batch: batch) { index, rows in
                replicas[index].timed(norm.index) {
                    norm.layers[index].partialSquares(replicas[index].trunkInput(norm.index), batch: rows.count, mean: mean)
                }
            }
            let variance = Self.shardSums(norm.layers, batch: batch, width: channels).map { $0 / Double(count) }
            eachShard(batch: batch) { index, rows in
                replicas[index].timed(norm.index) {
                    norm.layers[index].normalize(replicas[index].trunkInput(norm.index), batch: rows.count, mean: mean, variance: variance)
                }
            }
            // The replicas share one buffer store: the running statistics move once per step.
            norm.layers[0].updateRunningStatistics(mean: mean, variance: variance, count: count)
            start = norm.index + 1
        }
        let trunkCount = replicas[0].trunkLayerCount
        eachShard(batch: batch) { index, rows in
            replicas[index].forwardTrunk(start..<trunkCount, batch: rows.count, context: context.shifted(by: rows.lowerBound))
            replicas[index].flattenFeatures(batch: rows.count, into: headInput + rows.lowerBound, leading: batch)
        }
    }

    /// Σ over the shards of a batch of `batch`, in shard order, of each replica's `partial[0..<width]`.
    private static func shardSums(_ layers: [BatchNorm], batch: Int, width: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: width)
        for shard in 0..<shardCount(batch: batch) {
            for index in 0..<width { sums[index] += layers[shard].partial[index] }
        }
        return sums
    }

    /// The trunk's backward pass in the same stages: at each BatchNorm, Σdy and Σdy·x̂ are summed over
    /// the shards in order before any shard's input gradient is computed.
    private func backwardTrunkInStages(_ featureGradient: UnsafePointer<Float>, batch: Int) {
        eachShard(batch: batch) { index, rows in
            replicas[index].unflattenGradient(featureGradient + rows.lowerBound, leading: batch, batch: rows.count)
        }
        var end = replicas[0].trunkLayerCount
        for norm in batchNorms.reversed() {
            eachShard(batch: batch) { index, rows in replicas[index].backwardTrunk((norm.index + 1)..<end, batch: rows.count) }
            guard replicas[0].trunkOutputGradient(norm.index) != nil else { return }
            let channels = norm.layers[0].channels
            let count = batch * norm.layers[0].spatial
            eachShard(batch: batch) { index, rows in
                replicas[index].timed(norm.index, backward: true) {
                    norm.layers[index].partialGradientSums(replicas[index].trunkOutputGradient(norm.index)!, batch: rows.count)
                }
            }
            let sums = Self.shardSums(norm.layers, batch: batch, width: 2 * channels)
            eachShard(batch: batch) { index, rows in
                replicas[index].timed(norm.index, backward: true) {
                    norm.layers[index].backwardInput(replicas[index].trunkOutputGradient(norm.index)!, batch: rows.count, sums: sums, count: count)
                }
                // The whole batch's parameter gradients in the first shard's replica, zeros in the others:
                // adding the shards' gradients then gives them unchanged.
                sums.withUnsafeBufferPointer { norm.layers[index].writeParameterGradients(sums: index == 0 ? $0.baseAddress : nil) }
            }
            end = norm.index
        }
        eachShard(batch: batch) { index, rows in replicas[index].backwardTrunk(0..<end, batch: rows.count) }
    }

    /// Forward and backward on `batch` images (B, C, H, W): afterwards `parameters.gradients` holds
    /// d(mean loss over the whole batch)/dθ, and `losses` and `probabilities` the batch's. Returns the
    /// loss summed over the images in order, and the correct predictions. `dropoutKey` keys the step's
    /// dropout masks.
    func trainingStep(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int, dropoutKey: UInt64 = 0) -> (lossSum: Double, correct: Int) {
        let correct = forwardWithLoss(images, labels: labels, batch: batch, context: StepContext.training(dropoutKey: dropoutKey))
        primary.backwardHead(labels: labels, batch: batch)
        if let featureGradient = primary.featureGradient {
            if batchNorms.isEmpty {
                eachShard(batch: batch) { index, rows in
                    replicas[index].backwardFeatures(featureGradient + rows.lowerBound, leading: batch, batch: rows.count)
                }
            } else {
                backwardTrunkInStages(featureGradient, batch: batch)
            }
            let start = DispatchTime.now().uptimeNanoseconds
            combineTrunkGradients(batch: batch)
            if isProfiling { combineSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        }
        return (lossSum(batch: batch), correct)
    }

    /// Forward pass and loss on `batch` images; `losses` and `probabilities` then hold the batch's.
    /// Returns the loss summed over the images in order, and the correct predictions. Every image's
    /// results are independent of the others in the batch, so any batch size gives the same values.
    func evaluate(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        let correct = forwardWithLoss(images, labels: labels, batch: batch, context: .evaluation)
        return (lossSum(batch: batch), correct)
    }

    /// A training step on the first `count` images of `batch` (see the pointer form above); `dropoutKey`
    /// (drawn from the run's seed, one per step) keys the dropout masks.
    public func trainingStep(_ batch: InputBatch, count: Int, dropoutKey: UInt64 = 0) -> (lossSum: Double, correct: Int) {
        precondition(count > 0 && count <= min(batch.capacity, maxBatch), "batch of \(count) outside 1...\(min(batch.capacity, maxBatch))")
        return trainingStep(batch.images, labels: batch.labels, batch: count, dropoutKey: dropoutKey)
    }

    /// Evaluation of the first `count` images of `batch`, with each image's loss and probabilities.
    public func evaluate(_ batch: InputBatch, count: Int) -> BatchEvaluation {
        precondition(count > 0 && count <= min(batch.capacity, maxBatch), "batch of \(count) outside 1...\(min(batch.capacity, maxBatch))")
        let result = evaluate(batch.images, labels: batch.labels, batch: count)
        let classes = architecture.classCount
        return BatchEvaluation(lossSum: result.lossSum, correct: result.correct,
                               losses: Array(UnsafeBufferPointer(start: losses, count: count)),
                               probabilities: Array(UnsafeBufferPointer(start: probabilities, count: count * classes)))
    }

    /// Σ losses[0 ..< batch] in Double, in image order.
    private func lossSum(batch: Int) -> Double {
        var sum = 0.0
        for index in 0..<batch { sum += Double(losses[index]) }
        return sum
    }

    /// primary.gradients[trunk] = Σ_s gradients_s[trunk], summed in shard order. The loss is already the
    /// whole batch's mean, so each shard's trunk gradient is its part of the total.
    private func combineTrunkGradients(batch: Int) {
        let sources = replicas.prefix(Self.shardCount(batch: batch)).map(\.parameters.gradients)
        let target = primary.parameters.gradients
        for trunkRange in primary.trunkParameterRanges {
            parallelChunks(trunkRange.count, threads: threads, minimumPerChunk: 4096) { chunk in
                let range = (trunkRange.lowerBound + chunk.lowerBound)..<(trunkRange.lowerBound + chunk.upperBound)
                let first = sources[0]
                for index in range { target[index] = first[index] }
                for shard in 1..<sources.count {
                    let source = sources[shard]
                    for index in range { target[index] += source[index] }
                }
            }
        }
    }
}

/// What `ShardedNetwork.evaluate` found for one batch.
public struct BatchEvaluation: Sendable {
    /// The images' losses summed in order.
    public var lossSum: Double
    /// Images whose most probable class is their label.
    public var correct: Int
    /// Each image's loss. (B)
    public var losses: [Float]
    /// Each image's softmax probabilities. (B, classes)
    public var probabilities: [Float]
}
