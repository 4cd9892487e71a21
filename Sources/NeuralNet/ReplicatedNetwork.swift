/// Data-parallel training and evaluation on one machine. A mini-batch is cut into one contiguous slice
/// per worker; each worker runs its own replica of the network (the same parameter values, its own
/// gradients and activations) on its slice, start to finish, without synchronising between layers.
/// On these small networks that keeps both cores busy far better than splitting every layer in two.
///
/// The slices depend only on the batch size and the worker count, and the replicas' gradients are
/// combined element by element in worker order, so results are reproducible for a given worker count.
public final class ReplicatedNetwork {
    /// The network whose parameters are trained (replica 0).
    public let primary: Network
    /// All replicas, `primary` first.
    private let replicas: [Network]
    /// The largest mini-batch the replicas hold together.
    public let maxBatch: Int
    /// Softmax probabilities of the last `evaluate`, all slices together. (B, classes)
    public let probabilities: UnsafeMutablePointer<Float>

    /// The parameters (values shared by every replica, gradients those of the last step combined).
    public var parameters: ParameterStore { primary.parameters }
    /// What the network is.
    public var architecture: NetworkArchitecture { primary.architecture }
    /// Number of replicas, one per worker thread.
    public var workerCount: Int { replicas.count }

    /// `workers` replicas sharing mini-batches of up to `maxBatch` images.
    public init(architecture: NetworkArchitecture, maxBatch: Int, workers: Int) throws {
        let workers = max(1, min(workers, maxBatch))
        let perWorker = (maxBatch + workers - 1) / workers
        primary = try Network(architecture: architecture, maxBatch: perWorker)
        var replicas = [primary]
        for _ in 1..<workers { replicas.append(try Network(replicating: primary, maxBatch: perWorker)) }
        self.replicas = replicas
        self.maxBatch = maxBatch
        probabilities = .allocate(capacity: maxBatch * architecture.classCount)
    }

    deinit {
        probabilities.deallocate()
    }

    /// The images of worker `worker` in a batch of `batch`: a fixed, contiguous, near-equal share.
    func slice(_ worker: Int, batch: Int) -> Range<Int> {
        (batch * worker / replicas.count)..<(batch * (worker + 1) / replicas.count)
    }

    /// Forward and backward on `batch` images (B, C, H, W): afterwards `parameters.gradients` holds
    /// d(mean loss over the whole batch)/dθ. Returns the summed loss and the correct predictions.
    public func trainingStep(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        let imageSize = architecture.inputShape.count
        var results = [(lossSum: Double, correct: Int)](repeating: (0, 0), count: replicas.count)
        results.withUnsafeMutableBufferPointer { results in
            ComputeThreads.eachWorker(replicas.count) { worker in
                let rows = slice(worker, batch: batch)
                guard !rows.isEmpty else {
                    replicas[worker].parameters.zeroGradients()
                    return
                }
                results[worker] = replicas[worker].trainingStep(images + rows.lowerBound * imageSize,
                                                                labels: labels + rows.lowerBound, batch: rows.count)
            }
        }
        combineGradients(batch: batch)
        return results.reduce((0, 0)) { ($0.lossSum + $1.lossSum, $0.correct + $1.correct) }
    }

    /// Forward pass and loss on `batch` images; the probabilities land in `probabilities`.
    public func evaluate(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        let imageSize = architecture.inputShape.count, classes = architecture.classCount
        var results = [(lossSum: Double, correct: Int)](repeating: (0, 0), count: replicas.count)
        let probabilities = self.probabilities
        results.withUnsafeMutableBufferPointer { results in
            ComputeThreads.eachWorker(replicas.count) { worker in
                let rows = slice(worker, batch: batch)
                guard !rows.isEmpty else { return }
                let replica = replicas[worker]
                results[worker] = replica.evaluate(images + rows.lowerBound * imageSize, labels: labels + rows.lowerBound, batch: rows.count)
                (probabilities + rows.lowerBound * classes).update(from: replica.probabilities, count: rows.count * classes)
            }
        }
        return results.reduce((0, 0)) { ($0.lossSum + $1.lossSum, $0.correct + $1.correct) }
    }

    /// primary.gradients = Σ_w (b_w / B) · gradients_w, summed in worker order. Each replica's gradient
    /// is of its slice's mean loss, so this weighting gives the gradient of the whole batch's mean loss.
    private func combineGradients(batch: Int) {
        guard replicas.count > 1 else { return }
        let weights = (0..<replicas.count).map { Float(slice($0, batch: batch).count) / Float(batch) }
        let sources = replicas.map(\.parameters.gradients)
        let target = primary.parameters.gradients
        let count = parameters.count
        parallelChunks(count, minimumPerChunk: 4096) { range in
            let first = sources[0], firstWeight = weights[0]
            for index in range { target[index] = firstWeight * first[index] }
            for worker in 1..<sources.count {
                let source = sources[worker], weight = weights[worker]
                for index in range { target[index] += weight * source[index] }
            }
        }
    }
}
