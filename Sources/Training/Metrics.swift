/// One epoch of training as recorded in `metrics.json` and `history.csv`.
public struct EpochRecord: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var valLoss: Double
    public var valAccuracy: Double
    public var learningRate: Double
    /// Wall time of the epoch, training and validation.
    public var seconds: Double
    /// Standard error of `valLoss` as a mean of per-image losses (their sample standard deviation over
    /// √n): how much of a change of validation loss is noise. Nil in runs recorded before it was.
    public var valLossStandardError: Double?
    /// Share of the summed validation loss carried by its `worstImagesCount` worst images: a loss that
    /// rises with this share rises on a handful of images. Nil in runs recorded before it was.
    public var valWorstImagesLossShare: Double?
    /// The validation images misclassified after this epoch, by index in the validation split,
    /// ascending: what pairs two epochs image by image (which images turned right or wrong). Nil in
    /// runs recorded before it was kept.
    public var valErrors: [Int]?

    /// How many of the worst validation images `valWorstImagesLossShare` counts.
    public static let worstImagesCount = 10

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, valLoss: Double, valAccuracy: Double, learningRate: Double, seconds: Double,
                valLossStandardError: Double? = nil, valWorstImagesLossShare: Double? = nil, valErrors: [Int]? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.valLoss = valLoss
        self.valAccuracy = valAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.valLossStandardError = valLossStandardError
        self.valWorstImagesLossShare = valWorstImagesLossShare
        self.valErrors = valErrors
    }
}

/// Loss and accuracy on a data set (accuracy as a fraction in [0, 1]).
public struct LossAccuracy: Codable, Equatable, Sendable {
    public var loss: Double
    public var accuracy: Double

    public init(loss: Double, accuracy: Double) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// A test image the network got wrong, with what the figures need to draw it.
public struct Misclassification: Codable, Equatable, Sendable {
    /// Index in the test set.
    public var index: Int
    public var label: Int
    public var predicted: Int
    /// Softmax probability of the predicted class.
    public var probability: Double
    /// The 28×28 pixels, base64, so figures can be redrawn without the data.
    public var pixels: String
}

/// What the data was: where it came from and how it was split.
public struct DataRecord: Codable, Equatable, Sendable {
    public var directory: String
    /// SHA-256 of each file's decompressed content.
    public var sha256: [String: String]
    public var checksumsVerified: Bool
    public var trainImages: Int
    public var valImages: Int
    public var testImages: Int
}

/// How long things took and how they were computed; the only part of `metrics.json` that changes from
/// run to run and machine to machine.
public struct TimingRecord: Codable, Equatable, Sendable {
    public var trainSeconds: Double
    public var evaluationSeconds: Double
    public var trainImagesPerSecond: Double
    /// Threads that trained; a speed setting, not part of the results.
    public var threads: Int
    /// The kernel path that ran (`KernelPath`); the results are the same with every path.
    public var kernels: String
    /// The CPU that ran it.
    public var cpu: String
}

/// Everything `metrics.json` holds about one run.
public struct RunMetrics: Codable, Equatable, Sendable {
    public var network: NetworkName
    public var title: String
    public var parameters: Int
    public var seed: UInt64
    public var config: TrainingConfig
    public var epochs: [EpochRecord]
    /// Training loss of every mini-batch, in order.
    public var batchLosses: [Double]
    public var batchesPerEpoch: Int
    public var test: LossAccuracy
    /// Test counts, row = true label, column = predicted label.
    public var confusion: [[Int]]
    /// Up to 36 misclassified test images, most confident mistakes first.
    public var misclassified: [Misclassification]
    public var data: DataRecord
    public var timing: TimingRecord
    /// Version of the training code; a run made by other code is not reused.
    public var codeVersion: String
    /// SHA-256 of `model.safetensors`.
    public var weightsSha256: String
    /// Every misclassified test image, by its index in the test file, ascending: what pairs two runs'
    /// predictions image by image (McNemar's test). Nil in runs recorded before it was kept.
    public var testErrors: [Int]? = nil
    /// Every validation image's loss after every epoch: `ValidationLosses` encoded (epoch-major 32-bit
    /// floats, base64), what pairs two epochs' losses image by image. Nil in runs recorded before it was kept.
    public var validationLosses: String? = nil
    /// The digit the run predicted for each image of `testErrors`, in the same order: what every run guessed for an image
    /// they all miss, not only for the surest mistakes `misclassified` keeps. Nil in runs recorded before it was kept.
    public var testErrorPredictions: [Int]? = nil
    /// Every test image's loss with the final weights, in test-file order: `ValidationLosses` encoded as one epoch, what
    /// splits the test loss between the mistakes and the rest (how sure the wrong answers are). Nil in runs recorded before
    /// it was kept.
    public var testLosses: String? = nil

    /// The epoch (1-based) with the highest validation accuracy, the first on ties.
    public var bestEpoch: EpochRecord? {
        epochs.reduce(nil) { best, record in
            guard let best else { return record }
            return record.valAccuracy > best.valAccuracy ? record : best
        }
    }
}
