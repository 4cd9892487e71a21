import Foundation
import NeuralNet
import Training

// Each network's own sections: what it is, its results and its validation curve seed by seed.
extension WriteUp {
    /// What the network is, when the reader needs telling: LeNet-5's modern variant, or the student's class.
    func introduction(_ group: RunGroup) -> String? {
        let architecture = group.representative.config.architecture
        if group.network == .convnet && group.representative.config.usesBuiltInArchitecture {
            return "\(name(group)) is LeNet-5 (LeCun et al., 1998) in a common modern simplification: ReLU and max-pooling instead of tanh-like units and "
                + "trainable subsampling, full connections between the convolutions, no RBF output layer and no input padding, so fc1 takes 256 features, not 400."
        }
        if isCaffeLeNet(group) {
            // What the design is, before any result; how it differs from the other network (channels, features into `fc1`,
            // where the parameters sit) is the comparison table's, and whether it works the results' and the conclusion's.
            let origin = "\(name(group)) is the LeNet of Caffe's MNIST example (Jia et al., 2014), with a ReLU added after each convolution."
            return [origin, designBet(group), capacityRisk(group)].compactMap { $0 }.joined(separator: " ")
        }
        if architecture.className != group.network.architecture.className || architecture.sourceFile != nil {
            return "\(group.representative.title) is the class `\(architecture.className)`" + (architecture.sourceFile.map { " of `\($0)`" } ?? "") + "."
        }
        return nil
    }

    /// What a design changes against the network before it, as the bet the comparison tests: `Against ConvNet it widens the
    /// convolutions (20 and 50 channels against 6 and 16) and trades the hidden fully connected layers of 120 and 84 units for
    /// one of 500: wider at every layer, one hidden layer shallower.` Nil for the first network, or when the two
    /// differ otherwise than in widths and hidden layers.
    func designBet(_ group: RunGroup) -> String? {
        guard let other = groups.first, other.network != group.network, let mine = facts[group.network], let theirs = facts[other.network] else { return nil }
        func channels(_ f: SummaryTable) -> [Int] { f.moduleRows.filter { $0.moduleType == "Conv2d" }.compactMap { $0.kernelShape?.first } }
        /// The hidden fully connected layers' widths: every `Linear` but the output.
        func hidden(_ f: SummaryTable) -> [Int] { f.moduleRows.filter { $0.moduleType == "Linear" }.dropLast().compactMap { $0.outputShape.last } }
        let (convolutions, otherConvolutions) = (channels(mine), channels(theirs))
        let (layers, otherLayers) = (hidden(mine), hidden(theirs))
        guard convolutions.count == otherConvolutions.count, !convolutions.isEmpty, zip(convolutions, otherConvolutions).allSatisfy({ $0 > $1 }),
              !layers.isEmpty, !otherLayers.isEmpty, layers != otherLayers else { return nil }
        func widths(_ values: [Int]) -> String { Format.list(values.map(String.init)) }
        func units(_ values: [Int]) -> String { values.count == 1 ? "one of \(values[0])" : "\(values.count == 2 ? "two" : "\(values.count)") of \(widths(values)) units" }
        return "Against \(name(other)) it widens the convolutions (\(widths(convolutions)) channels against \(widths(otherConvolutions))) and trades "
            + "\(otherLayers.count == 1 ? "the hidden fully connected layer of \(otherLayers[0]) units" : "the hidden fully connected layers of \(widths(otherLayers)) units") "
            + "for \(units(layers))" + (layers.count < otherLayers.count ? ": wider in every hidden layer, one hidden layer shallower." : ".")
    }

    /// The risk a large design runs, when its largest layer holds more weights than there are training images and nothing
    /// restrains them (no weight decay, no dropout or batch normalisation): `The bet is that wider layers classify better; the
    /// risk is overfitting: its fc1 alone holds 400,500 weights, 7 for each of the 55,000 training images, and neither weight
    /// decay nor dropout restrains them.` Nil otherwise, and for the first network.
    func capacityRisk(_ group: RunGroup) -> String? {
        guard let risk = capacityRiskFacts(group) else { return nil }
        return "A risk is overfitting: its `\(risk.layer)` alone holds \(PythonFormat.grouped(risk.parameters)) parameters, "
            + "\(risk.perImage) for each of the \(PythonFormat.grouped(risk.images)) training images, with neither weight decay nor dropout to restrain them."
    }

    /// What `capacityRisk` says of a later network: its largest layer, that layer's parameters and how many there are for
    /// each training image; nil when the risk is not there to name (nothing restrains the weights, and one layer holds
    /// more parameters than there are training images).
    func capacityRiskFacts(_ group: RunGroup) -> (layer: String, parameters: Int, perImage: Int, images: Int)? {
        guard firstNetwork(before: group) != nil, let table = facts[group.network], group.representative.config.weightDecay == 0,
              !table.moduleRows.contains(where: { ["Dropout", "Dropout2d", "BatchNorm1d", "BatchNorm2d"].contains($0.moduleType ?? "") }),
              let largest = table.moduleRows.max(by: { $0.parameters < $1.parameters }) else { return nil }
        let images = group.representative.data.trainImages
        guard images > 0, largest.parameters > images else { return nil }
        return (largest.name, largest.parameters, Int((Double(largest.parameters) / Double(images)).rounded()), images)
    }

    /// The works the introductions cite, as list items of a reference list; empty when none is cited.
    var references: [String] {
        var items: [String] = []
        if groups.contains(where: { $0.network == .convnet && $0.representative.config.usesBuiltInArchitecture }) {
            items.append("- LeCun, Y., Bottou, L., Bengio, Y. and Haffner, P. (1998). Gradient-based learning applied to document recognition. "
                         + "*Proceedings of the IEEE*, 86(11), 2278–2324.")
        }
        if groups.contains(where: isCaffeLeNet) {
            items.append("- Jia, Y. et al. (2014). Caffe: convolutional architecture for fast feature embedding. *Proceedings of the 22nd ACM International "
                         + "Conference on Multimedia*, 675–678. Its MNIST example defines the network as `examples/mnist/lenet.prototxt`.")
        }
        return items
    }

    /// Whether the network is the shipped MyNet, Caffe's MNIST LeNet: the introduction says so and the references cite it.
    func isCaffeLeNet(_ group: RunGroup) -> Bool {
        group.network == .mynet && group.representative.config.usesBuiltInArchitecture
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
            // The figures above, read; whether the validation loss's late rise is more than noise is tested in the discussion.
            // With the late rise read on the mean curves in the discussion, the lowest epoch and the accuracy are said there.
            // With the windows the figures are read here, the gap they show, against the first network's for a later one.
            // Whether the late epochs cost anything on new images is the Discussion's question, under its own heading.
            let reading = curvesTableIsRecorded ? [curveShape(group) ?? "", errorGap(group)] : [curveReading(group, f), exactFit(group)]
            return (sentences + reading + [seedReading(f)]).filter { !$0.isEmpty }.joined(separator: " ")
        }
        sentences.append(diagnosis(f, sameAs: earlier.map(name)))
        if group.isMultiSeed, f.lowestEpochBySeed.count > 1 {
            let epochs = f.lowestEpochBySeed.map { "\($0.epoch)" }
            let agree = Set(epochs).count == 1
            sentences.append(agree ? "Every seed has its lowest validation loss in epoch \(epochs[0])." : "Seed by seed, the lowest loss falls in epochs \(Format.list(epochs)).")
        }
        return (sentences + [exactFit(group)]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The learning curves' shape in words, on the mean curve, and what it means: the epoch by which the validation loss had
    /// fallen into the range it then stayed in (the first whose loss is no higher than some later epoch's: before it, every
    /// epoch lay above all later ones) and its lowest epoch; with the discussion's windows also any bump on the way to that
    /// low, where the loss went from there (a rise in every epoch, a step up to a band, or the band it stayed in), the
    /// validation error, the gap between the losses at the end (how many times lower the training loss is) and what its
    /// widening means. The first network's sentence says what the training loss is (a mean over the epoch's mini-batches).
    /// Nil with too few epochs for a trend.
    func curveShape(_ group: RunGroup) -> String? {
        let means = curve(group)
        guard means.count >= Self.minimumEpochsForTrends, let last = means.last else { return nil }
        let validation = means.map(\.valLoss)
        let training = "the training loss" + (firstNetwork(before: group) == nil ? " (each epoch's mean over its mini-batches)" : "")
        guard let from = validation.indices.dropLast().first(where: { index in validation[index] <= (validation[(index + 1)...].max() ?? 0) }) else {
            return "The validation loss fell in every epoch, to \(Format.loss(last.valLoss)): it was still improving at the end, as was \(training), "
                + "which ended at \(Format.loss(last.trainLoss))."
        }
        // The lowest epoch from there on (the first on ties).
        let lowest = validation.indices[from...].min { validation[$0] < validation[$1] } ?? from
        let fell = from == 0 ? "The validation loss" : "The validation loss fell to \(Format.loss(validation[from])) by epoch \(from + 1) and"
        let trainingCourse = last.trainLoss < means[from].trainLoss ? "kept falling, to \(Format.loss(last.trainLoss))" : "ended at \(Format.loss(last.trainLoss))"
        if lowest == means.count - 1 {
            return "\(fell) was lowest in the last epoch (\(Format.loss(last.valLoss))), while \(training) \(trainingCourse)."
        }
        // With the discussion's windows (which test the late change), the curve's shape in plain words, as the figure shows it:
        // where it fell to, any bump on the way to its lowest epoch (each seed's lowest too), and where it stayed from there;
        // then the validation error and the training loss beside it, and what the widening gap means.
        let runs = group.runs.count
        if let change = secondHalf(group).first, secondHalf(group).count == runs, change.late.upperBound <= means.count {
            func mean(_ values: [Double], _ window: ClosedRange<Int>) -> Double { window.map { values[$0 - 1] }.reduce(0, +) / Double(window.count) }
            let errors = means.map { 1 - $0.valAccuracy }
            let errorFell = mean(errors, change.late) < mean(errors, change.early)
            let seedLows = (findings[group.network]?.lowestEpochBySeed ?? []).map(\.epoch)
            let seeds = seedLows.count > 1 ? "; each seed's lowest in epoch \(Format.alternatives(Set(seedLows).sorted().map(String.init)))" : ""
            // A bump: the epochs between the fall and the lowest that lie above where the fall ended by more than the mean
            // curve's standard error there (a smaller rise is noise, not worth a word).
            let noise = validation.indices.map { epoch -> Double in
                let errors = group.runs.compactMap { $0.epochs.indices.contains(epoch) ? $0.epochs[epoch].valLossStandardError : nil }
                return errors.isEmpty ? 0 : Statistics.mean(errors) / Double(errors.count).squareRoot()
            }
            let bump = validation.indices.filter { $0 > from && $0 < lowest && validation[$0] - validation[from] > noise[$0] }
            let bumpText = bump.isEmpty ? "" : "after a bump in epoch\(bump.count == 1 ? "" : "s") \(Self.epochs((bump.first ?? 0) + 1...(bump.last ?? 0) + 1)), "
            let cited = "The validation loss" + cite([NetworkFigure.val.baseName(for: group.network)])
            let fall = from == 0 ? "\(cited) started at \(Format.loss(validation[0]))" : "\(cited) fell to \(Format.loss(validation[from])) by epoch \(from + 1)"
            let first = lowest == from ? "\(fall), its lowest\(seeds.isEmpty ? "" : " (\(seeds.dropFirst(2)))")."
                : "\(fall); \(bumpText)it was lowest in epoch \(lowest + 1) (\(Format.loss(validation[lowest]))\(seeds))."
            // From the lowest epoch on: a rise in every epoch, a step up when the later epochs all sit well above it, else the
            // band it stayed in.
            let after = validation[(lowest + 1)...]
            var second: String? = nil
            if let low = after.min(), let high = after.max(), let end = after.last {
                let rising = zip(after.dropLast(), after.dropFirst()).allSatisfy { $0 <= $1 } && end > validation[lowest]
                if rising {
                    second = "From there it rose in every epoch, to \(Format.loss(end))."
                } else if low - validation[lowest] > (high - low) / 2 {
                    second = "It rose in epoch \(lowest + 2) and stayed between \(Format.loss(low)) and \(Format.loss(high)) to the end."
                } else {
                    let (bottom, top) = (Format.loss(validation[lowest]), Format.loss(high))
                    second = bottom == top ? "From there it stayed at \(bottom)." : "From there it stayed between \(bottom) and \(top)."
                }
            }
            let widened = last.valLoss - last.trainLoss > means[from].valLoss - means[from].trainLoss
            // The gap sized at the end, as the two losses side by side (a ratio would grow without bound as the training loss
            // nears zero, and overstate the gap).
            let size = last.valLoss > last.trainLoss
                ? ", against \(Format.loss(last.valLoss)) on validation" + cite([NetworkFigure.train.baseName(for: group.network)]) : ""
            // What the widening gap means, said at the first network only.
            let meaning = widened ? (firstNetwork(before: group) == nil ? ": the gap between training and validation widened, as the network kept learning its training images better than new ones."
                : "; here too the gap widened.") : "."
            let third = "Meanwhile the validation error \(errorFell ? "still fell" : "did not fall"), and \(training) fell to \(Format.loss(last.trainLoss))" + size + meaning
            // How the networks' first epochs compare is drawn, not said: each validation figure carries the other network's mean.
            return [first, second, third].compactMap { $0 }.joined(separator: " ")
        }
        // Without the windows the curve's own lowest epoch, and the end as a level, not as a rise from that low.
        let end = "at \(Format.loss(last.valLoss))"
        let reading = lowest == from
            ? "The validation loss \(from == 0 ? "was lowest in epoch 1" : "fell to its lowest by epoch \(from + 1)") (\(Format.loss(validation[lowest]))) and ended \(end)"
            : (from == 0 ? "The validation loss" : "The validation loss fell to \(Format.loss(validation[from])) by epoch \(from + 1),")
                + " was lowest in epoch \(lowest + 1) (\(Format.loss(validation[lowest]))) and ended \(end)"
        return "\(reading), while \(training) \(trainingCourse)."
    }

    /// The gap the training figure shows at its end, in error rates (a ratio of losses grows without bound as the training
    /// loss nears zero): the training images misclassified during the last epoch against the validation images at its end.
    /// For the hand-in whose discussion reads the validation curves; empty without epochs.
    func errorGap(_ group: RunGroup) -> String {
        guard let last = curve(group).last else { return "" }
        let validation = "at its end \(Format.percent(1 - last.valAccuracy)) of the validation images"
        guard last.trainAccuracy < 1 else {
            let images = PythonFormat.grouped(group.representative.data.trainImages)
            return (group.isMultiSeed ? "In the last epoch no seed misclassified any of the \(images) training images"
                : "In the last epoch it misclassified none of the \(images) training images") + "; \(validation) were wrong."
        }
        return "In the last epoch it misclassified \(Format.percent(1 - last.trainAccuracy)) of the training images, and \(validation)."
    }

    /// What the learning-curve figures above show, on the curve they draw: how far the training loss fell, where the
    /// validation loss was lowest and how it ended, and where the validation accuracy peaked (or, peaking last, where it ended).
    func curveReading(_ group: RunGroup, _ f: CurveFindings) -> String {
        let trainLoss = curve(group).last?.trainLoss ?? 0
        // The gap between the two losses at the end is the figure's plain reading: how much closer the network fits the
        // images it trains on than those it does not.
        let gap = trainLoss > 0 && f.finalLoss > trainLoss ? ", \(Format.ratio(f.finalLoss / trainLoss)) below the validation loss (\(Format.loss(f.finalLoss)))" : ""
        let training = "Training loss (epoch mean) ends at \(Format.scientific(trainLoss))" + gap
        // The level at the end, not a rise from the lowest point: a minimum picked from noisy epochs overstates it (discussion).
        let loss = gap.isEmpty
            ? (f.lowestLoss.epoch == f.epochs ? "validation loss is lowest in the last epoch (\(Format.loss(f.finalLoss)))"
                : "validation loss is lowest in epoch \(f.lowestLoss.epoch) (\(Format.loss(f.lowestLoss.value))) and ends at \(Format.loss(f.finalLoss))")
            : (f.lowestLoss.epoch == f.epochs ? "lowest in the last epoch" : "which was lowest in epoch \(f.lowestLoss.epoch) (\(Format.loss(f.lowestLoss.value)))")
        // Ending at its highest is said as the level it ends at: the last epoch's lead over the ones before may be a hair.
        let accuracy = f.bestAccuracy.epoch == f.epochs ? "validation accuracy ends at \(Format.percent(f.finalAccuracy))"
            : "validation accuracy peaks in epoch \(f.bestAccuracy.epoch) (\(Format.percent(f.bestAccuracy.value))) and ends at \(Format.percent(f.finalAccuracy))"
        return "\(training)\(gap.isEmpty ? ";" : ",") \(loss); \(accuracy)."
    }

    /// The plain reading of a training error rate that reaches zero: every seed classified every training image correctly
    /// during its last epoch (the network fits its training set exactly); empty otherwise.
    func exactFit(_ group: RunGroup) -> String {
        guard let last = curve(group).last, last.trainAccuracy >= 1 else { return "" }
        let images = PythonFormat.grouped(group.representative.data.trainImages)
        return group.isMultiSeed ? "During its last epoch no seed misclassified any of the \(images) training images."
            : "During its last epoch it misclassified none of the \(images) training images."
    }

    /// Each seed's change from its lowest validation loss to its last epoch, image by image; the
    /// method is explained at the first network's table only.
    static func seedTable(_ f: CurveFindings, first: Bool) -> String {
        let caption = first
            ? "Each seed's \(PythonFormat.grouped(f.validationImages)) validation images are compared with themselves between the seed's lowest-loss epoch and its last: "
                + "the change of their mean loss with its sign-flip test's p, how many images' loss fell and rose (the rest unchanged, mostly at a float32 loss of 0), "
                + "that change split by whether an image was misclassified at either epoch, the images wrong at both epochs with their mean loss, "
                + "and the images turned wrong and right with McNemar's exact p."
            : "The same comparison for \(f.name), seed by seed:"
        var lines = [caption, "",
                     "| Seed | Lowest loss (epoch) | Last epoch | Change (p) | Images whose loss fell / rose | From the images wrong at either epoch | From the others "
                        + "| Wrong at both: images, mean loss | Turned wrong / right (p) | Reading |",
                     "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for change in f.seedChanges {
            let cells: [String]
            if change.fromEpoch == change.toEpoch {
                cells = ["\(change.seed)", "\(Format.loss(change.lossFrom)) (\(change.fromEpoch))", "–", "–", "–", "–", "–", "–", "–"]
            } else {
                cells = ["\(change.seed)", "\(Format.loss(change.lossFrom)) (\(change.fromEpoch))", Format.loss(change.lossTo),
                         "\(Format.signedRelative(change.relativeChange)) (\(Format.signFlip(change.signFlipP)))",
                         "\(PythonFormat.grouped(change.imagesLower)) / \(PythonFormat.grouped(change.imagesHigher))",
                         "\(Format.signedLoss(change.changeFromMistaken)) (\(change.mistakenImages) images)", Format.signedLoss(change.changeFromRest),
                         change.persistentMistakes == 0 ? "0"
                            : "\(change.persistentMistakes): \(PythonFormat.fixed(change.persistentLossFrom, decimals: 1)) → \(PythonFormat.fixed(change.persistentLossTo, decimals: 1))",
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
    /// are not given different stories: the seeds still improving at the end, and those whose rise is more than confidence
    /// in mistakes (McNemar for new mistakes). How far each rose is in the discussion's table, the method in the setup.
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
        // Where each rise started, how far it went and against what noise are in the discussion's table, beside the other
        // network's; a seed whose rise is more than confidence in mistakes is named here.
        let overfitting = rose.filter { $0.reading == .overfitting }
        let broad = rose.filter { $0.reading == .overconfident }
        if !broad.isEmpty {
            sentences.append((several ? "In \(seeds(broad)) " : "") + "the rise reaches the correctly classified images too, while no more images turned wrong than right: "
                             + "the probabilities got worse, the accuracy did not")
        }
        if !overfitting.isEmpty {
            sentences.append((several ? "In \(seeds(overfitting)) " : "") + "significantly more validation images turned wrong than right after the lowest loss "
                             + "(McNemar \(Format.list(overfitting.map { Self.pText($0.mcNemarP) }))): the network overfits")
        }
        return Self.sentences(sentences)
    }

    /// The validation loss's course in words, with the noise levels the reading rests on.
    func diagnosis(_ f: CurveFindings, sameAs earlier: String?) -> String {
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
}
