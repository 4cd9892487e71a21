import MNIST

/// What a run needs before it starts: its configuration, checked once against the data it trains on,
/// and that data split as the configuration says. A `Trainer` starts only from a plan, so no run can
/// begin from settings that were never checked, and no command checks or splits twice.
public struct TrainingPlan: Sendable {
    public let config: TrainingConfig
    /// The files the split came from (their folder and hashes are recorded with the run).
    public let data: MNIST
    public let training: LabeledImages    // (N, 28, 28), the first images of the training file
    public let validation: LabeledImages  // (validation_size, 28, 28), the last images of the training file
    public let test: LabeledImages        // (10,000, 28, 28), t10k

    /// Checks every setting of `config` against `data`'s training file (the error names the first bad
    /// key and what is allowed), then splits the data.
    public init(_ config: TrainingConfig, data: MNIST) throws {
        try config.validate(trainingFileImages: data.train.count)
        let split = try data.split(validationSize: config.validationSize, trainLimit: config.trainLimit)
        self.init(config: config, data: data, training: split.training, validation: split.validation, test: split.test)
    }

    private init(config: TrainingConfig, data: MNIST, training: LabeledImages, validation: LabeledImages, test: LabeledImages) {
        self.config = config
        self.data = data
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// The same plan with another seed: the seed drives only the initial weights and the epochs' order,
    /// so nothing needs checking or splitting again.
    public func reseeded(_ seed: UInt64) -> TrainingPlan {
        var config = config
        config.seed = seed
        return TrainingPlan(config: config, data: data, training: training, validation: validation, test: test)
    }
}
