import Foundation
import NeuralNet

/// The two networks of the assignment, by their command-line names.
public enum NetworkName: String, CaseIterable, Codable, Sendable {
    case convnet, mynet

    /// The built-in layer structure, used when the params file describes none.
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

/// The learning-rate schedules, by the names the params file and the command line use.
public enum ScheduleKind: String, CaseIterable, Codable, Sendable {
    case constant, cosine, step
}

/// A setting whose value cannot be used, said in one line: the key (or the flag, or the params-file
/// path of the key) and what is allowed.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// Where the value came from: `batch_size`, `--batch-size` or `convnet.batch_size`.
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// The same error, naming the value's place as the user wrote it.
    public func renamed(_ key: String) -> ConfigError { ConfigError(key: key, message: message) }

    public var description: String { "\(key): \(message)" }
}

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
        Setting("epochs", help: "Epochs to train.", valueName: "n", \.epochs, rule: .positiveCount),
        Setting("batch_size", help: "Images per mini-batch.", valueName: "n", \.batchSize, rule: .positiveCount),
        Setting("learning_rate", aliases: ["--lr"], help: "Base learning rate.", valueName: "rate", \.learningRate,
                rule: Rule { $0.isFinite && $0 > 0 ? nil : "must be a finite number above 0" }),
        Setting("optimizer", help: "Optimiser: adam or sgd.", valueName: "name", \.optimizer),
        Setting("momentum", help: "SGD momentum.", valueName: "m", \.momentum,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, matters: { $0.optimizer == .sgd }),
        Setting("weight_decay", help: "L2 weight decay.", valueName: "w", \.weightDecay,
                rule: Rule { $0.isFinite && $0 >= 0 ? nil : "must be 0 or more" }),
        Setting("adam_beta1", help: "Adam's decay of the gradient average.", valueName: "b", \.adamBeta1,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, matters: { $0.optimizer == .adam }),
        Setting("adam_beta2", help: "Adam's decay of the squared-gradient average.", valueName: "b", \.adamBeta2,
                rule: Rule { $0.isFinite && $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }, matters: { $0.optimizer == .adam }),
        Setting("adam_epsilon", help: "Adam's term added to the denominator.", valueName: "e", \.adamEpsilon,
                rule: Rule { $0.isFinite && $0 > 0 ? nil : "must be a finite number above 0" }, matters: { $0.optimizer == .adam }),
        Setting("schedule", help: "Learning-rate schedule: constant, cosine or step.", valueName: "kind", \.schedule),
        Setting("step_size", help: "Epochs between decays of the step schedule.", valueName: "n", \.stepSize,
                rule: Rule { $0 > 0 ? nil : "must be a positive number of epochs" }, matters: { $0.schedule == .step }),
        Setting("gamma", help: "Decay factor of the step schedule.", valueName: "g", \.gamma,
                rule: Rule { $0.isFinite && $0 > 0 && $0 <= 1 ? nil : "must be in (0, 1]" }, matters: { $0.schedule == .step }),
        Setting("seed", help: "Seed of every random choice.", valueName: "n", \.seed),
        Setting("train_limit", help: "Use only the first N training images (all: every one).", valueName: "n|all", \.trainLimit,
                rule: Rule { $0.map { $0 > 0 } ?? true ? nil : "must be a positive number of images" }),
        Setting("validation_size", help: "Training images held out for validation.", valueName: "n", \.validationSize,
                rule: Rule { $0 > 0 ? nil : "must be a positive number of images" }),
        // Only a forward pass that ends in log_softmax has a choice of loss (nll needs log-probabilities).
        Setting("loss", help: "Loss applied to forward's output: cross_entropy, or nll after log_softmax.", valueName: "name", \.loss,
                matters: { $0.architecture.returnsLogProbabilities || $0.loss != .crossEntropy }, omittedWhenDefault: true),
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

extension TrainingConfig: Codable {
    /// `metrics.json` holds the network and every setting under its Swift name (the encoders turn
    /// it into the snake-case key); a setting missing from an older file keeps its default.
    /// The architecture is recorded only when it is not the built-in one (`architecture`: modules and
    /// forward order as the params file writes them), so runs of the built-in networks keep their bytes.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: SettingCodingKey.self)
        self.init(network: try container.decode(NetworkName.self, forKey: SettingCodingKey("network")))
        for setting in Self.settings { try setting.decode(&self, container) }
        if let recorded = try container.decodeIfPresent(RecordedArchitecture.self, forKey: SettingCodingKey("architecture")) {
            do {
                let className = recorded.className ?? network.architecture.className
                architecture = try NetworkArchitecture.described(
                    className: className, title: network.architecture.className,
                    modules: recorded.modules.map { line in
                        let parts = line.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
                    },
                    forward: ArchitectureDescription.splitSteps(recorded.forward))
                architecture.sourceFile = recorded.source
            } catch {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: container.codingPath, debugDescription: "architecture: \(error)"))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: SettingCodingKey.self)
        try container.encode(network, forKey: SettingCodingKey("network"))
        for setting in Self.settings { try setting.encode(self, &container) }
        if !usesBuiltInArchitecture {
            try container.encode(RecordedArchitecture(architecture, defaultClassName: network.architecture.className), forKey: SettingCodingKey("architecture"))
        }
    }
}

/// An architecture in `metrics.json`: `name: Constructor(…)` per module, and the forward order.
struct RecordedArchitecture: Codable {
    /// The class name, when it is not the assignment's (a student's `Net`); absent otherwise.
    var className: String?
    /// The class file it was read from, for people (not part of the configuration's identity).
    var source: String?
    var modules: [String]
    var forward: String

    init(_ architecture: NetworkArchitecture, defaultClassName: String) {
        className = architecture.className == defaultClassName ? nil : architecture.className
        source = architecture.sourceFile
        modules = architecture.moduleDescriptions.map { "\($0.name): \($0.constructor)" }
        forward = architecture.forwardDescription
    }
}

extension ComputeSettings {
    /// Checks a thread count given by a user; the error names the key.
    public static func validateThreads(_ threads: Int) throws(ConfigError) {
        guard threads > 0, threads <= 256 else { throw ConfigError(key: "threads", message: "must be between 1 and 256, got \(threads)") }
    }
}
