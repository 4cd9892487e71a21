import NeuralNet

/// The two networks of the assignment, by their command-line names.
public enum NetworkName: String, CaseIterable, Codable, Sendable {
    case convnet, mynet

    /// The layer structure.
    public var architecture: NetworkArchitecture {
        switch self {
        case .convnet: return .convNet
        case .mynet: return .myNet
        }
    }

    /// The file-name prefix of the assignment's figures (`conv_train.png`, `mynet_val.png`).
    public var figurePrefix: String {
        switch self {
        case .convnet: return "conv"
        case .mynet: return "mynet"
        }
    }
}

/// A hyperparameter that is out of range, said in one line naming the key and what is allowed.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The key, as in the params file and (with dashes) on the command line, e.g. `batch_size`.
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// Every hyperparameter of one training run, as used; stored in `metrics.json`. How fast it is computed
/// (threads, kernel path) is not here: that never changes a result (`ComputeSettings`).
public struct TrainingConfig: Codable, Equatable, Sendable {
    public var network: NetworkName
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var optimizer: OptimizerKind
    /// SGD momentum; ignored by Adam.
    public var momentum: Double
    public var weightDecay: Double
    /// `constant`, `cosine` or `step`.
    public var schedule: String
    /// Epochs between decays of the `step` schedule.
    public var stepSize: Int
    /// Factor of each decay of the `step` schedule.
    public var gamma: Double
    public var seed: UInt64
    /// Use only the first N training images (nil: all).
    public var trainLimit: Int?
    /// Images held out from the end of the training file for validation.
    public var validationSize: Int

    /// The defaults of `digits train`: Adam at 1e-3 with cosine decay, batches of 64.
    public static func defaults(for network: NetworkName) -> TrainingConfig {
        TrainingConfig(network: network, epochs: 12, batchSize: 64, learningRate: 1e-3, optimizer: .adam,
                       momentum: 0.9, weightDecay: 0, schedule: "cosine", stepSize: 5, gamma: 0.1,
                       seed: 1, trainLimit: nil, validationSize: 5000)
    }

    /// The schedule as the engine takes it.
    public var learningRateSchedule: LearningRateSchedule {
        switch schedule {
        case "cosine": return .cosine
        case "step": return .step(every: stepSize, gamma: gamma)
        default: return .constant
        }
    }

    /// The optimiser as the engine takes it.
    public var optimizerSettings: OptimizerSettings {
        OptimizerSettings(kind: optimizer, momentum: momentum, weightDecay: weightDecay)
    }

    /// Checks every value; the error names the first bad key and the allowed values.
    public func validate(trainingImages: Int? = nil) throws {
        guard epochs > 0 else { throw ConfigError(key: "epochs", message: "must be a positive whole number, got \(epochs)") }
        guard batchSize > 0 else { throw ConfigError(key: "batch_size", message: "must be a positive whole number, got \(batchSize)") }
        guard learningRate.isFinite, learningRate > 0 else {
            throw ConfigError(key: "learning_rate", message: "must be a finite number above 0, got \(learningRate)")
        }
        guard LearningRateSchedule.names.contains(schedule) else {
            throw ConfigError(key: "schedule", message: "unknown schedule \"\(schedule)\"; use one of \(LearningRateSchedule.names.joined(separator: ", "))")
        }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else { throw ConfigError(key: "momentum", message: "must be in [0, 1), got \(momentum)") }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw ConfigError(key: "weight_decay", message: "must be 0 or more, got \(weightDecay)") }
        guard stepSize > 0 else { throw ConfigError(key: "step_size", message: "must be a positive number of epochs, got \(stepSize)") }
        guard gamma.isFinite, gamma > 0, gamma <= 1 else { throw ConfigError(key: "gamma", message: "must be in (0, 1], got \(gamma)") }
        if let trainLimit, trainLimit <= 0 {
            throw ConfigError(key: "train_limit", message: "must be a positive number of images, got \(trainLimit)")
        }
        guard validationSize > 0 else { throw ConfigError(key: "validation_size", message: "must be a positive number of images, got \(validationSize)") }
        if let trainingImages, batchSize > trainingImages {
            throw ConfigError(key: "batch_size", message: "\(batchSize) is larger than the \(trainingImages) training images")
        }
    }
}

extension ComputeSettings {
    /// Checks a thread count given by a user; the error names the key.
    public static func validateThreads(_ threads: Int) throws {
        guard threads > 0, threads <= 256 else { throw ConfigError(key: "threads", message: "must be between 1 and 256, got \(threads)") }
    }
}
