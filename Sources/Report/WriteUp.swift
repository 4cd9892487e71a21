import Foundation
import NeuralNet
import Training

/// The prose of the hand-in, drawn from the runs: the setup, each network's results, the comparison,
/// the discussion and the conclusion. Every number is on one stated basis: the mean over the seeds
/// (the curves the figures draw), or a seed named in the sentence.
struct WriteUp {
    let groups: [RunGroup]
    let facts: [NetworkName: SummaryTable]
    let findings: [NetworkName: CurveFindings]
    let comparison: NetworkComparison?

    init(groups: [RunGroup], facts: [NetworkName: SummaryTable]) {
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
        var sentences = ["Both networks were trained on the first \(PythonFormat.grouped(data.trainImages)) MNIST training images and validated after every epoch "
                         + "on the last \(PythonFormat.grouped(data.valImages)); the \(PythonFormat.grouped(data.testImages)) test images served only for the final scores."]
        let shared = configs.dropFirst().allSatisfy { Self.sameTraining($0, config) }
        if shared {
            sentences.append("\(Self.optimizerWords(config)), \(Self.scheduleWords(config)), \(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), "
                             + "mini-batches of \(config.batchSize), \(config.loss.words), PyTorch's default initialisation.")
        } else {
            sentences.append("The networks were trained with different settings, listed in the table; both with PyTorch's default initialisation.")
            if Set(configs.map(\.loss)).count > 1 {
                sentences.append("The loss is " + Format.list(zip(groups, configs).map { "\($1.loss.words) for \(name($0))" }) + ".")
            }
        }
        let seeds = groups.map { $0.runs.map { "\($0.seed)" } }
        if groups.contains(where: \.isMultiSeed) {
            let same = seeds.dropFirst().allSatisfy { $0 == seeds[0] }
            sentences.append("One run per seed (\(same ? Format.list(seeds[0]) : "see the table")), which sets the initial weights and the mini-batch order; "
                             + "numbers are means over the seeds unless a seed is named.")
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
        case .adam: return "Adam (β₁ = \(config.adamBeta1), β₂ = \(config.adamBeta2)\(decay)), base learning rate \(config.learningRate)"
        case .sgd: return "SGD with momentum \(config.momentum)\(decay), base learning rate \(config.learningRate)"
        }
    }

    private static func scheduleWords(_ config: TrainingConfig) -> String {
        switch config.schedule {
        case .constant: return "kept constant"
        case .cosine: return "cosine decay stepped once per epoch"
        case .step: return "multiplied by \(config.gamma) every \(config.stepSize) epochs"
        }
    }

    // MARK: One network

    /// What the network is, when the reader needs telling: LeNet-5's modern variant, or the student's class.
    func introduction(_ group: RunGroup) -> String? {
        let architecture = group.representative.config.architecture
        if group.network == .convnet && group.representative.config.usesBuiltInArchitecture {
            return "\(name(group)) is LeNet-5 (LeCun et al., 1998) in its modern form: ReLU and max-pooling instead of squashing functions and trainable subsampling, "
                + "a fully connected second convolution, and an unpadded 28×28 input (fc1 takes 16×4×4 = 256 features, not 400)."
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
            // The per-seed scores are in the comparison table; with one network they are given here.
            let range = groups.count == 2 ? "" : "; \(Format.percent(test.minimum)) to \(Format.percent(test.maximum))"
            sentences.append("Test accuracy **\(Format.percent(test.mean))** ± \(Format.points(test.standardDeviation)) (mean ± sd over \(test.count) seeds\(range)).")
        } else {
            sentences.append("Test accuracy **\(Format.percent(group.representative.test.accuracy))** (seed \(group.representative.seed)).")
        }
        let curve = group.isMultiSeed ? "mean validation curve" : "validation curve"
        let paired = !f.seedChanges.isEmpty && f.epochs >= Self.minimumEpochsForTrends
        // Read image by image, the accuracy goes into the sentence on the loss (`meanCurveCourse`).
        if !paired { sentences.append(f.bestAccuracy.epoch == f.epochs
                         ? "The \(curve)'s accuracy is highest in the last epoch, \(Format.percent(f.finalAccuracy))."
                         : "The \(curve)'s accuracy peaks at \(Format.percent(f.bestAccuracy.value)) in epoch \(f.bestAccuracy.epoch) and ends at \(Format.percent(f.finalAccuracy)).") }
        guard f.epochs >= Self.minimumEpochsForTrends else {
            sentences.append("With \(f.epochs == 1 ? "a single point" : "two points") per curve there is no trend to read: whether it was still improving or had begun to overfit "
                             + "needs at least \(Self.minimumEpochsForTrends) epochs (the report's default is 12).")
            return sentences.joined(separator: " ")
        }
        // A reading already given for an earlier network is referred to, not repeated.
        let earlier = groups.prefix { $0.network != group.network }.first { findings[$0.network]?.diagnosis == f.diagnosis && (findings[$0.network]?.epochs ?? 0) >= Self.minimumEpochsForTrends }
        if paired {
            sentences.append(meanCurveCourse(f))
            let first = !groups.prefix { $0.network != group.network }.contains { !(findings[$0.network]?.seedChanges.isEmpty ?? true) }
            let levelledEarlier = groups.prefix { $0.network != group.network }.contains { findings[$0.network]?.seedChanges.contains { $0.reading == .levelledOff } ?? false }
            return sentences.joined(separator: " ") + "\n\n" + seedTable(f, first: first) + "\n\n" + seedReading(f, sameAs: earlier.map(name), explainNoise: !levelledEarlier)
        }
        sentences.append(diagnosis(f, sameAs: earlier.map(name)))
        if group.isMultiSeed, f.lowestEpochBySeed.count > 1 {
            let epochs = f.lowestEpochBySeed.map { "\($0.epoch)" }
            let agree = Set(epochs).count == 1
            sentences.append(agree ? "Every seed has its lowest validation loss in epoch \(epochs[0])." : "Seed by seed, the lowest loss falls in epochs \(Format.list(epochs)).")
        }
        return sentences.joined(separator: " ")
    }

    /// Fewer epochs than this give too few points per curve to tell improving from overfitting.
    static let minimumEpochsForTrends = 3

    /// The mean curve's validation loss from its lowest to the end, and its accuracy, as the figure shows them.
    private func meanCurveCourse(_ f: CurveFindings) -> String {
        let curve = f.seedChanges.count > 1 ? "On the mean validation curve" : "On the validation curve"
        let best = f.bestAccuracy.epoch == f.epochs ? "its highest, in the last epoch" : "its highest being \(Format.percent(f.bestAccuracy.value)) in epoch \(f.bestAccuracy.epoch)"
        if f.lowestLoss.epoch == f.epochs {
            return "\(curve), the loss is lowest in the last epoch (\(Format.loss(f.finalLoss))) and the accuracy ends at \(Format.percent(f.finalAccuracy)), \(best)."
        }
        return "\(curve), the loss is lowest in epoch \(f.lowestLoss.epoch) (\(Format.loss(f.lowestLoss.value))) and ends \(Format.relative(abs(f.relativeRise))) "
            + "\(f.relativeRise >= 0 ? "higher" : "lower") (\(Format.loss(f.finalLoss))), while the accuracy goes from \(Format.percent(f.accuracyAtLowestLoss)) "
            + "to \(Format.percent(f.finalAccuracy)), \(best)."
    }

    /// Each seed's change from its lowest validation loss to its last epoch, image by image; the
    /// method is explained at the first network's table only.
    private func seedTable(_ f: CurveFindings, first: Bool) -> String {
        let caption = first
            ? "Each seed's \(PythonFormat.grouped(f.validationImages)) validation images compared with themselves between the seed's lowest validation loss and its last epoch "
                + "(z: the mean change over its paired standard error, the change split by whether an image was misclassified at either epoch; "
                + "p: McNemar's exact test of images turned wrong against turned right):"
            : "The same comparison for \(f.name), seed by seed:"
        var lines = [caption, "",
                     "| Seed | Lowest loss (epoch) | Last epoch | Change (z) | From the images wrong at either epoch | From the others | Turned wrong / right (p) | Reading |",
                     "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for change in f.seedChanges {
            let cells: [String]
            if change.fromEpoch == change.toEpoch {
                cells = ["\(change.seed)", "\(Format.loss(change.lossFrom)) (\(change.fromEpoch))", "–", "–", "–", "–", "–"]
            } else {
                cells = ["\(change.seed)", "\(Format.loss(change.lossFrom)) (\(change.fromEpoch))", Format.loss(change.lossTo),
                         "\(Format.signedRelative(change.relativeChange)) (\(PythonFormat.fixed(change.z, decimals: 1)))",
                         "\(Format.signedLoss(change.changeFromMistaken)) (\(change.mistakenImages) images)", Format.signedLoss(change.changeFromRest),
                         "\(change.turnedWrong) / \(change.turnedRight) (\(Format.probability(change.mcNemarP)))"]
            }
            lines.append("| " + (cells + [Self.readingWords(change.reading)]).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// A reading in the table's few words.
    static func readingWords(_ reading: CurveFindings.Diagnosis) -> String {
        switch reading {
        case .stillImproving: return "still improving"
        case .levelledOff: return "levelled off"
        case .riseFromFewImages: return "confident mistakes"
        case .overconfident: return "worse probabilities"
        case .overfitting: return "overfitting"
        }
    }

    /// What the seeds' changes show, the reading most seeds share first.
    /// `explainNoise` says why the paired error is wide, the first time a reading rests on it.
    private func seedReading(_ f: CurveFindings, sameAs earlier: String?, explainNoise: Bool) -> String {
        let readings = CurveFindings.Diagnosis.bySeriousness.filter { reading in f.seedChanges.contains { $0.reading == reading } }
        let ordered = [f.diagnosis] + readings.filter { $0 != f.diagnosis }
        let clauses = ordered.map { reading -> String in
            let seeds = f.seedChanges.filter { $0.reading == reading }.map { "\($0.seed)" }
            let subject = f.seedChanges.count == 1 ? "" : (seeds.count == f.seedChanges.count ? "in every seed, " : "in seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds)), ")
            return subject + Self.readingClause(reading, explainNoise: explainNoise)
        }
        var text = clauses.joined(separator: "; ")
        text = text.prefix(1).uppercased() + text.dropFirst() + "."
        if let earlier, readings == [f.diagnosis] { text = "As with \(earlier): " + text.prefix(1).lowercased() + text.dropFirst() }
        let moved = f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }
        if !moved.isEmpty, moved.allSatisfy({ $0.changeFromRest < 0 && $0.changeFromMistaken > 0 && $0.reading != .overfitting }) {
            let scope = f.seedChanges.count == 1 ? "" : (moved.count == f.seedChanges.count ? " in every seed" : " in seed\(moved.count == 1 ? "" : "s") \(Format.list(moved.map { "\($0.seed)" }))")
            text += " The rise sits on \(f.name)'s mistakes\(scope): the images it classifies right at both epochs lost loss."
        }
        let improved = f.seedChanges.filter { $0.turnedRight > $0.turnedWrong && $0.mcNemarP < PairedEpochChange.significantP }
        if !improved.isEmpty {
            text += " In seed\(improved.count == 1 ? "" : "s") \(Format.list(improved.map { "\($0.seed)" })), the accuracy still rose significantly after the lowest loss."
        }
        return text
    }

    /// What one reading means, as a clause.
    private static func readingClause(_ reading: CurveFindings.Diagnosis, explainNoise: Bool) -> String {
        switch reading {
        case .stillImproving:
            return "the loss is lowest in the last epoch: no sign of overfitting, and more epochs might still help"
        case .levelledOff:
            return "the rise is within two paired standard errors\(explainNoise ? " (wide, since a few images carry most of the loss)" : ""): the loss levelled off"
        case .riseFromFewImages:
            return "the loss rose beyond two paired standard errors, all of it on the images misclassified at either epoch, without significantly more errors: "
                + "mistakes made ever more confidently, which cost no accuracy"
        case .overconfident:
            return "the loss rose beyond two paired standard errors on the images classified right as well, without significantly more errors: "
                + "the probabilities grew worse while the accuracy held"
        case .overfitting:
            return "significantly more images turned wrong than right: the network overfits after its lowest epoch"
        }
    }

    /// The validation loss's course in words, with the noise levels the reading rests on.
    private func diagnosis(_ f: CurveFindings, sameAs earlier: String?) -> String {
        let lowest = "Its validation loss is lowest in epoch \(f.lowestLoss.epoch) (\(Format.loss(f.lowestLoss.value))) and ends \(Format.relative(f.relativeRise)) higher (\(Format.loss(f.finalLoss)))"
        // The change as the two shown percentages give it, so the numbers add up on the page.
        let change = ((f.finalAccuracy * 10_000).rounded() - (f.accuracyAtLowestLoss * 10_000).rounded()) / 10_000
        let accuracy = "the validation accuracy went from \(Format.percent(f.accuracyAtLowestLoss)) to \(Format.percent(f.finalAccuracy)), "
            + "\(Format.signedPoints(change)), \(abs(change) <= f.accuracyNoise ? "within" : "beyond") two binomial standard errors of one epoch's score (\(Format.points(f.accuracyNoise)))"
        let noise = f.riseNoise.map { "the seeds' final losses differ by \(Format.relative($0)) (sd over mean)" } ?? ""
        let rest = f.restLoss.map { rest in
            " Without each epoch's \(EpochRecord.worstImagesCount) worst validation images the loss goes from \(Format.loss(rest.atLowest)) to \(Format.loss(rest.final)) "
                + "(those \(EpochRecord.worstImagesCount) carry \(Format.relative(f.worstShare?.atLowest ?? 0)) of it in epoch \(f.lowestLoss.epoch), \(Format.relative(f.worstShare?.final ?? 0)) at the end)."
        } ?? ""
        switch f.diagnosis {
        case .stillImproving:
            return "Its validation loss is still at its lowest in the last epoch (\(Format.loss(f.finalLoss))): no sign of overfitting, and more epochs might still help."
        case .levelledOff:
            return "\(lowest), less than \(noise.isEmpty ? "its standard error" : noise): the loss levelled off, and \(accuracy)."
        case .riseFromFewImages:
            return "\(lowest), more than \(noise.isEmpty ? "its standard error" : noise), while \(accuracy).\(rest) "
                + (earlier.map { "As with \($0), the rise is confidence in a few mistakes, not more errors." }
                   ?? "The rise is a handful of mistakes made ever more confidently: overfitting of the confidence, harmless to the accuracy.")
        case .overconfident:
            return "\(lowest), more than \(noise.isEmpty ? "its standard error" : noise), while \(accuracy).\(rest) "
                + (earlier.map { "As with \($0), that is growing confidence rather than more errors." }
                   ?? "The network grows more confident across the images, its mistakes included: overfitting of the confidence, harmless to the accuracy.")
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
                     "| Training time per run, mean\(c.timingCPUs.count == 1 ? ", on \(c.timingCPUs[0])" : "") | \(Format.seconds(c.trainSeconds.first)) | \(Format.seconds(c.trainSeconds.second))\(c.matchedTimeRatio.map { " (\(Format.ratio($0)) matched by seed and threads)" } ?? times(c.trainSeconds.second, c.trainSeconds.first)) |"]
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
        var sentences: [String] = []
        if c.timingCPUs.count > 1 { sentences.append("The runs were timed on different CPUs (\(Format.list(c.timingCPUs))), so the times mix machines.") }
        if let interval = c.interval {
            let ahead = c.meanDifference > 0 ? (b, a) : (a, b)
            sentences.append("Over the seeds, \(b) minus \(a) is \(Format.signedPoints(c.meanDifference)) of test accuracy, with a 95% Welch t interval from "
                             + "\(Format.signedNumber(interval.lower)) to \(Format.signedNumber(interval.upper)) points.")
            var caution = interval.lower <= 0 && interval.upper >= 0
                ? "It includes zero: \(c.first.runs.count) and \(c.second.runs.count) runs cannot establish the direction at the 95% level"
                : "The interval excludes zero"
            if let split = c.cleanSplitProbability {
                caution += (interval.lower <= 0 && interval.upper >= 0 ? ", though" : "; and") + " every \(ahead.0) run beat every \(ahead.1) run, a split chance alone gives with probability \(Format.probability(split)) (one-sided)"
            }
            sentences.append(caution + ".")
        }
        if !c.pairs.isEmpty {
            let counts = c.pairs.map { "\($0.onlySecond) against \($0.onlyFirst)" }
            let list = c.pairs.map { Format.probability($0.pValue) }
            sentences.append((c.pairs.count == 1
                              ? "On the test images, the two trained models disagree on \(counts[0]) images (right only for \(b), only for \(a)); McNemar's exact test gives p = \(list[0])."
                              : "On the test images, each seed's pair of trained models disagrees on \(Format.list(counts)) images (right only for \(b), only for \(a)); McNemar's exact test gives p = \(Format.list(list)).")
                             + " These compare trained models on one test set; the interval covers the seeds.")
        }
        return sentences.joined(separator: " ")
    }

    // MARK: Discussion

    /// What in the designs differs, and what it costs.
    var designs: String? {
        guard let c = comparison, let fa = facts[c.first.network], let fb = facts[c.second.network] else { return nil }
        let a = name(c.first), b = name(c.second)
        func channels(_ facts: SummaryTable) -> [Int] {
            facts.moduleRows.filter { $0.moduleType == "Conv2d" }.compactMap { $0.kernelShape?.first }
        }
        func largest(_ facts: SummaryTable) -> (name: String, share: Double)? {
            guard let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0 else { return nil }
            return (row.name, Double(row.parameters) / Double(facts.totalParameters))
        }
        var sentences: [String] = []
        let ca = channels(fa), cb = channels(fb)
        var shape = ""
        if !ca.isEmpty, !cb.isEmpty, ca != cb { shape = "\(b)'s convolutions have \(Format.list(cb.map(String.init))) channels where \(a)'s have \(Format.list(ca.map(String.init)))" }
        if let la = largest(fa), let lb = largest(fb) {
            let layer = "`\(lb.name)` holds \(Format.percentRounded(lb.share)) of \(b)'s parameters, where \(a)'s `\(la.name)` holds \(Format.percentRounded(la.share)) of its own"
            shape = shape.isEmpty ? layer.prefix(1).uppercased() + layer.dropFirst() : shape + ", and " + layer
        }
        if !shape.isEmpty { sentences.append(shape + ".") }
        if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
            let p = Double(c.parameters.second) / Double(c.parameters.first)
            let m = Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first)
            let t = c.trainSeconds.second / c.trainSeconds.first
            if let matched = c.matchedTimeRatio, !c.sameThreads {
                sentences.append("Matched by seed and thread count, its runs took \(Format.ratio(matched)) as long, less than its \(Format.ratio(m)) multiply-adds; no per-layer timing here says why.")
            } else {
                sentences.append("Its runs took \(Format.ratio(t)) as long as \(a)'s, against \(Format.ratio(m)) the multiply-adds and \(Format.ratio(p)) the parameters.")
            }
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// What the learning-rate schedule did to the curves.
    var schedule: String? {
        guard let config = groups.first?.representative.config, let epochs = groups.first?.representative.epochs,
              let firstRate = epochs.first?.learningRate, let lastRate = epochs.last?.learningRate, epochs.count >= 4 else { return nil }
        let half = epochs.count / 2
        var text: String
        switch config.schedule {
        case .constant: text = "The learning rate stayed at \(Format.scientific(firstRate))"
        case .cosine, .step:
            text = "The \(config.schedule == .cosine ? "cosine" : "step") schedule lowered the learning rate from \(Format.scientific(firstRate)) to \(Format.scientific(lastRate)) "
                + "(\(Format.scientific(epochs[half].learningRate)) in epoch \(half + 1))"
        }
        var shrank: [String] = [], fell: [String] = []
        for group in groups {
            let records = curve(group)
            guard records.count == epochs.count, let (early, late) = settling(records) else { continue }
            shrank.append("\(Format.ratio(early / max(1e-300, late))) for \(name(group))")
            fell.append(Format.ratio(records[half].trainLoss / max(1e-300, records[records.count - 1].trainLoss)))
        }
        if !shrank.isEmpty {
            text += ". From epoch \(half + 1) on, the validation loss changed less from epoch to epoch than before (\(Format.list(shrank))) and the training loss fell "
                + "\(Format.list(fell)); without a constant-rate run, the schedule's part in that is not separated"
        }
        return text + "."
    }

    /// The curve the figures draw and the text reads: the mean over the seeds, or the single run's.
    func curve(_ group: RunGroup) -> [EpochRecord] {
        group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
    }

    /// The mean epoch-to-epoch change of the validation loss of `records` before the middle epoch and
    /// from it on; nil under four epochs.
    func settling(_ records: [EpochRecord]) -> (early: Double, late: Double)? {
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
            sentences.append("In seed \(c.first.representative.seed), \(name(c.first)) misclassifies \(shared.first) test images and \(name(c.second)) \(shared.second), \(shared.both) of them the same.")
        }
        let hardest = groups.compactMap { group -> String? in
            guard let (digit, accuracy) = hardestDigit(group.representative) else { return nil }
            let row = group.representative.confusion[digit]
            let confused = row.enumerated().filter { $0.offset != digit }.max { $0.element < $1.element }
                .flatMap { $0.element > 0 ? "; most often read as \($0.offset), \($0.element)×" : nil } ?? ""
            return "\(digit) for \(name(group)) (\(Format.percent(accuracy)) correct\(confused))"
        }
        if !hardest.isEmpty { sentences.append("Hardest digit\(hardest.count > 1 ? "s" : ""): " + Format.list(hardest) + ".") }
        guard !sentences.isEmpty else { return nil }
        sentences.append("Confident mistakes, and those both networks make, are the first candidates for ambiguous or mislabelled digits (tiles below).")
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
                var text = "\(winner) is the more accurate network: \(Format.percent(high)) against \(Format.percent(low))\(basis), \(Format.points(high - low)) more than \(loser)"
                if let interval = c.interval, interval.lower <= 0, interval.upper >= 0 {
                    text += c.cleanSplitProbability != nil ? ", ahead in every seed but not significant at the 95% level" : ", not significant at the 95% level"
                }
                sentences.append(text + ".")
            } else {
                sentences.append("Neither network is clearly better: \(a) reaches \(Format.percent(accuracyA)) and \(b) \(Format.percent(accuracyB)) test accuracy\(basis), "
                                 + "a difference the seeds and the test images cannot separate from chance.")
            }
            if c.parameters.first > 0, c.multiplyAdds.first > 0, c.trainSeconds.first > 0 {
                sentences.append("\(b) costs \(Format.ratio(Double(c.parameters.second) / Double(c.parameters.first))) the parameters, "
                                 + "\(Format.ratio(Double(c.multiplyAdds.second) / Double(c.multiplyAdds.first))) the multiply-adds and about \(Format.ratio(c.matchedTimeRatio ?? c.trainSeconds.second / c.trainSeconds.first)) the training time.")
            }
        }
        if let c = comparison, let better = c.better {
            let other = better.network == c.first.network ? c.second : c.first
            if better.representative.parameters > other.representative.parameters {
                sentences.append("\(name(better)) has the more capacity (wider layers); which of its layers buys the gain is not tested here.")
            } else {
                sentences.append("The gain does not come from size: \(name(better)) has the fewer parameters, so its design (the order and shape of its layers) makes the difference.")
            }
        }
        let steadier = groups.compactMap { group in settling(curve(group)).map { (group, $0) } }
        if !steadier.isEmpty, steadier.allSatisfy({ $0.1.late < $0.1.early }), let config = groups.first?.representative.config, config.schedule != .constant {
            sentences.append("The curves calmed as the learning rate fell, though not provably because of it.")
        }
        // One sentence per reading, naming the networks it applies to.
        let diagnosed = groups.compactMap { group in findings[group.network].map { (group, $0) } }.filter { $0.1.epochs >= Self.minimumEpochsForTrends }
        for kind in [CurveFindings.Diagnosis.levelledOff, .riseFromFewImages, .overconfident, .overfitting, .stillImproving] {
            let these = diagnosed.filter { $0.1.diagnosis == kind }
            guard !these.isEmpty else { continue }
            let names = these.count == 1 ? name(these[0].0) : (these.count == 2 ? "Both" : "All")
            let epochs = Format.list(these.map { "\(name($0.0))'s after epoch \($0.1.lowestLoss.epoch)" })
            let scope = these.count == 1 ? Self.seedScope(these[0].1, kind) : ""
            let subject = these.count == 1 ? "\(names)'s validation loss rises after epoch \(these[0].1.lowestLoss.epoch)\(scope)" : "\(names) validation losses rise after their lowest (\(epochs))"
            switch kind {
            case .levelledOff:
                sentences.append("\(these.count == 1 ? "\(names)'s validation loss" : "\(names) validation losses") levelled off after \(these.count == 1 ? "epoch \(these[0].1.lowestLoss.epoch)\(scope)" : "their lowest (\(epochs))"), \(these.allSatisfy { !$0.1.seedChanges.isEmpty } ? "within two paired standard errors" : "within the seeds' spread").")
            case .riseFromFewImages:
                sentences.append("\(subject) through confidence in a handful of mistakes, not through more errors.")
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

    /// ` (in seeds 2 and 3)` when only some seeds read `reading`, else nothing.
    private static func seedScope(_ f: CurveFindings, _ reading: CurveFindings.Diagnosis) -> String {
        let seeds = f.seedChanges.filter { $0.reading == reading }.map { "\($0.seed)" }
        guard !seeds.isEmpty, seeds.count < f.seedChanges.count else { return "" }
        return " (in seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds)) of \(f.seedChanges.count))"
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
            steps.append("label smoothing or temperature scaling to calibrate \(whose) confidence" + (accuracyLast ? " (the accuracy gives no reason to stop early)" : ""))
        }
        let improving = diagnosed.filter { $0.1.diagnosis == .stillImproving }
        if !improving.isEmpty { steps.append("more epochs for " + Format.list(improving.map { name($0.0) })) }
        if diagnosed.isEmpty, groups.contains(where: { ($0.representative.epochs.count) < Self.minimumEpochsForTrends }) {
            steps.append("a full run of 12 epochs before drawing conclusions from the curves")
        }
        if let c = comparison, let interval = c.interval, interval.lower <= 0, interval.upper >= 0 {
            steps.append("more seeds")
        } else if let c = comparison, c.interval == nil {
            steps.append("several seeds, to see how much of the difference is the seed")
        }
        if let c = comparison, let facts = facts[c.second.network],
           let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0,
           Double(row.parameters) / Double(facts.totalParameters) > 0.8 {
            steps.append("a smaller `\(row.name)` (or global average pooling) in \(name(c.second)), to see how much of its accuracy needs \(PythonFormat.grouped(row.parameters)) parameters in one layer")
        }
        return steps
    }
}
