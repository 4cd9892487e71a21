import NeuralNet
import Training

/// One run's validation images compared between two epochs image by image: its lowest validation loss
/// and its last epoch. Pairing each image with itself removes what differs between images, so a change
/// of the mean loss is weighed against the per-image changes themselves (a sign-flip test: a handful of
/// images carries most of a log-loss, which leaves a normal approximation unsure near its threshold, and
/// the test needs no shape of their spread), and a change of accuracy against the images that turned
/// wrong or right (McNemar's exact test).
public struct PairedEpochChange: Equatable, Sendable {
    public var seed: UInt64
    /// The epoch of the run's lowest validation loss (the first of equal ones) and the last epoch.
    public var fromEpoch: Int
    public var toEpoch: Int
    public var images: Int
    /// Mean validation loss at `fromEpoch` and at `toEpoch` (from the per-image losses).
    public var lossFrom: Double
    public var lossTo: Double
    /// Two-sided p of the sign-flip test of the per-image changes (`signFlips` random flips).
    public var signFlipP: Double
    /// Images whose loss fell, and rose, between the two epochs: a rise of the mean that most images do
    /// not share is carried by the few.
    public var imagesLower: Int
    public var imagesHigher: Int
    /// The images misclassified at either epoch, and their part of the mean change (their summed
    /// change over all `images`); the other images' part is `changeFromRest`. A mean log-loss is
    /// dominated by its mistakes, so this split tells confidence on mistakes from a broad change.
    public var mistakenImages: Int
    public var changeFromMistaken: Double
    public var changeFromRest: Double
    /// The images misclassified at both epochs and their mean loss at each: the cleanest view of confidence in
    /// mistakes, since it selects images by neither epoch's outcome alone.
    public var persistentMistakes: Int
    public var persistentLossFrom: Double
    public var persistentLossTo: Double
    /// Images right at `fromEpoch` and wrong at `toEpoch`, and the other way round.
    public var turnedWrong: Int
    public var turnedRight: Int

    /// Whether the mean loss rose beyond its noise: higher at `toEpoch`, the sign-flip test passing at `testLevel`.
    public var riseBeyondNoise: Bool { lossTo > lossFrom && signFlipP < testLevel }
    /// Whether the images misclassified at both epochs became more confidently wrong (there being any).
    public var mistakesGrewSurer: Bool { persistentMistakes > 0 && persistentLossTo > persistentLossFrom }
    /// Whether at least as many images turned right as turned wrong: the accuracy held.
    public var accuracyHeld: Bool { turnedRight >= turnedWrong }
    /// Whether the change is confidence in mistakes: the rise sits on the images misclassified at either epoch, the others'
    /// loss fell, and those wrong at both grew surer.
    public var isConfidence: Bool { changeFromMistaken > 0 && changeFromRest < 0 && mistakesGrewSurer }
    /// The change relative to the loss at `fromEpoch`.
    public var relativeChange: Double { lossFrom > 0 ? lossTo / lossFrom - 1 : 0 }
    /// McNemar's exact two-sided p-value for the images that turned wrong against those that turned right.
    public var mcNemarP: Double { Statistics.exactMcNemar(onlyFirst: turnedWrong, onlySecond: turnedRight) }

    /// The 5% level of all the tests of a network's seeds, shared between them (Bonferroni).
    static let significantP = 0.05
    /// The level this change's tests are held to: 5% shared by the seeds tested alongside it
    /// (`CurveFindings` sets it; 5% for a run on its own).
    public var testLevel = PairedEpochChange.significantP

    /// What the change shows, both tests at `testLevel`.
    public var reading: CurveFindings.Diagnosis {
        if fromEpoch == toEpoch { return .stillImproving }
        if turnedWrong > turnedRight && mcNemarP < testLevel { return .overfitting }
        if !riseBeyondNoise { return .levelledOff }
        return changeFromRest <= 0 ? .riseFromFewImages : .overconfident
    }

    /// The change of `run` from its lowest validation loss to its last epoch; nil when the run did not
    /// record its per-image validation losses and errors.
    public init?(_ run: RunMetrics) {
        guard let losses = run.validationLossMatrix, losses.count == run.epochs.count,
              let lastIndex = run.epochs.indices.last, run.epochs.allSatisfy({ $0.valErrors != nil }) else { return nil }
        let fromIndex = run.epochs.indices.min { run.epochs[$0].valLoss < run.epochs[$1].valLoss || (run.epochs[$0].valLoss == run.epochs[$1].valLoss && $0 < $1) } ?? lastIndex
        self.init(seed: run.seed, fromEpoch: run.epochs[fromIndex].epoch, toEpoch: run.epochs[lastIndex].epoch,
                  losses: (losses[fromIndex], losses[lastIndex]),
                  errors: (run.epochs[fromIndex].valErrors ?? [], run.epochs[lastIndex].valErrors ?? []))
    }

    /// The change between two epochs' per-image losses and misclassified images.
    init(seed: UInt64, fromEpoch: Int, toEpoch: Int, losses: (from: [Float], to: [Float]), errors: (from: [Int], to: [Int])) {
        precondition(losses.from.count == losses.to.count, "both epochs score the same images")
        self.seed = seed
        self.fromEpoch = fromEpoch
        self.toEpoch = toEpoch
        let n = losses.from.count
        images = n
        let wrongFrom = Set(errors.from), wrongTo = Set(errors.to)
        let mistaken = wrongFrom.union(wrongTo)
        let persistent = wrongFrom.intersection(wrongTo)
        var sumFrom = 0.0, sumTo = 0.0, sumMistaken = 0.0, sumRest = 0.0, persistentFrom = 0.0, persistentTo = 0.0
        var differences = [Double](repeating: 0, count: n)
        for image in 0..<n {
            let from = Double(losses.from[image]), to = Double(losses.to[image])
            sumFrom += from
            sumTo += to
            differences[image] = to - from
            if mistaken.contains(image) { sumMistaken += to - from } else { sumRest += to - from }
            if persistent.contains(image) { persistentFrom += from; persistentTo += to }
        }
        lossFrom = n > 0 ? sumFrom / Double(n) : 0
        lossTo = n > 0 ? sumTo / Double(n) : 0
        imagesLower = differences.filter { $0 < 0 }.count
        imagesHigher = differences.filter { $0 > 0 }.count
        signFlipP = Self.signFlipP(differences, seed: seed)
        mistakenImages = mistaken.count
        changeFromMistaken = n > 0 ? sumMistaken / Double(n) : 0
        changeFromRest = n > 0 ? sumRest / Double(n) : 0
        persistentMistakes = persistent.count
        persistentLossFrom = persistent.isEmpty ? 0 : persistentFrom / Double(persistent.count)
        persistentLossTo = persistent.isEmpty ? 0 : persistentTo / Double(persistent.count)
        turnedWrong = wrongTo.subtracting(wrongFrom).count
        turnedRight = wrongFrom.subtracting(wrongTo).count
    }

    /// How many random sign patterns the test draws: p is then at least 1/10,000.
    static let signFlips = 9_999

    /// The two-sided p of the sign-flip (randomisation) test of the mean of paired `differences`: under the null the
    /// changes are symmetric about zero, so each keeps its size under either sign, and the observed sum is set among the
    /// sums of `signFlips` random sign patterns, drawn from a generator seeded by `seed` (the same p on every machine).
    /// It needs no normal approximation, however few images carry the changes.
    static func signFlipP(_ differences: [Double], seed: UInt64) -> Double {
        let sizes = differences.filter { $0 != 0 }.map(abs)  // an unchanged image adds nothing under either sign
        guard !sizes.isEmpty else { return 1 }
        let observed = abs(differences.reduce(0, +))
        var generator = SplitMix64(seed: seed)
        var atLeast = 0
        var words = [UInt64](repeating: 0, count: (sizes.count + 63) / 64)
        for _ in 0..<signFlips {
            for index in words.indices { words[index] = generator.next() }
            var sum = 0.0
            for (index, size) in sizes.enumerated() {
                sum += (words[index >> 6] >> UInt64(index & 63)) & 1 == 1 ? size : -size
            }
            // A sum equal to the observed one counts as at least as extreme, rounding aside.
            if abs(sum) >= observed * (1 - 1e-12) { atLeast += 1 }
        }
        return Double(atLeast + 1) / Double(signFlips + 1)
    }
}
