import Foundation
import NeuralNet
import Training

// The conclusion: the verdict drawn from the other sections' numbers, and what to try next.
extension WriteUp {
    /// Which network is better, by how much and how sure, at what cost and which to use, which design differences the
    /// results cannot tell apart, what the late rise in validation loss and the low-rate epochs were, and what to try next.
    /// Three paragraphs: the verdict with its cost and what the designs can explain; what the curves showed; what to try
    /// next, as a list.
    var conclusion: String {
        var sentences: [String] = []
        if let c = comparison {
            let a = name(c.first), b = name(c.second)
            let (accuracyA, accuracyB) = (c.first.meanTestAccuracy, c.second.meanTestAccuracy)
            if let better = c.better {
                sentences.append(verdict(c, better))
                if c.interval == nil { sentences.append(singleSeedCertainty(c)) }
            } else {
                let basis = c.first.isMultiSeed ? " (\(basis(c.first)))" : ""
                sentences.append("Neither network is clearly better: \(a) reaches \(Format.percent(accuracyA)) and \(b) \(Format.percent(accuracyB)) test accuracy\(basis), "
                                 + "a difference the seeds and the test images cannot separate from chance.")
            }
            if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
                // "It" only when the sentence before named the second network as the better one: the ratios are the second's.
                // The multiply-adds are the firm cost; wall-clock time on shared cores only indicates, so it is said as the
                // comparison table's figure (each seed's, with its threads, are there).
                let time = timeRatio(c)
                // Runs with different threads trained side by side on shared cores: their wall-clock ratio is a rough guide.
                // The ratio first, the seconds behind it as this machine's (they vary with its load; the ratio holds better).
                let seconds = trainingSeconds(c).map { ", about \($0) here" } ?? ""
                let rough = c.sameThreads ? "" : ", rough figures from runs that shared the cores"
                sentences.append("\(c.better?.network == c.second.network ? "It" : b) costs \(Format.ratio(Double(c.parameters.second) / Double(c.parameters.first))) the parameters "
                    + "and \(Format.ratio(Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first))) the multiply-adds per image, and took \(time.ratio) the wall-clock time to train"
                    + "\(time.threads)\(seconds)\(rough).")
                if let advice = recommendation(c) { sentences.append(advice) }
            } else if let advice = recommendation(c) {
                sentences.append(advice)
            }
            sentences += designReading(c)
        }
        var paragraphs = [sentences.joined(separator: " ")]
        sentences = []
        // A late rise carried by surer mistakes is read once; any other reading (overfitting above all) is said here.
        // With the windows the discussion's verdict on the second half, on its basis.
        if let summary = secondHalfSummary {
            sentences.append(summary)
            // The risk a design's introduction named, answered: it cost no accuracy late in training.
            if !secondHalfRuns.contains(where: \.change.accuracyFellSignificantly) {
                for group in groups {
                    guard let risk = capacityRiskFacts(group) else { continue }
                    sentences.append("The risk \(name(group))'s design raised, \(risk.perImage) `\(risk.layer)` parameters per training image, cost it no validation accuracy "
                                     + "in these \(group.representative.epochs.count) epochs.")
                }
            }
        } else if let readings = confidenceReading {
            if !readings.isEmpty { sentences.append(readings) }
        } else {
            sentences.append(contentsOf: readingsByKind)
        }
        let effect = scheduleSummary
        if let effect { sentences.append(effect) }
        paragraphs.append(sentences.joined(separator: " "))
        let next = nextSteps
        if !next.isEmpty { paragraphs.append("Worth trying next, the most decisive first:\n\n" + next.map { "- " + $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "\n")) }
        return paragraphs.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// The answer in two or three sentences, for the top of the hand-in, worded apart from the conclusion that argues it:
    /// which network is more accurate and how sure, what it costs, and, with the second half read on its windows, whether
    /// either lost accuracy late. Nil without two networks or a more accurate one.
    var keyFindings: String? {
        guard let c = comparison, let better = c.better else { return nil }
        let loser = c.other(than: better)
        let (high, low) = (better.meanTestAccuracy, loser.meanTestAccuracy)
        let runs = max(c.first.runs.count, c.second.runs.count)
        let basis = c.first.isMultiSeed ? " (means over \(runs) seeds)" : ""
        var sentences = ["\(name(better)) classified \(Format.percent(high)) of the test images correctly and \(name(loser)) \(Format.percent(low))\(basis)."]
        if let established = c.intervalExcludesZero {
            let split = c.separated ? "every \(name(better)) run beat every \(name(loser)) run, " : ""
            // How far from established, where the reader first meets the gap: its interval, oriented as the better's lead.
            let interval = c.interval.map { better.network == c.second.network ? $0 : (lower: -$0.upper, upper: -$0.lower) }
                .map { " (95% Welch interval \(Format.signedNumber($0.lower)) to \(Format.signedNumber($0.upper)) points)" } ?? ""
            sentences.append(established ? "The gap holds beyond the seeds' noise\(split.isEmpty ? "" : "; " + split.dropLast(2))."
                             : (split.isEmpty ? Self.numberWord(runs).prefix(1).uppercased() + Self.numberWord(runs).dropFirst() : split.prefix(1).uppercased() + split.dropFirst() + "but \(runs)")
                                + " runs per network are too few to establish the gap\(interval).")
        }
        let (mine, theirs) = (c.multiplyAdds(of: better), c.multiplyAdds(of: c.other(than: better)))
        if mine > theirs, theirs > 0 { sentences.append("\(name(better)) needs \(Format.ratio(Double(mine) / Double(theirs))) the computation per image.") }
        if readsSecondHalf, !secondHalfRuns.contains(where: \.change.accuracyFellSignificantly), !secondHalfRuns.contains(where: \.change.lossRoseSignificantly) {
            // The networks whose mean validation loss drifted up, none significantly: said with what carried it.
            let drifted = overfitByLoss.filter { group in secondHalf(group).allSatisfy(\.mistakesGrewSurer) }
            // What carried the drift, as the discussion's accounting has it (not a tested cause): the few persistent mistakes, while
            // the other images' loss fell.
            let restFell = drifted.allSatisfy { group in secondHalf(group).allSatisfy { $0.changeFromRest < 0 } }
            let its = drifted.count == 1 ? "its" : "their"
            sentences.append(drifted.isEmpty ? "Late in training neither network lost accuracy or validation loss."
                : "Late in training neither network lost accuracy. \(Format.list(drifted.map { "\(name($0))'s" })) validation loss drifted up, in no run significantly: "
                    + "\(its) few persistent mistakes grew more confident" + (restFell ? " while \(its) loss on the other images fell." : "."))
        }
        return sentences.joined(separator: " ")
    }

    /// `MyNet scored 0.24 points higher on average (95% interval −0.07 to +0.54), with 29% fewer test errors, but these 3 runs per
    /// network do not establish the gap.`: the better network, by how much and how sure (that every run beat every other run is
    /// the comparison's and its figure's, not repeated here).
    private func verdict(_ c: NetworkComparison, _ better: RunGroup) -> String {
        let loser = c.other(than: better)
        let (high, low) = (better.meanTestAccuracy, loser.meanTestAccuracy)
        let established = c.intervalExcludesZero ?? false
        let gap = Format.points(high - low) + (established ? "; the 95% Welch interval over seeds excludes zero" : "")
        // The gap in points is in the comparison and the recommendation.
        let by = (1 - high) > 0 && (1 - low) > 0 ? ", with \(Format.percentRounded(1 - (1 - high) / (1 - low))) fewer test errors" + (established ? " (\(gap))" : "") : " (\(gap))"
        guard c.interval != nil else { return "\(name(better)) scored higher\(by)." }
        let runs = c.first.runs.count == c.second.runs.count ? "these \(c.first.runs.count) runs per network" : "these runs"
        // How sure, in words: the interval itself is the short answer's and the comparison's, not said a third time.
        return established ? "\(name(better)) is the more accurate network\(by)."
            : "\(name(better)) scored \(Format.points(high - low)) higher on average\(by), but \(runs) do not establish the gap."
    }

    /// The second network's training time over the first's: for the fewest threads the range of the seeds' ratios whose two
    /// runs had the same threads (one value when they print alike), the other thread counts' beside it (a ratio depends on
    /// the threads); else the ratio of the mean times. `about 6.4×` and no threads, or `5.7–5.8×` and ` on one thread (4.5× on two)`.
    private func timeRatio(_ c: NetworkComparison) -> (ratio: String, threads: String) {
        let matched = c.matchedTimeRatiosWithThreads
        let counts = Set(matched.map(\.threads)).sorted()
        // `about 5.7×`, or `5.7–5.8×` when the seeds' ratios print differently.
        func span(_ threads: Int) -> String {
            let ratios = matched.filter { $0.threads == threads }.map(\.ratio)
            let (low, high) = (Format.ratio(ratios.min() ?? 0), Format.ratio(ratios.max() ?? 0))
            return low == high ? "about " + low : low.dropLast() + "–" + high
        }
        guard let fewest = counts.first else { return ("about " + Format.ratio(c.trainSeconds.second / c.trainSeconds.first), "") }
        guard counts.count > 1 else { return (span(fewest), "") }
        func threads(_ n: Int) -> String { n == 1 ? "one thread" : Self.numberWord(n) }
        return (span(fewest), " on \(threads(fewest)) ("
                + counts.dropFirst().map { "\(span($0).replacingOccurrences(of: "about ", with: "")) on \(threads($0))" }.joined(separator: ", ") + ")")
    }

    /// Which network to use, weighing the gap against the cost in multiply-adds: the better one where its gain is worth
    /// its cost, and, until the gap is established, only once more seeds confirm it; with every run ahead, the better bet on
    /// accuracy, and whether its probabilities are any better. The cheaper one without a better network.
    private func recommendation(_ c: NetworkComparison) -> String? {
        guard let better = c.better else {
            guard c.multiplyAdds.first != c.multiplyAdds.second else { return nil }
            let cheaper = c.multiplyAdds.first < c.multiplyAdds.second ? c.first : c.second
            return "\(name(cheaper)), the cheaper, is the practical choice."
        }
        let other = c.other(than: better)
        let (mine, theirs) = (c.multiplyAdds(of: better), c.multiplyAdds(of: c.other(than: better)))
        guard mine > theirs, theirs > 0 else { return "\(name(better)) is the practical choice: more accurate for no more compute." }
        let established = c.intervalExcludesZero ?? (c.pairs.first?.isSignificant ?? false)
        let (high, low) = (better.meanTestAccuracy, other.meanTestAccuracy)
        // The gain in errors a user can weigh against the cost, per 10,000 images.
        let fewer = Int(((high - low) * 10_000).rounded())
        guard !established else { return "\(name(better)) is worth its cost wherever \(Format.points(high - low)) of accuracy justify it." }
        // Not established but every run ahead: the better bet on accuracy, said with what it is not better at.
        guard c.separated, fewer > 0 else {
            return fewer > 0 ? "\(name(better)) is the choice where \(fewer) fewer errors per 10,000 images are worth the cost, once more seeds confirm the gain."
                : "\(name(better)) is the choice once more seeds confirm the gain."
        }
        let probabilities = betterTestLoss(c) != nil ? "; its test loss is no lower, as its mistakes are surer" : ""
        return "On accuracy \(name(better)) is the better bet, \(fewer) fewer errors per 10,000 images\(probabilities). More seeds would show whether the gain is real."
    }

    /// The better network's training time against the other's on this machine, from the runs with the fewest threads both
    /// have (the threads the time ratio names first): `2 min 15 s against 23.7 s per run`. Nil without a better network or such runs.
    private func trainingSeconds(_ c: NetworkComparison) -> String? {
        guard let better = c.better else { return nil }
        let other = c.other(than: better)
        guard let threads = Set(better.runs.map(\.timing.threads)).intersection(other.runs.map(\.timing.threads)).min() else { return nil }
        func training(_ group: RunGroup) -> String {
            Format.seconds(Statistics.mean(group.runs.filter { $0.timing.threads == threads }.map(\.timing.trainSeconds)))
        }
        return "\(training(better)) against \(training(other)) per run"
    }

    /// What in the designs the results point to: which differences changed together (so these runs cannot separate
    /// them), or why the gain is not size.
    private func designReading(_ c: NetworkComparison) -> [String] {
        guard let better = c.better else { return [] }
        let design = designReason(c)
        var sentences: [String] = []
        if let note = design.note { sentences.append(note) }
        if design.parts.count > 1 {
            // The swap among the next steps would separate them.
            sentences.append("\(name(better))'s \(design.parts[0]) came with " + Format.list(Array(design.parts.dropFirst()))
                             + ", so these runs cannot tell which design difference helps.")
        } else if let part = design.parts.first {
            sentences.append("Its one design difference here is \(part).")
        }
        // Where the gain sits (the digit whose errors differ) is the discussion's, said once there; which design difference
        // buys it is the swap's question.
        // Whether its closer fit lowered its test loss is the comparison's (`testLossReading`), not said again here.
        return sentences
    }

    /// With one seed per network, how sure the comparison is: only the trained models are compared (McNemar), which
    /// says nothing yet about the architectures. With seeds, `verdict` says it.
    private func singleSeedCertainty(_ c: NetworkComparison) -> String {
        guard let pair = c.pairs.first else { return "" }
        return "With one seed only the trained models are compared: McNemar's test \(pair.pValue < PairedEpochChange.significantP ? "finds" : "does not find") them significantly different, "
            + "which says nothing yet about the architectures."
    }

    /// When every rise of every network's validation loss sits on the images misclassified at either epoch (the
    /// others' loss falling, no overfitting): with one seed per network, one sentence naming the networks whose rise is
    /// beyond its noise and what the rise is there; with several, nothing (empty), as the discussion reads each network
    /// from the other seeds' lowest epoch. Nil otherwise.
    private var confidenceReading: String? {
        let diagnosed = diagnosedCurves
        guard !diagnosed.isEmpty, diagnosed.allSatisfy({ !$0.1.seedChanges.isEmpty }) else { return nil }
        let rises = diagnosed.map { group, f in (group: group, rises: f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }) }.filter { !$0.rises.isEmpty }
        let all = rises.flatMap(\.rises)
        guard !all.isEmpty, all.allSatisfy({ $0.reading != .overfitting && $0.changeFromMistaken > 0 && $0.changeFromRest <= 0 }) else { return nil }
        // With several seeds the discussion reads each network's rise from the start its seeds' noise did not choose, and the
        // comparison names the more confident mistakes: nothing to add here. With one seed there is no other start, and the rise
        // from its lowest epoch is all there is.
        if readsSecondHalf { return "" }
        let accuracy = all.allSatisfy(\.accuracyHeld) ? "holds" : "falls, though not significantly"
        let mechanism = "the loss overfits through surer mistakes while the accuracy \(accuracy)"
        let named = rises.compactMap { network -> String? in
            let seeds = network.rises.filter(\.riseBeyondNoise).map(\.seed)
            return seeds.isEmpty ? nil : seedNames(network.group, seeds, amongNetworks: rises.count)
        }
        // A rise within its noise may not be there: no mechanism is claimed for it.
        guard !named.isEmpty else { return "The late rise in validation loss is not distinguishable from noise." }
        return all.allSatisfy(\.riseBeyondNoise) ? "The late rise in validation loss passes its noise: \(mechanism)."
            : "The late rise in validation loss passes its noise only in \(Format.list(named)), where \(mechanism)."
    }

    /// One clause per reading, naming the networks it applies to, then the seeds whose rise went beyond their noise
    /// when most seeds' did not, so the summary hides none.
    private var readingsByKind: [String] {
        let diagnosed = diagnosedCurves
        var kinds: [CurveFindings.Diagnosis] = []
        for (_, f) in diagnosed where !kinds.contains(f.diagnosis) { kinds.append(f.diagnosis) }
        var saidLoss = false
        let clauses = kinds.map { kind -> String in
            let these = diagnosed.filter { $0.1.diagnosis == kind }
            let names = Format.list(these.map { "\(name($0.0))'s" })
            let epochs = these.map { "\($0.1.lowestLoss.epoch)" }
            let after = these.count == 1 ? "after epoch \(epochs[0])\(Self.seedScope(these[0].1, kind))"
                : (Set(epochs).count == 1 ? "after epoch \(epochs[0])" : "after epochs \(Format.list(epochs)) respectively")
            let loss = these.count > 1 ? "\(names) validation losses" : (saidLoss ? names : "\(names) validation loss")
            switch kind {
            case .levelledOff: saidLoss = true; return "\(loss) levelled off \(after)"
            case .riseFromFewImages: saidLoss = true; return "\(loss) rose \(after) through confidence in mistakes, not more errors"
            case .overconfident: saidLoss = true; return "\(loss) rose \(after) through growing confidence, not more errors"
            case .overfitting: return "\(Format.list(these.map { name($0.0) })) overfit\(these.count == 1 ? "s" : "") \(after), more validation images turning wrong than right"
            case .stillImproving: return "\(Format.list(these.map { name($0.0) })) \(these.count == 1 ? "was" : "were") still improving at the last epoch"
            }
        }
        var sentences: [String] = []
        if !clauses.isEmpty {
            let text = clauses.joined(separator: "; ")
            sentences.append(text.prefix(1).uppercased() + text.dropFirst() + ".")
        }
        for (group, f) in diagnosed {
            for kind in [CurveFindings.Diagnosis.overfitting, .overconfident, .riseFromFewImages] where kind != f.diagnosis {
                let seeds = f.seedChanges.filter { $0.reading == kind }.map { "\($0.seed)" }
                guard !seeds.isEmpty else { continue }
                let what = kind == .overfitting ? "more images turned wrong than right"
                    : (kind == .overconfident ? "the probabilities worsened, not the accuracy" : "it was confidence in mistakes, not more errors")
                sentences.append("In \(name(group))'s seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds)) the rise went beyond its noise: \(what).")
            }
        }
        return sentences
    }

    /// The schedule's low-rate half in one sentence for the conclusion: how the predictions settled (or the fit to the
    /// training images), the change in validation accuracy over the half, and why these runs cannot credit the schedule alone.
    private var scheduleSummary: String? {
        // With the windows the second half is `secondHalfSummary`'s; how the predictions settled is the switching figure's.
        guard !readsSecondHalf, let span = lowRateEpochs else { return nil }
        let (start, end) = (span.lowerBound - 1, span.upperBound - 1)
        guard start >= 1 else { return nil }
        let fitted = groups.allSatisfy { group in let c = curve(group); return c.count == span.upperBound && c[end].trainLoss < c[start - 1].trainLoss }
        guard fitted else { return nil }
        let changes = groups.compactMap(lowRateAccuracyChange).map(\.change)
        guard changes.count == groups.count else { return nil }
        let gained = changes.allSatisfy { $0 >= 0 }
        let settled = settlingCounts?.allSatisfy { $0.last < $0.first } ?? false
        // Where the accuracy ended is in each network's results.
        let one = groups.count == 1
        // "Ever fewer" when every network's switches fell at every step of the half, else only that the end had fewer.
        let steadily = groups.allSatisfy { group in
            guard let switches = group.validationSwitches, switches.count >= span.upperBound else { return false }
            let half = Array(switches[start...end])
            return zip(half, half.dropFirst()).allSatisfy { $1 < $0 }
        }
        // Said of the images switching, not of the loss: a validation loss may still rise while the predictions settle.
        let body = settled
            ? (steadily ? "the predictions settled steadily" : "fewer validation images switched between right and wrong by the end")
            : "\(one ? "the network" : "both networks") fitted the training images ever more closely"
        // The accuracy against its best before the half, with how many runs' rise over their own best is significant.
        // Observed in the low-rate epochs, not credited to the rate: the extra epochs may have done as much, which the
        // constant-rate run among the next steps tells.
        let significant = groups.map { lowRateImprovements($0).count }.reduce(0, +)
        let runs = groups.map(\.runs.count).reduce(0, +)
        // The rise's size is the discussion's; here whether it is real.
        let best = "above its best before the half"
        let accuracy = !gained ? "validation accuracy ended \(Self.againstBest(changes)) \(one ? "its" : "their") best before the half"
            : (runs == 1 ? "validation accuracy \(significant == 1 ? "rose" : "did not rise") significantly \(best)"
               : (significant == 0 ? "no run's validation accuracy rose significantly \(best)" : "validation accuracy rose significantly \(best) in \(significant) of the \(runs) runs"))
        let connector = !settled ? "; " : (gained && significant > 0 ? ", and " : ", but ")
        // Why these runs cannot credit the rate is the constant-rate run's reason among the next steps, said there.
        return "In epochs \(span.lowerBound)–\(span.upperBound) " + body + connector + accuracy + "."
    }

    /// ` (in seeds 2 and 3)` when only some seeds read `reading`, else nothing.
    private static func seedScope(_ f: CurveFindings, _ reading: CurveFindings.Diagnosis) -> String {
        let seeds = f.seedChanges.filter { $0.reading == reading }.map { "\($0.seed)" }
        guard !seeds.isEmpty, seeds.count < f.seedChanges.count else { return "" }
        return " (in seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds)) of \(f.seedChanges.count))"
    }

    /// Suggestions that follow from the findings, each to stand alone as an item of a list.
    private var nextSteps: [String] {
        // The most decisive first: what settles the main question, then the experiments that tell causes apart, then remedies
        // for what the curves showed, then tuning.
        var steps: [String] = []
        var deciding: [String] = [], experiments: [String] = [], tuning: [String] = []
        // With the windows the readings are theirs: a run's own lowest epoch does not decide what to try.
        let diagnosed = readsSecondHalf ? [] : diagnosedCurves
        if readsSecondHalf {
            let overfit = groups.filter { secondHalf($0).contains(where: \.accuracyFellSignificantly) }
            if !overfit.isEmpty {
                steps.append("stopping before the second half or regularising \(Format.list(overfit.map(name))) (weight decay, dropout before the fully connected layers)")
            }
            let surer = groups.filter { group in meanLossRose(group) && secondHalf(group).allSatisfy(\.mistakesGrewSurer) && !overfit.contains { $0.network == group.network } }
            if !surer.isEmpty {
                steps.append(groups.allSatisfy { $0.representative.config.weightDecay == 0 }
                    ? "weight decay or label smoothing, to keep \(Format.list(surer.map { "\(name($0))'s" })) mistakes from growing ever surer"
                    : "label smoothing or temperature scaling for \(Format.list(surer.map { "\(name($0))'s" })) confidence")
                // The textbook remedy, weighed against what the late epochs gained: stopping at the mean curve's lowest loss.
                let stops = surer.compactMap { group -> String? in
                    guard let f = findings[group.network], f.lowestLoss.epoch < f.epochs else { return nil }
                    return "\(name(group))'s epoch \(f.lowestLoss.epoch)"
                }
                if !stops.isEmpty {
                    steps.append("early stopping at the lowest mean validation loss (\(Format.list(stops))), weighed against the accuracy the later epochs gained")
                }
            }
        }
        let overfitting = diagnosed.filter { $0.1.diagnosis == .overfitting }
        if !overfitting.isEmpty {
            steps.append("keeping the weights of the lowest validation loss (" + Format.list(overfitting.map { "epoch \($0.1.lowestLoss.epoch) for \(name($0.0))" })
                         + ") or regularising (weight decay, dropout before the fully connected layers)")
        }
        let confident = diagnosed.filter { $0.1.diagnosis == .overconfident || $0.1.diagnosis == .riseFromFewImages }
        if !confident.isEmpty {
            let accuracyLast = confident.allSatisfy { $0.1.bestAccuracy.epoch == $0.1.epochs }
            let whose = confident.count == 1 ? "\(name(confident[0].0))'s" : (confident.count == 2 ? "both networks'" : "the networks'")
            steps.append("label smoothing or temperature scaling for \(whose) confidence" + (accuracyLast ? " rather than stopping early" : ""))
        }
        // A mean rise of confident mistakes the diagnosis did not name: what holds the logits back.
        let curbed = diagnosed.filter { row in confidentRise(row.0, row.1) != nil && !confident.contains { $0.0.network == row.0.network } }
        if !curbed.isEmpty, groups.allSatisfy({ $0.representative.config.weightDecay == 0 }) {
            steps.append("weight decay or label smoothing, to keep \(Format.list(curbed.map { "\(name($0.0))'s" })) mistakes from growing ever surer")
        }
        let improving = diagnosed.filter { $0.1.diagnosis == .stillImproving }
        if !improving.isEmpty { steps.append("more epochs for " + Format.list(improving.map { name($0.0) })) }
        if diagnosed.isEmpty, groups.contains(where: { ($0.representative.epochs.count) < Self.minimumEpochsForTrends }) {
            steps.append("a full run of 12 epochs before drawing conclusions from the curves")
        }
        if let c = comparison, c.intervalExcludesZero == false {
            deciding.append(c.seedsForPower.map { power in
                let wider = [c.first, c.second].max { ($0.testAccuracy?.standardDeviation ?? 0) < ($1.testAccuracy?.standardDeviation ?? 0) }.map(name) ?? ""
                // The power rests on both: the gap as measured, and the wider spread for both networks.
                let sd = [c.first, c.second].compactMap(\.testAccuracy).map(\.standardDeviation).max() ?? 0
                let runs = [c.first, c.second].map(\.runs.count).max() ?? 0
                return "At least \(power) seeds per network, for about 80% power (two-sided 5%) if the gap and \(wider)'s sd (\(Format.points(sd)), from \(runs) runs) hold for both"
            } ?? "more seeds")
        } else if let c = comparison, c.interval == nil {
            deciding.append("several seeds, to see how much of the difference is the seed")
        }
        // One recipe for both networks: a gap under it may not survive settings chosen for each.
        if groups.count == 2, let first = groups.first?.representative.config, let second = groups.last?.representative.config, Self.sameTraining(first, second), comparison?.better != nil {
            tuning.append("tuning each network's learning rate and epochs, as both shared one recipe here")
        }
        if let config = groups.first?.representative.config, lowRateEpochs != nil {
            let rate = TrainingConfig.settings.first { $0.key == "learning_rate" }.map { $0.text(of: config) } ?? ""
            // Each item of the list stands alone: the two causes named again.
            experiments.append("a constant-rate run (\(config.epochs) epochs at \(rate)), to tell the lower rate from the extra epochs")
        }
        if let c = comparison, let better = c.better, designReason(c).parts.count > 1 {
            let other = c.other(than: better)
            // The design differences that changed together (`designReading`), told apart.
            experiments.append("swapping \(name(better))'s and \(name(other))'s convolutional parts, to tell which part buys the gain")
        } else if let c = comparison, let facts = facts[c.second.network],
           let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0,
           Double(row.parameters) / Double(facts.totalParameters) > 0.8 {
            experiments.append("a smaller `\(row.name)` (or global average pooling) in \(name(c.second))")
        }
        return deciding + experiments + steps + tuning
    }
}
