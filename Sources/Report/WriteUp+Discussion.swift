import Foundation
import NeuralNet
import Training

// The discussion without the second half's windows (one seed, or runs without their per-image record): where the late rise of
// the validation loss sits and what the schedule's low-rate half did, each run from its own lowest or best epoch; and, always,
// where the errors differ.
extension WriteUp {
    /// The networks' late rises of validation loss without the windows: per network the change from the lowest epoch with
    /// its p, the images turned right and wrong and the mean loss of those wrong at both. Nil without per-image losses or
    /// with the windows (`secondHalfTable`). The record's per-seed tables hold the rest (`seedTable`).
    var curvesTable: String? {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty, !readsSecondHalf else { return nil }
        /// One cell: each seed's value, `–` for a seed whose loss was lowest at the end (no change to read).
        func cells(_ show: (PairedEpochChange) -> String) -> String {
            rows.map { row in row.1.seedChanges.map { $0.fromEpoch == $0.toEpoch ? "–" : show($0) }.joined(separator: ", ") }.joined(separator: " | ")
        }
        let several = rows.contains { $0.1.seedChanges.count > 1 }
        let seeds = rows[0].1.seedChanges.map { "\($0.seed)" }
        let header = "Change in validation loss to the last epoch" + (several ? ", seeds \(Format.list(seeds))" : "")
        return ["| \(header) | " + rows.map { name($0.0) }.joined(separator: " | ") + " |", "|---|" + String(repeating: " ---: |", count: rows.count),
                "| Change from the lowest epoch (epoch; sign-flip p) | " + cells { "\(Format.signedRelative($0.relativeChange)) (\($0.fromEpoch); \(Format.signFlip($0.signFlipP)))" } + " |",
                "| Images turned right / wrong from the lowest epoch to the last | " + cells { "\($0.turnedRight) / \($0.turnedWrong)" } + " |",
                // Chosen by neither epoch's outcome alone: the images wrong at both, and how confidently wrong they became.
                "| Mean loss of the images wrong at both | " + cells { change in
                    change.persistentMistakes == 0 ? "none" : "\(PythonFormat.fixed(change.persistentLossFrom, decimals: 1)) → \(PythonFormat.fixed(change.persistentLossTo, decimals: 1))"
                } + " |"].joined(separator: "\n")
    }

    /// Whether the discussion reads the windows (`readsSecondHalf`) instead of each run's own lowest epoch: then the
    /// own-lowest table is left to the record's seed tables, and the networks' results leave the curves to the discussion.
    var curvesTableIsRecorded: Bool { readsSecondHalf }

    /// What the curves table shows, said once for all networks: where the late rise of the loss sits and whether it is
    /// more mistakes or more confidence in the same ones. With the windows, their reading (`secondHalfText`).
    var curvesText: String? {
        if readsSecondHalf { return secondHalfText }
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty else { return nil }
        // With one seed, or without the per-image losses for the windows, the rise from the lowest epoch is all there is.
        var sentences: [String] = []
        let changes = rows.flatMap { $0.1.seedChanges.filter { $0.fromEpoch != $0.toEpoch } }
        if let level = changes.first?.testLevel {
            let threshold = "sign-flip p < \(PythonFormat.fixed(level, decimals: level < 0.05 ? 3 : 2))"
            let passing = rows.compactMap { row -> String? in
                let seeds = row.1.seedChanges.filter(\.riseBeyondNoise).map(\.seed)
                return seeds.isEmpty ? nil : seedNames(row.0, seeds, amongNetworks: rows.count)
            }
            let seeds = rows.contains { $0.1.seedChanges.count > 1 } ? "seed" : "network"
            let beyond = changes.filter(\.riseBeyondNoise).count
            let scope = changes.count == 1 ? (beyond == 1 ? "" : "not") : (beyond == changes.count ? "in every \(seeds)" : (beyond == 0 ? "in no \(seeds)" : "only in \(Format.list(passing))"))
            let everySeedRose = changes.count == rows.map(\.1.seedChanges.count).reduce(0, +)
            let rise = "After \(changes.count == 1 ? "its" : (everySeedRose ? "each \(seeds)'s" : "some \(seeds)s'")) lowest epoch the validation loss rose (table); the rise"
            sentences.append(scope == "not" ? "\(rise) does not pass its noise (\(threshold))." : "\(rise) passes its noise (\(threshold))\(scope.isEmpty ? "" : " " + scope).")
            sentences.append("Each rise is measured from the \(seeds)'s lowest of \(rows[0].1.epochs) noisy epochs, a selected low point, so it is overstated if anything "
                             + "(the mean curves rise less).")
        }
        // New mistakes are not confidence: an overfitting seed keeps its network out of this sentence.
        let onMistakes = !changes.isEmpty
            && changes.allSatisfy { $0.changeFromMistaken > 0 && $0.changeFromRest < 0 && $0.reading != .overfitting }
        if onMistakes {
            // Only the networks whose loss rose somewhere are spoken of.
            let rising = rows.filter { $0.1.seedChanges.contains { $0.fromEpoch != $0.toEpoch } }
            let several = rising.contains { $0.1.seedChanges.count > 1 }
            let networks = rows.count == 1 ? "" : (rising.count == 1 ? name(rising[0].0) : (rising.count == 2 ? "both networks" : "every network"))
            let allRose = rising.allSatisfy { $0.1.seedChanges.allSatisfy { $0.fromEpoch != $0.toEpoch } }
            let every = several ? "In every seed" + (networks.isEmpty ? "" : " of \(networks)") + (allRose ? "" : " whose loss rose") + " "
                : (networks.isEmpty ? "" : "In \(networks) ")
            let surer = changes.allSatisfy(\.mistakesGrewSurer)
            let moreRight = changes.allSatisfy { $0.turnedRight > $0.turnedWrong }
            // How many images' loss fell and rose, and the change split between the images misclassified at either epoch
            // and the rest, are in the record's table; what a mistake costs at the end is in the conclusion.
            let clause = every + (surer ? "the images wrong at both epochs grew more confidently wrong" : "the rise sits on the images misclassified at either epoch")
                + (moreRight ? ", though more images turned right than wrong" : "")
            sentences.append(clause.prefix(1).uppercased() + clause.dropFirst() + ".")
        }
        return sentences.joined(separator: " ")
    }

    /// The digits compared image by image (`digitComparisons`), the level each must pass (5% shared by the digits,
    /// Bonferroni) and those that pass, smallest p first; nil without the comparison.
    func significantDigits(_ c: NetworkComparison) -> (digits: [(worseFirst: Int, worseSecond: Int, p: Double)], level: Double, significant: [Int])? {
        testLabels.flatMap { Self.significantDigits(c.first.runs, c.second.runs, labels: $0) }
    }

    /// `significantDigits` for two networks' runs and the test labels (the figure of their mistakes frames the same rows).
    static func significantDigits(_ first: [RunMetrics], _ second: [RunMetrics], labels: [UInt8]) -> (digits: [(worseFirst: Int, worseSecond: Int, p: Double)], level: Double, significant: [Int])? {
        guard let digits = digitComparisons(first, second, labels: labels) else { return nil }
        let level = PairedEpochChange.significantP / Double(digits.count)
        return (digits, level, digits.indices.filter { digits[$0].p < level }.sorted { digits[$0].p < digits[$1].p })
    }

    /// The summed test confusion matrix of the network with more mistakes (the first on a tie) and of the other, with
    /// which is the first.
    func worseConfusion(_ c: NetworkComparison) -> (worse: [[Int]], better: [[Int]], worseIsFirst: Bool) {
        let (ma, mb) = (c.first.summedConfusion, c.second.summedConfusion)
        let worseIsFirst = RunGroup.mistakesByDigit(ma).reduce(0, +) >= RunGroup.mistakesByDigit(mb).reduce(0, +)
        return worseIsFirst ? (ma, mb, true) : (mb, ma, false)
    }

    /// Whether the curve the text reads classified every training image right in its last epoch.
    func fitsEveryTrainingImage(_ group: RunGroup) -> Bool { (curve(group).last?.trainAccuracy ?? 0) >= 1 }

    /// Where the late rise's logits likely grew: `, and MyNet, which fit every training image, could grow them furthest`
    /// when the networks whose rise lifted their mean curve are exactly those that fit every training image in their last
    /// epoch (and some other network does not), else the general reading.
    func logitGrowth(_ rows: [RunGroup], _ lifted: [RunGroup]) -> String {
        let general = ", letting the wrong answers grow surer"
        let fitting: [RunGroup] = lifted.filter(fitsEveryTrainingImage)
        let others: [RunGroup] = rows.filter { group in !fitting.contains { $0.network == group.network } }
        guard !fitting.isEmpty, fitting.count == lifted.count, !others.isEmpty else { return general }
        let names: String = Format.list(fitting.map { name($0) })
        return ", and " + names + ", which fit every training image, could grow them furthest"
    }

    /// A network whose mean validation loss rose after its lowest epoch by more than its seeds' final losses differ while
    /// its validation accuracy held, every seed's rise being confidence in mistakes: the rise and the lowest epoch; nil
    /// otherwise.
    func confidentRise(_ group: RunGroup, _ f: CurveFindings) -> (rise: Double, epoch: Int)? {
        guard f.lowestLoss.epoch < f.epochs, let noise = f.riseNoise, f.relativeRise > noise, f.finalAccuracy >= f.accuracyAtLowestLoss else { return nil }
        let rose = f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }
        guard !rose.isEmpty, rose.allSatisfy(\.isConfidence) else { return nil }
        return (f.relativeRise, f.lowestLoss.epoch)
    }

    /// Why the better network wins on `digit`, as a guess the runs do not test: its wider first convolution may catch the
    /// strokes that tell the digit from the one the other network takes it for; the swap among the next steps would test it.
    /// Nil unless the better network's convolutions are all wider and it is the one that misses the digit less.
    func confusionHypothesis(_ c: NetworkComparison, digit: Int, takenFor: Int?) -> String? {
        guard let better = c.better, let other = Optional(c.other(than: better)), designReason(c).parts.contains("wider convolutions"),
              let mine = facts[better.network]?.moduleRows.first(where: { $0.moduleType == "Conv2d" })?.kernelShape?.first,
              let theirs = facts[other.network]?.moduleRows.first(where: { $0.moduleType == "Conv2d" })?.kernelShape?.first,
              RunGroup.mistakesByDigit(better.summedConfusion)[digit] < RunGroup.mistakesByDigit(other.summedConfusion)[digit] else { return nil }
        let tell = takenFor.map { "the strokes that tell a \(digit) from a \($0)" } ?? "the strokes that make a \(digit)"
        return "A guess, untested: with \(mine) filters in its first convolution against \(theirs), \(name(better)) may better catch \(tell); "
            + "swapping the networks' convolutional parts (a next step) would test it."
    }

    /// Where the networks' test errors differ, over all seeds: in the errors that vary with the seed or in the images every
    /// seed misses (the counts are in the comparison table), the digits one network misses more (a sign test over the
    /// images with the test labels, else a difference of summed counts beyond √(a + b) at the Bonferroni level), the
    /// worse network's most frequent confusion in the other, and how many of the first seed's mistakes both make.
    var errors: String? {
        guard let c = comparison else { return nil }
        let (ma, mb) = (c.first.summedConfusion, c.second.summedConfusion)
        guard !ma.isEmpty, ma.count == mb.count else { return nil }
        let (ea, eb) = (RunGroup.mistakesByDigit(ma), RunGroup.mistakesByDigit(mb))
        let (ta, tb) = (ea.reduce(0, +), eb.reduce(0, +))
        let (a, b) = (name(c.first), name(c.second))
        // The figures of the digits' differences (the cells, the images), cited where the clearest gap is named.
        let digitFigures = cite([ComparisonFigure.confusionDifference.rawValue, ComparisonFigure.unequalMisses.rawValue])
        var sentences: [String] = []
        if let spread = errorSpread(c), c.first.isMultiSeed {
            // The totals and the images every seed misses are in the comparison table; here where the gap lies.
            let (sa, sb) = spread
            // Where the gap lies only when it is in the images every seed misses: the usual case, the errors that vary with the
            // seed, the table's rows show.
            if !gapLiesInVaryingErrors(spread) {
                sentences.append("The gap lies in the \(sa.core) and \(sb.core) images every seed misses as much as in the test errors that vary with the seed.")
            }
        } else {
            let basis = c.first.isMultiSeed ? "Over the \(c.first.runs.count) seeds" : "In seed \(c.first.representative.seed)"
            sentences.append("\(basis), \(a) made \(PythonFormat.grouped(ta)) test errors and \(b) \(PythonFormat.grouped(tb)).")
        }
        // The worse network's most frequent confusion, and what the other makes of it: part of the gap's digit when it
        // is that digit's, a sentence of its own otherwise.
        let (worse, better, worseIsFirst) = worseConfusion(c)
        let (worseName, betterName) = worseIsFirst ? (a, b) : (b, a)
        let top = RunGroup.commonestConfusion(worse).map { ($0.digit, $0.takenFor) }
        /// `ConvNet misread test 4s 29 times and MyNet 8 times, 21 and 6 of them as 9` (each seed's counts are in the record's
        /// matrices; the sign test over the images says whether the gap is more than chance).
        func gap(_ digit: Int) -> String {
            let confusion = top.flatMap { $0.0 == digit ? ", \(ma[$0.0][$0.1]) and \(mb[$0.0][$0.1]) of them as \($0.1)" : nil } ?? ""
            // Seed by seed, whether every seed shows the gap (the sum could be one seed's).
            func bySeed(_ group: RunGroup) -> String { Format.list(group.runs.map { "\(RunGroup.mistakesByDigit($0.confusion)[digit])" }) }
            let seeds = c.first.isMultiSeed && c.first.runs.map(\.seed) == c.second.runs.map(\.seed) ? " (\(bySeed(c.first)) against \(bySeed(c.second)) per seed)" : ""
            return "\(a) misread test \(digit)s \(ea[digit]) times and \(b) \(eb[digit]) times\(seeds)\(confusion)"
        }
        let commonest = { (said: Int?) -> String? in
            guard let top, top.0 != said else { return nil }
            return "\(worseName)'s commonest confusion, \(top.0) taken for \(top.1) (\(worse[top.0][top.1]) times), happens \(better[top.0][top.1]) times in \(betterName)."
        }
        if let (digits, level, significant) = significantDigits(c) {
            // Each test image is one observation, however many seeds miss it; ten digits share the 5% level (Bonferroni).
            let threshold = "p < \(PythonFormat.fixed(level, decimals: 3)), Bonferroni over \(digits.count) digits"
            let method = "sign test over each digit's test images, \(threshold)"
            if significant.count == 1 {
                let digit = significant[0]
                sentences.append("Digit \(digit) shows the clearest gap\(digitFigures): \(gap(digit)).")
                // Shares of runs, so the test speaks of these runs, not of the designs.
                let (worse, other, count) = digits[digit].worseFirst >= digits[digit].worseSecond ? (a, b, digits[digit].worseSecond) : (b, a, digits[digit].worseFirst)
                let worseCount = max(digits[digit].worseFirst, digits[digit].worseSecond), differing = digits[digit].worseFirst + digits[digit].worseSecond
                let missed = c.first.isMultiSeed ? "are missed more often by one network than the other" : "are missed by one network only"
                let share = count == 0 ? "all of them by \(worse)" : "\(worseCount) of them by \(worse), \(count) by \(other)"
                // Images are its units: like McNemar's, it speaks of these trained models, which the comparison says once.
                sentences.append("Of the test \(digit)s, \(differing) \(missed), \(share) (sign test, \(Self.pText(digits[digit].p)); like McNemar's, a finding about these trained models).")
                // The level and why are in the setup.
                sentences.append("No other digit passes p < \(PythonFormat.fixed(level, decimals: 3)).")
                // How broad the gain is beside that digit: the digits the network with fewer errors gets fewer wrong on, and the
                // digit's share of the whole gap.
                let firstFewer = ta < tb
                let fewerDigits = ea.indices.filter { firstFewer ? ea[$0] < eb[$0] : eb[$0] < ea[$0] }.count
                let held = firstFewer ? eb[digit] - ea[digit] : ea[digit] - eb[digit]
                if ta != tb, fewerDigits > 1, held > 0 {
                    // The digits left out, named when they are few.
                    let others = ea.indices.filter { firstFewer ? ea[$0] >= eb[$0] : eb[$0] >= ea[$0] }
                    let except = others.isEmpty || others.count > 2 ? "" : " (all but \(Format.list(others.map(String.init))))"
                    sentences.append("\(firstFewer ? a : b) made fewer errors on \(fewerDigits) of the \(ea.count) digits\(except); \(held) of its \(abs(ta - tb)) fewer errors are on digit \(digit).")
                }
                if let guess = confusionHypothesis(c, digit: digit, takenFor: top?.0 == digit ? top?.1 : nil) { sentences.append(guess) }
            } else if significant.isEmpty {
                sentences.append("No digit's test images are missed significantly more often by one network (\(method)).")
            } else {
                sentences.append("The test images of digits \(Format.list(significant.map(String.init))) are missed significantly more often by one network (\(method)): "
                                 + Format.list(significant.map { "\($0) (\(ea[$0]) against \(eb[$0]) errors, \(digits[$0].worseFirst) against \(digits[$0].worseSecond) images, \(Self.pText(digits[$0].p)))" }) + ".")
            }
            if let sentence = commonest(significant.count == 1 ? significant[0] : nil) { sentences.append(sentence) }
            return sentences.joined(separator: " ") + sharedErrorsSentence(c)
        }
        // Without the test labels: ten digits tested at once share the 5% level (Bonferroni); counts over seeds repeat
        // the same hard images, so √(a + b) treats them as more independent than they are, which the sentence says.
        let z = Statistics.jointZ(tests: ea.count)
        let threshold = "the bar for error counts a and b to differ, \(PythonFormat.fixed(z, decimals: 2))√(a + b) (sign test, Bonferroni over \(ea.count) digits"
        let beyond = ea.indices.filter { Double(abs(ea[$0] - eb[$0])) > z * Double(ea[$0] + eb[$0]).squareRoot() }
            .sorted { abs(ea[$0] - eb[$0]) > abs(ea[$1] - eb[$1]) }
        let counts = beyond.map { "\(ea[$0]) against \(eb[$0]) errors" }
        let pooled = c.first.isMultiSeed ? "; lenient, as seeds reuse the test images)" : ")"
        if beyond.count == 1 {
            sentences.append("Digit \(beyond[0]) shows the clearest gap\(digitFigures): \(gap(beyond[0])), the only digit to pass \(threshold)\(pooled).")
        } else {
            sentences.append(beyond.isEmpty ? "No single digit's difference passes \(threshold)\(pooled)."
                             : "Only the digits \(Format.list(zip(beyond, counts).map { "\($0) (\($1))" })) pass \(threshold)\(pooled).")
        }
        if let sentence = commonest(beyond.count == 1 ? beyond[0] : nil) { sentences.append(sentence) }
        return sentences.joined(separator: " ") + sharedErrorsSentence(c)
    }

    /// ` In seed 1, 12 of MyNet's 18 mistakes are ConvNet's too (framed dark below).` for single runs of one seed, else nothing.
    private func sharedErrorsSentence(_ c: NetworkComparison) -> String {
        guard let shared = c.sharedErrors, c.first.representative.seed == c.second.representative.seed, !c.first.isMultiSeed else { return "" }
        let (a, b) = (name(c.first), name(c.second))
        let (fewer, fewerName, otherName) = shared.second <= shared.first ? (shared.second, b, a) : (shared.first, a, b)
        return " In seed \(c.first.representative.seed), \(shared.both) of \(fewerName)'s \(fewer) mistakes are \(otherName)'s too (framed dark below)."
    }

    /// Per digit, over its test images: how many the first network misses in a larger share of its seeds than the
    /// second, how many the other way round, and the two-sided sign test of the two counts (each image one
    /// observation, however many seeds miss it). Nil without the test labels or every run's test errors.
    func digitComparisons(_ c: NetworkComparison) -> [(worseFirst: Int, worseSecond: Int, p: Double)]? {
        testLabels.flatMap { Self.digitComparisons(c.first.runs, c.second.runs, labels: $0) }
    }

    /// `digitComparisons` for two networks' runs and the test labels.
    static func digitComparisons(_ a: [RunMetrics], _ b: [RunMetrics], labels: [UInt8]) -> [(worseFirst: Int, worseSecond: Int, p: Double)]? {
        guard labels.count == a.first?.data.testImages else { return nil }
        func missShares(_ runs: [RunMetrics]) -> [Double]? {
            RunGroup.testMissCounts(runs, images: labels.count).map { $0.map { Double($0) / Double(runs.count) } }
        }
        guard let first = missShares(a), let second = missShares(b) else { return nil }
        let digits = RunGroup.summedConfusion(a).count
        var worseFirst = [Int](repeating: 0, count: digits), worseSecond = worseFirst
        for (index, label) in labels.enumerated() where Int(label) < digits {
            if first[index] > second[index] { worseFirst[Int(label)] += 1 } else if second[index] > first[index] { worseSecond[Int(label)] += 1 }
        }
        return (0..<digits).map { (worseFirst[$0], worseSecond[$0], Statistics.exactMcNemar(onlyFirst: worseFirst[$0], onlySecond: worseSecond[$0])) }
    }

    /// One network's test errors over its seeds: how many distinct images they fall on, how many images every seed
    /// gets wrong (the core), and how many errors are not the core's (those that vary with the seed).
    typealias ErrorSpread = (total: Int, distinct: Int, core: Int, variable: Int)

    /// Whether the gap between the networks' errors lies more in those that vary with the seed than in the core
    /// (the core's errors counted once per seed).
    func gapLiesInVaryingErrors(_ spread: (first: ErrorSpread, second: ErrorSpread)) -> Bool {
        let seeds = groups.first?.runs.count ?? 1
        return abs(spread.first.variable - spread.second.variable) > abs(spread.first.core - spread.second.core) * seeds
    }

    /// Each network's `ErrorSpread`; nil unless every run recorded its errors and the networks ran the same seeds.
    func errorSpread(_ c: NetworkComparison) -> (first: ErrorSpread, second: ErrorSpread)? {
        func spread(_ group: RunGroup) -> ErrorSpread? {
            let sets = group.runs.compactMap { $0.testErrors.map(Set.init) }
            guard sets.count == group.runs.count, let first = sets.first else { return nil }
            let core = sets.dropFirst().reduce(first) { $0.intersection($1) }.count
            let total = sets.map(\.count).reduce(0, +)
            return (total, sets.reduce(Set<Int>()) { $0.union($1) }.count, core, total - core * sets.count)
        }
        guard c.first.runs.map(\.seed) == c.second.runs.map(\.seed), let a = spread(c.first), let b = spread(c.second) else { return nil }
        return (a, b)
    }

    /// The epochs of the schedule's second half, where the learning rate is lowest: from the middle epoch (1-based) to the
    /// last; nil without a decaying schedule or with fewer than 4 epochs.
    var lowRateEpochs: ClosedRange<Int>? {
        groups.first.flatMap { Self.lowRateEpochs(of: $0.representative) }
    }

    /// `lowRateEpochs` for one run (the figures mark the same epochs).
    static func lowRateEpochs(of run: RunMetrics) -> ClosedRange<Int>? {
        let epochs = run.epochs.count
        guard run.config.schedule != .constant, epochs >= 4 else { return nil }
        return (epochs / 2 + 1)...epochs
    }

    /// What the schedule's low-rate half did, per network on the mean curves, for the discussion: how far the training loss
    /// fell from the epoch before it to its last, where the validation accuracy ended against its best before the half,
    /// and the seeds whose validation images turned right significantly more often than wrong from that seed's best epoch
    /// before the half to the last (McNemar at the shared level). Nil without a decaying schedule.
    var schedule: String? {
        guard let span = lowRateEpochs, let rates = groups.first?.representative.epochs, span.lowerBound >= 2 else { return nil }
        // The training loss from the epoch before the half, the level its lower rates took it down from. The validation
        // against its best before the half: any other start may be a dip whose recovery would pass for a gain, and a start
        // chosen for being high makes a significant rise the more convincing.
        let (start, end) = (span.lowerBound - 1, span.upperBound - 1)
        var trainingFalls: [String] = [], changes: [Double] = [], bestEpochs: [String] = [], significant: [(network: String, seed: UInt64, p: Double)] = []
        for group in groups {
            let records = curve(group)
            guard records.count == rates.count, records[start - 1].trainLoss > 0 else { continue }
            trainingFalls.append(Format.ratio(records[start - 1].trainLoss / max(1e-300, records[end].trainLoss)))
            guard let (change, best) = lowRateAccuracyChange(group) else { continue }
            changes.append(change)
            bestEpochs.append("\(best)")
            significant += lowRateImprovements(group).map { (name(group), $0.seed, $0.p) }
        }
        guard trainingFalls.count == groups.count, changes.count == groups.count else { return nil }
        let runs = Format.list(groups.map(name).compactMap { network -> String? in
            // One phrase a network, its seeds listed: `ConvNet's seeds 1 and 3`.
            let mine = significant.filter { $0.network == network }.map { "\($0.seed)" }
            guard !mine.isEmpty else { return nil }
            return groups.first { name($0) == network }?.isMultiSeed == true ? "\(network)'s seed\(mine.count == 1 ? "" : "s") \(Format.list(mine))" : network
        })
        // One finding a sentence: the fit, the accuracy against its best before the half and from the half's start with their
        // tests, the confound (the half is also the last; the constant-rate run among the next steps would separate the two).
        // How the predictions settled is the switching figure's caption's (`settlingClause`).
        let training = groups.count == 1 ? "the training loss fell \(trainingFalls[0])"
            : Format.list(zip(groups, trainingFalls).enumerated().map { index, pair in
                index == 0 ? "\(name(pair.0))'s training loss fell \(pair.1)" : "\(name(pair.0))'s \(pair.1)" })
        // Each seed's test, its level and why its start makes it strict are in the record's table (`lowRateTable`).
        let record = "tests per seed in \(RecordDocument.markdownLink)"
        // What the runs did against their own best before the half, then how many of those gains pass the test: a gain too
        // small to pass is still said as a gain. Then the same from the half's own start, where runs that had dipped gain by
        // recovering: both starts said evenly, each with its count of significant runs.
        let own = groups.flatMap { lowRateChanges($0) }
        let gains = own.filter { $0.to > $0.from }.map { $0.to - $0.from }
        let fromStart = groups.flatMap { lowRateChanges($0, from: .halfStart) }
        let startPassing = groups.flatMap { lowRateImprovements($0, from: .halfStart) }
        let startGains = fromStart.filter { $0.to > $0.from }.map { $0.to - $0.from }
        let dipped = fromStart.count == own.count ? zip(fromStart, own).filter { $0.from < $1.from }.count : 0
        let fromHalfStart = own.count >= 2 && dipped > 0 && !startGains.isEmpty
        func probabilities(_ runs: [(seed: UInt64, p: Double)]) -> String { "p = \(Format.list(runs.map { Format.probability($0.p) }))" }
        let pValues = (significant.isEmpty ? [] : [probabilities(significant.map { ($0.seed, $0.p) }) + (fromHalfStart && !startPassing.isEmpty ? " from the best" : "")])
            + (fromHalfStart && !startPassing.isEmpty ? [probabilities(startPassing) + (significant.isEmpty ? "" : " from epoch \(span.lowerBound - 1)")] : [])
        let closing = " (McNemar; " + (pValues + [record]).joined(separator: "; ") + ")"
        let scope: String
        if own.count < 2 {
            // A fall is not tested for a gain: nothing to say of its significance (the record has the test).
            scope = !significant.isEmpty ? ", significantly\(closing)" : (gains.isEmpty ? "" : ", not significantly\(closing)")
        } else {
            let count = gains.count == own.count ? "every run" : "\(gains.count) of the \(own.count) runs"
            let passing = significant.isEmpty ? "none significantly" : (significant.count == gains.count ? "all significantly" : "significantly only in \(runs)")
            let strict = gains.isEmpty ? "; no run ended above its own best before it"
                : "; \(count) ended above \(gains.count == own.count ? "its" : "their") own best before it, by \(Self.range(gains.map { $0 * 100 })) points, \(passing)"
            let startCount = startGains.count == fromStart.count ? "all \(fromStart.count)" : "\(startGains.count)"
            let recovered = fromHalfStart
                ? ". From epoch \(span.lowerBound - 1), where \(dipped == own.count ? "every run" : "\(dipped) of them") had dipped, \(startCount) rose, by \(Self.range(startGains.map { $0 * 100 })) points, "
                    + (startPassing.isEmpty ? "none significantly" : "\(startPassing.count) significantly") : ""
            scope = strict + recovered + closing
        }
        // The mean curve's, as the per-seed tests are in the record.
        let mean = groups.contains(where: \.isMultiSeed) ? "mean " : ""
        let ended = "\(groups.count == 1 ? "Its" : "Their") \(mean)validation accuracy ended \(Self.againstBest(changes)) \(groups.count == 1 ? "its" : "their") best before the half "
            + "(epoch\(bestEpochs.count == 1 ? "" : "s") \(Format.list(bestEpochs)))\(scope)."
        // The half is also the last: a gain in it may be the extra epochs as much as the lower rate.
        let confound = own.isEmpty ? "" : " These runs cannot tell the lower rate from the extra epochs."
        return "In the schedule's second half, epochs \(span.lowerBound) to \(span.upperBound) (rate \(Format.scientific(rates[start].learningRate)) → \(Format.scientific(rates[end].learningRate))), "
            + "\(training) from epoch \(span.lowerBound - 1). " + ended + confound
    }

    /// The index of the highest value (the first of equal ones); nil for none.
    static func bestEpoch(_ values: [Double]) -> Int? {
        values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }
    }

    /// How far the mean validation accuracy at the low-rate half's last epoch lies above (or below) its best before the
    /// half (a fraction), and that best epoch (counted from 1); nil without the half or its epochs.
    func lowRateAccuracyChange(_ group: RunGroup) -> (change: Double, bestEpoch: Int)? {
        guard let span = lowRateEpochs, span.lowerBound >= 2 else { return nil }
        let records = curve(group)
        guard records.count >= span.upperBound, let best = Self.bestEpoch(records.prefix(span.lowerBound - 1).map(\.valAccuracy)) else { return nil }
        return (records[span.upperBound - 1].valAccuracy - records[best].valAccuracy, best + 1)
    }

    /// `0.20 and 0.11 points above`, `0.05 points below`, or signed (`+0.20 and −0.05 points against`) when they differ in sign.
    static func againstBest(_ changes: [Double]) -> String {
        if changes.allSatisfy({ $0 >= 0 }) { return Format.list(changes.map(accuracyChangeWords)) + " points above" }
        if changes.allSatisfy({ $0 < 0 }) { return Format.list(changes.map { accuracyChangeWords(-$0) }) + " points below" }
        return Format.list(changes.map(Format.signedNumber)) + " points against"
    }

    /// `0.29` for a rise, `−0.05` for a fall, in points.
    static func accuracyChangeWords(_ change: Double) -> String {
        change >= 0 ? PythonFormat.fixed(change * 100) : Format.signedNumber(change)
    }

    /// One run's validation images compared between its best epoch before the schedule's low-rate half and the half's last
    /// epoch: the best epoch (counted from 1), the two accuracies, the images turned right and wrong, and McNemar's exact p.
    typealias LowRateChange = (seed: UInt64, bestEpoch: Int, from: Double, to: Double, turnedRight: Int, turnedWrong: Int, p: Double)

    /// Where a run's low-rate change is measured from: its best epoch before the half (a start chosen for being high, so
    /// the test is strict), or the epoch before the half, where the schedule put it (a dip there may pass for a gain).
    enum LowRateStart { case bestBefore, halfStart }

    /// `LowRateChange` for every run of `group` that recorded its per-epoch errors, from `start`; empty without the half.
    func lowRateChanges(_ group: RunGroup, from start: LowRateStart = .bestBefore) -> [LowRateChange] {
        guard let span = lowRateEpochs, span.lowerBound >= 2 else { return [] }
        return group.runs.compactMap { run in
            let before = run.epochs.prefix(span.lowerBound - 1).map(\.valAccuracy)
            guard span.upperBound <= run.epochs.count, let best = start == .bestBefore ? Self.bestEpoch(before) : before.indices.last,
                  let from = run.epochs[best].valErrors, let to = run.epochs[span.upperBound - 1].valErrors else { return nil }
            let (right, wrong) = (Set(from).subtracting(to).count, Set(to).subtracting(from).count)
            return (run.seed, best + 1, run.epochs[best].valAccuracy, run.epochs[span.upperBound - 1].valAccuracy, right, wrong,
                    Statistics.exactMcNemar(onlyFirst: wrong, onlySecond: right))
        }
    }

    /// The runs of `group` whose validation images turned right significantly more often than wrong from `start` (the run's
    /// best epoch before the low-rate half, or the half's start) to its last (McNemar, at the level the seeds share), with their p.
    func lowRateImprovements(_ group: RunGroup, from start: LowRateStart = .bestBefore) -> [(seed: UInt64, p: Double)] {
        let level = PairedEpochChange.significantP / Double(max(1, group.runs.count))
        return lowRateChanges(group, from: start).filter { $0.turnedRight > $0.turnedWrong && $0.p < level }.map { ($0.seed, $0.p) }
    }

    /// For the record: every run's `LowRateChange` with the reason for its start and the level its test must pass; nil
    /// without the half or the per-epoch errors.
    var lowRateTable: String? {
        guard let span = lowRateEpochs else { return nil }
        let rows = groups.flatMap { group in lowRateChanges(group).map { (group, $0) } }
        guard !rows.isEmpty else { return nil }
        let seeds = groups.map(\.runs.count).max() ?? 1
        let level = PairedEpochChange.significantP / Double(seeds)
        var lines = ["The report's reading of the schedule's low-rate half, epochs \(span.lowerBound)–\(span.upperBound): each seed's validation images compared "
                     + "between its best epoch before the half and epoch \(span.upperBound), with McNemar's exact test on the images that turned right or wrong "
                     + "(significant below p = \(PythonFormat.fixed(level, decimals: level < 0.05 ? 3 : 2)), the 5% shared by \(seeds == 1 ? "the run" : "a network's \(seeds) seeds")). "
                     + "A start chosen for being high makes the test strict: a rise that passes it is no recovery from a dip. The same test from epoch "
                     + "\(span.lowerBound - 1), where the half starts, is in the last columns; a run that dipped there may pass it by recovering.", "",
                     "| Run | Best epoch before the half | Validation accuracy there | At epoch \(span.upperBound) | Images turned right / wrong | McNemar's exact p "
                        + "| At epoch \(span.lowerBound - 1) | Turned right / wrong from there | McNemar's exact p from there |",
                     "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        let fromStart = Dictionary(groups.flatMap { group in lowRateChanges(group, from: .halfStart).map { ("\(group.network)-\($0.seed)", $0) } },
                                   uniquingKeysWith: { first, _ in first })
        for (group, change) in rows {
            let start = fromStart["\(group.network)-\(change.seed)"]
            let startCells = start.map { [Format.percent($0.from), "\($0.turnedRight) / \($0.turnedWrong)", Format.probability($0.p)] } ?? ["–", "–", "–"]
            lines.append("| \(name(group)), seed \(change.seed) | \(change.bestEpoch) | \(Format.percent(change.from)) | \(Format.percent(change.to)) | "
                         + "\(change.turnedRight) / \(change.turnedWrong) | \(Format.probability(change.p)) | " + startCells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// How many validation images switched between right and wrong per seed, early and at the end, for the switching
    /// figure's caption: `80 (ConvNet) and 59 (MyNet) in epoch 2, only 4 and 1 in epoch 12` (means over the seeds), from
    /// epoch 2, the first with an epoch before it, so that the half is not credited with a fall that began before it; else
    /// from the half's first epoch. Nil without the counts.
    var settlingClause: String? {
        guard let span = lowRateEpochs, let counts = settlingCounts else { return nil }
        func counted(_ values: [Double]) -> String { Format.list(values.map { PythonFormat.fixed($0, decimals: 0) }) }
        // The first counts named by network, the last in the same order.
        func named(_ values: [Double]) -> String {
            groups.count == 1 ? counted(values) : Format.list(zip(values, groups).map { "\(PythonFormat.fixed($0, decimals: 0)) (\(name($1)))" })
        }
        let settled = counts.allSatisfy { $0.last < $0.first }
        let last = counts.map(\.last).allSatisfy { $0.rounded() == 0 } ? "none" : (settled ? "only " : "") + counted(counts.map(\.last))
        // From the first epoch of the low-rate half, the epochs the rate is quoted for.
        return "\(named(counts.map(\.first))) in epoch \(span.lowerBound), \(last) in epoch \(span.upperBound)"
    }

    /// Per network, the validation images whose correctness changed between consecutive epochs, mean over seeds, at the
    /// step into the schedule's low-rate half and at its last step: how far the weights still moved; nil without the
    /// per-epoch errors or a decaying schedule.
    var settlingCounts: [(first: Double, last: Double)]? {
        guard let span = lowRateEpochs else { return nil }
        let counts = groups.map { group -> (first: Double, last: Double)? in
            guard let switches = group.validationSwitches, switches.count >= span.upperBound else { return nil }
            return (switches[span.lowerBound - 1], switches[span.upperBound - 1])
        }
        let found = counts.compactMap { $0 }
        return found.count == groups.count ? found : nil
    }
}
