import NeuralNet
import Training

/// How two runs compare on the same test images.
public struct PairedComparison: Equatable, Sendable {
    /// Test images only the first run classifies correctly, and only the second.
    public var onlyFirst: Int
    public var onlySecond: Int
    /// The exact McNemar p-value of `onlyFirst` against `onlySecond`.
    public var pValue: Double

    /// Compares two runs' misclassified test images (nil when either run did not record them).
    public init?(_ first: RunMetrics, _ second: RunMetrics) {
        guard let a = first.testErrors, let b = second.testErrors, first.data.sha256 == second.data.sha256 else { return nil }
        let wrongFirst = Set(a), wrongSecond = Set(b)
        onlyFirst = wrongSecond.subtracting(wrongFirst).count
        onlySecond = wrongFirst.subtracting(wrongSecond).count
        pValue = Statistics.exactMcNemar(onlyFirst: onlyFirst, onlySecond: onlySecond)
    }

    /// Significant at the 5% level.
    public var isSignificant: Bool { pValue < 0.05 }
}

/// Two networks against each other: test accuracy over the seeds (paired seed by seed, with a t
/// interval of the mean difference), each seed's McNemar test, and what each network costs.
public struct NetworkComparison: Sendable {
    public var first: RunGroup
    public var second: RunGroup
    /// Test accuracy differences second − first, seed by seed (the seeds both networks have, in order).
    public var differences: [Double]
    /// The mean of `differences` and its 95% t interval (nil with fewer than two pairs).
    public var meanDifference: Double
    public var interval: (lower: Double, upper: Double)?
    /// Each pair's McNemar test, when both runs recorded their errors.
    public var pairs: [PairedComparison]
    /// Whether every run of one network is more accurate than every run of the other.
    public var separated: Bool
    /// The parameters, multiply-adds per image and mean training seconds of each.
    public var parameters: (first: Int, second: Int)
    public var multiplyAdds: (first: Int, second: Int)
    public var trainSeconds: (first: Double, second: Double)
    /// The CPUs that timed the runs (one when all were timed on the same).
    public var timingCPUs: [String]

    public init(_ first: RunGroup, _ second: RunGroup, facts: [NetworkName: ArchitectureFacts]) {
        self.first = first
        self.second = second
        let seedsOfSecond = Dictionary(second.runs.map { ($0.seed, $0) }, uniquingKeysWith: { a, _ in a })
        let matched = first.runs.compactMap { run in seedsOfSecond[run.seed].map { (run, $0) } }
        differences = matched.map { $1.test.accuracy - $0.test.accuracy }
        let summary = Statistics.summary(differences)
        meanDifference = summary?.mean ?? (second.representative.test.accuracy - first.representative.test.accuracy)
        if let summary, summary.count >= 2 {
            let half = Statistics.t975(degreesOfFreedom: summary.count - 1) * summary.standardDeviation / Double(summary.count).squareRoot()
            interval = (summary.mean - half, summary.mean + half)
        } else {
            interval = nil
        }
        pairs = matched.compactMap { PairedComparison($0, $1) }
        let a = first.runs.map(\.test.accuracy), b = second.runs.map(\.test.accuracy)
        separated = (a.max() ?? 0) < (b.min() ?? 0) || (b.max() ?? 0) < (a.min() ?? 0)
        parameters = (first.representative.parameters, second.representative.parameters)
        multiplyAdds = (facts[first.network]?.totalMultiplyAdds ?? 0, facts[second.network]?.totalMultiplyAdds ?? 0)
        trainSeconds = (first.trainSeconds?.mean ?? 0, second.trainSeconds?.mean ?? 0)
        var cpus: [String] = []
        for run in first.runs + second.runs where !cpus.contains(run.timing.cpu) { cpus.append(run.timing.cpu) }
        timingCPUs = cpus
    }

    /// The better network by test accuracy, or nil when the seeds cannot tell: with several seeds
    /// the interval excludes 0 or every run of one beats every run of the other; with one seed
    /// McNemar's test is significant.
    public var better: RunGroup? {
        let decided: Bool
        if let interval {
            decided = interval.lower > 0 || interval.upper < 0 || separated
        } else {
            decided = pairs.first?.isSignificant ?? false
        }
        guard decided, meanDifference != 0 else { return nil }
        return meanDifference > 0 ? second : first
    }

    /// Test images both networks' first runs get wrong, and each one's count.
    public var sharedErrors: (both: Int, first: Int, second: Int)? {
        guard let a = first.representative.testErrors, let b = second.representative.testErrors else { return nil }
        return (Set(a).intersection(b).count, a.count, b.count)
    }
}
