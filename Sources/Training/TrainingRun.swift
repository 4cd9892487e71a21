import Checksum
import Foundation
import MNIST
import NeuralNet

/// One complete run: split the data, train, test, and collect everything `metrics.json` records.
public enum TrainingRun {
    /// Bumped whenever a change to the training code changes its results, so cached runs made by
    /// older code are not reused.
    public static let codeVersion = "5"
    /// How many misclassified test images a run keeps for the figures.
    public static let misclassifiedKept = 36

    /// Trains the plan's network with `compute` (a speed setting only) and returns its metrics, the
    /// trained trainer (network inside) and the safetensors bytes of its weights.
    public static func execute(
        _ plan: TrainingPlan, compute: ComputeSettings,
        shouldStop: () -> Bool = { false }, progress: (TrainingEvent) -> Void = { _ in }
    ) throws -> (metrics: RunMetrics, trainer: Trainer, weights: [UInt8]) {
        let config = plan.config, data = plan.data
        let trainer = try Trainer(plan: plan, compute: compute)
        let trainingStart = DispatchTime.now().uptimeNanoseconds
        let history = try trainer.train(shouldStop: shouldStop, progress: progress)
        let trainSeconds = Double(DispatchTime.now().uptimeNanoseconds - trainingStart) / 1e9
        let testStart = DispatchTime.now().uptimeNanoseconds
        let test = trainer.evaluate(plan.test, shouldStop: shouldStop)
        if shouldStop() { throw TrainingError.interrupted }
        let evaluationSeconds = Double(DispatchTime.now().uptimeNanoseconds - testStart) / 1e9
        let architecture = config.architecture
        let weights = Safetensors.encode(trainer.network.parameters, buffers: trainer.network.buffers, metadata: ["format": "pt", "network": architecture.className])
        let testErrors = (0..<plan.test.count).filter { test.predictions[$0] != Int(plan.test.labels[$0]) }
        let metrics = RunMetrics(
            network: config.network, title: architecture.title, parameters: trainer.network.parameters.count,
            seed: config.seed, config: config, epochs: history.epochs, batchLosses: history.batchLosses,
            batchesPerEpoch: history.batchesPerEpoch, test: LossAccuracy(loss: test.loss, accuracy: test.accuracy),
            confusion: test.confusion, misclassified: misclassifications(test, images: plan.test),
            data: DataRecord(directory: data.directory, sha256: data.contentHashes, checksumsVerified: data.checksumsVerified,
                             trainImages: plan.training.count, valImages: plan.validation.count, testImages: plan.test.count),
            timing: TimingRecord(trainSeconds: trainSeconds, evaluationSeconds: evaluationSeconds,
                                 trainImagesPerSecond: Double(plan.training.count * config.epochs) / max(trainSeconds, 1e-9),
                                 threads: compute.threads, kernels: compute.kernels.rawValue, cpu: CPUDescription.modelName),
            codeVersion: codeVersion, weightsSha256: SHA256.hex(of: weights),
            testErrors: testErrors,
            validationLosses: ValidationLosses.encode(history.validationLosses),
            testErrorPredictions: testErrors.map { test.predictions[$0] },
            testLosses: ValidationLosses.encode([test.losses]))

        return (metrics, trainer, weights)
    }

    /// The most confident mistakes first (ties by test index), at most `misclassifiedKept`.
    static func misclassifications(_ evaluation: Evaluation, images: LabeledImages) -> [Misclassification] {
        let wrong = (0..<images.count).filter { evaluation.predictions[$0] != Int(images.labels[$0]) }
        let ordered = wrong.sorted { a, b in
            evaluation.confidences[a] != evaluation.confidences[b] ? evaluation.confidences[a] > evaluation.confidences[b] : a < b
        }
        return ordered.prefix(misclassifiedKept).map { index in
            Misclassification(index: index, label: Int(images.labels[index]), predicted: evaluation.predictions[index],
                              probability: evaluation.confidences[index], pixels: Data(images.image(index)).base64EncodedString())
        }
    }
}

extension TrainingConfig {
    /// SHA-256 of the configuration's canonical JSON and the training code version: the manifest's
    /// "config hash", equal exactly when a run would be reused.
    public var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(self)).map(Array.init) ?? []
        return SHA256.hex(of: bytes + Array(TrainingRun.codeVersion.utf8))
    }
}
