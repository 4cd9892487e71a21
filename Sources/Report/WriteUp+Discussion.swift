import Foundation
import NeuralNet
import Training

// The discussion: where the late rise of the validation loss sits, what the schedule's low-rate half did, where the errors differ.
extension WriteUp {
    /// The networks' late rises of validation loss: with the cross-check, one row a run with its change to the last epoch
    /// from its own lowest epoch and from the epoch the other seeds' mean loss is lowest at, each with its sign-flip test's
    /// p; without it, per network the change from the lowest epoch with its p, the images turned right and wrong and the
    /// mean loss of those wrong at both. Nil without per-image losses. The record's per-seed tables hold the rest (`seedTable`).
    var curvesTable: String? {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty else { return nil }
        let tested = rows.map { crossCheckedChanges($0.0) }
        if tested.allSatisfy({ !$0.isEmpty }) {
            // One row a run, each start's change and its p in columns of their own; the start the seed's own noise did not
            // choose is tested for every run alike, rising or not.
            var lines = ["| Change in validation loss to the last epoch | From the seed's own lowest epoch | Sign-flip p | From the other seeds' lowest epoch | Sign-flip p |",
                         "|---| ---: | ---: | ---: | ---: |"]
            for (row, changes) in zip(rows, tested) {
                for ((own, rise), change) in zip(zip(row.1.seedChanges, crossCheckedRises(row.0)), changes) {
                    let ownCells = own.fromEpoch == own.toEpoch ? ["lowest at the end", "–"]
                        : ["\(Format.signedRelative(own.relativeChange)) (epoch \(own.fromEpoch))", Format.signFlip(own.signFlipP)]
                    let cells = ["\(name(row.0)), seed \(own.seed)"] + ownCells + ["\(Format.signedRelative(rise)) (epoch \(change.fromEpoch))", Format.signFlip(change.signFlipP)]
                    lines.append("| " + cells.joined(separator: " | ") + " |")
                }
            }
            return lines.joined(separator: "\n")
        }
        // Without the cross-check (one seed, or no per-image losses) the table also carries what the text reads.
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

    /// Whether the curves table goes to the record rather than the hand-in: when every rise is cross-checked, the text
    /// names each significant change with its p and the table only backs it.
    var curvesTableIsRecorded: Bool {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        return !rows.isEmpty && isCrossChecked(rows)
    }

    /// What the curves table shows, said once for all networks: where the late rise of the loss sits, whether it is
    /// more mistakes or more confidence in the same ones, and whether it survives a start the seed's noise did not choose.
    var curvesText: String? {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty else { return nil }
        // With several seeds a rise is tested from the epoch the other seeds' mean loss is lowest at (a start the seed's
        // noise did not choose; its own lowest epoch overstates the rise), read network by network, its test and every
        // seed's change in the record; with one seed, or without the per-image losses to test it, the rise from the lowest
        // epoch is all there is, with its table here.
        if isCrossChecked(rows) { return lateRiseText(rows) }
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

    /// Each seed's change of validation loss to the last epoch from the epoch at which the mean loss of the network's
    /// other seeds is lowest (cross-checking the rise from the seed's own lowest epoch, which its noise selected);
    /// empty with fewer than two seeds.
    func crossCheckedRises(_ group: RunGroup) -> [Double] {
        guard let references = Self.crossCheckEpochs(group) else { return [] }
        return zip(group.runs, references).compactMap { run, reference in
            let from = run.epochs[reference].valLoss, to = run.epochs[run.epochs.count - 1].valLoss
            return from > 0 ? to / from - 1 : nil
        }
    }

    /// The same changes image by image (`PairedEpochChange`, with its sign-flip test at the level the seeds share), as
    /// computed once when the write-up was made; empty with fewer than two seeds or without every run's per-image losses.
    func crossCheckedChanges(_ group: RunGroup) -> [PairedEpochChange] {
        crossChecks[group.network] ?? []
    }

    /// `crossCheckedChanges` computed: each run's sign-flip test draws thousands of sign patterns, so the write-up does
    /// it once per network, in `init`.
    static func crossCheckedChanges(of group: RunGroup) -> [PairedEpochChange] {
        guard let references = crossCheckEpochs(group) else { return [] }
        let changes = zip(group.runs, references).compactMap { run, reference -> PairedEpochChange? in
            guard let losses = run.validationLossMatrix, losses.count == run.epochs.count, let last = run.epochs.indices.last,
                  let errorsFrom = run.epochs[reference].valErrors, let errorsTo = run.epochs[last].valErrors else { return nil }
            var change = PairedEpochChange(seed: run.seed, fromEpoch: run.epochs[reference].epoch, toEpoch: run.epochs[last].epoch,
                                           losses: (losses[reference], losses[last]), errors: (errorsFrom, errorsTo))
            change.testLevel = PairedEpochChange.significantP / Double(group.runs.count)
            return change
        }
        return changes.count == group.runs.count ? changes : []
    }

    /// Per run, the index of the epoch at which the mean validation loss of the other seeds is lowest (the first of
    /// equal ones); nil with fewer than two seeds.
    private static func crossCheckEpochs(_ group: RunGroup) -> [Int]? {
        guard group.runs.count > 1, let epochs = group.runs.map(\.epochs.count).min(), epochs > 0 else { return nil }
        let references = group.runs.indices.compactMap { index -> Int? in
            let others = group.runs.indices.filter { $0 != index }
            let mean = (0..<epochs).map { epoch in others.map { group.runs[$0].epochs[epoch].valLoss }.reduce(0, +) / Double(others.count) }
            return mean.indices.min { mean[$0] < mean[$1] || (mean[$0] == mean[$1] && $0 < $1) }
        }
        return references.count == group.runs.count && group.runs.allSatisfy({ $0.epochs.count == epochs }) ? references : nil
    }

    /// Whether every network's rises can be tested from the epoch the other seeds' mean loss is lowest at (several seeds,
    /// each with its per-image losses): then each is read by `lateRise`, else from its own lowest epoch alone.
    func isCrossChecked(_ rows: [(RunGroup, CurveFindings)]) -> Bool {
        rows.allSatisfy { !crossCheckedChanges($0.0).isEmpty }
    }

    /// What a network's late rise in validation loss is, judged from the start its seeds' own noise did not choose.
    enum LateRise: Equatable {
        /// Every seed's loss was lowest in its last epoch: nothing rose.
        case none
        /// It rose from the seeds' own lowest epochs, but from the other seeds' lowest in no seed: the minimum was picked from noise.
        case pickedMinimum
        /// From the other seeds' lowest epoch it rose in some seed, significantly in none.
        case noTrend
        /// From the other seeds' lowest epoch it rose significantly in `seeds` (a trend when that is every seed).
        case trend(seeds: [UInt64])
    }

    /// The network's `LateRise`; nil without the cross-check (one seed, or no per-image losses).
    func lateRise(_ group: RunGroup, _ f: CurveFindings) -> LateRise? {
        let crossed = crossCheckedChanges(group)
        guard !crossed.isEmpty else { return nil }
        guard f.seedChanges.contains(where: { $0.fromEpoch != $0.toEpoch }) else { return LateRise.none }
        guard crossCheckedRises(group).contains(where: { $0 > 0 }) else { return .pickedMinimum }
        let significant = crossed.filter(\.riseBeyondNoise).map(\.seed)
        return significant.isEmpty ? .noTrend : .trend(seeds: significant)
    }

    /// The late rise for the hand-in: the heading's question answered from the accuracy (no run's images turned wrong
    /// significantly more often than right, each mean curve highest at the end, how far any run ended below its own best)
    /// and each network's mean loss against its lowest epoch (`lossAboveLowest`); then the one test of a rise, from where the
    /// other seeds were lowest (`lateRise`, `crossCheckTable`), with where that start is the run's own lowest after all; then,
    /// on that same start, what carried each significant rise (the images wrong at both epochs against those that turned),
    /// how many runs' mistakes grew surer, and why as a hypothesis. Empty without the cross-check.
    func lateRiseText(_ rows: [(RunGroup, CurveFindings)]) -> String {
        guard isCrossChecked(rows) else { return "" }
        let one = rows.count == 1
        func seeds(_ list: [UInt64]) -> String { "seed\(list.count == 1 ? "" : "s") \(Format.list(list.map { "\($0)" }))" }
        // Accuracy is what overfitting costs; a seed whose images turned wrong significantly more often than right has it.
        let overfit = rows.compactMap { row -> String? in
            let lost = row.1.seedChanges.filter { $0.reading == .overfitting }.map(\.seed)
            return lost.isEmpty ? nil : (row.0.isMultiSeed ? "\(name(row.0))'s \(seeds(lost))" : name(row.0))
        }
        // A network whose loss was lowest at the end has nothing to answer for; one whose loss rose, its accuracy rising meanwhile.
        let rose = overfit.isEmpty && rows.contains { $0.1.lowestLoss.epoch < $0.1.epochs }
            && rows.allSatisfy { $0.1.lowestLoss.epoch == $0.1.epochs || $0.1.finalAccuracy > $0.1.accuracyAtLowestLoss }
        // Highest at the end on the mean curve says nothing of a run that ended below its best: how far any did is said too.
        let peakedLast = rose && rows.allSatisfy { $0.1.finalAccuracy >= $0.1.bestAccuracy.value }
        var first: [String] = []
        if peakedLast {
            let curves = one ? "the mean validation accuracy" : (rows.count == 2 ? "both networks' mean validation accuracy" : "every network's mean validation accuracy")
            let shortfall = Self.largestShortfall(rows.flatMap(\.0.runs))
            let runs = shortfall == 0 ? "every run ended at its best"
                : "no run ended more than \(shortfall == 1 ? "one validation image" : "\(shortfall) validation images") below its best"
            first.append("Not in accuracy: \(curves) was highest in the last epoch, and \(runs).")
        } else if rose {
            first.append("Not in accuracy, which rose after the lowest loss.")
        }
        // Each network's mean loss from its lowest epoch to the last, plainly: whether a rise is more than noise is the test's,
        // below, not a rule's.
        first.append(peakedLast ? lossAboveLowest(rows) : lowestReadings(rows).joined(separator: "; ") + ".")
        if !overfit.isEmpty {
            first.append("In \(Format.list(overfit)) more validation images turned wrong than right after the lowest loss, significantly (McNemar): that is overfitting.")
        }
        var tested: [String] = []
        // Every run from the epoch where its network's other seeds were lowest: the one start the test and the reading share.
        let starts = rows.flatMap { row in crossCheckedChanges(row.0).map { (group: row.0, change: $0) } }
        // The test seed by seed, from a start the seed's own noise did not pick; said with the runs that fell from there, and
        // with the significant runs whose own lowest is that start after all.
        if rows.contains(where: { $0.1.seedChanges.contains { $0.fromEpoch != $0.toEpoch } }), !starts.isEmpty {
            let significant = rows.compactMap { row -> (text: String, ownStart: [Bool])? in
                guard case .trend(let list)? = lateRise(row.0, row.1) else { return nil }
                let network = starts.filter { $0.group.network == row.0.network }.map(\.change)
                let passing = network.filter { list.contains($0.seed) }
                let scope = list.count == network.count ? "every seed of \(name(row.0))" : (one ? "" : "\(name(row.0))'s ") + seeds(list)
                // Whether the start the other seeds chose is the run's own lowest after all, with the hindsight it was to avoid.
                let ownStart = passing.map { change in row.1.seedChanges.first { $0.seed == change.seed }?.fromEpoch == change.fromEpoch }
                let sizes = passing.map { change in
                    "\(Format.signedRelative(change.lossFrom > 0 ? change.lossTo / change.lossFrom - 1 : 0)), p = \(Format.signFlip(change.signFlipP))"
                }
                return ("\(scope) (\(sizes.joined(separator: "; ")))", ownStart)
            }
            let fell = starts.filter { $0.change.lossTo < $0.change.lossFrom }.count
            let total = starts.count
            let fallen = fell == 0 ? "" : "fell in \(fell == total ? "every run" : "\(fell) of the \(total) runs") and "
            let result = significant.isEmpty ? "\(fallen)rose significantly in none" : "\(fallen)rose significantly only in \(Format.list(significant.map(\.text)))"
            let starts = significant.flatMap(\.ownStart)
            let caveat = !starts.isEmpty && starts.allSatisfy { $0 } ? ", whose own lowest is that same epoch" : ""
            let images = PythonFormat.grouped(rows[0].0.representative.data.valImages)
            // Why the start is moved, then what is tested and how (the unit is the image; a test of the trained run), then the result.
            tested.append("A run's own lowest epoch was picked for being low, which overstates the rise after it, so the table starts each run where "
                          + "its network's other seeds were lowest and tests the change over its \(images) validation images (sign-flip test, of that "
                          + "trained run, not the design). The loss " + result + caveat + ".")
        }
        var mechanism: [String] = []
        // What carried the significant rises, on the test's own start (the one basis of the section): the images wrong at both
        // epochs against those that turned; then how many runs' mistakes grew surer from that start, and why, as a hypothesis.
        let rising = starts.filter { $0.change.riseBeyondNoise }
        for (group, change) in rising {
            let run = group.isMultiSeed ? (one ? "Seed \(change.seed)" : "\(name(group))'s seed \(change.seed)") : name(group)
            let turned = change.turnedRight + change.turnedWrong == 0 ? "no image turned right or wrong" : "\(change.turnedRight) turned right and \(change.turnedWrong) wrong"
            mechanism.append(change.mistakesGrewSurer
                ? "\(run) rose through more confident mistakes: its \(change.persistentMistakes) validation images wrong at both epochs went from a mean loss of "
                    + "\(PythonFormat.fixed(change.persistentLossFrom, decimals: 1)) to \(PythonFormat.fixed(change.persistentLossTo, decimals: 1)), while \(turned)."
                : "\(run) rose with its mistakes: \(turned).")
        }
        let surer = starts.filter { $0.change.mistakesGrewSurer }.count
        if surer > 0 {
            // The verdict in loss, when every significant rise is surer mistakes with the accuracy held.
            let overconfident = !rising.isEmpty && rising.allSatisfy { $0.change.mistakesGrewSurer && $0.change.accuracyHeld }
            mechanism.append("From the same start, the images wrong at both grew more confidently wrong in "
                             + (surer == starts.count ? "every run" : "\(surer) of the \(starts.count) runs")
                             + (overconfident ? ": the late rise in loss is overconfidence, not lost accuracy." : "."))
            // Why, as a hypothesis the runs do not test: nothing in the settings holds the logits back, and a network that fits
            // every training image can grow them furthest; the weight decay among the next steps would test it.
            if groups.allSatisfy({ $0.representative.config.weightDecay == 0 }) {
                let lifted = rows.filter { row in rising.contains { $0.group.network == row.0.network && $0.change.mistakesGrewSurer } }
                mechanism.append("A possible cause, untested: without weight decay nothing held the logits back" + logitGrowth(rows, lifted) + ".")
            }
        }
        let parts: [String?] = [first.joined(separator: " "), tested.isEmpty ? nil : tested.joined(separator: " "),
                                tested.isEmpty ? nil : crossCheckTable(rows), mechanism.isEmpty ? nil : mechanism.joined(separator: " ")]
        return parts.compactMap { $0 }.joined(separator: "\n\n")
    }

    /// Each network's mean validation loss at the end against its lowest epoch, plainly, for a discussion whose accuracy
    /// answered the question: `Their mean validation loss did end above its lowest: ConvNet's by 1.2% (epoch 7, 0.0390 →
    /// 0.0394) and MyNet's by 22.3% (epoch 5, 0.0332 → 0.0406).` Whether a rise is more than noise is the test's.
    private func lossAboveLowest(_ rows: [(RunGroup, CurveFindings)]) -> String {
        func rise(_ f: CurveFindings) -> String {
            "by \(Format.relative(f.relativeRise)) (epoch \(f.lowestLoss.epoch), \(Format.loss(f.lowestLoss.value)) → \(Format.loss(f.finalLoss)))"
        }
        let ended = rows.allSatisfy { $0.1.lowestLoss.epoch < $0.1.epochs }
        if rows.count == 1 {
            return ended ? "The mean validation loss did end above its lowest, \(rise(rows[0].1))." : "The mean validation loss was lowest in the last epoch."
        }
        if ended {
            return "\(rows.count == 2 ? "Their" : "Every network's") mean validation loss did end above its lowest: "
                + Format.list(rows.map { "\(name($0.0))'s \(rise($0.1))" }) + "."
        }
        return rows.enumerated().map { index, row in
            let subject = index == 0 ? "\(name(row.0))'s mean validation loss" : "\(name(row.0))'s"
            return row.1.lowestLoss.epoch < row.1.epochs ? "\(subject) ended above its lowest \(rise(row.1))" : "\(subject) was lowest in the last epoch"
        }.joined(separator: "; ") + "."
    }

    /// Each network's mean validation loss from its lowest epoch to the last, with its validation accuracy meanwhile: the
    /// reading when the accuracy did not answer the question on its own.
    private func lowestReadings(_ rows: [(RunGroup, CurveFindings)]) -> [String] {
        let one = rows.count == 1
        return rows.map { row -> String in
            let f = row.1
            let subject = one ? "The mean validation loss" : (row.0.network == rows[0].0.network ? "\(name(row.0))'s mean validation loss" : "\(name(row.0))'s")
            guard f.lowestLoss.epoch < f.epochs else { return "\(subject) was lowest in the last epoch" }
            let values = "(\(Format.loss(f.lowestLoss.value)) → \(Format.loss(f.finalLoss)))"
            // Plainly, as `lossAboveLowest`: whether a rise is more than noise is the test's.
            let loss = "\(f.relativeRise > 0 ? "rose \(Format.relative(f.relativeRise))" : "fell") after epoch \(f.lowestLoss.epoch) \(values)"
            let (from, to) = (Format.percent(f.accuracyAtLowestLoss), Format.percent(f.finalAccuracy))
            let accuracy = from == to ? "held at \(to)" : "\(f.finalAccuracy > f.accuracyAtLowestLoss ? "rose" : "fell") from \(from) to \(to)"
            return "\(subject) \(loss), while its validation accuracy \(accuracy)"
        }
    }

    /// Where the late rise's logits likely grew: `, and MyNet, which fit every training image, could grow them furthest`
    /// when the networks whose rise lifted their mean curve are exactly those that fit every training image in their last
    /// epoch (and some other network does not), else the general reading.
    private func logitGrowth(_ rows: [(RunGroup, CurveFindings)], _ lifted: [(RunGroup, CurveFindings)]) -> String {
        let general = ", letting the wrong answers grow surer"
        let fitting: [RunGroup] = lifted.map(\.0).filter { group in (curve(group).last?.trainAccuracy ?? 0) >= 1 }
        let others: [RunGroup] = rows.map(\.0).filter { group in !fitting.contains { $0.network == group.network } }
        guard !fitting.isEmpty, fitting.count == lifted.count, !others.isEmpty else { return general }
        let names: String = Format.list(fitting.map { name($0) })
        return ", and " + names + ", which fit every training image, could grow them furthest"
    }

    /// The most validation images any of `runs` ended below its own best epoch: 0 when each ended at its best.
    static func largestShortfall(_ runs: [RunMetrics]) -> Int {
        runs.map { run in
            let correct = run.epochs.map { Int(($0.valAccuracy * Double(run.data.valImages)).rounded()) }
            return (correct.max() ?? 0) - (correct.last ?? 0)
        }.max() ?? 0
    }

    /// The hand-in's table of the late rise, one row a run from the epoch its network's other seeds' mean loss is
    /// lowest at (a start its own noise did not pick): that epoch, the change of the mean loss to the last, and the
    /// sign-flip test's p over the run's images; nil without the cross-check.
    func crossCheckTable(_ rows: [(RunGroup, CurveFindings)]) -> String? {
        guard isCrossChecked(rows) else { return nil }
        var lines = ["| Run, from where the other seeds were lowest | That epoch | Change of its validation loss to the last | Sign-flip p, over its images |",
                     "| --- | ---: | ---: | ---: |"]
        for (group, _) in rows {
            for crossed in crossCheckedChanges(group) {
                let run = group.isMultiSeed ? "\(name(group)), seed \(crossed.seed)" : name(group)
                let change = crossed.lossFrom > 0 ? crossed.lossTo / crossed.lossFrom - 1 : 0
                lines.append("| \(run) | \(crossed.fromEpoch) | \(Format.signedRelative(change)) | \(Format.signFlip(crossed.signFlipP)) |")
            }
        }
        return lines.joined(separator: "\n")
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
        func perSeed(_ group: RunGroup, _ digit: Int) -> String { Format.list(group.runs.map { "\(RunGroup.mistakesByDigit($0.confusion)[digit])" }) }
        /// `29 against 8 errors: 12, 9 and 8 against 3, 3 and 2 by seed; 21 against 6 taken for 9`: the counts by seed show
        /// whether every seed shares the gap.
        func gap(_ digit: Int) -> String {
            let seeds = c.first.isMultiSeed && c.first.runs.count == c.second.runs.count ? " (\(perSeed(c.first, digit)) against \(perSeed(c.second, digit)) by seed)" : ""
            let confusion = top.flatMap { $0.0 == digit ? ", \(ma[$0.0][$0.1]) against \(mb[$0.0][$0.1]) of them taken for \($0.1)" : nil } ?? ""
            return "\(ea[digit]) errors against \(eb[digit])\(seeds)\(confusion)"
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
                sentences.append("Digit \(digit) shows the clearest gap: \(gap(digit)).")
                // Shares of runs, so the test speaks of these runs, not of the designs.
                let (worse, other, count) = digits[digit].worseFirst >= digits[digit].worseSecond ? (a, b, digits[digit].worseSecond) : (b, a, digits[digit].worseFirst)
                let worseCount = max(digits[digit].worseFirst, digits[digit].worseSecond), differing = digits[digit].worseFirst + digits[digit].worseSecond
                let missed = c.first.isMultiSeed ? "are missed more often by one network than the other" : "are missed by one network only"
                let share = count == 0 ? "all of them by \(worse)" : "\(worseCount) of them by \(worse), \(count) by \(other)"
                // Images are its units: like McNemar's, it speaks of these trained models, which the comparison says once.
                sentences.append("Of the test \(digit)s, \(differing) \(missed), \(share) (sign test over the images, \(Self.pText(digits[digit].p))).")
                // The level and why are in the setup.
                sentences.append("No other digit passes p < \(PythonFormat.fixed(level, decimals: 3)).")
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
        let z = Statistics.normalQuantile(1 - 0.025 / Double(ea.count))
        let threshold = "the bar for error counts a and b to differ, \(PythonFormat.fixed(z, decimals: 2))√(a + b) (sign test, Bonferroni over \(ea.count) digits"
        let beyond = ea.indices.filter { Double(abs(ea[$0] - eb[$0])) > z * Double(ea[$0] + eb[$0]).squareRoot() }
            .sorted { abs(ea[$0] - eb[$0]) > abs(ea[$1] - eb[$1]) }
        let counts = beyond.map { "\(ea[$0]) against \(eb[$0]) errors" }
        let pooled = c.first.isMultiSeed ? "; lenient, as seeds reuse the test images)" : ")"
        if beyond.count == 1 {
            sentences.append("Digit \(beyond[0]) shows the clearest gap: \(gap(beyond[0])), the only digit to pass \(threshold)\(pooled).")
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
            var misses = [Int](repeating: 0, count: labels.count)
            for run in runs {
                guard let errors = run.testErrors else { return nil }
                for index in errors where labels.indices.contains(index) { misses[index] += 1 }
            }
            return misses.map { Double($0) / Double(runs.count) }
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
        func range(_ values: [Double]) -> String {
            let (smallest, largest) = (PythonFormat.fixed((values.min() ?? 0) * 100), PythonFormat.fixed((values.max() ?? 0) * 100))
            return smallest == largest ? smallest : "\(smallest)–\(largest)"
        }
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
                : "; \(count) ended above \(gains.count == own.count ? "its" : "their") own best before it, by \(range(gains)) points, \(passing)"
            let startCount = startGains.count == fromStart.count ? "all \(fromStart.count)" : "\(startGains.count)"
            let recovered = fromHalfStart
                ? ". From epoch \(span.lowerBound - 1), where \(dipped == own.count ? "every run" : "\(dipped) of them") had dipped, \(startCount) rose, by \(range(startGains)) points, "
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
        let early = groups.compactMap { $0.validationSwitches.flatMap { $0.count > 1 && span.lowerBound > 2 ? $0[1] : nil } }
        func counted(_ values: [Double]) -> String { Format.list(values.map { PythonFormat.fixed($0, decimals: 0) }) }
        // The first counts named by network, the last in the same order.
        func named(_ values: [Double]) -> String {
            groups.count == 1 ? counted(values) : Format.list(zip(values, groups).map { "\(PythonFormat.fixed($0, decimals: 0)) (\(name($1)))" })
        }
        let fromStart = early.count == groups.count
        let settled = counts.allSatisfy { $0.last < $0.first }
        return "\(named(fromStart ? early : counts.map(\.first))) in epoch \(fromStart ? 2 : span.lowerBound), \(settled ? "only " : "")\(counted(counts.map(\.last))) in epoch \(span.upperBound)"
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
