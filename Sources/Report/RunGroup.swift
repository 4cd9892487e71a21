import Training

/// One network's runs, one per seed in the params file's order, and where each is stored (relative
/// to the report folder). The first run is the one the confusion matrix and the misclassified digits
/// show; a single run is reported exactly as before seeds lists existed.
public struct RunGroup: Sendable {
    public var runs: [RunMetrics]
    /// `runs/<net>` or `runs/<net>/seed-<n>`, one per run.
    public var folders: [String]

    public init(runs: [RunMetrics], folders: [String]) {
        precondition(!runs.isEmpty && runs.count == folders.count, "a group has one folder per run, and at least one run")
        self.runs = runs
        self.folders = folders
    }

    public var network: NetworkName { representative.network }
    /// The run whose confusion matrix and mistakes are shown: the first seed's.
    public var representative: RunMetrics { runs[0] }
    public var isMultiSeed: Bool { runs.count > 1 }
    /// Test accuracies over the seeds.
    var testAccuracy: Statistics.Summary? { Statistics.summary(runs.map(\.test.accuracy)) }
    /// Best validation accuracies over the seeds.
    var bestValAccuracy: Statistics.Summary? { Statistics.summary(runs.map { $0.bestEpoch?.valAccuracy ?? 0 }) }
    /// Training times over the seeds.
    var trainSeconds: Statistics.Summary? { Statistics.summary(runs.map(\.timing.trainSeconds)) }
}
