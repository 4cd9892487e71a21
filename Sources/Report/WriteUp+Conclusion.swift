import Foundation
import NeuralNet
import Training

// The conclusion: the verdict drawn from the other sections' numbers, and what to try next.
extension WriteUp {
    /// Which network is better, by how much and how sure, at what cost, why, and what to try next.
    var conclusion: String {
        var sentences: [String] = []
        if let c = comparison {
            let a = name(c.first), b = name(c.second)
            let accuracyA = c.first.testAccuracy?.mean ?? c.first.representative.test.accuracy
            let accuracyB = c.second.testAccuracy?.mean ?? c.second.representative.test.accuracy
            if let better = c.better {
                let winner = name(better)
                let (high, low) = better.network == c.first.network ? (accuracyA, accuracyB) : (accuracyB, accuracyA)
                let fewer = (1 - high) > 0 && (1 - low) > 0 ? ", \(Format.percentRounded(1 - (1 - high) / (1 - low))) fewer test errors" : ""
                // More accurate is not better calibrated: a higher test loss is said after the accuracy.
                let loser = c.other(than: better)
                let established = c.interval.map { $0.lower > 0 || $0.upper < 0 } ?? false
                sentences.append("\(winner) \(established ? "is the more accurate network" : "scored higher"): \(Format.percent(high)) against \(Format.percent(low)) test accuracy\(fewer).")
                sentences.append(certainty(c))
                if meanTestLoss(better) > meanTestLoss(loser) {
                    // More accurate is not lower loss: whether the loss is really higher is weighed as the accuracy is, over the
                    // seeds; its mistakes' cost (in the discussion), when surer, says why fewer mistakes need not cost less.
                    let welch = Statistics.welchInterval(loser.runs.map(\.test.loss), better.runs.map(\.test.loss))  // better minus loser
                    let higher = welch.map { $0.lower > 0 } ?? false
                    let interval = welch.map { "; 95% Welch interval of the difference \(Format.signedLoss($0.lower)) to \(Format.signedLoss($0.upper))" } ?? ""
                    let surer = lastMistakeLoss(better).flatMap { mine in lastMistakeLoss(loser).map { mine > $0 } } ?? false
                    sentences.append("Its test loss is \(higher ? "higher" : "no lower") (\(Format.loss(meanTestLoss(better))) against \(Format.loss(meanTestLoss(loser)))\(interval))"
                                     + (surer ? ": its fewer mistakes are surer." : "."))
                }
            } else {
                let basis = c.first.isMultiSeed ? " (\(basis(c.first)))" : ""
                sentences.append("Neither network is clearly better: \(a) reaches \(Format.percent(accuracyA)) and \(b) \(Format.percent(accuracyB)) test accuracy\(basis), "
                                 + "a difference the seeds and the test images cannot separate from chance.")
            }
            let design = designReason(c)
            if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
                let costs = "\(b) costs \(Format.ratio(Double(c.parameters.second) / Double(c.parameters.first))) the parameters, "
                    + "\(Format.ratio(Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first))) the multiply-adds and \(Format.ratio(c.matchedTimeRatio ?? c.trainSeconds.second / c.trainSeconds.first))"
                    + (Format.ratio(c.matchedTimeRatios.min() ?? 0) != Format.ratio(c.matchedTimeRatios.max() ?? 0)
                       ? " (\(Format.ratio(c.matchedTimeRatios.min() ?? 0)) to \(Format.ratio(c.matchedTimeRatios.max() ?? 0)))" : "") + " the training time"
                sentences.append(costs + ".")
                if let note = designNote(design, c) { sentences.append(note) }
            } else if let note = designNote(design, c) {
                sentences.append(note)
            }
        }
        if let effect = scheduleSummary { sentences.append(effect) }
        if let readings = confidenceReading { sentences.append(readings) } else { sentences.append(contentsOf: readingsByKind) }
        let next = nextSteps
        if !next.isEmpty { sentences.append("Next: " + next.joined(separator: "; ") + ".") }
        return sentences.joined(separator: " ")
    }

    /// How sure the comparison is, in words (the numbers and the permutation test are in the comparison), about the
    /// architectures: the Welch interval over seeds. McNemar, which judges single trained models, is left to the
    /// comparison; with one seed it is all there is.
    private func certainty(_ c: NetworkComparison) -> String {
        guard let interval = c.interval else {
            guard let pair = c.pairs.first else { return "" }
            let level = PairedEpochChange.significantP
            return "With one seed only the trained models are compared: McNemar's test \(pair.pValue < level ? "separates" : "does not separate") them, "
                + "which says nothing yet about the architectures."
        }
        let bounds = "\(Format.signedNumber(interval.lower)) to \(Format.signedNumber(interval.upper)) points"
        if interval.lower > 0 || interval.upper < 0 {
            return "The 95% Welch interval over seeds, \(bounds), excludes zero."
        }
        return "That is suggestive, not established: the 95% Welch interval over seeds includes zero."
    }

    /// `designReason` as a sentence of its own: its note, or the parts of the better network's design that differ
    /// (which the next steps propose to tell apart when there are several), with the final training loss its extra
    /// capacity reached; nothing when several parts differ and the discussion states a hypothesis the next steps test.
    private func designNote(_ design: (parts: [String], note: String?), _ c: NetworkComparison) -> String? {
        if let note = design.note { return note }
        guard let better = c.better, !design.parts.isEmpty else { return nil }
        let other = c.other(than: better)
        // The training loss, not the accuracy: near 100% a few dozen images make the accuracies' whole difference.
        let fit = [curve(better).last?.trainLoss, curve(other).last?.trainLoss]
        let capacity = fit[0].flatMap { b in fit[1].flatMap { o in b < o ? "its extra capacity shows in its final training loss (\(Format.scientific(b)) against \(Format.scientific(o)))" : nil } }
        // The parts are listed in the comparison's design paragraph.
        guard design.parts.count > 1 else { return "\(name(better)) differs in \(design.parts[0])" + (capacity.map { "; \($0)." } ?? ".") }
        // Which of them buys the gain is what the swap among the next steps would tell; when the discussion states a
        // hypothesis, the next steps name it and nothing more is said here.
        if featureHypothesis(c) != nil { return nil }
        return capacity.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } ?? "Which of its design differences buys the gain these runs cannot tell."
    }

    /// When every rise of every network's validation loss sits on the images misclassified at either epoch (the
    /// others' loss falling, no overfitting): one sentence naming the seeds whose rise is a trend (`trendSeeds`; with one
    /// seed, beyond its noise) and what the rise is there. Nil otherwise.
    private var confidenceReading: String? {
        let diagnosed = diagnosedCurves
        guard !diagnosed.isEmpty, diagnosed.allSatisfy({ !$0.1.seedChanges.isEmpty }) else { return nil }
        let rises = diagnosed.map { group, f in (group: group, rises: f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }) }.filter { !$0.rises.isEmpty }
        let all = rises.flatMap(\.rises)
        guard !all.isEmpty, all.allSatisfy({ $0.reading != .overfitting && $0.changeFromMistaken > 0 && $0.changeFromRest <= 0 }) else { return nil }
        // A trend passes its noise from the seed's own lowest epoch and from the others' (a start its noise did not choose);
        // with one seed there is no other start, and the rise from its own lowest epoch is all there is.
        let named: [String]
        let every: Bool
        let trends = trendSeeds(diagnosed)
        if let trends {
            named = trends.filter { !$0.seeds.isEmpty }.map { seedNames($0.group, $0.seeds, amongNetworks: trends.count) }
            every = trends.allSatisfy { $0.seeds.count == $0.group.runs.count }
        } else {
            named = rises.compactMap { network in
                let seeds = network.rises.filter(\.riseBeyondNoise).map(\.seed)
                return seeds.isEmpty ? nil : seedNames(network.group, seeds, amongNetworks: rises.count)
            }
            every = all.allSatisfy(\.riseBeyondNoise)
        }
        // A rise within its noise may not be there: no mechanism is claimed for it.
        guard !named.isEmpty else {
            return "The late rise in validation loss is \(trends == nil ? "not distinguishable from noise" : "no detectable trend")."
        }
        let accuracy = all.allSatisfy { $0.turnedRight >= $0.turnedWrong } ? "holds" : "falls, though not significantly"
        let mechanism = "the loss overfits through confidence in a few mistakes while the accuracy \(accuracy)"
        let verdict = trends == nil ? "passes its noise" : "is a trend"
        return every ? "The late rise in validation loss \(verdict)\(trends == nil ? "" : " in every seed"): \(mechanism)."
            : "The late rise in validation loss \(verdict) only in \(Format.list(named)), where \(mechanism)."
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

    /// The schedule's low-rate half in one sentence for the conclusion (the numbers are in the discussion): the fit to the
    /// training images against the change in validation accuracy, with how many seeds' changes are significant, and
    /// why these runs cannot credit the schedule alone.
    private var scheduleSummary: String? {
        guard let span = lowRateEpochs else { return nil }
        let (start, end) = (span.lowerBound - 1, span.upperBound - 1)
        let fitted = groups.allSatisfy { group in let c = curve(group); return c.count == span.upperBound && c[end].trainLoss < c[start].trainLoss }
        guard fitted else { return nil }
        let gained = groups.allSatisfy { group in let c = curve(group); return c[end].valAccuracy >= c[start].valAccuracy }
        let settled = settlingCounts?.allSatisfy { $0.last < $0.first } ?? false
        return "As the rate decayed (epochs \(span.lowerBound)–\(span.upperBound)), \(groups.count == 1 ? "the network" : "both networks") "
            + (settled ? "settled, so for accuracy the last weights need no early stopping" : "fitted the training images ever more closely")
            + (gained ? "" : ", while validation accuracy fell") + "; these runs cannot separate the schedule from the extra epochs."
    }

    /// ` (in seeds 2 and 3)` when only some seeds read `reading`, else nothing.
    private static func seedScope(_ f: CurveFindings, _ reading: CurveFindings.Diagnosis) -> String {
        let seeds = f.seedChanges.filter { $0.reading == reading }.map { "\($0.seed)" }
        guard !seeds.isEmpty, seeds.count < f.seedChanges.count else { return "" }
        return " (in seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds)) of \(f.seedChanges.count))"
    }

    /// Suggestions that follow from the findings.
    private var nextSteps: [String] {
        var steps: [String] = []
        let diagnosed = diagnosedCurves
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
        let improving = diagnosed.filter { $0.1.diagnosis == .stillImproving }
        if !improving.isEmpty { steps.append("more epochs for " + Format.list(improving.map { name($0.0) })) }
        if diagnosed.isEmpty, groups.contains(where: { ($0.representative.epochs.count) < Self.minimumEpochsForTrends }) {
            steps.append("a full run of 12 epochs before drawing conclusions from the curves")
        }
        if let c = comparison, let interval = c.interval, interval.lower <= 0, interval.upper >= 0 {
            steps.append(c.seedsForPower.map { power in
                let wider = [c.first, c.second].max { ($0.testAccuracy?.standardDeviation ?? 0) < ($1.testAccuracy?.standardDeviation ?? 0) }.map(name) ?? ""
                return "at least \(power) seeds per network (80% power if the gap is as measured and both spread like \(wider))"
            } ?? "more seeds")
        } else if let c = comparison, c.interval == nil {
            steps.append("several seeds, to see how much of the difference is the seed")
        }
        if let config = groups.first?.representative.config, lowRateEpochs != nil {
            let rate = TrainingConfig.settings.first { $0.key == "learning_rate" }.map { $0.text(of: config) } ?? ""
            steps.append("a constant-rate run (\(config.epochs) epochs at \(rate))")
        }
        if let c = comparison, let better = c.better, designReason(c).parts.count > 1 {
            let other = c.other(than: better)
            // The discussion's hypothesis, when it states one, is what the swap tests.
            let purpose = featureHypothesis(c) == nil ? "to tell which part buys the gain" : "to test the feature-width hypothesis"
            steps.append("\(name(better))'s convolutions under \(name(other))'s fully connected layers and the reverse, \(purpose)")
        } else if let c = comparison, let facts = facts[c.second.network],
           let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0,
           Double(row.parameters) / Double(facts.totalParameters) > 0.8 {
            steps.append("a smaller `\(row.name)` (or global average pooling) in \(name(c.second))")
        }
        return steps
    }
}
