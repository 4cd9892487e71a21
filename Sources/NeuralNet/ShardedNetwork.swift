import Dispatch

/// Data-parallel training and evaluation whose results do not depend on the thread count. A mini-batch
/// is cut into shards of `shardSize` consecutive images (the last may be smaller): a fixed cut that
/// depends on the batch size alone. Each shard runs start to finish on its own replica of the network
/// (the same parameter values, its own activations and gradients); the threads take shards in turns,
/// and the shards' gradients are combined element by element in shard order. Whichever thread runs a
/// shard computes the same bits, so 1, 2 or 64 threads give the same weights.
public final class ShardedNetwork {
    /// Images per shard. Sixteen keeps the products large enough for the kernels and gives a batch of
    /// 64 four shards, enough to share among 1, 2 or 4 threads without idle time. Part of the results:
    /// changing it changes the order of the gradient sums (and so `TrainingRun.codeVersion`).
    public static let shardSize = 16

    /// The network whose parameters are trained (replica 0).
    public let primary: Network
    /// One replica per shard of the largest batch, `primary` first.
    private let replicas: [Network]
    /// The largest mini-batch the replicas hold together.
    public let maxBatch: Int
    /// Threads that run the shards; a speed setting only.
    public let threads: Int
    /// Softmax probabilities of the last `evaluate` or `trainingStep`, all shards together. (B, classes)
    public let probabilities: UnsafeMutablePointer<Float>
    /// Per-image losses of the last `evaluate` or `trainingStep`, all shards together. (B)
    public let losses: UnsafeMutablePointer<Float>

    /// The parameters (values shared by every replica, gradients those of the last step combined).
    public var parameters: ParameterStore { primary.parameters }
    /// What the network is.
    public var architecture: NetworkArchitecture { primary.architecture }

    /// Replicas for mini-batches of up to `maxBatch` images, run by `compute.threads` threads with
    /// `compute.kernels`.
    public init(architecture: NetworkArchitecture, maxBatch: Int, compute: ComputeSettings) throws {
        precondition(maxBatch > 0, "maxBatch must be positive")
        let shards = (maxBatch + Self.shardSize - 1) / Self.shardSize
        let perShard = min(maxBatch, Self.shardSize)
        primary = try Network(architecture: architecture, maxBatch: perShard, kernels: compute.kernels)
        var replicas = [primary]
        for _ in 1..<shards { replicas.append(try Network(replicating: primary, maxBatch: perShard)) }
        self.replicas = replicas
        self.maxBatch = maxBatch
        threads = max(1, compute.threads)
        probabilities = .allocate(capacity: maxBatch * architecture.classCount)
        losses = .allocate(capacity: maxBatch)
    }

    deinit {
        probabilities.deallocate()
        losses.deallocate()
    }

    /// Times every layer of every replica, and the combination of gradients (see `profile`).
    public var isProfiling: Bool {
        get { primary.isProfiling }
        set { for replica in replicas { replica.isProfiling = newValue } }
    }

    /// Seconds of the replicas' layers summed over replicas (CPU time, not wall time), then the
    /// gradient combination's wall time.
    public var profile: [LayerTime] {
        var total = primary.profile
        for replica in replicas.dropFirst() {
            for (index, entry) in replica.profile.enumerated() {
                total[index].forwardSeconds += entry.forwardSeconds
                total[index].backwardSeconds += entry.backwardSeconds
            }
        }
        return total + [LayerTime(layer: "combine shard gradients", backwardSeconds: combineSeconds)]
    }

    /// Wall time of `combineGradients` while profiling.
    private var combineSeconds = 0.0

    /// Sets every profile entry back to zero.
    public func resetProfile() {
        for replica in replicas { replica.resetProfile() }
        combineSeconds = 0
    }

    /// The images of shard `shard` in a batch of `batch`.
    func shard(_ shard: Int, batch: Int) -> Range<Int> {
        (shard * Self.shardSize)..<min(batch, (shard + 1) * Self.shardSize)
    }

    /// Runs `body(shard, images)` for every shard of a batch of `batch`, the threads taking shards in turns.
    private func eachShard(batch: Int, _ body: (Int, Range<Int>) -> Void) {
        let shards = (batch + Self.shardSize - 1) / Self.shardSize
        let workers = min(threads, shards)
        guard workers > 1 else {
            for index in 0..<shards { body(index, shard(index, batch: batch)) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: shards, by: workers) { body(index, shard(index, batch: batch)) }
        }
    }

    /// Forward and backward on `batch` images (B, C, H, W): afterwards `parameters.gradients` holds
    /// d(mean loss over the whole batch)/dθ, and `losses` and `probabilities` the batch's. Returns the
    /// loss summed over the images in order, and the correct predictions.
    public func trainingStep(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        let correct = run(images, labels: labels, batch: batch) { replica, images, labels, count in
            replica.trainingStep(images, labels: labels, batch: count).correct
        }
        let start = DispatchTime.now().uptimeNanoseconds
        combineGradients(batch: batch)
        if isProfiling { combineSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return (lossSum(batch: batch), correct)
    }

    /// Forward pass and loss on `batch` images; `losses` and `probabilities` then hold the batch's.
    /// Returns the loss summed over the images in order, and the correct predictions. Every image's
    /// results are independent of the others in the batch, so any batch size gives the same values.
    public func evaluate(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        let correct = run(images, labels: labels, batch: batch) { replica, images, labels, count in
            replica.evaluate(images, labels: labels, batch: count).correct
        }
        return (lossSum(batch: batch), correct)
    }

    /// Runs `work` on every shard's replica and gathers the shards' losses and probabilities; returns
    /// the sum of what `work` returned (correct predictions).
    private func run(
        _ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int,
        _ work: (Network, UnsafePointer<Float>, UnsafePointer<UInt8>, Int) -> Int
    ) -> Int {
        let imageSize = architecture.inputShape.count, classes = architecture.classCount
        let probabilities = self.probabilities, losses = self.losses
        var correct = [Int](repeating: 0, count: replicas.count)
        correct.withUnsafeMutableBufferPointer { correct in
            eachShard(batch: batch) { index, rows in
                let replica = replicas[index]
                correct[index] = work(replica, images + rows.lowerBound * imageSize, labels + rows.lowerBound, rows.count)
                (probabilities + rows.lowerBound * classes).update(from: replica.probabilities, count: rows.count * classes)
                (losses + rows.lowerBound).update(from: replica.losses, count: rows.count)
            }
        }
        return correct.reduce(0, +)
    }

    /// Σ losses[0 ..< batch] in Double, in image order.
    private func lossSum(batch: Int) -> Double {
        var sum = 0.0
        for index in 0..<batch { sum += Double(losses[index]) }
        return sum
    }

    /// primary.gradients = Σ_s (b_s / B) · gradients_s, summed in shard order. Each replica's gradient
    /// is of its shard's mean loss, so this weighting gives the gradient of the whole batch's mean loss.
    private func combineGradients(batch: Int) {
        let shards = (batch + Self.shardSize - 1) / Self.shardSize
        let weights = (0..<shards).map { Float(shard($0, batch: batch).count) / Float(batch) }
        let sources = replicas.prefix(shards).map(\.parameters.gradients)
        let target = primary.parameters.gradients
        parallelChunks(parameters.count, threads: threads, minimumPerChunk: 4096) { range in
            let first = sources[0], firstWeight = weights[0]
            for index in range { target[index] = firstWeight * first[index] }
            for index in 1..<sources.count {
                let source = sources[index], weight = weights[index]
                for index in range { target[index] += weight * source[index] }
            }
        }
    }
}
