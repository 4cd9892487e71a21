import Foundation
import NeuralNet
import Training

/// The prose of the hand-in, drawn from the runs: the setup, each network's results, the comparison,
/// the discussion and the conclusion. Every number is on one stated basis: the mean over the seeds
/// (the curves the figures draw), or a seed named in the sentence.
struct WriteUp {
    let groups: [RunGroup]
    let facts: [NetworkName: ArchitectureFacts]
    let findings: [NetworkName: CurveFindings]
    let comparison: NetworkComparison?

    init(groups: [RunGroup], facts: [NetworkName: ArchitectureFacts]) {
        self.groups = groups
        self.facts = facts
        var findings: [NetworkName: CurveFindings] = [:]
        for group in groups { findings[group.network] = CurveFindings(group) }
        self.findings = findings
        comparison = groups.count == 2 ? NetworkComparison(groups[0], groups[1], facts: facts) : nil
    }

    /// `ConvNet` for a network already introduced.
    func name(_ group: RunGroup) -> String { group.network.shortName(title: group.representative.title) }

    /// "the mean over its 3 seeds" or "seed 1".
    private func basis(_ group: RunGroup) -> String {
        group.isMultiSeed ? "mean over \(group.runs.count) seeds" : "seed \(group.representative.seed)"
    }

    // MARK: Setup

    /// How the networks were trained, in one paragraph (the settings table follows it).
    var setup: String {
        let configs = groups.map(\.representative.config)
        guard let config = configs.first, let data = groups.first?.representative.data else { return "" }
        var sentences = ["Both networks were trained on the first \(PythonFormat.grouped(data.trainImages)) images of the MNIST training file and validated after every epoch "
                         + "on its last \(PythonFormat.grouped(data.valImages)); the \(PythonFormat.grouped(data.testImages)) test images were used for nothing but the final scores."]
        let shared = configs.dropFirst().allSatisfy { Self.sameTraining($0, config) }
        if shared {
            sentences.append("\(Self.optimizerWords(config).prefix(1).uppercased() + Self.optimizerWords(config).dropFirst()), \(Self.scheduleWords(config)), "
                             + "\(config.epochs) epoch\(config.epochs == 1 ? "" : "s") in mini-batches of \(config.batchSize), \(config.loss.words), PyTorch's default initialisation.")
        } else {
            sentences.append("The networks were trained with different settings, listed in the table; both with PyTorch's default initialisation.")
            if Set(configs.map(\.loss)).count > 1 {
                sentences.append("The loss is " + Format.list(zip(groups, configs).map { "\($1.loss.words) for \(name($0))" }) + ".")
            }
        }
        let seeds = groups.map { $0.runs.map { "\($0.seed)" } }
        if groups.contains(where: \.isMultiSeed) {
            let same = seeds.dropFirst().allSatisfy { $0 == seeds[0] }
            sentences.append("Each network was trained once per seed (\(same ? Format.list(seeds[0]) : "see the table")); a seed sets the initial weights and the order of the mini-batches. "
                             + "Unless a seed is named, every number below is the mean over the seeds, as the curves are.")
        } else {
            sentences.append("Each network was trained once, with seed \(Format.list(seeds.map { $0.joined() })).")
        }
        return sentences.joined(separator: " ")
    }

    private static func sameTraining(_ a: TrainingConfig, _ b: TrainingConfig) -> Bool {
        var b = b
        b.architecture = a.architecture
        b.network = a.network
        b.seed = a.seed
        return a == b
    }

    private static func optimizerWords(_ config: TrainingConfig) -> String {
        let decay = config.weightDecay > 0 ? " and weight decay \(config.weightDecay)" : ""
        switch config.optimizer {
        case .adam: return "Adam (β₁ = \(config.adamBeta1), β₂ = \(config.adamBeta2)\(decay)) at a base learning rate of \(config.learningRate)"
        case .sgd: return "SGD with momentum \(config.momentum)\(decay) at a base learning rate of \(config.learningRate)"
        }
    }

    private static func scheduleWords(_ config: TrainingConfig) -> String {
        switch config.schedule {
        case .constant: return "kept constant"
        case .cosine: return "decayed along a cosine towards 0 and stepped once per epoch"
        case .step: return "multiplied by \(config.gamma) every \(config.stepSize) epochs"
        }
    }

    // MARK: One network

    /// What the network is, when the reader needs telling: LeNet-5's modern variant, or the student's class.
    func introduction(_ group: RunGroup) -> String? {
        let architecture = group.representative.config.architecture
        if group.network == .convnet && group.representative.config.usesBuiltInArchitecture {
            return "\(name(group)) is LeNet-5 in its modern form: ReLU activations and max-pooling where LeCun et al. (1998) used "
                + "squashing functions and trainable subsampling, and no Gaussian output layer."
        }
        if architecture.className != group.network.architecture.className || architecture.sourceFile != nil {
            return "\(group.representative.title) is the class `\(architecture.className)`" + (architecture.sourceFile.map { " of `\($0)`" } ?? "") + "."
        }
        return nil
    }

    /// The network's scores and what its validation curves show.
    func results(_ group: RunGroup) -> String {
        guard let f = findings[group.network] else { return "" }
        var sentences: [String] = []
        if let test = group.testAccuracy, group.isMultiSeed {
            sentences.append("Test accuracy **\(Format.percent(test.mean))** ± \(Format.points(test.standardDeviation)) (mean ± sd over \(test.count) seeds; "
                             + "\(Format.percent(test.minimum)) to \(Format.percent(test.maximum))).")
        } else {
            sentences.append("Test accuracy **\(Format.percent(group.representative.test.accuracy))** (seed \(group.representative.seed)).")
        }
        sentences.append(f.bestAccuracy.epoch == f.epochs
                         ? "The validation accuracy is highest in the last epoch, \(Format.percent(f.finalAccuracy))."
                         : "The validation accuracy peaks at \(Format.percent(f.bestAccuracy.value)) in epoch \(f.bestAccuracy.epoch) and ends at \(Format.percent(f.finalAccuracy)).")
        guard f.epochs >= Self.minimumEpochsForTrends else {
            sentences.append("With \(f.epochs == 1 ? "a single point" : "two points") per curve there is no trend to read: whether it was still improving or had begun to overfit "
                             + "needs at least \(Self.minimumEpochsForTrends) epochs (the report's default is 12).")
            return sentences.joined(separator: " ")
        }
        // A reading already given for an earlier network is referred to, not repeated.
        let earlier = groups.prefix { $0.network != group.network }.first { findings[$0.network]?.diagnosis == f.diagnosis && (findings[$0.network]?.epochs ?? 0) >= Self.minimumEpochsForTrends }
        sentences.append(diagnosis(f, sameAs: earlier.map(name)))
        if group.isMultiSeed, f.lowestEpochBySeed.count > 1 {
            let epochs = f.lowestEpochBySeed.map { "\($0.epoch)" }
            let agree = Set(epochs).count == 1
            sentences.append(agree ? "Every seed's own lowest validation loss falls in epoch \(epochs[0])."
                             : "Seed by seed, the lowest validation loss falls in epochs \(Format.list(epochs)).")
        }
        return sentences.joined(separator: " ")
    }

    /// Fewer epochs than this give too few points per curve to tell improving from overfitting.
    static let minimumEpochsForTrends = 3

    /// The validation loss's course in words, with the noise levels the reading rests on.
    private func diagnosis(_ f: CurveFindings, sameAs earlier: String?) -> String {
        let lowest = "The validation loss is lowest in epoch \(f.lowestLoss.epoch) (\(Format.loss(f.lowestLoss.value))) and ends \(Format.relative(f.relativeRise)) higher (\(Format.loss(f.finalLoss)))"
        let accuracy = "the validation accuracy went from \(Format.percent(f.accuracyAtLowestLoss)) to \(Format.percent(f.finalAccuracy)) "
            + "(twice its binomial standard error on \(PythonFormat.grouped(f.validationImages)) images is \(Format.points(f.accuracyNoise)))"
        let rest = f.restLoss.map { rest in
            " Without its \(EpochRecord.worstImagesCount) worst images the validation loss goes from \(Format.loss(rest.atLowest)) to \(Format.loss(rest.final)); "
                + "those \(EpochRecord.worstImagesCount) carry \(Format.relative(f.worstShare?.atLowest ?? 0)) of it in epoch \(f.lowestLoss.epoch) and \(Format.relative(f.worstShare?.final ?? 0)) in the last."
        } ?? ""
        switch f.diagnosis {
        case .stillImproving:
            return "The validation loss is still at its lowest in the last epoch (\(Format.loss(f.finalLoss))): no sign of overfitting, and more epochs might still help."
        case .riseFromFewImages:
            return "\(lowest), while \(accuracy).\(rest) " + (earlier.map { "As with \($0), the rise is carried by a few confident mistakes, not by more errors." }
                ?? "The rise is a handful of mistakes made ever more confidently, which a mean log-loss weighs heavily: it is not overfitting, since the network gets no more images wrong.")
        case .overconfident:
            return "\(lowest), while \(accuracy).\(rest) " + (earlier.map { "As with \($0), that is growing confidence rather than more errors." }
                ?? "The network grows more confident across the images, its mistakes included, without making more of them: overconfidence rather than overfitting.")
        case .overfitting:
            return "\(lowest), while \(accuracy).\(rest) " + (earlier.map { "As with \($0), more images are misclassified: it overfits after epoch \(f.lowestLoss.epoch)." }
                ?? "More validation images are misclassified, so the network overfits after epoch \(f.lowestLoss.epoch).")
        }
    }

    // MARK: Comparison

    /// The costs and scores side by side.
    var comparisonTable: String {
        guard let c = comparison else { return "" }
        let a = c.first, b = c.second
        func times(_ x: Double, _ y: Double) -> String { y > 0 ? " (\(Format.ratio(x / y)))" : "" }
        var lines = ["| | \(name(a)) | \(name(b)) |", "| --- | ---: | ---: |",
                     "| Parameters | \(PythonFormat.grouped(c.parameters.first)) | \(PythonFormat.grouped(c.parameters.second))\(times(Double(c.parameters.second), Double(c.parameters.first))) |",
                     "| Multiply-adds per image | \(PythonFormat.grouped(c.multiplyAdds.first)) | \(PythonFormat.grouped(c.multiplyAdds.second))\(times(Double(c.multiplyAdds.second), Double(c.multiplyAdds.first))) |",
                     "| Training time per run | \(Format.seconds(c.trainSeconds.first)) | \(Format.seconds(c.trainSeconds.second))\(times(c.trainSeconds.second, c.trainSeconds.first)) |"]
        if let sa = a.testAccuracy, let sb = b.testAccuracy, a.isMultiSeed || b.isMultiSeed {
            lines.append("| Test accuracy (mean ± sd) | \(Format.percent(sa.mean)) ± \(Format.points(sa.standardDeviation)) | \(Format.percent(sb.mean)) ± \(Format.points(sb.standardDeviation)) |")
            lines.append("| Test accuracy per seed | \(a.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) | \(b.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) |")
        } else {
            lines.append("| Test accuracy | \(Format.percent(a.representative.test.accuracy)) | \(Format.percent(b.representative.test.accuracy)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The difference, paired seed by seed and image by image.
    var comparisonText: String {
        guard let c = comparison else { return "" }
        let a = name(c.first), b = name(c.second)
        let cpus = c.timingCPUs.count == 1 ? "All runs were timed on \(c.timingCPUs[0])." : "The runs were timed on different CPUs (\(Format.list(c.timingCPUs))), so the times mix machines."
        var sentences = [cpus]
        if let interval = c.interval {
            let seeds = c.differences.count
            sentences.append("Seed by seed, \(b) minus \(a) is \(Format.list(c.differences.map(Format.signedPoints))); the mean difference is "
                             + "\(Format.signedPoints(c.meanDifference)), with a 95% t interval from \(Format.signedPoints(interval.lower)) to \(Format.signedPoints(interval.upper)).")
            sentences.append("With \(seeds) seeds the interval is wide (t with \(seeds - 1) degree\(seeds == 2 ? "" : "s") of freedom is \(PythonFormat.fixed(Statistics.t975(degreesOfFreedom: seeds - 1))) "
                             + "standard errors each side), so it shows the direction better than the size" + (c.separated ? "; here every run of one network beat every run of the other." : "."))
        }
        if !c.pairs.isEmpty {
            let significant = c.pairs.filter(\.isSignificant).count
            let list = c.pairs.map { Format.pValue($0.pValue) }
            sentences.append(c.pairs.count == 1
                             ? "On the test images themselves, McNemar's exact test of the two runs gives p = \(list[0]): \(significant == 1 ? "a difference beyond chance on these images" : "no difference beyond chance on these images")."
                             : "On the test images themselves, McNemar's exact test of each seed's pair gives p = \(Format.list(list)): \(significant) of the \(c.pairs.count) pairs differ beyond chance (5% level) on these images.")
        }
        return sentences.joined(separator: " ")
    }

    // MARK: Discussion

    /// What in the designs differs, and what it costs.
    var designs: String? {
        guard let c = comparison, let fa = facts[c.first.network], let fb = facts[c.second.network] else { return nil }
        let a = name(c.first), b = name(c.second)
        func channels(_ facts: ArchitectureFacts) -> [Int] {
            facts.moduleRows.filter { $0.moduleType == "Conv2d" }.compactMap { $0.kernelShape?.first }
        }
        func largest(_ facts: ArchitectureFacts) -> (name: String, share: Double)? {
            guard let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0 else { return nil }
            return (row.name, Double(row.parameters) / Double(facts.totalParameters))
        }
        var sentences: [String] = []
        let ca = channels(fa), cb = channels(fb)
        if !ca.isEmpty, !cb.isEmpty, ca != cb {
            sentences.append("\(b)'s convolutions have \(Format.list(cb.map(String.init))) channels where \(a)'s have \(Format.list(ca.map(String.init))).")
        }
        if let la = largest(fa), let lb = largest(fb) {
            sentences.append("Most parameters sit in one fully connected layer: `\(lb.name)` holds \(Format.relative(lb.share)) of \(b)'s, `\(la.name)` \(Format.relative(la.share)) of \(a)'s.")
        }
        if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
            let p = Double(c.parameters.second) / Double(c.parameters.first)
            let m = Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first)
            let t = c.trainSeconds.second / c.trainSeconds.first
            let closer = abs(log(t / m)) < abs(log(t / p)) ? "multiply-adds" : "parameters"
            sentences.append("\(b) has \(Format.ratio(p)) the parameters but \(Format.ratio(m)) the multiply-adds per image, and its \(Format.ratio(t)) training time follows the \(closer) more closely: "
                             + (closer == "multiply-adds" ? "the time goes into the arithmetic, most of it in the convolutions, not into the number of weights." : "the time follows the weights' count."))
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// What the learning-rate schedule did to the curves.
    var schedule: String? {
        guard let config = groups.first?.representative.config, let epochs = groups.first?.representative.epochs,
              let firstRate = epochs.first?.learningRate, let lastRate = epochs.last?.learningRate, epochs.count >= 4 else { return nil }
        let half = epochs.count / 2
        var sentences: [String]
        switch config.schedule {
        case .constant:
            sentences = ["The learning rate stayed at \(Format.scientific(firstRate)) throughout."]
        case .cosine, .step:
            sentences = ["The \(config.schedule == .cosine ? "cosine" : "step") schedule took the learning rate from \(Format.scientific(firstRate)) in epoch 1 "
                         + "to \(Format.scientific(lastRate)) in epoch \(epochs.count) (\(Format.scientific(epochs[half].learningRate)) in epoch \(half + 1))."]
        }
        var settled: [String] = []
        for group in groups {
            let records = group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
            guard records.count == epochs.count, let (early, late) = settling(group) else { continue }
            let trainDrop = records[half - 1].trainLoss / max(1e-300, records[records.count - 1].trainLoss)
            settled.append("\(name(group))'s epoch-to-epoch changes of validation loss average \(Format.loss(early)) before epoch \(half + 1) and \(Format.loss(late)) from it on, "
                           + "and its training loss falls \(Format.ratio(trainDrop)) over the second half")
        }
        if !settled.isEmpty { sentences.append(settled.joined(separator: "; ") + ".") }
        return sentences.joined(separator: " ")
    }

    /// The mean epoch-to-epoch change of the (mean) validation loss before the middle epoch and from it
    /// on; nil under four epochs.
    func settling(_ group: RunGroup) -> (early: Double, late: Double)? {
        let records = group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
        guard records.count >= 4 else { return nil }
        let half = records.count / 2
        func meanStep(_ range: Range<Int>) -> Double {
            let steps = range.map { abs(records[$0].valLoss - records[$0 - 1].valLoss) }
            return steps.reduce(0, +) / Double(max(1, steps.count))
        }
        return (meanStep(1..<half), meanStep(half..<records.count))
    }

    /// The test errors of each network's first seed, and what the shared ones suggest.
    var errors: String? {
        var sentences: [String] = []
        if let c = comparison, let shared = c.sharedErrors, c.first.representative.seed == c.second.representative.seed {
            sentences.append("In seed \(c.first.representative.seed), \(name(c.first)) misclassifies \(shared.first) test images and \(name(c.second)) \(shared.second); "
                             + "\(shared.both) of them are the same images.")
        }
        for group in groups {
            let run = group.representative
            guard let (digit, accuracy) = hardestDigit(run) else { continue }
            let confused = mostConfused(run).map { ", and its most frequent confusion is \($0.truth) read as \($0.predicted) (\($0.count)×)" } ?? ""
            sentences.append("\(name(group))'s hardest digit is \(digit) (\(Format.percent(accuracy)) correct)\(confused).")
        }
        guard !sentences.isEmpty else { return nil }
        sentences.append("Mistakes made with high confidence, and those both networks make, are the first candidates for ambiguous or wrongly labelled digits: "
                         + "look at the tiles below before reading more into a fraction of a point.")
        return sentences.joined(separator: " ")
    }

    private func hardestDigit(_ run: RunMetrics) -> (Int, Double)? {
        run.confusion.enumerated().compactMap { digit, row -> (Int, Double)? in
            let total = row.reduce(0, +)
            return total > 0 && digit < row.count ? (digit, Double(row[digit]) / Double(total)) : nil
        }.min { $0.1 < $1.1 }
    }

    private func mostConfused(_ run: RunMetrics) -> (truth: Int, predicted: Int, count: Int)? {
        var best: (truth: Int, predicted: Int, count: Int)?
        for (truth, row) in run.confusion.enumerated() {
            for (predicted, value) in row.enumerated() where predicted != truth && value > (best?.count ?? 0) { best = (truth, predicted, value) }
        }
        return best
    }

    // MARK: Conclusion

    /// Which network is better, by how much and how sure, at what cost, why, and what to try next.
    var conclusion: String {
        var sentences: [String] = []
        if let c = comparison {
            let a = name(c.first), b = name(c.second)
            let accuracyA = c.first.testAccuracy?.mean ?? c.first.representative.test.accuracy
            let accuracyB = c.second.testAccuracy?.mean ?? c.second.representative.test.accuracy
            let basis = c.first.isMultiSeed ? " (\(basis(c.first)))" : ""
            if let better = c.better {
                let winner = name(better), loser = better.network == c.first.network ? b : a
                let (high, low) = better.network == c.first.network ? (accuracyA, accuracyB) : (accuracyB, accuracyA)
                var sure = ""
                if let interval = c.interval {
                    sure = interval.lower > 0 || interval.upper < 0
                        ? "; the 95% interval over the seeds (\(Format.signedPoints(interval.lower)) to \(Format.signedPoints(interval.upper))) excludes zero"
                        : "; it was ahead in every seed, though the 95% interval over so few seeds (\(Format.signedPoints(interval.lower)) to \(Format.signedPoints(interval.upper))) is too wide to fix the size"
                }
                if !c.pairs.isEmpty { sure += ", and McNemar's test finds the difference beyond chance in \(c.pairs.filter(\.isSignificant).count) of \(c.pairs.count) seed pair\(c.pairs.count == 1 ? "" : "s")" }
                sentences.append("\(winner) is the more accurate network: \(Format.percent(high)) against \(Format.percent(low)) test accuracy\(basis), \(Format.points(high - low)) more than \(loser)\(sure).")
            } else {
                sentences.append("Neither network is clearly better: \(a) reaches \(Format.percent(accuracyA)) and \(b) \(Format.percent(accuracyB)) test accuracy\(basis), "
                                 + "a difference the seeds and the test images cannot separate from chance.")
            }
            if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
                sentences.append("\(b) costs \(Format.ratio(Double(c.parameters.second) / Double(c.parameters.first))) the parameters, "
                                 + "\(Format.ratio(Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first))) the multiply-adds and \(Format.ratio(c.trainSeconds.second / c.trainSeconds.first)) the training time of \(a).")
            }
        }
        if let c = comparison, let better = c.better {
            let other = better.network == c.first.network ? c.second : c.first
            if better.representative.parameters > other.representative.parameters {
                sentences.append("The gain comes with capacity, from \(name(better))'s wider layers.")
            } else {
                sentences.append("The gain does not come from size: \(name(better)) has the fewer parameters, so its design (the order and shape of its layers) makes the difference.")
            }
        }
        let steadier = groups.compactMap { group in settling(group).map { (group, $0) } }
        if !steadier.isEmpty, steadier.allSatisfy({ $0.1.late < $0.1.early }), let config = groups.first?.representative.config, config.schedule != .constant {
            sentences.append("The decaying learning rate steadied the validation curves in the second half: their epoch-to-epoch changes shrank "
                             + Format.list(steadier.map { "\(Format.ratio($0.1.early / max(1e-300, $0.1.late))) for \(name($0.0))" }) + ".")
        }
        // One sentence per reading, naming the networks it applies to.
        let diagnosed = groups.compactMap { group in findings[group.network].map { (group, $0) } }.filter { $0.1.epochs >= Self.minimumEpochsForTrends }
        for kind in [CurveFindings.Diagnosis.riseFromFewImages, .overconfident, .overfitting, .stillImproving] {
            let these = diagnosed.filter { $0.1.diagnosis == kind }
            guard !these.isEmpty else { continue }
            let names = these.count == 1 ? name(these[0].0) : (these.count == 2 ? "Both" : "All")
            let epochs = Format.list(these.map { "\(name($0.0))'s after epoch \($0.1.lowestLoss.epoch)" })
            let subject = these.count == 1 ? "\(names)'s validation loss rises after epoch \(these[0].1.lowestLoss.epoch)" : "\(names) validation losses rise after their lowest (\(epochs))"
            switch kind {
            case .riseFromFewImages:
                sentences.append("\(subject) through a handful of confident mistakes, not through more errors.")
            case .overconfident:
                sentences.append("\(subject) through growing confidence, not through more errors.")
            case .overfitting:
                sentences.append("\(Format.list(these.map { name($0.0) })) overfit\(these.count == 1 ? "s" : "") after the lowest validation loss (\(epochs)): the validation accuracy falls.")
            case .stillImproving:
                sentences.append("\(Format.list(these.map { name($0.0) })) \(these.count == 1 ? "was" : "were") still improving at the last epoch.")
            }
        }
        let next = nextSteps
        if !next.isEmpty { sentences.append("Worth trying next: " + next.joined(separator: "; ") + ".") }
        return sentences.joined(separator: " ")
    }

    /// Suggestions that follow from the findings.
    private var nextSteps: [String] {
        var steps: [String] = []
        let diagnosed = groups.compactMap { group in findings[group.network].map { (group, $0) } }.filter { $0.1.epochs >= Self.minimumEpochsForTrends }
        let overfitting = diagnosed.filter { $0.1.diagnosis == .overfitting }
        if !overfitting.isEmpty {
            steps.append("keeping the weights of the lowest validation loss (" + Format.list(overfitting.map { "epoch \($0.1.lowestLoss.epoch) for \(name($0.0))" })
                         + ") or regularising (weight decay, dropout before the fully connected layers)")
        }
        let confident = diagnosed.filter { $0.1.diagnosis == .overconfident || $0.1.diagnosis == .riseFromFewImages }
        if !confident.isEmpty {
            let accuracyLast = confident.allSatisfy { $0.1.bestAccuracy.epoch == $0.1.epochs }
            let whose = confident.count == 1 ? "\(name(confident[0].0))'s" : (confident.count == 2 ? "both networks'" : "the networks'")
            steps.append("label smoothing, or temperature scaling after training, to calibrate \(whose) confidence"
                         + (accuracyLast ? " (stopping early would not help: the validation accuracy is highest at the end)" : ""))
        }
        let improving = diagnosed.filter { $0.1.diagnosis == .stillImproving }
        if !improving.isEmpty { steps.append("more epochs for " + Format.list(improving.map { name($0.0) })) }
        if diagnosed.isEmpty, groups.contains(where: { ($0.representative.epochs.count) < Self.minimumEpochsForTrends }) {
            steps.append("a full run of 12 epochs before drawing conclusions from the curves")
        }
        if let c = comparison, let interval = c.interval, interval.lower <= 0, interval.upper >= 0 {
            steps.append("more seeds, which narrow the interval of the difference roughly with the square root of their number")
        } else if let c = comparison, c.interval == nil {
            steps.append("several seeds, to see how much of the difference is the seed")
        }
        if let c = comparison, let facts = facts[c.second.network],
           let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0,
           Double(row.parameters) / Double(facts.totalParameters) > 0.8 {
            steps.append("a smaller `\(row.name)` (or global average pooling before it) in \(name(c.second)), to see how much of its accuracy needs \(PythonFormat.grouped(row.parameters)) parameters in one layer")
        }
        return steps
    }
}
