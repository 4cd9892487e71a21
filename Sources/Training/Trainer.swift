import Foundation
import MNIST
import NeuralNet

/// Why training stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case diverged(epoch: Int, learningRate: Double)
    case interrupted

    public var description: String {
        switch self {
        case .diverged(let epoch, let learningRate):
            return "the training loss became NaN or infinite in epoch \(epoch) (learning rate \(learningRate)); try a smaller learning rate (learning_rate in the params file, or --learning-rate)"
        case .interrupted:
            return "training was interrupted"
        }
    }
}

/// What the trainer reports while it runs.
public enum TrainingEvent {
    /// A mini-batch is done: its 1-based number in the epoch, the epoch's batch count, the running mean
    /// loss of the epoch, the seconds since the epoch began and the training speed so far in the epoch.
    case batch(epoch: Int, batch: Int, of: Int, runningLoss: Double, elapsedSeconds: Double, imagesPerSecond: Double)
    /// An epoch is done (training and validation).
    case epoch(EpochRecord)
}

/// Trains one network on the MNIST split with a fixed seed: one generator draws the initial weights
/// and then every epoch's order, so the same config gives the same weights.
public final class Trainer {
    /// The plan's configuration.
    public var config: TrainingConfig { plan.config }
    /// How fast it computes; never changes a result.
    public let compute: ComputeSettings
    /// One replica of the network per shard of a mini-batch; they share the parameters.
    private let sharded: ShardedNetwork
    /// The network being trained (its parameters are the trained weights).
    public var network: Network { sharded.primary }
    private let optimizer: Optimizer
    private var generator: SplitMix64
    /// Draws one key per step for the dropout masks, from the same seed; a stream of its own, so a
    /// network without dropout draws its weights and shuffles exactly as before.
    private var dropoutKeys: SplitMix64
    /// The mini-batches of training and evaluation are normalised into this.
    private let batch: InputBatch
    /// Scores the network being trained (validation after each epoch, the test set at the end).
    private let evaluator: Evaluator

    /// The training, validation and test images, split as the configuration says.
    public let plan: TrainingPlan

    /// A network initialised from the plan's seed, ready to train with `compute`.
    public init(plan: TrainingPlan, compute: ComputeSettings) throws {
        self.plan = plan
        let config = plan.config
        self.compute = compute
        let capacity = max(config.batchSize, Evaluator.batchSize(threads: compute.threads))
        sharded = try ShardedNetwork(architecture: config.architecture, maxBatch: capacity, compute: compute, lossFunction: config.loss)
        generator = SplitMix64(seed: config.seed)
        dropoutKeys = SplitMix64(seed: SplitMix64.hash(config.seed ^ 0x6472_6F70_6F75_74))   // "dropout"
        sharded.primary.initialize(using: &generator)
        optimizer = Optimizer(settings: config.optimizerSettings, parameterCount: sharded.parameters.count, threads: compute.threads)
        batch = InputBatch(capacity: capacity, imageSize: LabeledImages.imageSize)
        evaluator = Evaluator(sharded: sharded, batch: batch, threads: compute.threads)
    }

    /// Trains on the plan's training images for `config.epochs` epochs, validating after each one.
    /// `shouldStop` is polled after every mini-batch; when it returns true training ends with
    /// `TrainingError.interrupted`.
    public func train(
        shouldStop: () -> Bool = { false }, progress: (TrainingEvent) -> Void = { _ in }
    ) throws -> (epochs: [EpochRecord], batchLosses: [Double], batchesPerEpoch: Int, validationLosses: [[Double]]) {
        let training = plan.training, validation = plan.validation
        let batchSize = config.batchSize
        let batchesPerEpoch = (training.count + batchSize - 1) / batchSize
        var order = Array(0..<training.count)
        var records: [EpochRecord] = []
        var validationLosses: [[Double]] = []  // (epochs, validation images)
        var batchLosses: [Double] = []
        batchLosses.reserveCapacity(batchesPerEpoch * config.epochs)
        for epoch in 1...config.epochs {
            let started = DispatchTime.now().uptimeNanoseconds
            let rate = config.learningRateSchedule.rate(base: config.learningRate, epoch: epoch - 1, totalEpochs: config.epochs)
            generator.shuffle(&order)
            var lossSum = 0.0, correct = 0, seen = 0
            for batchIndex in 0..<batchesPerEpoch {
                let start = batchIndex * batchSize
                let count = min(batchSize, training.count - start)
                let result = step(on: training, indices: order[start..<(start + count)], learningRate: rate)
                guard result.lossSum.isFinite else { throw TrainingError.diverged(epoch: epoch, learningRate: rate) }
                lossSum += result.lossSum
                correct += result.correct
                seen += count
                batchLosses.append(result.lossSum / Double(count))
                if shouldStop() { throw TrainingError.interrupted }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                progress(.batch(epoch: epoch, batch: batchIndex + 1, of: batchesPerEpoch, runningLoss: lossSum / Double(seen),
                                elapsedSeconds: elapsed, imagesPerSecond: Double(seen) / max(elapsed, 1e-9)))
            }
            let validationResult = evaluate(validation, shouldStop: shouldStop)
            if shouldStop() { throw TrainingError.interrupted }
            guard validationResult.loss.isFinite else { throw TrainingError.diverged(epoch: epoch, learningRate: rate) }
            let record = EpochRecord(
                epoch: epoch, trainLoss: lossSum / Double(seen), trainAccuracy: Double(correct) / Double(seen),
                valLoss: validationResult.loss, valAccuracy: validationResult.accuracy, learningRate: rate,
                seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                valLossStandardError: validationResult.lossStandardError,
                valWorstImagesLossShare: validationResult.worstLossShare(count: EpochRecord.worstImagesCount),
                valErrors: (0..<validation.count).filter { validationResult.predictions[$0] != Int(validation.labels[$0]) })
            records.append(record)
            validationLosses.append(validationResult.losses)
            progress(.epoch(record))
        }
        return (records, batchLosses, batchesPerEpoch, validationLosses)
    }

    /// One optimisation step, exactly as `train` takes it: gathers and normalises the images at `indices`
    /// into the batch buffer, runs forward and backward, and (when the loss is finite) updates the
    /// parameters with the optimiser. Returns the summed loss and correct predictions of the batch.
    @discardableResult
    public func step<Indices: Collection>(on images: LabeledImages, indices: Indices, learningRate: Double) -> (lossSum: Double, correct: Int)
    where Indices.Element == Int {
        precondition(indices.count > 0 && indices.count <= sharded.maxBatch, "batch of \(indices.count) outside 1...\(sharded.maxBatch)")
        let start = DispatchTime.now().uptimeNanoseconds
        batch.gather(images, indices: indices)
        let gathered = DispatchTime.now().uptimeNanoseconds
        let result = sharded.trainingStep(batch, count: indices.count, dropoutKey: dropoutKeys.next())
        let stepped = DispatchTime.now().uptimeNanoseconds
        if result.lossSum.isFinite { optimizer.step(network.parameters, learningRate: learningRate) }
        if isProfiling {
            gatherSeconds += Double(gathered - start) / 1e9
            optimizerSeconds += Double(DispatchTime.now().uptimeNanoseconds - stepped) / 1e9
        }
        return result
    }

    /// When set, `step` times every layer and the steps around them (see `profile`).
    public var isProfiling: Bool {
        get { sharded.isProfiling }
        set { sharded.isProfiling = newValue }
    }
    private var gatherSeconds = 0.0, optimizerSeconds = 0.0

    /// Where the time of the profiled steps went: normalising the batch, each layer forward and backward
    /// (CPU seconds summed over the shards), combining the shards' gradients, and the optimiser.
    public var profile: [LayerTime] {
        [LayerTime(layer: "gather + normalise batch", forwardSeconds: gatherSeconds)] + sharded.profile
            + [LayerTime(layer: "optimizer (\(config.optimizer.rawValue))", backwardSeconds: optimizerSeconds)]
    }

    /// Sets every profile entry back to zero.
    public func resetProfile() {
        sharded.resetProfile()
        gatherSeconds = 0
        optimizerSeconds = 0
    }

    /// The network's loss, accuracy, confusion matrix and predictions on `images` (see `Evaluator`).
    public func evaluate(_ images: LabeledImages, shouldStop: () -> Bool = { false }) -> Evaluation {
        evaluator.evaluate(images, shouldStop: shouldStop)
    }
}
