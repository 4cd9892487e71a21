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
    /// The test accuracy the write-up quotes: the mean over the seeds, or the one run's.
    var meanTestAccuracy: Double { testAccuracy?.mean ?? representative.test.accuracy }
    /// Best validation accuracies over the seeds.
    var bestValAccuracy: Statistics.Summary? { Statistics.summary(runs.map { $0.bestEpoch?.valAccuracy ?? 0 }) }
    /// The test confusion matrices of all the runs, summed cell by cell: every test image once per seed.
    var summedConfusion: [[Int]] { Self.summedConfusion(runs) }

    /// Per test image (of `images`), how many of `runs` misclassified it; nil when a run did not record its test errors.
    static func testMissCounts(_ runs: [RunMetrics], images: Int) -> [Int]? {
        var misses = [Int](repeating: 0, count: images)  // (images)
        for run in runs {
            guard let errors = run.testErrors else { return nil }
            for index in errors where index >= 0 && index < images { misses[index] += 1 }
        }
        return misses
    }

    /// `runs`' test confusion matrices summed cell by cell (the first run's shape).
    static func summedConfusion(_ runs: [RunMetrics]) -> [[Int]] {
        guard let first = runs.first?.confusion else { return [] }
        return first.indices.map { row in first[row].indices.map { column in
            runs.reduce(0) { $0 + ($1.confusion.indices.contains(row) && $1.confusion[row].indices.contains(column) ? $1.confusion[row][column] : 0) }
        } }
    }

    /// The most frequent mistake in a confusion matrix, the first (by true, then predicted class) among equals; nil
    /// without mistakes.
    static func commonestConfusion(_ confusion: [[Int]]) -> (digit: Int, takenFor: Int)? {
        let cells = confusion.indices.flatMap { row in confusion[row].indices.filter { $0 != row }.map { (row, $0) } }
        guard let top = cells.max(by: { confusion[$0.0][$0.1] < confusion[$1.0][$1.1] || (confusion[$0.0][$0.1] == confusion[$1.0][$1.1] && ($0.0, $0.1) > ($1.0, $1.1)) }),
              confusion[top.0][top.1] > 0 else { return nil }
        return top
    }

    /// Each true class's mistakes in a confusion matrix: its row's total less the diagonal.
    static func mistakesByDigit(_ confusion: [[Int]]) -> [Int] {
        confusion.indices.map { row in confusion[row].reduce(0, +) - (row < confusion[row].count ? confusion[row][row] : 0) }
    }

    /// Per run, per epoch, how many validation images switched between right and wrong since the epoch before (either
    /// way); nil for the first epoch, which has none before it. Nil unless every run recorded its validation errors at
    /// every epoch: a mean over some seeds would be on another basis than the rest.
    static func validationSwitchesByRun(_ runs: [RunMetrics]) -> [[Int?]]? {
        guard let epochs = runs.map(\.epochs.count).min(), !runs.isEmpty else { return nil }
        let errors = runs.map { run in run.epochs.prefix(epochs).compactMap { $0.valErrors.map(Set.init) } }
        guard errors.allSatisfy({ $0.count == epochs }) else { return nil }
        return errors.map { run in (0..<epochs).map { epoch in epoch > 0 ? run[epoch - 1].symmetricDifference(run[epoch]).count : nil } }
    }

    /// `validationSwitchesByRun`, the mean over `runs`; NaN for the first epoch.
    static func validationSwitches(_ runs: [RunMetrics]) -> [Double]? {
        validationSwitchesByRun(runs).map(meanSwitches)
    }

    /// Per epoch, the mean of the runs' switch counts (`validationSwitchesByRun`); NaN where a run has none.
    static func meanSwitches(_ byRun: [[Int?]]) -> [Double] {
        (0..<(byRun.first?.count ?? 0)).map { epoch in
            let counts = byRun.compactMap { $0[epoch] }
            return counts.count == byRun.count ? Double(counts.reduce(0, +)) / Double(byRun.count) : .nan
        }
    }

    /// `validationSwitches` of this group's runs.
    var validationSwitches: [Double]? { Self.validationSwitches(runs) }

    /// "seed 1", or "3 seeds summed": what `summedConfusion` covers.
    var confusionBasis: String { isMultiSeed ? "\(runs.count) seeds summed" : "seed \(representative.seed)" }

    /// Training times over the seeds.
    var trainSeconds: Statistics.Summary? { Statistics.summary(runs.map(\.timing.trainSeconds)) }
}
