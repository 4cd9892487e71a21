import Foundation
import NeuralNet

/// Every hyperparameter of one training run, as used; stored in `metrics.json`. How fast it is computed
/// (threads, kernel path) is not here: that never changes a result (`ComputeSettings`).
///
/// A hyperparameter is a stored property here (its default is the property's initial value) and a row
/// of `settings` below: that row is the only other place it is named. The params file, the command line,
/// the run cache, `metrics.json`, the report's setup table and every error message are derived from it.
public struct TrainingConfig: Equatable, Sendable {
    public var network: NetworkName
    /// The layers and forward order: the network's built-in one unless the params file describes another.
    public var architecture: NetworkArchitecture
    public var epochs = 12
    public var batchSize = 64
    public var learningRate = 1e-3
    public var optimizer = OptimizerKind.adam
    /// SGD momentum; ignored by Adam.
    public var momentum = 0.9
    public var weightDecay = 0.0
    /// Adam's β₁, β₂ and ε (PyTorch's defaults); ignored by SGD.
    public var adamBeta1 = 0.9
    public var adamBeta2 = 0.999
    public var adamEpsilon = 1e-8
    public var schedule = ScheduleKind.cosine
    /// Epochs between decays of the `step` schedule.
    public var stepSize = 5
    /// Factor of each decay of the `step` schedule.
    public var gamma = 0.1
    public var seed: UInt64 = 1
    /// Use only the first N training images (nil: all).
    public var trainLimit: Int? = nil
    /// Images held out from the end of the training file for validation.
    public var validationSize = 5000
    /// The loss applied to what forward returns.
    public var loss = LossFunction.crossEntropy

    /// Every hyperparameter, in the order the report and the cache messages list them.
    public static let settings: [Setting] = [
        Setting("epochs", label: "Epochs", help: "Epochs to train.", valueName: "n", \.epochs, rule: .positiveCount),
        Setting("batch_size", label: "Images per mini-batch", help: "Images per mini-batch.", valueName: "n", \.batchSize, rule: .positiveCount),
        Setting("learning_rate", label: "Learning rate at the start", aliases: ["--lr"], help: "Base learning rate.", valueName: "rate", \.learningRate,
                rule: Rule { $0.isFinite && $0 > 0 ? nil : "must be a finite number above 0" }),
        Setting("optimizer", label: "Optimiser", help: "Optimiser: adam or sgd.", valueName: "name", \.optimizer),
        Setting("momentum", label: "SGD momentum", help: "SGD momentum.", valueName: "m", \.momentum,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, hasEffect: { $0.optimizer == .sgd }),
        Setting("weight_decay", label: "Weight decay (L2)", help: "L2 weight decay.", valueName: "w", \.weightDecay,
                rule: Rule { $0.isFinite && $0 >= 0 ? nil : "must be 0 or more" }),
        Setting("adam_beta1", label: "Adam's β1", help: "Adam's decay of the gradient average.", valueName: "b", \.adamBeta1,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, hasEffect: { $0.optimizer == .adam }),
        Setting("adam_beta2", label: "Adam's β2", help: "Adam's decay of the squared-gradient average.", valueName: "b", \.adamBeta2,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, hasEffect: { $0.optimizer == .adam }),
        Setting("adam_epsilon", label: "Adam's ε", help: "Adam's term added to the denominator.", valueName: "e", \.adamEpsilon,
                rule: Rule { $0.isFinite && $0 > 0 ? nil : "must be a finite number above 0" }, hasEffect: { $0.optimizer == .adam }),
        Setting("schedule", label: "Learning-rate schedule", help: "Learning-rate schedule: constant, cosine or step.", valueName: "kind", \.schedule),
        Setting("step_size", label: "Epochs between rate steps", help: "Epochs between decays of the step schedule.", valueName: "n", \.stepSize,
                rule: Rule { $0 > 0 ? nil : "must be a positive number of epochs" }, hasEffect: { $0.schedule == .step }),
        Setting("gamma", label: "Rate factor at each step", help: "Decay factor of the step schedule.", valueName: "g", \.gamma,
                rule: Rule { $0.isFinite && $0 > 0 && $0 <= 1 ? nil : "must be in (0, 1]" }, hasEffect: { $0.schedule == .step }),
        Setting("seed", label: "Seeds", help: "Seed of every random choice.", valueName: "n", \.seed),
        Setting("train_limit", label: "Training images used", help: "Use only the first N training images (all: every one).", valueName: "n|all", \.trainLimit,
                rule: Rule { $0.map { $0 > 0 } ?? true ? nil : "must be a positive number of images" }),
        Setting("validation_size", label: "Images held out for validation", help: "Training images held out for validation.", valueName: "n", \.validationSize,
                rule: Rule { $0 > 0 ? nil : "must be a positive number of images" }),
        // Only a forward pass that ends in log_softmax has a choice of loss (nll needs log-probabilities).
        Setting("loss", label: "Loss", help: "Loss applied to forward's output: cross_entropy, or nll after log_softmax.", valueName: "name", \.loss,
                hasEffect: { $0.architecture.returnsLogProbabilities || $0.loss != .crossEntropy }, omittedWhenDefault: true),
    ]

    /// The defaults of `digits train` and of the committed `report/params.yaml`.
    public init(network: NetworkName) {
        self.network = network
        architecture = network.architecture
    }

    /// Whether the architecture is the network's built-in one.
    public var usesBuiltInArchitecture: Bool { architecture == network.architecture }

    /// The defaults of `digits train`: Adam at 1e-3 with cosine decay, batches of 64.
    public static func defaults(for network: NetworkName) -> TrainingConfig {
        TrainingConfig(network: network)
    }

    /// The setting with params-file key `key`.
    public static func setting(forKey key: String) -> Setting? { settings.first { $0.key == key } }

    /// The setting with command-line flag `flag` (`--learning-rate`, or its alias `--lr`).
    public static func setting(forFlag flag: String) -> Setting? { settings.first { $0.flag == flag || $0.aliases.contains(flag) } }

    /// Every setting as (key, value as written in the params file), in table order.
    public var settingTexts: [(key: String, text: String)] {
        Self.settings.map { ($0.key, $0.text(of: self)) }
    }

    /// The schedule as the engine takes it.
    public var learningRateSchedule: LearningRateSchedule {
        switch schedule {
        case .constant: return .constant
        case .cosine: return .cosine
        case .step: return .step(every: stepSize, gamma: gamma)
        }
    }

    /// The optimiser as the engine takes it.
    public var optimizerSettings: OptimizerSettings {
        OptimizerSettings(kind: optimizer, momentum: momentum, weightDecay: weightDecay,
                          beta1: adamBeta1, beta2: adamBeta2, epsilon: adamEpsilon)
    }

    /// How many images it trains on out of a training file of `total` images.
    public func trainingImages(ofFileImages total: Int) -> Int {
        let available = max(0, total - validationSize)
        return min(available, trainLimit ?? available)
    }

    /// Checks every value against a training file of `trainingFileImages` images: the validation
    /// images it holds out, and the batch size against the training images left.
    public func validate(trainingFileImages total: Int) throws(ConfigError) {
        guard validationSize < total else {
            throw ConfigError(key: "validation_size", message: "must be below the \(total) images of the training file, which it splits into training and validation images, got \(validationSize)")
        }
        try validate(trainingImages: trainingImages(ofFileImages: total))
    }

    /// Checks every value (and the batch size against the number of training images, when known);
    /// the error names the first bad key and what is allowed.
    public func validate(trainingImages: Int? = nil) throws(ConfigError) {
        for setting in Self.settings { try setting.check(self) }
        if loss == .nll && !architecture.returnsLogProbabilities {
            throw ConfigError(key: "loss", message: "nll needs log-probabilities, but \(architecture.className)'s forward does not end in log_softmax: "
                              + "end it with F.log_softmax(x, dim=1), or use loss: cross_entropy")
        }
        if let trainingImages, batchSize > trainingImages {
            throw ConfigError(key: "batch_size", message: "\(batchSize) is larger than the \(trainingImages) training images")
        }
        // Evaluation runs batches of up to 256 images whatever batch_size is (`Evaluator.batchSize`).
        let allocated = max(batchSize, 256)
        do {
            try architecture.checkBufferSize(batch: allocated)
        } catch .tooLarge(_, let bytes, let limit) {
            let gibibytes = Double(bytes) / Double(1 << 30)
            let needs = gibibytes < 1000 ? String(Int(gibibytes.rounded(.up))) : "more than 1,000"
            throw ConfigError(key: "batch_size", message: batchSize >= 256
                              ? "\(batchSize) images of this network need about \(needs) GiB of buffers; at most \(limit >> 30) GiB: lower batch_size"
                              : "this network needs about \(needs) GiB of memory (its parameters, their gradients and Adam's moments, and the buffers of evaluation batches of 256 images); at most \(limit >> 30) GiB: make the network smaller")
        } catch {
            // Any other error is a shape error, which building the network reports.
        }
    }
}
