import ArgumentParser
import NeuralNet
import Training

extension NetworkName: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}

/// Hyperparameter flags shared by `train` and `report`; each one left out keeps the configured value.
struct HyperparameterOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Epochs to train.") var epochs: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per mini-batch.") var batchSize: Int?
    @Option(name: .customLong("lr"), parsing: .unconditional, help: "Base learning rate.") var learningRate: Double?
    @Option(help: "Optimiser: adam or sgd.") var optimizer: OptimizerKind?
    @Option(parsing: .unconditional, help: "SGD momentum.") var momentum: Double?
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "L2 weight decay.") var weightDecay: Double?
    @Option(help: "Learning-rate schedule: constant, cosine or step.") var schedule: String?
    @Option(name: .customLong("step-size"), parsing: .unconditional, help: "Epochs between decays of the step schedule.") var stepSize: Int?
    @Option(parsing: .unconditional, help: "Decay factor of the step schedule.") var gamma: Double?
    @Option(parsing: .unconditional, help: "Seed of every random choice.") var seed: UInt64?
    @Option(name: .customLong("train-limit"), parsing: .unconditional, help: "Use only the first N training images.") var trainLimit: Int?
    @Option(name: .customLong("validation-size"), parsing: .unconditional, help: "Training images held out for validation.") var validationSize: Int?

    /// The command-line flag of a params-file key, for error messages: `learning_rate` → `--lr`.
    static func flag(forKey key: String) -> String {
        key == "learning_rate" ? "--lr" : "--" + key.replacingOccurrences(of: "_", with: "-")
    }

    /// `base` with every given flag applied, checked; a bad value is reported with its flag.
    func validatedConfig(from base: TrainingConfig) throws -> TrainingConfig {
        let config = apply(to: base)
        try Self.check(config)
        return config
    }

    /// Validates `config` (against the number of training images when known), naming flags, not keys.
    static func check(_ config: TrainingConfig, trainingImages: Int? = nil) throws {
        do {
            try config.validate(trainingImages: trainingImages)
        } catch let error as ConfigError {
            throw ConfigError(key: flag(forKey: error.key), message: error.message)
        }
    }

    /// `base` with every given flag applied.
    func apply(to base: TrainingConfig) -> TrainingConfig {
        var config = base
        if let epochs { config.epochs = epochs }
        if let batchSize { config.batchSize = batchSize }
        if let learningRate { config.learningRate = learningRate }
        if let optimizer { config.optimizer = optimizer }
        if let momentum { config.momentum = momentum }
        if let weightDecay { config.weightDecay = weightDecay }
        if let schedule { config.schedule = schedule }
        if let stepSize { config.stepSize = stepSize }
        if let gamma { config.gamma = gamma }
        if let seed { config.seed = seed }
        if let trainLimit { config.trainLimit = trainLimit }
        if let validationSize { config.validationSize = validationSize }
        return config
    }
}

/// `--threads`: how many threads compute. A speed setting only: any count gives the same results.
struct ComputeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Threads to compute with (default: every core). Results do not depend on it.") var threads: Int?

    /// The thread count (flag, else `configured`, else every core) and the kernel path
    /// (`DIGITS_KERNELS`, else the widest this CPU has).
    func settings(configured: Int? = nil) throws -> ComputeSettings {
        if let threads {
            do {
                try ComputeSettings.validateThreads(threads)
            } catch let error as ConfigError {
                throw ConfigError(key: "--threads", message: error.message)
            }
        }
        var settings = try ComputeSettings.automatic()
        if let chosen = threads ?? configured { settings.threads = chosen }
        return settings
    }
}
