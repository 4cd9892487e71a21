import NeuralNet
import Training

/// One run's second half of training read image by image: its last epochs against as many epochs ending at the middle
/// epoch, just before the second half (epochs 10–12 against 4–6 of 12). Fixed windows, not a lowest or best epoch, so no
/// start is chosen by its own noise; averaging a few epochs damps the zig-zag from one epoch to the next. Each validation
/// image is paired with itself: the change of the mean loss is weighed against the images' own changes, and so is the
/// change of the error rate (how many of the window's epochs got the image wrong), both by the sign-flip test.
public struct SecondHalfChange: Equatable, Sendable {
    public var seed: UInt64
    /// The epochs (counted from 1) of the window before the second half and of the last window, of equal width.
    public var early: ClosedRange<Int>
    public var late: ClosedRange<Int>
    public var images: Int
    /// Mean validation loss over the images and the window's epochs.
    public var lossEarly: Double
    public var lossLate: Double
    /// Two-sided p of the sign-flip test of the per-image changes of the window-mean loss.
    public var lossP: Double
    /// Mean validation accuracy over the window's epochs.
    public var accuracyEarly: Double
    public var accuracyLate: Double
    /// Two-sided p of the sign-flip test of the per-image changes of the share of the window's epochs that got it wrong.
    public var accuracyP: Double
    /// The images misclassified in every epoch of both windows, and their mean loss in each: the mistakes chosen by no single
    /// epoch's outcome, whose growing loss is confidence in them, not new errors.
    public var persistentMistakes: Int
    public var persistentLossEarly: Double
    public var persistentLossLate: Double
    /// The mean loss's change split between the images wrong throughout and the rest (each part summed over its images and
    /// divided by all `images`, so the two add up to the change): a rise carried by the mistakes while the rest fell is
    /// confidence in the mistakes, not a broad loss of fit.
    public var changeFromPersistent: Double
    public var changeFromRest: Double
    /// Two-sided p of the sign-flip test of the images wrong throughout: whether their loss grew beyond chance.
    public var persistentP: Double
    /// The same test of the other images: whether their loss fell (or rose) beyond chance.
    public var restP: Double
    /// The level each test is held to: 5% shared by the seeds tested alongside it (Bonferroni).
    public var testLevel: Double

    /// The change of the mean loss relative to the early window's.
    public var relativeLossChange: Double { lossEarly > 0 ? lossLate / lossEarly - 1 : 0 }
    /// The change of the mean accuracy, in its own units (0.0025 is 0.25 points).
    public var accuracyChange: Double { accuracyLate - accuracyEarly }
    public var lossRoseSignificantly: Bool { lossLate > lossEarly && lossP < testLevel }
    public var lossFellSignificantly: Bool { lossLate < lossEarly && lossP < testLevel }
    public var accuracyRoseSignificantly: Bool { accuracyLate > accuracyEarly && accuracyP < testLevel }
    /// Fewer images right in the last epochs than before the second half, beyond chance: overfitting.
    public var accuracyFellSignificantly: Bool { accuracyLate < accuracyEarly && accuracyP < testLevel }
    /// The mean loss of the images not wrong throughout, over each window (the whole mean less the persistent mistakes').
    public var restLossEarly: Double { restMean(lossEarly, persistentLossEarly) }
    public var restLossLate: Double { restMean(lossLate, persistentLossLate) }
    private func restMean(_ all: Double, _ persistent: Double) -> Double {
        let rest = images - persistentMistakes
        return rest > 0 ? (all * Double(images) - persistent * Double(persistentMistakes)) / Double(rest) : 0
    }
    /// Whether the images wrong throughout grew more confidently wrong (there being any).
    /// The share of the late window's validation loss that the images wrong throughout carry: how few images the loss
    /// turns on, and so how little it says of the many.
    public var persistentShareLate: Double {
        lossLate > 0 && images > 0 ? Double(persistentMistakes) * persistentLossLate / (Double(images) * lossLate) : 0
    }
    public var mistakesGrewSurer: Bool { persistentMistakes > 0 && persistentLossLate > persistentLossEarly }
    /// Whether the other images' loss fell beyond chance, at `testLevel`.
    public var restFellSignificantly: Bool { changeFromRest < 0 && restP < testLevel }
    /// Whether they grew surer beyond chance, at `testLevel`.
    public var mistakesGrewSurerSignificantly: Bool { mistakesGrewSurer && persistentP < testLevel }

    /// The two windows for a run of `epochs` epochs: a quarter of them each (at least one), the early one ending at the
    /// middle epoch, the late one at the last; nil with fewer than 4 epochs, too few for two windows apart.
    public static func windows(epochs: Int) -> (early: ClosedRange<Int>, late: ClosedRange<Int>)? {
        guard epochs >= 4 else { return nil }
        let width = max(1, epochs / 4), middle = epochs / 2
        return ((middle - width + 1)...middle, (epochs - width + 1)...epochs)
    }

    /// The windows a network's `runs` are compared on: several runs of as many epochs, each with its per-image validation
    /// losses and errors; nil otherwise, when the discussion reads each run from its own lowest epoch.
    public static func comparedWindows(of runs: [RunMetrics]) -> (early: ClosedRange<Int>, late: ClosedRange<Int>)? {
        guard runs.count > 1, let epochs = runs.first?.epochs.count, runs.allSatisfy({ $0.epochs.count == epochs }),
              runs.allSatisfy({ run in run.epochs.allSatisfy { $0.valErrors != nil } && run.recordsValidationLosses }) else { return nil }
        return windows(epochs: epochs)
    }

    /// Per epoch, the mean validation loss of the images `run` got wrong in every epoch of both windows and of the rest: the
    /// figure of where the second half's loss went. Nil without the run's per-image record, or when no image (or every one)
    /// was wrong throughout.
    /// `count`: how many images were wrong throughout.
    public static func lossByEpoch(of run: RunMetrics, early: ClosedRange<Int>, late: ClosedRange<Int>) -> (wrongThroughout: [Double], rest: [Double], count: Int)? {
        guard let losses = run.validationLossMatrix, losses.count == run.epochs.count, late.upperBound <= losses.count,
              let images = losses.first?.count, images > 0,
              (Array(early) + Array(late)).allSatisfy({ run.epochs[$0 - 1].valErrors != nil }) else { return nil }
        let throughout = wrongInEvery([early, late], errors: run.epochs.map { $0.valErrors ?? [] }, images: images)
        let count = throughout.filter { $0 }.count
        guard count > 0, count < images else { return nil }
        var wrong: [Double] = [], rest: [Double] = []  // (epochs)
        for epoch in losses {
            var (sumWrong, sumRest) = (0.0, 0.0)
            for image in 0..<images { if throughout[image] { sumWrong += Double(epoch[image]) } else { sumRest += Double(epoch[image]) } }
            wrong.append(sumWrong / Double(count))
            rest.append(sumRest / Double(images - count))
        }
        return (wrong, rest, count)
    }

    /// Per image, whether it was wrong in every epoch of `windows` (`errors`: per epoch, counted from 1, its wrong images):
    /// the mistakes no single epoch's outcome chose.
    static func wrongInEvery(_ windows: [ClosedRange<Int>], errors: [[Int]], images: Int) -> [Bool] {
        var wrong = [Int](repeating: 0, count: images)  // (images)
        for epoch in windows.flatMap(Array.init) {
            for image in errors[epoch - 1] where image >= 0 && image < images { wrong[image] += 1 }
        }
        let epochs = windows.map(\.count).reduce(0, +)
        return wrong.map { $0 == epochs }
    }

    /// The change of `run`, its tests at `testLevel`; nil when the run is too short for two windows or did not record its
    /// per-image validation losses and errors.
    public init?(_ run: RunMetrics, testLevel: Double) {
        guard let (early, late) = Self.windows(epochs: run.epochs.count), let losses = run.validationLossMatrix,
              losses.count == run.epochs.count else { return nil }
        let images = losses[0].count
        var errors: [[Int]] = []  // (epochs, wrong images)
        for record in run.epochs {
            guard let wrong = record.valErrors else { return nil }
            errors.append(wrong)
        }
        self.init(seed: run.seed, early: early, late: late, losses: losses, errors: errors, images: images, testLevel: testLevel)
    }

    /// The change between the windows of per-epoch, per-image losses `losses` (epochs, images) and misclassified images
    /// `errors` (epochs, wrong images), epochs counted from 1 in the windows.
    init(seed: UInt64, early: ClosedRange<Int>, late: ClosedRange<Int>, losses: [[Float]], errors: [[Int]], images: Int, testLevel: Double) {
        precondition(losses.allSatisfy { $0.count == images } && late.upperBound <= losses.count && errors.count == losses.count, "every epoch scores the same images")
        self.seed = seed
        self.early = early
        self.late = late
        self.images = images
        self.testLevel = testLevel
        /// Per image, the window's mean loss and how many of its epochs got it wrong.
        func window(_ epochs: ClosedRange<Int>) -> (loss: [Double], wrong: [Int]) {
            var loss = [Double](repeating: 0, count: images)  // (images)
            var wrong = [Int](repeating: 0, count: images)  // (images)
            for epoch in epochs {
                for image in 0..<images { loss[image] += Double(losses[epoch - 1][image]) }
                for image in errors[epoch - 1] where image >= 0 && image < images { wrong[image] += 1 }
            }
            return (loss.map { $0 / Double(epochs.count) }, wrong)
        }
        let (from, to) = (window(early), window(late))
        let n = Double(max(1, images)), width = Double(early.count)
        lossEarly = from.loss.reduce(0, +) / n
        lossLate = to.loss.reduce(0, +) / n
        accuracyEarly = 1 - Double(from.wrong.reduce(0, +)) / (n * width)
        accuracyLate = 1 - Double(to.wrong.reduce(0, +)) / (n * width)
        lossP = PairedEpochChange.signFlipP(zip(from.loss, to.loss).map { $1 - $0 }, seed: seed)
        accuracyP = PairedEpochChange.signFlipP(zip(from.wrong, to.wrong).map { Double($1 - $0) }, seed: seed)
        let throughout = Self.wrongInEvery([early, late], errors: errors, images: images)
        let persistent = (0..<images).filter { throughout[$0] }
        persistentMistakes = persistent.count
        persistentLossEarly = persistent.isEmpty ? 0 : persistent.map { from.loss[$0] }.reduce(0, +) / Double(persistent.count)
        persistentLossLate = persistent.isEmpty ? 0 : persistent.map { to.loss[$0] }.reduce(0, +) / Double(persistent.count)
        var (fromPersistent, fromRest) = (0.0, 0.0)
        for image in 0..<images {
            let change = to.loss[image] - from.loss[image]
            if throughout[image] { fromPersistent += change } else { fromRest += change }
        }
        (changeFromPersistent, changeFromRest) = (fromPersistent / n, fromRest / n)
        persistentP = PairedEpochChange.signFlipP(persistent.map { to.loss[$0] - from.loss[$0] }, seed: seed)
        restP = PairedEpochChange.signFlipP((0..<images).filter { !throughout[$0] }.map { to.loss[$0] - from.loss[$0] }, seed: seed)
    }
}
