import Foundation
import Plot
import Training

// The captions under the learning-curve figures and the switching figure: what a line, a band and a position mean,
// which the figures' legends have no room for. Said in full under the first network's figures, referred to after.
extension WriteUp {
    /// Under a network's training figure: training solid with its epoch means at mid-epoch, validation dashed at the
    /// epoch's end, the error rate and its log axis, the axes shared with the other networks' figure.
    func trainingCaption(_ group: RunGroup) -> String {
        let means = curve(group)
        let errorless = means.contains { $0.trainAccuracy >= 1 }
        // A seed without training errors in an epoch whose mean has some takes the band down to the log axis's floor.
        let someErrorless = group.isMultiSeed && means.indices.contains { epoch in
            means[epoch].trainAccuracy < 1 && group.runs.contains { $0.epochs.indices.contains(epoch) && $0.epochs[epoch].trainAccuracy >= 1 }
        }
        let marks = (errorless ? [group.isMultiSeed ? "a hollow marker on 0: no seed made a training error that epoch" : "a hollow marker on 0: an epoch without training errors"] : [])
            + (someErrorless ? ["a band down to 0: some seed made none"] : [])
        let ring = marks.joined(separator: "; ")
        // With the windows the network's results read the figure (`results`); the caption says what is drawn.
        let finding = curvesTableIsRecorded ? "" : trainingFinding(group).map { " " + $0 } ?? ""
        if let first = firstNetwork(before: group) {
            // Its number too, so that a reader of the captions alone finds it.
            return "*As \(name(first))'s figure\(cite([NetworkFigure.train.baseName(for: first.network)])), on the same axes" + (ring.isEmpty ? "." : "; \(ring).") + "\(finding)*"
        }
        let bands = group.isMultiSeed ? "; bands: the \(group.runs.count) seeds' range" : ""
        return "*Solid: training, each epoch's mean over its mini-batches, drawn at mid-epoch; dashed: validation, at each epoch's end\(bands). "
            + "Error rate = 1 − accuracy (\(imageSteps(group))); "
            + "log axes\(sharedAxes(group))" + (ring.isEmpty ? "." : "; \(ring).") + "\(finding)*"
    }

    /// What one misclassified image is worth on the training figure's curves: `one training image: 0.0018%, one validation
    /// image: 0.02%` for one run; for a mean over seeds, what one image in one seed moves it by, which is what its smallest
    /// steps are.
    func imageSteps(_ group: RunGroup) -> String {
        let (data, seeds) = (group.representative.data, group.runs.count)
        guard group.isMultiSeed else { return "one training image: \(Self.oneImage(of: data.trainImages)), one validation image: \(Self.oneImage(of: data.valImages))" }
        return "one image in one seed moves the mean by \(Self.oneImage(of: data.trainImages * seeds)) in training, \(Self.oneImage(of: data.valImages * seeds)) in validation"
    }

    /// What the training figure shows, under it when the discussion does not read the windows (the results then read the
    /// curves, `curveShape`): the epoch from which the mean training loss stays below the validation loss, where it ends
    /// (against the first network's, for a later network, when they differ twofold or more) and the range the validation
    /// loss stays in meanwhile. Nil with too few epochs for a trend, or when the training loss ends above.
    func trainingFinding(_ group: RunGroup) -> String? {
        let means = curve(group)
        guard means.count >= Self.minimumEpochsForTrends, let last = means.last,
              let from = means.indices.first(where: { epoch in means[epoch...].allSatisfy { $0.trainLoss < $0.valLoss } }) else { return nil }
        let validation = means[from...].map(\.valLoss)
        guard let low = validation.min(), let high = validation.max() else { return nil }
        var end = Format.loss(last.trainLoss)
        if let first = firstNetwork(before: group), let other = curve(first).last?.trainLoss, other > 0, last.trainLoss > 0 {
            let ratio = other / last.trainLoss
            if ratio >= 2 { end += ", \(Format.ratio(ratio)) below \(name(first))'s" } else if ratio <= 0.5 { end += ", \(Format.ratio(1 / ratio)) above \(name(first))'s" }
        }
        // Epoch by epoch (each epoch's mean against the validation at its end), not where the drawn lines cross: the training
        // means sit at mid-epoch.
        return "From epoch \(from + 1) on, each epoch's training loss lies below its validation loss and falls to \(end), "
            + "while the validation loss stays within \(Format.loss(low))–\(Format.loss(high))."
    }

    /// Under a network's validation figure: the same validation curves as the training figure's, zoomed on linear axes,
    /// each seed's under the mean (the legends and titles say what the rings and the dotted line mark), and what it shows.
    func validationCaption(_ group: RunGroup) -> String {
        // With the windows the discussion's table gives their values; the caption says what is drawn.
        let finding = readsSecondHalf ? "" : validationFinding(group).map { " " + $0 } ?? ""
        // The other networks' means are drawn pale in each network's figure (`FigureRenderer.validation`).
        let others = groups.filter { $0.network != group.network }.map(name)
        if let first = firstNetwork(before: group) {
            return "*As \(name(first))'s figure\(cite([NetworkFigure.val.baseName(for: first.network)])), on the same axes\(others.isEmpty ? "" : "; pale dashed: \(Format.list(others.map { "\($0)'s" })) mean").\(finding)*"
        }
        let pale = others.isEmpty ? "" : "; pale dashed: \(Format.list(others.map { "\($0)'s" })) mean, for comparison"
        let seeds = !group.isMultiSeed ? "" : "; dotted: each of the \(group.runs.count) seeds, a lightness of its own, numbered at both ends, a diamond at its lowest loss"
        let windows = secondHalfRuns.first.map { "; yellow strips: epochs \(Self.epochs($0.change.early)) and \(Self.epochs($0.change.late)), the windows compared" } ?? ""
        return "*The validation curves above\(cite([NetworkFigure.train.baseName(for: group.network)])), zoomed on linear axes\(sharedAxes(group))\(seeds)\(pale)\(windows); one image is "
            + "\(Self.oneImage(of: group.representative.data.valImages)) of \(group.isMultiSeed ? "a seed's" : "the") error rate.\(finding)*"
    }

    /// One image's share of `images` in percent, to two significant digits: `0.02%` of 5,000, `0.0018%` of 55,000; what a
    /// step of the error-rate curves is worth in images.
    static func oneImage(of images: Int) -> String {
        images > 0 ? String(format: "%.2g%%", 100 / Double(images)) : "–"
    }

    /// What the validation figure shows, in the discussion's words: how far above its lowest epoch the mean loss ended while
    /// the accuracy was highest at the end (whether the rise is more than noise is the discussion's test); nil when the loss
    /// was lowest at the end or the accuracy peaked earlier, which the discussion reads.
    private func validationFinding(_ group: RunGroup) -> String? {
        // With the windows, on the discussion's basis: the seeds' mean of each window.
        if let means = secondHalfMeans(group), let first = secondHalf(group).first {
            let loss = means.lossLate >= means.lossEarly ? "rose \(Format.relative(means.lossLate / means.lossEarly - 1))" : "fell \(Format.relative(1 - means.lossLate / means.lossEarly))"
            let change = means.accuracyLate - means.accuracyEarly
            let accuracy = change >= 0 ? "rose \(Format.points(change))" : "fell \(Format.points(change))"
            return "From epochs \(Self.epochs(first.early)) to \(Self.epochs(first.late)) (shaded) the mean loss \(loss) and the accuracy \(accuracy)."
        }
        guard let f = findings[group.network], f.epochs >= Self.minimumEpochsForTrends, f.lowestLoss.epoch < f.epochs,
              f.finalAccuracy >= f.bestAccuracy.value else { return nil }
        return "The mean loss ended \(Format.relative(f.relativeRise)) above its epoch-\(f.lowestLoss.epoch) low, while the accuracy was highest at the end."
    }

    /// Under the figure of validation images switching between right and wrong: what a point counts and where it is
    /// drawn (the middle of the epoch it happened in, so the shade of the low-rate epochs covers exactly theirs). Nil when
    /// the runs did not record their validation errors, and the figure shows the loss instead.
    var switchingCaption: String? {
        guard groups.allSatisfy({ $0.validationSwitches != nil }) else { return nil }
        // With the seeds' bands the shade is in the rate panel only, its start marked above (`FigureRenderer.networksCompared`).
        let banded = groups.contains(where: \.isMultiSeed)
        // With the windows the right panels read the discussion's claim; the figure's title says what the bands are.
        if let split = lossSplitCaption {
            // The switches' counts are the figure's to show: the right panels' claim takes the caption's room.
            return "*Left: validation images turning right or wrong in each epoch, against the epoch before. \(split)*"
        }
        // The legend names the green line where the shade is not drawn over the bands.
        let shade = lowRateEpochs.map { ". Under it the learning rate, shaded in its second half, epochs \($0.lowerBound)–\($0.upperBound)"
            + (banded ? "" : ", from x = \($0.lowerBound - 1)") } ?? ""
        // What to see on the left: how many switched early and at the end.
        let counts = settlingClause.map { ": per seed, \($0)" } ?? ""
        // What to see on the right: one network's mean above the other's at every epoch, when it is.
        let curves = groups.map { curve($0).map(\.valAccuracy) }
        let above = groups.count == 2 && curves[0].count == curves[1].count && !curves[0].isEmpty
            ? (zip(curves[1], curves[0]).allSatisfy { $0 > $1 } ? (1, 0) : (zip(curves[0], curves[1]).allSatisfy { $0 > $1 } ? (0, 1) : nil)) : nil
        let ahead = above.map { ", \(name(groups[$0.0]))'s above \(name(groups[$0.1]))'s in every epoch" } ?? ""
        return "*Left: validation images (of \(PythonFormat.grouped(groups[0].representative.data.valImages))) turning right↔wrong during an epoch, drawn at "
            + "its middle (epoch 1 has none)\(counts)\(shade). Right: validation accuracy\(ahead)."
            + "\(banded ? " Bands: the seeds' range." : "")*"
    }

    /// What the comparison figure shows, for its caption: every run of one network above every run of the other while the
    /// thick bar of their difference reaches past 0, or both on one side; nil with one seed or without a clean split.
    var comparisonFinding: String? {
        guard let c = comparison, c.first.isMultiSeed, c.cleanSplitProbability != nil, let established = c.intervalExcludesZero else { return nil }
        let (ahead, behind) = c.meanDifference > 0 ? (name(c.second), name(c.first)) : (name(c.first), name(c.second))
        return "Every \(ahead) run lies above every \(behind) run, " + (established ? "and the thick bar of their difference lies above 0." : "yet the thick bar of their difference reaches below 0.")
    }

    /// The first network whose figures come before `group`'s, which the later captions refer to; nil for the first.
    func firstNetwork(before group: RunGroup) -> RunGroup? {
        groups.first.flatMap { $0.network == group.network ? nil : $0 }
    }

    /// `, shared with MyNet's figure`, when the other networks' figures span the same axes.
    private func sharedAxes(_ group: RunGroup) -> String {
        let others = groups.filter { $0.network != group.network }.map(name)
        return others.isEmpty ? "" : ", shared with \(Format.list(others.map { "\($0)'s" })) figure"
    }
}
