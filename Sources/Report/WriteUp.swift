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
    /// The label of every test image, in order: the digits' errors are then compared image by image.
    let testLabels: [UInt8]?

    init(groups: [RunGroup], facts: [NetworkName: SummaryTable], testLabels: [UInt8]? = nil) {
        self.groups = groups
        self.facts = facts
        self.testLabels = testLabels
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
        let (subject, object) = groups.count == 1 ? ("the network", "it") : (groups.count == 2 ? "both networks" : "the networks", "them")
        var sentences = ["We trained \(subject) on the first \(PythonFormat.grouped(data.trainImages)) MNIST training images, validated \(object) after every epoch on the other "
                         + "\(PythonFormat.grouped(data.valImages)) and tested \(object) once, after the last epoch, on the \(PythonFormat.grouped(data.testImages)) test images."]
        let shared = configs.dropFirst().allSatisfy { Self.sameTraining($0, config) }
        if shared {
            // The optimiser, rates and sizes are in the table that follows; what it cannot say is said here.
            sentences.append("Training ran on digits, a Swift engine reproducing PyTorch's layers, default initialisation and \(Self.optimizerName(config)), "
                             + "with \(config.loss.words) as the loss and the learning rate \(Self.scheduleWords(config)).")
        } else {
            sentences.append("The networks were trained with different settings, listed in the table; both from PyTorch's default initialisation.")
            if Set(configs.map(\.loss)).count > 1 {
                sentences.append("The loss is " + Format.list(zip(groups, configs).map { "\($1.loss.words) for \(name($0))" }) + ".")
            }
        }
        let seeds = groups.map { $0.runs.map { "\($0.seed)" } }
        if groups.contains(where: \.isMultiSeed) {
            let same = seeds.dropFirst().allSatisfy { $0 == seeds[0] }
            sentences.append("We ran each network once per seed (\(same ? Format.list(seeds[0]) : "see the table")), which sets the initial weights and the batch order; "
                             + "numbers are means over the seeds unless a seed is named.")
        } else {
            let distinct = Set(seeds.map { $0.joined() })
            sentences.append(groups.count == 1 ? "We ran it once, with seed \(seeds[0].joined())."
                             : (distinct.count == 1 ? "We ran each network once, with seed \(seeds[0].joined())."
                                : "We ran each network once, with seeds \(Format.list(seeds.map { $0.joined() })) respectively."))
        }
        return sentences.joined(separator: " ") + "\n\n" + noiseSentence(validationImages: data.valImages, testImages: data.testImages)
    }

    /// The testing rule, said once: two-sided 5% tests, shared by the seeds when a test is repeated for each (Bonferroni),
    /// and what z is.
    private func noiseSentence(validationImages: Int, testImages: Int) -> String {
        let seedCount = groups.map(\.runs.count).max() ?? 1
        return "Every test is two-sided at 5%"
            + (seedCount > 1 ? "; a test repeated for each of the \(seedCount) seeds must pass 5%/\(seedCount) (Bonferroni: p < \(PythonFormat.fixed(0.05 / Double(seedCount), decimals: 3)), "
               + "|z| > \(PythonFormat.fixed(Statistics.normalQuantile(1 - 0.025 / Double(seedCount)), decimals: 2)))." : ".")
            + (findings.values.contains { !$0.seedChanges.isEmpty }
               ? " z is the mean per-image change in validation loss between two epochs divided by its paired standard error." : "")
    }

    private static func sameTraining(_ a: TrainingConfig, _ b: TrainingConfig) -> Bool {
        var b = b
        b.architecture = a.architecture
        b.network = a.network
        b.seed = a.seed
        return a == b
    }

    /// `Adam` or `SGD`, as PyTorch names the optimiser.
    private static func optimizerName(_ config: TrainingConfig) -> String {
        config.optimizer == .adam ? "Adam" : "SGD"
    }

    private static func scheduleWords(_ config: TrainingConfig) -> String {
        switch config.schedule {
        case .constant: return "kept constant"
        case .cosine: return "on a cosine decay, stepped once per epoch"
        case .step: return "multiplied by \(config.gamma) every \(config.stepSize) epochs"
        }
    }

    // MARK: One network

    /// What the network is, when the reader needs telling: LeNet-5's modern variant, or the student's class.
    func introduction(_ group: RunGroup) -> String? {
        let architecture = group.representative.config.architecture
        if group.network == .convnet && group.representative.config.usesBuiltInArchitecture {
            return "\(name(group)) is LeNet-5 (LeCun et al., 1998) in its modern form: ReLU and max-pooling instead of tanh-like units and subsampling, "
                + "conv2 fully connected to conv1, and no input padding, so fc1 takes 256 features, not 400."
        }
        if group.network == .mynet && group.representative.config.usesBuiltInArchitecture {
            return "\(name(group)) has the layout of the LeNet in Caffe's MNIST example."
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
            // What the ± means is said at the first network with as many seeds.
            let saidBefore = groups.prefix { $0.network != group.network }.contains { $0.runs.count == group.runs.count }
            sentences.append("Test accuracy **\(Format.percent(test.mean))** ± \(Format.points(test.standardDeviation))"
                             + (saidBefore && range.isEmpty ? "." : " (mean ± sd over \(test.count) seeds\(range))."))
        } else {
            sentences.append("Test accuracy **\(Format.percent(group.representative.test.accuracy))** (seed \(group.representative.seed)).")
        }
        let curve = group.isMultiSeed ? "mean validation curve" : "validation curve"
        let paired = !f.seedChanges.isEmpty && f.epochs >= Self.minimumEpochsForTrends
        // Read image by image, the accuracy is in the discussion's table of the curves.
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
            // The curve itself, side by side with the other network's, is in the discussion; here its reading.
            return (sentences + [seedReading(f)]).joined(separator: " ")
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

    /// Each network with the findings of its curves, when they have enough epochs for a trend.
    private var diagnosedCurves: [(RunGroup, CurveFindings)] {
        groups.compactMap { group in findings[group.network].map { (group, $0) } }.filter { $0.1.epochs >= Self.minimumEpochsForTrends }
    }

    /// The networks' validation curves side by side: where each mean curve's loss is lowest, where it
    /// ends, the accuracy at both epochs, and each seed's paired change split between the images
    /// misclassified at either epoch and the rest. Nil without per-image losses or with too few epochs.
    var curvesTable: String? {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty else { return nil }
        func range(_ values: [Double], _ show: (Double) -> String) -> String {
            guard let low = values.min(), let high = values.max() else { return "–" }
            return show(low) == show(high) ? show(low) : "\(show(low)) to \(show(high))"
        }
        let curve = rows.contains { $0.0.isMultiSeed } ? "mean validation curve" : "validation curve"
        var lines = ["| Validation curve | " + rows.map { name($0.0) }.joined(separator: " | ") + " |", "|---|" + String(repeating: " ---: |", count: rows.count)]
        lines.append("| \(curve.prefix(1).uppercased() + curve.dropFirst()): lowest loss (epoch) | " + rows.map { "\(Format.loss($0.1.lowestLoss.value)) (\($0.1.lowestLoss.epoch))" }.joined(separator: " | ") + " |")
        lines.append("| … its loss at the last epoch (change) | " + rows.map { "\(Format.loss($0.1.finalLoss)) (\(Format.signedRelative($0.1.relativeRise)))" }.joined(separator: " | ") + " |")
        lines.append("| … its accuracy at those two epochs | " + rows.map { "\(Format.percent($0.1.accuracyAtLowestLoss)) → \(Format.percent($0.1.finalAccuracy))" }.joined(separator: " | ") + " |")
        lines.append("| Per seed, from its own lowest epoch: contribution to the change of the mean loss of the images wrong at either epoch | " + rows.map { range($0.1.seedChanges.map(\.changeFromMistaken), Format.signedLoss) }.joined(separator: " | ") + " |")
        lines.append("| … of the other images (the two rows add up to the change) | " + rows.map { range($0.1.seedChanges.map(\.changeFromRest), Format.signedLoss) }.joined(separator: " | ") + " |")
        // Chosen by neither epoch's outcome alone: the images wrong at both, and how confidently wrong they became.
        lines.append("| … the images wrong at both epochs: how many, their mean loss then → at the end (mean over seeds) | " + rows.map { row in
            let changes = row.1.seedChanges.filter { $0.fromEpoch != $0.toEpoch && $0.persistentMistakes > 0 }
            guard !changes.isEmpty else { return "–" }
            func mean(_ value: (PairedEpochChange) -> Double) -> Double { changes.map(value).reduce(0, +) / Double(changes.count) }
            return "\(range(changes.map { Double($0.persistentMistakes) }, { PythonFormat.grouped(Int($0)) })), "
                + "\(PythonFormat.fixed(mean(\.persistentLossFrom), decimals: 1)) → \(PythonFormat.fixed(mean(\.persistentLossTo), decimals: 1))"
        }.joined(separator: " | ") + " |")
        return lines.joined(separator: "\n")
    }

    /// What the curves table shows, said once for all networks: where the late rise of the loss sits,
    /// and how the networks' rises compare.
    var curvesText: String? {
        let rows = diagnosedCurves.filter { !$0.1.seedChanges.isEmpty }
        guard !rows.isEmpty else { return nil }
        var sentences: [String] = []
        // New mistakes are not confidence: an overfitting seed keeps its network out of this sentence.
        let onMistakes = rows.filter { $0.1.seedChanges.allSatisfy { $0.fromEpoch == $0.toEpoch || ($0.changeFromMistaken > 0 && $0.changeFromRest < 0 && $0.reading != .overfitting) } }
        if onMistakes.count == rows.count {
            sentences.append("In every seed\(rows.count == 1 ? "" : " of both networks") the late rise sits on images misclassified at either epoch, which grow more confidently wrong "
                             + "while the rest improve.")
        }
        // z is a normal approximation; a loss carried by a handful of images makes it fragile near the threshold.
        let shares = rows.flatMap { row in row.0.runs.compactMap { $0.epochs.last?.valWorstImagesLossShare } }
        sentences.append("Measured from each seed's lowest of \(rows[0].1.epochs) noisy epochs, a selected low point, the rise is if anything overstated (the mean curves rise less)"
                         + (shares.max().map { $0 > 0.5 ? "; with up to \(Format.percentRounded($0)) of the loss on the \(EpochRecord.worstImagesCount) worst images, a z near its threshold is fragile." : "." } ?? "."))
        return sentences.joined(separator: " ")
    }

    /// Each seed's change from its lowest validation loss to its last epoch, image by image; the
    /// method is explained at the first network's table only.
    func seedTable(_ f: CurveFindings, first: Bool) -> String {
        let caption = first
            ? "Each seed's \(PythonFormat.grouped(f.validationImages)) validation images are compared with themselves between the seed's lowest-loss epoch and its last. "
                + "z is the mean change of their loss over its paired standard error; the change is split by whether an image was misclassified at either epoch; "
                + "p is McNemar's exact test of the images turned wrong against those turned right."
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

    /// What the seeds' changes show, read for the network as a whole so that seeds on either side of a threshold
    /// are not given different stories: where each seed's loss is lowest, how far it rose to the last epoch against
    /// the noise (paired z), and where the rise sits (misclassified images or all) with the images turned wrong
    /// and right (McNemar). The method is in the setup and the per-seed table in the record.
    func seedReading(_ f: CurveFindings) -> String {
        let several = f.seedChanges.count > 1
        let rose = f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }
        let still = f.seedChanges.filter { $0.fromEpoch == $0.toEpoch }
        func seeds(_ changes: [PairedEpochChange]) -> String { "seed\(changes.count == 1 ? "" : "s") \(Format.list(changes.map { "\($0.seed)" }))" }
        var sentences: [String] = []
        if !still.isEmpty {
            sentences.append((still.count == f.seedChanges.count ? (several ? "In every seed the" : "The") : "In \(seeds(still)) the")
                             + " validation loss is lowest in the last epoch: no sign of overfitting, and more epochs might still help")
        }
        guard let first = rose.first else { return Self.sentences(sentences) }
        let threshold = PythonFormat.fixed(first.zThreshold, decimals: 2)
        let beyond = rose.filter { $0.z > $0.zThreshold }
        let noise = beyond.isEmpty ? "within noise" : (beyond.count == rose.count ? "beyond noise" : "beyond noise in \(seeds(beyond)) only")
        let subject = rose.count == f.seedChanges.count ? (several ? "Each seed's" : "The") : "In \(seeds(rose)) the"
        sentences.append("\(subject) validation loss was lowest in epoch \(Format.alternatives(rose.map { "\($0.fromEpoch)" })), then rose "
                         + "\(Format.list(rose.map { Format.relative($0.relativeChange) })) by the last epoch "
                         + "(z = \(Format.list(rose.map { PythonFormat.fixed($0.z, decimals: 1) })), \(threshold) needed: \(noise))")
        let overfitting = rose.filter { $0.reading == .overfitting }
        let onMistakes = rose.filter { $0.reading != .overfitting && $0.changeFromMistaken > 0 && $0.changeFromRest <= 0 }
        let broad = rose.filter { $0.reading == .overconfident }
        if overfitting.isEmpty, onMistakes.count == rose.count {
            // Where the rise sits is said once for all networks, in the discussion.
            let level = PairedEpochChange.significantP / Double(max(1, f.seedChanges.count))
            let better = rose.filter { $0.turnedRight > $0.turnedWrong && $0.mcNemarP < level }
            let moreRight = rose.allSatisfy { $0.turnedRight > $0.turnedWrong }
            sentences.append("\(moreRight ? "more validation images turned right than wrong" : "no more validation images turned wrong than right") between those epochs"
                + (several ? (moreRight ? " in every seed" : "") : "")
                + (better.isEmpty ? (several && moreRight ? " (none significantly)" : "") : " (significantly\(moreRight ? "" : " more right")\(several ? " in \(seeds(better))" : ""), McNemar \(Format.list(better.map { Self.pText($0.mcNemarP) })))"))
        } else {
            if !broad.isEmpty {
                sentences.append((several ? "In \(seeds(broad)) " : "") + "the rise reaches the correctly classified images too, while no more images turned wrong than right: "
                                 + "the probabilities got worse, the accuracy did not")
            }
            if !overfitting.isEmpty {
                sentences.append((several ? "In \(seeds(overfitting)) " : "") + "significantly more validation images turned wrong than right after the lowest loss "
                                 + "(McNemar \(Format.list(overfitting.map { Self.pText($0.mcNemarP) }))): the network overfits")
            }
        }
        return Self.sentences(sentences)
    }

    /// The clauses as sentences: capitalised, each ending in a full stop.
    private static func sentences(_ clauses: [String]) -> String {
        clauses.map { clause in (clause.prefix(1).uppercased() + clause.dropFirst()) + (clause.hasSuffix(".") ? "" : ".") }.joined(separator: " ")
    }

    /// `p = 0.014`, or `p < 0.0001` for a p-value too small to show in decimals.
    private static func pText(_ p: Double) -> String { p < 0.0001 ? "p < 0.0001" : "p = \(Format.probability(p))" }

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
        var lines = ["| Measure | \(name(a)) | \(name(b)) |", "| --- | ---: | ---: |",
                     "| Parameters | \(PythonFormat.grouped(c.parameters.first)) | \(PythonFormat.grouped(c.parameters.second))\(times(Double(c.parameters.second), Double(c.parameters.first))) |",
                     "| Multiply-adds per image | \(PythonFormat.grouped(c.multiplyAdds.first)) | \(PythonFormat.grouped(c.multiplyAdds.second))\(times(Double(c.multiplyAdds.second), Double(c.multiplyAdds.first))) |",
                     timeRow(c)]
        if let sa = a.testAccuracy, let sb = b.testAccuracy, a.isMultiSeed || b.isMultiSeed {
            lines.append("| Test accuracy (mean ± sd) | \(Format.percent(sa.mean)) ± \(Format.points(sa.standardDeviation)) | \(Format.percent(sb.mean)) ± \(Format.points(sb.standardDeviation)) |")
            lines.append("| Test accuracy per seed | \(a.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) | \(b.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) |")
        } else {
            lines.append("| Test accuracy | \(Format.percent(a.representative.test.accuracy)) | \(Format.percent(b.representative.test.accuracy)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The training times: the mean when every run had the same threads, else each seed's time with its threads
    /// (runs that trained side by side shared the cores), so that no mean mixes thread counts.
    private func timeRow(_ c: NetworkComparison) -> String {
        let cpu = c.timingCPUs.count == 1 ? ", on \(c.timingCPUs[0])" : ""
        let ratio = c.matchedTimeRatio.map { " (\(Format.ratio($0)) seed by seed)" } ?? ""
        if c.sameThreads, let threads = c.first.runs.first?.timing.threads {
            return "| Training time per run, mean (\(threads) thread\(threads == 1 ? "" : "s"))\(cpu) | \(Format.seconds(c.trainSeconds.first)) | \(Format.seconds(c.trainSeconds.second))\(ratio) |"
        }
        func times(_ group: RunGroup) -> String { group.runs.map { "\(Format.seconds($0.timing.trainSeconds)) (\($0.timing.threads))" }.joined(separator: ", ") }
        return "| Training time per seed (threads)\(cpu) | \(times(c.first)) | \(times(c.second))\(ratio) |"
    }

    /// The difference across seeds (the architectures) and on the test images (the trained models).
    var comparisonText: String {
        guard let c = comparison else { return "" }
        let a = name(c.first), b = name(c.second)
        var sentences: [String] = []
        if c.timingCPUs.count > 1 { sentences.append("The runs were timed on different CPUs (\(Format.list(c.timingCPUs))), so the times mix machines.") }
        if let interval = c.interval {
            let (ahead, behind) = c.meanDifference > 0 ? (b, a) : (a, b)
            // The seed draws each network's weights and then its batch order from one stream, and the
            // networks draw different numbers of weights, so a seed pairs nothing between them.
            let runs = c.first.runs.count == c.second.runs.count ? "\(c.first.runs.count) runs per network" : "\(c.first.runs.count) and \(c.second.runs.count) runs"
            let includesZero = interval.lower <= 0 && interval.upper >= 0
            var text = "\(ahead)'s test accuracy is \(Format.points(c.meanDifference)) higher (95% Welch interval "
                + "\(Format.signedNumber(interval.lower)) to \(Format.signedNumber(interval.upper)) points): "
                + (includesZero ? "\(runs) do not establish the gap at the 5% level" : "\(runs) establish the gap at the 5% level")
            if let split = c.cleanSplitProbability {
                text += (includesZero ? ", though" : ", and") + " every \(ahead) run beat every \(behind) run (exact permutation test, two-sided p = \(Format.probability(split)), "
                    + "the smallest \(c.first.runs.count) against \(c.second.runs.count) runs allow)"
            }
            sentences.append(text + ".")
        }
        if !c.pairs.isEmpty {
            let level = PairedEpochChange.significantP / Double(max(1, c.pairs.count))
            let significant = c.pairs.filter { $0.pValue < level }
            if c.pairs.count == 1 {
                sentences.append("Of the \(PythonFormat.grouped(c.pairs[0].images)) test images, \(c.pairs[0].onlySecond) are right only for \(b) and \(c.pairs[0].onlyFirst) only for \(a) "
                                 + "(McNemar's exact p = \(Format.probability(c.pairs[0].pValue))).")
            } else {
                let counts = Format.list(c.pairs.map { "\($0.onlySecond)/\($0.onlyFirst)" })
                let which = significant.isEmpty ? "in no seed" : (significant.count == c.pairs.count ? "in every seed" : "in seed\(significant.count == 1 ? "" : "s") \(Format.list(significant.map { "\($0.seed)" }))")
                sentences.append("On the same test images, McNemar's test tells the trained models apart \(which) (right only for \(b)/only for \(a): "
                                 + "\(counts); p = \(Format.list(c.pairs.map { Format.probability($0.pValue) }))).")
            }
        }
        return sentences.joined(separator: " ")
    }

    // MARK: Discussion

    /// The convolutions' output channels, in order.
    private func convolutionChannels(_ facts: SummaryTable) -> [Int] {
        facts.moduleRows.filter { $0.moduleType == "Conv2d" }.compactMap { $0.kernelShape?.first }
    }

    /// `one hidden fully connected layer fewer (1 against 2)`: how the fully connected layers between the features and
    /// the output differ in number, nil when they do not.
    private func hiddenLayerDifference(_ facts: SummaryTable, _ other: SummaryTable) -> String? {
        let hidden = (facts.moduleRows.filter { $0.moduleType == "Linear" }.count - 1, other.moduleRows.filter { $0.moduleType == "Linear" }.count - 1)
        guard hidden.0 >= 0, hidden.1 >= 0, hidden.0 != hidden.1 else { return nil }
        let difference = abs(hidden.0 - hidden.1)
        return "\(difference == 1 ? "one" : "\(difference)") hidden fully connected layer\(difference == 1 ? "" : "s") \(hidden.0 < hidden.1 ? "fewer" : "more") (\(hidden.0) against \(hidden.1))"
    }

    /// How many features the convolutional part hands to the first fully connected layer (its input width).
    private func flattenedFeatures(_ facts: SummaryTable) -> Int? {
        facts.moduleRows.first { $0.moduleType == "Linear" }?.kernelShape?.last
    }

    /// The share of the multiply-adds in the convolutions.
    private func convolutionShare(_ facts: SummaryTable) -> Double? {
        guard facts.totalMultiplyAdds > 0 else { return nil }
        let convolutions = facts.moduleRows.filter { $0.moduleType == "Conv2d" }.map(\.multiplyAdds).reduce(0, +)
        return convolutions > 0 ? Double(convolutions) / Double(facts.totalMultiplyAdds) : nil
    }

    /// The module holding the most parameters, and its share.
    private func largestModule(_ facts: SummaryTable) -> (name: String, parameters: Int, share: Double)? {
        guard let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0 else { return nil }
        return (row.name, row.parameters, Double(row.parameters) / Double(facts.totalParameters))
    }

    /// What in the designs differs: where each network's compute and parameters sit, and how many hidden fully
    /// connected layers it has.
    var designs: String? {
        guard let c = comparison, let fa = facts[c.first.network], let fb = facts[c.second.network] else { return nil }
        let a = name(c.first), b = name(c.second)
        var sentences: [String] = []
        let ca = convolutionChannels(fa), cb = convolutionChannels(fb)
        var clauses: [String] = []
        if !ca.isEmpty, !cb.isEmpty, ca != cb {
            let features = (flattenedFeatures(fb), flattenedFeatures(fa))
            let handed = features.0.flatMap { b in features.1.map { a in b != a ? ", handing \(PythonFormat.grouped(b)) features to the classifier against \(PythonFormat.grouped(a))" : "" } } ?? ""
            var text = "\(b)'s convolutions (\(Format.list(cb.map(String.init))) channels against \(Format.list(ca.map(String.init)))\(handed))"
            if let sa = convolutionShare(fa), let sb = convolutionShare(fb) {
                text += " do \(Format.percentRounded(sb)) of its multiply-adds (\(a)'s: \(Format.percentRounded(sa)))"
            } else {
                text = "\(b)'s convolutions have \(Format.list(cb.map(String.init))) channels against \(a)'s \(Format.list(ca.map(String.init)))"
            }
            clauses.append(text)
        }
        if let la = largestModule(fa), let lb = largestModule(fb) {
            let other = la.name == lb.name ? "\(a)'s: " : "\(a)'s `\(la.name)`: "
            clauses.append("\(clauses.isEmpty ? "\(b)'s" : "its") `\(lb.name)` holds \(Format.percentRounded(lb.share)) of its parameters (\(other)\(Format.percentRounded(la.share)))")
        }
        if let hidden = hiddenLayerDifference(fb, fa) { clauses.append("\(clauses.isEmpty ? b : "it") has \(hidden)") }
        if !clauses.isEmpty {
            sentences.append(clauses.count > 2 ? clauses.dropLast().joined(separator: "; ") + ", and " + (clauses.last ?? "") + "." : clauses.joined(separator: "; ") + ".")
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// The curve the figures draw and the text reads: the mean over the seeds, or the single run's.
    func curve(_ group: RunGroup) -> [EpochRecord] {
        group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
    }

    /// Where the networks' test errors differ, over all seeds (the confusion matrices summed): each network's total,
    /// the digits whose difference is beyond noise (two standard errors of a difference of counts, √(a + b)), the
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
            let (sa, sb) = spread
            sentences.append("Over the \(c.first.runs.count) seeds, \(a) made \(PythonFormat.grouped(sa.total)) test errors on \(PythonFormat.grouped(sa.distinct)) distinct images and "
                             + "\(b) \(PythonFormat.grouped(sb.total)) on \(PythonFormat.grouped(sb.distinct)), with \(sa.core) and \(sb.core) images wrong in every seed: "
                             + (gapLiesInVaryingErrors(spread)
                                ? "the gap lies in the errors that vary with the seed (\(sa.variable) against \(sb.variable))." : "the gap lies in the images every seed gets wrong as much as in the rest."))
        } else {
            let basis = c.first.isMultiSeed ? "Over the \(c.first.runs.count) seeds" : "In seed \(c.first.representative.seed)"
            sentences.append("\(basis), \(a) made \(PythonFormat.grouped(ta)) test errors and \(b) \(PythonFormat.grouped(tb)).")
        }
        // The worse network's most frequent confusion, and what the other makes of it: part of the gap's digit when it
        // is that digit's, a sentence of its own otherwise.
        let (worse, better, worseName, betterName) = ta >= tb ? (ma, mb, a, b) : (mb, ma, b, a)
        let cells = worse.indices.flatMap { row in worse[row].indices.filter { $0 != row }.map { (row, $0) } }
        let top = cells.max(by: { worse[$0.0][$0.1] < worse[$1.0][$1.1] || (worse[$0.0][$0.1] == worse[$1.0][$1.1] && ($0.0, $0.1) > ($1.0, $1.1)) })
            .flatMap { worse[$0.0][$0.1] > 0 ? $0 : nil }
        func perSeed(_ group: RunGroup, _ digit: Int) -> String { Format.list(group.runs.map { "\(RunGroup.mistakesByDigit($0.confusion)[digit])" }) }
        /// `29 → 8 errors: 12, 9 and 8 against 3, 3 and 2 by seed; 21 → 6 taken for 9`.
        func gap(_ digit: Int) -> String {
            let seeds = c.first.isMultiSeed && c.first.runs.count == c.second.runs.count ? ": \(perSeed(c.first, digit)) against \(perSeed(c.second, digit)) by seed" : ""
            let confusion = top.flatMap { $0.0 == digit ? "; \(ma[$0.0][$0.1]) against \(mb[$0.0][$0.1]) taken for \($0.1)" : nil } ?? ""
            return "\(ea[digit]) against \(eb[digit]) errors\(seeds)\(confusion)"
        }
        let commonest = { (said: Int?) -> String? in
            guard let top, top.0 != said else { return nil }
            return "\(worseName)'s commonest confusion, \(top.0) taken for \(top.1) (\(worse[top.0][top.1]) times), happens \(better[top.0][top.1]) times in \(betterName)."
        }
        if let digits = digitComparisons(c) {
            // Each test image is one observation, however many seeds miss it; ten digits share the 5% level (Bonferroni).
            let level = PairedEpochChange.significantP / Double(digits.count)
            let threshold = "p < \(PythonFormat.fixed(level, decimals: 3)), Bonferroni over \(digits.count) digits"
            let method = "sign test over each digit's test images, \(threshold)"
            let significant = digits.indices.filter { digits[$0].p < level }.sorted { digits[$0].p < digits[$1].p }
            if significant.count == 1 {
                let digit = significant[0]
                sentences.append("Digit \(digit) shows the clearest gap (\(gap(digit))): \(digits[digit].worseFirst) of its test images are missed more often by \(a), "
                                 + "\(digits[digit].worseSecond) more often by \(b) (sign test over the images, \(Self.pText(digits[digit].p)); the only digit with \(threshold)).")
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
            sentences.append("Digit \(beyond[0]) shows the clearest gap (\(gap(beyond[0]))), the only digit to pass \(threshold)\(pooled).")
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
        guard let labels = testLabels, labels.count == c.first.representative.data.testImages else { return nil }
        func missShares(_ group: RunGroup) -> [Double]? {
            var misses = [Int](repeating: 0, count: labels.count)
            for run in group.runs {
                guard let errors = run.testErrors else { return nil }
                for index in errors where labels.indices.contains(index) { misses[index] += 1 }
            }
            return misses.map { Double($0) / Double(group.runs.count) }
        }
        guard let first = missShares(c.first), let second = missShares(c.second) else { return nil }
        let digits = c.first.summedConfusion.count
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
                let winner = name(better)
                let (high, low) = better.network == c.first.network ? (accuracyA, accuracyB) : (accuracyB, accuracyA)
                let fewer = (1 - high) > 0 && (1 - low) > 0 ? ", \(Format.percentRounded(1 - (1 - high) / (1 - low))) fewer test errors" : ""
                let established = c.interval.map { $0.lower > 0 || $0.upper < 0 } ?? false
                sentences.append("\(winner) \(established ? "is the more accurate network" : "scored higher"): \(Format.percent(high)) against \(Format.percent(low)) test accuracy\(basis)\(fewer).")
                sentences.append(certainty(c, winner: winner))
            } else {
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
        if !next.isEmpty { sentences.append("Worth trying next: " + next.joined(separator: "; ") + ".") }
        return sentences.joined(separator: " ")
    }

    /// How sure the comparison is, in words (the numbers are in the comparison), about the architectures: the interval
    /// over seeds and whether every seed agrees. McNemar, which judges single trained models, is left to the comparison;
    /// with one seed it is all there is.
    private func certainty(_ c: NetworkComparison, winner: String) -> String {
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
        let lead = c.cleanSplitProbability.map { "\(winner) wins every seed (permutation p = \(Format.probability($0))), but " } ?? ""
        return "That is suggestive, not established: " + lead + "the 95% Welch interval over seeds includes zero."
    }

    /// `designReason` as a sentence of its own: its note, or the parts of the better network's design that differ
    /// (which the next steps propose to tell apart when there are several), with the training accuracy its extra
    /// capacity reached.
    private func designNote(_ design: (parts: [String], note: String?), _ c: NetworkComparison) -> String? {
        if let note = design.note { return note }
        guard let better = c.better, !design.parts.isEmpty else { return nil }
        let other = better.network == c.first.network ? c.second : c.first
        let fit = [curve(better).last?.trainAccuracy, curve(other).last?.trainAccuracy]
        let capacity = fit[0].flatMap { b in fit[1].flatMap { o in b > o ? "its capacity shows in \(Format.percent(b)) training accuracy against \(Format.percent(o))" : nil } }
        // The parts are listed in the comparison's design paragraph.
        guard design.parts.count > 1 else { return "\(name(better)) differs in \(design.parts[0])" + (capacity.map { "; \($0)." } ?? ".") }
        return (capacity.map { $0.prefix(1).uppercased() + $0.dropFirst() + "; which" } ?? "Which") + " of its design differences buys the gain these runs cannot tell."
    }

    /// What in the better network's design the data point to: its wider convolutions (where its extra
    /// multiply-adds go, with the features they hand the classifier), its largest layer (where its extra parameters
    /// go) and a different number of hidden fully connected layers, as parts ("wider convolutions"), or a note when
    /// the better network is the smaller one or its extra capacity sits nowhere in particular.
    private func designReason(_ c: NetworkComparison) -> (parts: [String], note: String?) {
        guard let better = c.better else { return ([], nil) }
        let other = better.network == c.first.network ? c.second : c.first
        guard let fb = facts[better.network], let fo = facts[other.network] else { return ([], nil) }
        guard better.representative.parameters > other.representative.parameters else {
            return ([], "The gain does not come from size: \(name(better)) has the fewer parameters, so the order and shape of its layers make the difference.")
        }
        let cb = convolutionChannels(fb), co = convolutionChannels(fo)
        var clauses: [String] = []
        if cb.count == co.count, !cb.isEmpty, zip(cb, co).allSatisfy({ $0 > $1 }) { clauses.append("wider convolutions") }
        if let largest = largestModule(fb), largest.share > 0.5 { clauses.append("a \(PythonFormat.grouped(largest.parameters))-parameter `\(largest.name)`") }
        if let hidden = hiddenLayerDifference(fb, fo) { clauses.append(hidden) }
        guard !clauses.isEmpty else { return ([], "\(name(better)) has more capacity; which of its layers buys the gain is not tested here.") }
        return (clauses, nil)
    }

    /// When every rise of every network's validation loss sits on the images misclassified at either epoch (the
    /// others' loss falling, no overfitting): one sentence for the networks with a seed whose rise is beyond noise
    /// (over-confidence on how many images), one clause for those whose rises all stay within noise. Nil otherwise.
    private var confidenceReading: String? {
        let diagnosed = diagnosedCurves
        guard !diagnosed.isEmpty, diagnosed.allSatisfy({ !$0.1.seedChanges.isEmpty }) else { return nil }
        let rises = diagnosed.map { group, f in (group: group, findings: f, rises: f.seedChanges.filter { $0.fromEpoch != $0.toEpoch }) }
        let all = rises.flatMap(\.rises)
        guard !all.isEmpty, all.allSatisfy({ $0.reading != .overfitting && $0.changeFromMistaken > 0 && $0.changeFromRest <= 0 }) else { return nil }
        let beyond = rises.filter { $0.rises.contains { $0.z > $0.zThreshold } }, within = rises.filter { !$0.rises.contains { $0.z > $0.zThreshold } }
        func whose(_ these: [(group: RunGroup, findings: CurveFindings, rises: [PairedEpochChange])]) -> String {
            these.count == 2 && diagnosed.count == 2 ? "both networks'" : Format.list(these.map { "\(name($0.group))'s" })
        }
        func onTheMeanCurves(_ these: [(group: RunGroup, findings: CurveFindings, rises: [PairedEpochChange])]) -> String {
            Format.list(these.map { Format.signedRelative($0.findings.relativeRise) }) + " on the mean curve\(these.count == 1 ? "" : "s")"
        }
        var clauses: [String] = []
        if !beyond.isEmpty {
            let counts = beyond.flatMap { $0.rises.map(\.mistakenImages) }
            let images = (counts.min() ?? 0) == (counts.max() ?? 0) ? "\(counts[0])" : "\(counts.min() ?? 0) to \(counts.max() ?? 0)"
            let mistakes = beyond.allSatisfy { $0.rises.allSatisfy { $0.turnedRight >= $0.turnedWrong } } ? "new mistakes" : "significantly more mistakes"
            clauses.append("\(whose(beyond)) late rise in validation loss (\(onTheMeanCurves(beyond))) is over-confidence on the \(images) validation images wrong "
                           + "at either epoch, not \(mistakes)")
        }
        if !within.isEmpty {
            clauses.append(beyond.isEmpty ? "\(whose(within)) late \(within.count == 1 ? "rise" : "rises") in validation loss (\(onTheMeanCurves(within))) \(within.count == 1 ? "is" : "are") within noise in every seed"
                           : "\(whose(within)) (\(Format.list(within.map { Format.signedRelative($0.findings.relativeRise) }))) \(within.count == 1 ? "is" : "are") within noise in every seed")
        }
        return Self.sentences([clauses.joined(separator: "; ")])
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

    /// The epochs of the schedule's second half, where the learning rate is lowest: from the middle epoch (1-based) to the
    /// last; nil without a decaying schedule or with fewer than 4 epochs.
    private var lowRateEpochs: ClosedRange<Int>? {
        guard let config = groups.first?.representative.config, config.schedule != .constant,
              let epochs = groups.first?.representative.epochs.count, epochs >= 4 else { return nil }
        return (epochs / 2 + 1)...epochs
    }

    /// What the schedule's low-rate half did, per network on the mean curves, for the discussion: how far the training
    /// loss fell and to what training accuracy, how the validation accuracy moved, and the seeds whose validation images
    /// turned right significantly more often than wrong between its first and last epoch (McNemar at the shared level).
    /// Nil without a decaying schedule.
    var schedule: String? {
        guard let span = lowRateEpochs, let rates = groups.first?.representative.epochs else { return nil }
        let (start, end) = (span.lowerBound - 1, span.upperBound - 1)
        var training: [String] = [], reached: [String] = [], accuracy: [String] = [], significant: [(String, Double)] = []
        var accuracyHeld = true
        for group in groups {
            let records = curve(group)
            guard records.count == rates.count, records[start].trainLoss > 0 else { continue }
            training.append(Format.ratio(records[start].trainLoss / max(1e-300, records[end].trainLoss)))
            reached.append(Format.percent(records[end].trainAccuracy))
            let change = records[end].valAccuracy - records[start].valAccuracy
            accuracyHeld = accuracyHeld && change >= 0
            accuracy.append(change >= 0 ? PythonFormat.fixed(change * 100) : Format.signedNumber(change))
            significant += lowRateImprovements(group).map { (group.isMultiSeed ? "\(name(group))'s seed \($0.seed)" : name(group), $0.p) }
        }
        guard training.count == groups.count else { return nil }
        let networks = groups.count == 1 ? "" : " (\(Format.list(groups.map(name))))"
        let settling = settlingCounts.map { counts in
            " The predictions settled: \(Format.list(counts.map { PythonFormat.fixed($0.first, decimals: 0) })) validation images changed between right and wrong "
                + "from epoch \(span.lowerBound - 1) to \(span.lowerBound), \(Format.list(counts.map { PythonFormat.fixed($0.last, decimals: 0) })) from \(span.upperBound - 1) to \(span.upperBound)"
                + (groups.contains(where: \.isMultiSeed) ? " (mean over seeds)." : ".")
        } ?? ""
        return "In the schedule's low-rate half (epochs \(span.lowerBound)–\(span.upperBound), \(Format.scientific(rates[start].learningRate)) → \(Format.scientific(rates[end].learningRate))) "
            + "the training loss fell \(Format.list(training))\(networks), to \(Format.list(reached)) training accuracy, "
            + "while the validation accuracy \(accuracyHeld ? "still rose" : "changed") \(Format.list(accuracy)) points"
            + (significant.isEmpty ? "." : " (significantly in \(Format.list(significant.map(\.0))), McNemar epoch \(span.lowerBound) against \(span.upperBound), "
               + "p = \(Format.list(significant.map { Format.probability($0.1) }))).") + settling
    }

    /// The runs of `group` whose validation images turned right significantly more often than wrong between the first
    /// and the last epoch of the low-rate half (McNemar, at the level the seeds share), with their p.
    private func lowRateImprovements(_ group: RunGroup) -> [(seed: UInt64, p: Double)] {
        guard let span = lowRateEpochs else { return [] }
        let level = PairedEpochChange.significantP / Double(max(1, group.runs.count))
        return group.runs.compactMap { run in
            guard span.upperBound <= run.epochs.count, let from = run.epochs[span.lowerBound - 1].valErrors, let to = run.epochs[span.upperBound - 1].valErrors else { return nil }
            let (right, wrong) = (Set(from).subtracting(to).count, Set(to).subtracting(from).count)
            let p = Statistics.exactMcNemar(onlyFirst: wrong, onlySecond: right)
            return right > wrong && p < level ? (run.seed, p) : nil
        }
    }

    /// Per network, the validation images whose correctness changed between consecutive epochs, mean over seeds, at the
    /// step into the schedule's low-rate half and at its last step: how far the weights still moved; nil without the
    /// per-epoch errors or a decaying schedule.
    private var settlingCounts: [(first: Double, last: Double)]? {
        guard let span = lowRateEpochs else { return nil }
        let counts = groups.map { group -> (first: Double, last: Double)? in
            func churn(_ index: Int) -> Double? {
                let changes = group.runs.compactMap { run -> Int? in
                    guard index > 0, index < run.epochs.count, let before = run.epochs[index - 1].valErrors, let after = run.epochs[index].valErrors else { return nil }
                    return Set(before).symmetricDifference(after).count
                }
                return changes.count == group.runs.count ? Double(changes.reduce(0, +)) / Double(changes.count) : nil
            }
            return churn(span.lowerBound - 1).flatMap { first in churn(span.upperBound - 1).map { (first, $0) } }
        }
        let found = counts.compactMap { $0 }
        return found.count == groups.count ? found : nil
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
            + (settled ? "settled, so the last weights need no early stopping" : "fitted the training images ever more closely")
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
            steps.append(c.seedsForPower.map { "\($0) seeds per network (80% power for the Welch test at this difference and these spreads)" } ?? "more seeds")
        } else if let c = comparison, c.interval == nil {
            steps.append("several seeds, to see how much of the difference is the seed")
        }
        if let config = groups.first?.representative.config, lowRateEpochs != nil {
            let rate = TrainingConfig.settings.first { $0.key == "learning_rate" }.map { $0.text(of: config) } ?? ""
            steps.append("a constant-rate run (\(config.epochs) epochs at \(rate))")
        }
        if let c = comparison, let better = c.better, designReason(c).parts.count > 1 {
            let other = better.network == c.first.network ? c.second : c.first
            steps.append("\(name(better))'s convolutions under \(name(other))'s fully connected layers and the reverse")
        } else if let c = comparison, let facts = facts[c.second.network],
           let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0,
           Double(row.parameters) / Double(facts.totalParameters) > 0.8 {
            steps.append("a smaller `\(row.name)` (or global average pooling) in \(name(c.second))")
        }
        return steps
    }
}
