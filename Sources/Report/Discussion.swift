import Foundation
import Training

/// What one run's numbers say, as facts a sentence can be built from: every conclusion of the
/// discussion is a field here, computed by a stated rule, so a test can check it on made-up histories.
public struct RunFindings: Sendable {
    /// How the validation loss ended up relative to its lowest value.
    public enum LossTrend: Equatable, Sendable {
        /// Lowest at the last epoch: still falling, no sign of overfitting.
        case stillFalling
        /// Lowest earlier, but the last value is within `overfittingRise` of it.
        case levelledOff(lowestEpoch: Int, rise: Double)
        /// Lowest earlier, and the last value is at least `overfittingRise` above it while the training
        /// loss kept falling: the network fits the training set better and unseen images worse.
        case overfitting(lowestEpoch: Int, rise: Double, peakEpoch: Int, peakRise: Double)
    }

    /// A final validation loss this far (relative) above its minimum counts as overfitting.
    public static let overfittingRise = 0.05
    /// "Still improving" looks at the change of validation accuracy over this many last epochs.
    public static let recentEpochs = 3

    public var title: String
    public var epochs: Int
    public var lowestValLoss: (epoch: Int, value: Double)
    public var finalValLoss: Double
    public var finalValAccuracy: Double
    public var finalTrainLoss: Double
    public var trend: LossTrend
    /// Training minus validation accuracy after the last epoch, in fractions.
    public var finalAccuracyGap: Double
    /// Highest validation accuracy and every epoch that reached it.
    public var bestValAccuracy: (epochs: [Int], value: Double)
    /// Validation accuracy of the last epoch minus that `recentEpochs` earlier (nil for short runs).
    public var recentValAccuracyChange: Double?
    /// Epochs whose validation accuracy beat the training accuracy of the same epoch.
    public var validationAheadEpochs: [Int]
    /// Test images correct and in all.
    public var testCorrect: Int
    public var testTotal: Int
    /// The digits with the lowest test accuracy (all of them on a tie) and that accuracy.
    public var hardestDigits: (digits: [Int], accuracy: Double)
    /// The (true, predicted) pairs confused most often (all of them on a tie) and how often.
    public var mostConfused: (pairs: [(truth: Int, predicted: Int)], count: Int)

    /// A change of validation accuracy smaller than this (0.1 points: 5 of 5,000 validation images) is
    /// within noise and called no change.
    public static let noticeableChange = 0.001

    /// Whether validation accuracy was still rising at the end: its best is in the last two epochs
    /// and it rose noticeably over the last `recentEpochs` epochs.
    public var stillImproving: Bool {
        guard let change = recentValAccuracyChange else { return false }
        return change >= Self.noticeableChange && (bestValAccuracy.epochs.last ?? 0) >= epochs - 1
    }

    /// The findings of `run` (nil when it has no epochs).
    public init?(_ run: RunMetrics) {
        let records = run.epochs
        guard let last = records.last, let first = records.first else { return nil }
        title = run.title
        epochs = records.count
        var lowest = (epoch: first.epoch, value: first.valLoss)
        for record in records where record.valLoss < lowest.value { lowest = (record.epoch, record.valLoss) }
        lowestValLoss = lowest
        finalValLoss = last.valLoss
        finalValAccuracy = last.valAccuracy
        finalTrainLoss = last.trainLoss
        let rise = lowest.value > 0 ? last.valLoss / lowest.value - 1 : 0
        if lowest.epoch == last.epoch {
            trend = .stillFalling
        } else if rise >= Self.overfittingRise, let atLowest = records.first(where: { $0.epoch == lowest.epoch }), last.trainLoss < atLowest.trainLoss {
            var peak = (epoch: lowest.epoch, value: lowest.value)
            for record in records where record.epoch > lowest.epoch && record.valLoss > peak.value { peak = (record.epoch, record.valLoss) }
            trend = .overfitting(lowestEpoch: lowest.epoch, rise: rise, peakEpoch: peak.epoch, peakRise: peak.value / lowest.value - 1)
        } else {
            trend = .levelledOff(lowestEpoch: lowest.epoch, rise: rise)
        }
        finalAccuracyGap = last.trainAccuracy - last.valAccuracy
        let best = records.map(\.valAccuracy).max() ?? 0
        bestValAccuracy = (records.filter { $0.valAccuracy == best }.map(\.epoch), best)
        recentValAccuracyChange = records.count > Self.recentEpochs
            ? last.valAccuracy - records[records.count - 1 - Self.recentEpochs].valAccuracy : nil
        validationAheadEpochs = records.filter { $0.valAccuracy > $0.trainAccuracy }.map(\.epoch)
        let confusion = run.confusion
        testTotal = confusion.flatMap { $0 }.reduce(0, +)
        testCorrect = confusion.indices.map { $0 < confusion[$0].count ? confusion[$0][$0] : 0 }.reduce(0, +)
        let accuracies = confusion.enumerated().compactMap { digit, row -> (Int, Double)? in
            let total = row.reduce(0, +)
            return total > 0 && digit < row.count ? (digit, Double(row[digit]) / Double(total)) : nil
        }
        let lowestAccuracy = accuracies.map(\.1).min() ?? 1
        hardestDigits = (accuracies.filter { $0.1 == lowestAccuracy }.map(\.0), lowestAccuracy)
        var pairs: [(truth: Int, predicted: Int)] = [], count = 0
        for (truth, row) in confusion.enumerated() {
            for (predicted, value) in row.enumerated() where predicted != truth && value > 0 {
                if value > count { pairs = [(truth, predicted)]; count = value } else if value == count { pairs.append((truth, predicted)) }
            }
        }
        mostConfused = (pairs, count)
    }
}

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

/// The `## Discussion` section: sentences built from `RunFindings` and `PairedComparison`, so that
/// they change when the numbers do.
enum DiscussionSection {
    /// A difference of mean test accuracies counts as larger than the seeds' variation when it exceeds
    /// this many times the larger of the two standard deviations and every seed pair agrees on its sign.
    static let spreadFactor = 2.0

    static func text(groups: [RunGroup]) -> String {
        var lines = ["## Discussion", ""]
        for group in groups {
            // Several seeds: the curves as the figures draw them (per-epoch means), the errors of the first seed.
            var run = group.representative
            if group.isMultiSeed { run.epochs = Statistics.meanEpochs(group.runs) }
            guard let finding = RunFindings(run) else { continue }
            // One or two points per curve show no trend: say so rather than read one into them.
            guard finding.epochs >= minimumEpochsForTrends else {
                lines += [fewEpochs(finding, seeds: group.isMultiSeed ? group.runs.count : 1), ""]
                continue
            }
            var text = paragraph(finding)
            if group.isMultiSeed {
                text = text.replacingOccurrences(of: "**\(finding.title)**:", with: "**\(finding.title)** (curves: the mean over its \(group.runs.count) seeds; test errors: seed \(run.seed)):")
                text += " " + trendBySeed(group, mean: finding)
            }
            lines += [text, ""]
        }
        if groups.count == 2 {
            var pair = comparison(groups[0].representative, groups[1].representative, seedsFollow: groups.contains(where: \.isMultiSeed))
            if groups.contains(where: \.isMultiSeed), !pair.isEmpty {
                pair[0] = "**\(groups[0].representative.title) against \(groups[1].representative.title)**, first the runs of seed "
                    + "\(groups[0].representative.seed)\(groups[0].representative.seed == groups[1].representative.seed ? "" : " and \(groups[1].representative.seed)"), then over all seeds."
            }
            lines += pair
            if groups.contains(where: \.isMultiSeed) { lines += spread(groups[0], groups[1]) }
        }
        return lines.joined(separator: "\n")
    }

    /// Fewer epochs than this give too few points per curve to tell improving from overfitting.
    static let minimumEpochsForTrends = 3

    /// A quick look's paragraph: where the curves ended, and that trends need more epochs.
    static func fewEpochs(_ f: RunFindings, seeds: Int) -> String {
        let curves = seeds > 1 ? "the mean curves over its \(seeds) seeds" : "its curves"
        return "**\(f.title)**: trained for \(f.epochs) epoch\(f.epochs == 1 ? "" : "s"), so \(curves) have \(f.epochs == 1 ? "a single point" : "two points") each: "
            + "too few to tell whether it was still improving or had begun to overfit. After epoch \(f.epochs) the validation loss was \(Format.loss(f.finalValLoss)) "
            + "and the validation accuracy \(Format.percent(f.finalValAccuracy)). Train for at least \(minimumEpochsForTrends) epochs (the report's default is 12) before reading trends into the curves."
    }

    /// The overfitting rule of thumb applied to each seed's own curve: the verdict can depend on the seed.
    static func trendBySeed(_ group: RunGroup, mean: RunFindings) -> String {
        var overfitting = 0
        let verdicts = group.runs.compactMap { run -> String? in
            guard let finding = RunFindings(run) else { return nil }
            if case .overfitting = finding.trend { overfitting += 1 }
            switch finding.trend {
            case .stillFalling: return "seed \(run.seed) still falling"
            case .levelledOff(_, let rise): return "seed \(run.seed) levelled off (\(Format.relative(rise)) above its minimum)"
            case .overfitting(let epoch, let rise, _, _): return "seed \(run.seed) overfitting after epoch \(epoch) (\(Format.relative(rise)))"
            }
        }
        var text = "Seed by seed the same \(Format.relative(RunFindings.overfittingRise)) rule of thumb gives: \(Format.list(verdicts))."
        if case .overfitting = mean.trend {} else if overfitting > group.runs.count / 2 {
            text += " The mean curve hides what most seeds show: their minima fall at different epochs, and averaging flattens them."
        }
        return text
    }

    /// The networks' difference against the seed-to-seed variation.
    static func spread(_ a: RunGroup, _ b: RunGroup) -> [String] {
        guard let sa = a.testAccuracy, let sb = b.testAccuracy else { return [] }
        let ta = a.representative.title, tb = b.representative.title
        var sentences = ["Over the seeds, \(ta) reaches \(Format.percent(sa.mean)) ± \(Format.points(sa.standardDeviation)) on the test set "
                         + "(\(Format.percent(sa.minimum))–\(Format.percent(sa.maximum)), \(sa.count) seed\(sa.count > 1 ? "s" : "")) and \(tb) "
                         + "\(Format.percent(sb.mean)) ± \(Format.points(sb.standardDeviation)) (\(Format.percent(sb.minimum))–\(Format.percent(sb.maximum)), "
                         + "\(sb.count) seed\(sb.count > 1 ? "s" : ""))."]
        let pairs = Array(zip(a.runs, b.runs))
        let differences = pairs.map { $1.test.accuracy - $0.test.accuracy }
        let meanDifference = sb.mean - sa.mean
        let wins = differences.filter { $0 > 0 }.count, losses = differences.filter { $0 < 0 }.count
        let pValues = pairs.compactMap { PairedComparison($0, $1)?.pValue }
        var pairText = "Paired seed by seed (\(pairs.count) pair\(pairs.count > 1 ? "s" : "")), \(tb) was more accurate in \(wins), \(ta) in \(losses)"
        if pairs.count - wins - losses > 0 { pairText += ", and \(pairs.count - wins - losses) tied" }
        if pValues.count == pairs.count && !pValues.isEmpty { pairText += " (McNemar p per pair: \(pValues.map(Format.pValue).joined(separator: ", ")))" }
        sentences.append(pairText + ".")
        let largest = max(sa.standardDeviation, sb.standardDeviation)
        let consistent = wins == pairs.count || losses == pairs.count
        let factor = PythonFormat.fixed(spreadFactor, decimals: 0)
        let bound = "\(factor) × \(PythonFormat.fixed(largest * 100)) = \(PythonFormat.fixed(spreadFactor * largest * 100)) points"
        // A sign test over the seed pairs: the same binomial tail as McNemar's, with seeds for images.
        let signTest = Statistics.exactMcNemar(onlyFirst: losses, onlySecond: wins)
        if sa.count < 2 || sb.count < 2 {
            sentences.append("With a single seed for one network its spread is unknown, so the difference cannot be weighed against it.")
        } else if abs(meanDifference) > spreadFactor * largest && consistent {
            sentences.append("By this report's rule of thumb (a heuristic, not a test) the difference of the means, \(Format.points(meanDifference)), is larger than the "
                             + "seed-to-seed variation: it exceeds \(factor)× the larger standard deviation (\(bound)) and every pair agrees on its sign.")
        } else {
            sentences.append("By this report's rule of thumb (a heuristic, not a test) the difference of the means, \(Format.points(meanDifference)), is not larger than the "
                             + "seed-to-seed variation: it does not exceed \(factor)× the larger standard deviation (\(bound))\(consistent ? "" : " or the pairs disagree on its sign"); "
                             + "the seeds alone could account for it.")
        }
        if pairs.count > 1 {
            sentences.append("With \(pairs.count) seeds even \(max(wins, losses)) wins of \(pairs.count) is weak evidence: a sign test over the pairs gives p = \(Format.pValue(signTest)); more seeds would tell.")
        }
        return [sentences.joined(separator: " "), ""]
    }

    /// One network's learning curves and errors in words.
    static func paragraph(_ f: RunFindings) -> String {
        var sentences: [String] = []
        let lowest = "its lowest validation loss, \(Format.loss(f.lowestValLoss.value)), came at epoch \(f.lowestValLoss.epoch)"
        switch f.trend {
        case .stillFalling:
            sentences.append("**\(f.title)**: the validation loss was still falling at the last epoch (\(Format.loss(f.finalValLoss)) at epoch \(f.epochs)), so there is no sign of overfitting yet; more epochs might still help.")
        case .levelledOff(let epoch, let rise):
            sentences.append("**\(f.title)**: \(lowest) and it then levelled off (epoch \(f.epochs): \(Format.loss(f.finalValLoss)), \(Format.relative(rise)) above the minimum, under the \(Format.relative(RunFindings.overfittingRise)) this report's rule of thumb calls overfitting), so the validation loss improved no further after epoch \(epoch).")
        case .overfitting(let epoch, let rise, let peakEpoch, let peakRise):
            var text = "**\(f.title)**: \(lowest); afterwards it rose to \(Format.loss(f.finalValLoss)) at epoch \(f.epochs) (\(Format.relative(rise)) above the minimum"
            if peakEpoch != f.epochs { text += ", \(Format.relative(peakRise)) at its peak in epoch \(peakEpoch)" }
            text += ") while the training loss kept falling to \(Format.loss(f.finalTrainLoss)): the onset of overfitting is after epoch \(epoch), the network fitting the training images ever more closely without generalising better."
            sentences.append(text)
        }
        sentences.append("After the last epoch the training accuracy is \(Format.points(f.finalAccuracyGap)) \(f.finalAccuracyGap >= 0 ? "above" : "below") the validation accuracy (loss \(Format.loss(f.finalTrainLoss)) against \(Format.loss(f.finalValLoss))).")
        let bestEpochs = f.bestValAccuracy.epochs
        var best = "The best validation accuracy, \(Format.percent(f.bestValAccuracy.value)), was reached at epoch\(bestEpochs.count > 1 ? "s" : "") \(Format.list(bestEpochs))"
        if f.stillImproving {
            best += " and was still rising at the end (\(Format.signedPoints(f.recentValAccuracyChange ?? 0)) over the last \(RunFindings.recentEpochs) epochs)."
        } else if let change = f.recentValAccuracyChange, abs(change) < RunFindings.noticeableChange {
            best += "; over the last \(RunFindings.recentEpochs) epochs it changed by \(Format.signedPoints(change)), within the noise of "
                + "\(Format.points(RunFindings.noticeableChange)) this report ignores, so it had stopped improving."
        } else if let change = f.recentValAccuracyChange {
            best += "; over the last \(RunFindings.recentEpochs) epochs it changed by \(Format.signedPoints(change)), but its best was earlier, so it was no longer improving."
        } else {
            best += "."
        }
        sentences.append(best)
        if case .overfitting = f.trend, f.stillImproving {
            sentences.append("A validation loss that rises while the validation accuracy still rises is consistent with the network growing more confident on the few images it gets wrong, rather than getting more of them wrong.")
        }
        if !f.validationAheadEpochs.isEmpty {
            sentences.append("In epoch\(f.validationAheadEpochs.count > 1 ? "s" : "") \(Format.list(f.validationAheadEpochs)) the validation accuracy beat the training accuracy: the training figure is averaged over the epoch while the weights are still improving, the validation figure is measured with the weights of the epoch's end.")
        }
        let hardest = f.hardestDigits.digits.map(String.init)
        let confused = f.mostConfused.pairs.map { "\($0.truth) read as \($0.predicted)" }
        var errors = "On the test set it gets \(PythonFormat.grouped(f.testCorrect)) of \(PythonFormat.grouped(f.testTotal)) right; the hardest digit\(hardest.count > 1 ? "s are" : " is") \(Format.list(hardest)) (\(Format.percent(f.hardestDigits.accuracy)) correct\(hardest.count > 1 ? " each" : ""))"
        if f.mostConfused.count > 0 {
            errors += ", and the most frequent confusion\(confused.count > 1 ? "s are" : " is") \(Format.list(confused)) (\(f.mostConfused.count)×\(confused.count > 1 ? " each" : ""))."
        } else {
            errors += " and it confuses no pair of digits."
        }
        sentences.append(errors)
        return sentences.joined(separator: " ")
    }

    /// The two networks against each other.
    static func comparison(_ a: RunMetrics, _ b: RunMetrics, seedsFollow: Bool = false) -> [String] {
        guard let fa = RunFindings(a), let fb = RunFindings(b) else { return [] }
        var lines: [String] = ["**\(a.title) against \(b.title).**"]
        var sentences: [String] = []
        let parameterRatio = Double(b.parameters) / Double(max(1, a.parameters))
        let timeRatio = b.timing.trainSeconds / max(1e-9, a.timing.trainSeconds)
        // The runs' own record of where they were timed: a report regenerated elsewhere reuses them.
        let timedOn = a.timing.cpu == b.timing.cpu
            ? "on the machine that timed both (\(a.timing.cpu))"
            : "as timed on two different machines (\(a.title) on \(a.timing.cpu), \(b.title) on \(b.timing.cpu)), so the ratio mixes machines"
        sentences.append("\(b.title) has \(PythonFormat.fixed(parameterRatio, decimals: 1))× as many parameters as \(a.title), \(PythonFormat.grouped(b.parameters)) against \(PythonFormat.grouped(a.parameters)), and took \(PythonFormat.fixed(timeRatio, decimals: 1))× as long to train \(timedOn).")
        let ia = Statistics.wilsonInterval(successes: fa.testCorrect, trials: fa.testTotal)
        let ib = Statistics.wilsonInterval(successes: fb.testCorrect, trials: fb.testTotal)
        sentences.append("Test accuracy: \(a.title) \(Format.percent(Double(fa.testCorrect) / Double(max(1, fa.testTotal)))) (95% Wilson interval \(Format.percent(ia.lower))–\(Format.percent(ia.upper))), \(b.title) \(Format.percent(Double(fb.testCorrect) / Double(max(1, fb.testTotal)))) (\(Format.percent(ib.lower))–\(Format.percent(ib.upper)))\(ia.upper >= ib.lower && ib.upper >= ia.lower ? "; the intervals overlap, which does not decide anything here: both networks are scored on the same images, so the paired test below is the one to read" : "; the intervals do not overlap").")
        if let paired = PairedComparison(a, b) {
            let difference = fb.testCorrect - fa.testCorrect
            var text = "Paired image by image, \(paired.onlyFirst) test images are classified correctly only by \(a.title) and \(paired.onlySecond) only by \(b.title); the exact McNemar test gives p = \(Format.pValue(paired.pValue))"
            if paired.isSignificant {
                text += ", so the difference of \(abs(difference)) images is significant at the 5% level: on these 10,000 test images this \(difference > 0 ? b.title : a.title) model is the more accurate one. "
                    + "The test accounts for which images happen to be in the test set, not for the randomness of training"
            } else {
                text += ", so the difference of \(abs(difference)) images is not significant at the 5% level: this test set cannot tell the two models apart"
            }
            sentences.append(text + (paired.isSignificant && seedsFollow ? "; the comparison over the seeds below weighs that." : "."))
        } else {
            sentences.append("The runs did not record their misclassified test images, so they cannot be paired image by image; `digits report --force` records them.")
        }
        lines.append(sentences.joined(separator: " "))
        lines.append("")
        return lines
    }
}

/// Number formats of the write-up.
enum Format {
    /// A loss: 4 decimals, or scientific notation under 0.001 where 4 decimals would hide it.
    static func loss(_ value: Double) -> String {
        value != 0 && abs(value) < 0.001 && value.isFinite ? scientific(value) : PythonFormat.fixed(value, decimals: 4)
    }

    /// `6.0e-05` (printf's %e rounds correctly, so every machine prints the same digits).
    static func scientific(_ value: Double) -> String { String(format: "%.1e", value) }

    /// A fraction as a percentage with two decimals, never rounded up to 100.00% unless it is 1
    /// (nor down to 0.00% unless it is 0): more decimals are shown until the difference is visible.
    static func percent(_ fraction: Double) -> String {
        let percentValue = fraction * 100
        for decimals in 2...6 {
            let text = PythonFormat.fixed(percentValue, decimals: decimals)
            let roundsToFull = Double(text) == 100 && fraction < 1
            let roundsToZero = Double(text) == 0 && fraction > 0
            if !roundsToFull && !roundsToZero { return text + "%" }
        }
        return (fraction < 1 ? "> 99.999999" : "< 0.000001") + "%"
    }

    /// A relative change: `4.5%`.
    static func relative(_ value: Double) -> String { PythonFormat.fixed(value * 100, decimals: 1) + "%" }

    /// A difference of fractions in percentage points: `0.85 points`.
    static func points(_ value: Double) -> String { PythonFormat.fixed(abs(value) * 100) + " points" }

    /// `+0.04 points`.
    static func signedPoints(_ value: Double) -> String { (value < 0 ? "−" : "+") + points(value) }

    /// Three decimals, or scientific notation under 0.001.
    static func pValue(_ value: Double) -> String { value < 0.001 ? scientific(value) : PythonFormat.fixed(value, decimals: 3) }

    /// `24.1 s`, `2 min 14 s`.
    static func seconds(_ value: Double) -> String {
        value >= 60 ? "\(Int(value) / 60) min \(PythonFormat.fixed(value.truncatingRemainder(dividingBy: 60), decimals: 0)) s"
            : PythonFormat.fixed(value, decimals: 1) + " s"
    }

    /// `1, 2 and 3`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    static func list(_ items: [Int]) -> String { list(items.map(String.init)) }
}
