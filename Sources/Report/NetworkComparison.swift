import NeuralNet
import Training

/// How two runs compare on the same test images.
public struct PairedComparison: Equatable, Sendable {
    /// Test images only the first run classifies correctly, and only the second.
    public var onlyFirst: Int
    public var onlySecond: Int
    /// The exact McNemar p-value of `onlyFirst` against `onlySecond`.
    public var pValue: Double
    /// The test images both runs classified.
    public var images: Int
    /// The seed of the first run, and of the second (the same when the runs are paired by seed).
    public var seed: UInt64
    public var secondSeed: UInt64

    /// Compares two runs' misclassified test images (nil when either run did not record them).
    public init?(_ first: RunMetrics, _ second: RunMetrics) {
        guard let a = first.testErrors, let b = second.testErrors, first.data.sha256 == second.data.sha256 else { return nil }
        let wrongFirst = Set(a), wrongSecond = Set(b)
        seed = first.seed
        secondSeed = second.seed
        images = first.data.testImages
        onlyFirst = wrongSecond.subtracting(wrongFirst).count
        onlySecond = wrongFirst.subtracting(wrongSecond).count
        pValue = Statistics.exactMcNemar(onlyFirst: onlyFirst, onlySecond: onlySecond)
    }

    /// Every run of `first` against every run of `second`, `first`'s runs outermost, when both networks have several runs
    /// (a seed pairs nothing between two architectures, so no pairing is privileged); empty otherwise. Runs without their
    /// test errors are left out.
    public static func allPairings(_ first: [RunMetrics], _ second: [RunMetrics]) -> [PairedComparison] {
        guard first.count > 1, second.count > 1 else { return [] }
        return first.flatMap { a in second.compactMap { PairedComparison(a, $0) } }
    }

    /// The second run's accuracy minus the first's, with the interval of ± `z` standard errors of a paired
    /// difference of proportions, √(b + c − (b − c)²/n) / n for b and c images right for one run only.
    public func difference(z: Double) -> (value: Double, lower: Double, upper: Double) {
        let n = Double(max(1, images)), b = Double(onlySecond), c = Double(onlyFirst)
        let value = (b - c) / n, error = max(0, b + c - (b - c) * (b - c) / n).squareRoot() / n
        return (value, value - z * error, value + z * error)
    }

    /// Significant at the 5% level.
    public var isSignificant: Bool { pValue < 0.05 }
}

/// Two networks against each other: test accuracy over the seeds (paired seed by seed, with a t
/// interval of the mean difference), each seed's McNemar test, and what each network costs.
public struct NetworkComparison: Sendable {
    public var first: RunGroup
    public var second: RunGroup
    /// Second's mean test accuracy minus first's, and its 95% Welch t interval (nil unless both have
    /// at least two runs).
    public var meanDifference: Double
    public var interval: (lower: Double, upper: Double)?
    /// Whether `interval` excludes zero, the gap established over the seeds; nil without the interval.
    public var intervalExcludesZero: Bool? { interval.map { $0.lower > 0 || $0.upper < 0 } }
    /// Each pair's McNemar test, when both runs recorded their errors.
    public var pairs: [PairedComparison]
    /// McNemar's test of every run of the first network against every run of the second (`PairedComparison.allPairings`).
    public var crossPairs: [PairedComparison]
    /// Whether every run of one network is more accurate than every run of the other.
    public var separated: Bool
    /// Whether every run of the network ahead on test accuracy also ends with a higher validation accuracy than every run
    /// of the other: the split seen again on images no test decision looked at.
    public var separatedOnValidation: Bool
    /// The parameters, multiply-adds per image and mean training seconds of each.
    public var parameters: (first: Int, second: Int)
    public var multiplyAdds: (first: Int, second: Int)
    /// `group`'s multiply-adds per image, whichever of the two it is.
    func multiplyAdds(of group: RunGroup) -> Int { group.network == first.network ? multiplyAdds.first : multiplyAdds.second }
    public var trainSeconds: (first: Double, second: Double)
    /// The CPUs that timed the runs (one when all were timed on the same).
    public var timingCPUs: [String]

    public init(_ first: RunGroup, _ second: RunGroup, facts: [NetworkName: SummaryTable]) {
        self.first = first
        self.second = second
        let seedsOfSecond = Dictionary(second.runs.map { ($0.seed, $0) }, uniquingKeysWith: { a, _ in a })
        let matched = first.runs.compactMap { run in seedsOfSecond[run.seed].map { (run, $0) } }
        // Welch's interval for the difference of the mean test accuracies: the two networks' runs are
        // independent samples (a seed gives two architectures neither the same weights nor the same batches).
        let welch = Statistics.welchInterval(first.runs.map(\.test.accuracy), second.runs.map(\.test.accuracy))
        meanDifference = welch?.difference ?? ((second.testAccuracy?.mean ?? 0) - (first.testAccuracy?.mean ?? 0))
        interval = welch.map { ($0.lower, $0.upper) }
        pairs = matched.compactMap { PairedComparison($0, $1) }
        crossPairs = PairedComparison.allPairings(first.runs, second.runs)
        let a = first.runs.map(\.test.accuracy), b = second.runs.map(\.test.accuracy)
        separated = (a.max() ?? 0) < (b.min() ?? 0) || (b.max() ?? 0) < (a.min() ?? 0)
        let va = first.runs.compactMap { $0.epochs.last?.valAccuracy }, vb = second.runs.compactMap { $0.epochs.last?.valAccuracy }
        let secondAhead = (b.min() ?? 0) > (a.max() ?? 0)
        separatedOnValidation = separated && va.count == a.count && vb.count == b.count
            && (secondAhead ? (vb.min() ?? 0) > (va.max() ?? 0) : (va.min() ?? 0) > (vb.max() ?? 0))
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
        if let excludesZero = intervalExcludesZero {
            decided = excludesZero || separated
        } else {
            decided = pairs.first?.isSignificant ?? false
        }
        guard decided, meanDifference != 0 else { return nil }
        return meanDifference > 0 ? second : first
    }

    /// The network compared with `group`: the second for the first, the first for the second.
    public func other(than group: RunGroup) -> RunGroup {
        group.network == first.network ? second : first
    }

    /// Whether every run recorded the same number of threads (timings then compare like with like).
    public var sameThreads: Bool { Set((first.runs + second.runs).map(\.timing.threads)).count == 1 }

    /// The mean ratio of second's to first's training time over the seeds whose two runs had the
    /// same number of threads; nil when no seed's runs match.
    public var matchedTimeRatio: Double? {
        let ratios = matchedTimeRatios
        guard !ratios.isEmpty else { return nil }
        return ratios.reduce(0, +) / Double(ratios.count)
    }

    /// The second network's training time over the first's, for each seed both trained with the same threads.
    public var matchedTimeRatios: [Double] { matchedTimeRatiosWithThreads.map(\.ratio) }

    /// `matchedTimeRatios` with the threads each seed's two runs had, in seed order.
    public var matchedTimeRatiosWithThreads: [(threads: Int, ratio: Double)] {
        let seconds = Dictionary(second.runs.map { ($0.seed, $0) }, uniquingKeysWith: { a, _ in a })
        return first.runs.compactMap { run -> (threads: Int, ratio: Double)? in
            guard let other = seconds[run.seed], other.timing.threads == run.timing.threads, run.timing.trainSeconds > 0 else { return nil }
            return (run.timing.threads, other.timing.trainSeconds / run.timing.trainSeconds)
        }
    }

    /// With every run of one network ahead of every run of the other: the chance of a split as clean, either way
    /// round, under exchangeable runs, 2 / C(n + m, n) (two-sided, as every test of the report); nil otherwise.
    public var cleanSplitProbability: Double? {
        guard separated, first.runs.count >= 2, second.runs.count >= 2 else { return nil }
        let n = first.runs.count, m = second.runs.count
        var ways = 1.0
        for k in 0..<n { ways = ways * Double(m + n - k) / Double(k + 1) }
        return min(1, 2 / ways)
    }

    /// The fewest seeds per network (up to 100) that would detect the measured difference 4 times in 5 (80% power of
    /// the two-sided 5% Welch test, normal approximation: |d| ≥ (t + z₀.₈) · standard error) if both networks spread
    /// between seeds as widely as the wider one did: a spread measured on a few seeds is itself uncertain, and the
    /// narrower one is the likelier to be an underestimate. Nil without a difference or an interval.
    public var seedsForPower: Int? {
        guard interval != nil, meanDifference != 0, let sa = first.testAccuracy, let sb = second.testAccuracy else { return nil }
        let wider = max(sa.standardDeviation, sb.standardDeviation)
        let (va, vb) = (wider * wider, wider * wider)
        let power = Statistics.normalQuantile(0.8)
        return (2...100).first { n in
            let (ea, eb) = (va / Double(n), vb / Double(n))
            return (Statistics.t975(degreesOfFreedom: Statistics.welchDegrees(ea, n, eb, n)) + power) * (ea + eb).squareRoot() <= abs(meanDifference)
        }
    }

    /// Test images both networks' first runs get wrong, and each one's count.
    public var sharedErrors: (both: Int, first: Int, second: Int)? {
        guard let a = first.representative.testErrors, let b = second.representative.testErrors else { return nil }
        return (Set(a).intersection(b).count, a.count, b.count)
    }
}
