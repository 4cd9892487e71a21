import Foundation

/// The report's figures, built from plain data and returned as the bytes of a PNG, SVG or PDF; the caller names and writes the files.
public enum FigureRenderer {
    /// Colours of the Okabe–Ito palette, which stay distinguishable for the common colour-vision deficiencies:
    /// training blue, validation vermillion, and the moving average orange, which stands out against the blue epoch means.
    static let trainColor = Color(hex: 0x0072B2)
    static let validationColor = Color(hex: 0xD55E00)
    static let smoothedBatchColor = Color(hex: 0xE69F00)
    static let learningRateColor = Color(hex: 0x009E73)
    /// Black, reddish purple and sky blue: the colours above mean training, validation, moving average and
    /// learning rate in the other figures, so networks get colours of their own.
    static let networkColors = [Color(hex: 0x000000), Color(hex: 0xCC79A7), Color(hex: 0x56B4E9)]
    /// Beyond this many epochs per-epoch dots merge into a smear, so only the line is drawn.
    static let maximumEpochsWithMarkers = 30
    /// The smoothing factor β of the moving average of the mini-batch losses: it averages over about
    /// 1/(1 − β) = 50 batches, enough to tame a raw trace whose neighbouring batches differ by orders of
    /// magnitude late in training, with a lag short enough that the steep fall in the first epoch stays where it happened.
    static let batchLossSmoothing = 0.98

    /// Training loss (the moving average of the mini-batch losses, if given, and the epoch means) and training
    /// accuracy, encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func training(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try trainingChart(curves).encoded(as: format)
    }

    /// Validation loss and validation accuracy, each with its best epoch marked, encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func validation(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try validationChart(curves).encoded(as: format)
    }

    /// Training (solid) against validation (dashed), loss and accuracy, the epochs of lowest validation loss
    /// and best validation accuracy marked, and the learning rate underneath when `curves` has one; encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func comparison(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try comparisonChart(curves).encoded(as: format)
    }

    /// Several networks' validation loss (left) and validation accuracy (right) on shared axes, one colour
    /// per network, named by `networkTitle` in the legends; encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func networks(_ curves: [LearningCurves], format: OutputFormat) throws -> [UInt8] {
        try networksChart(curves).encoded(as: format)
    }

    /// A confusion-matrix heat map (row = true label, column = predicted), encoded as `format`.
    ///
    /// - Throws: `PlotError.invalidData` for an empty or non-square matrix or a negative count,
    ///   `PlotError.cairoFailure` if cairo fails.
    public static func confusion(_ counts: [[Int]], title: String, format: OutputFormat) throws -> [UInt8] {
        try ConfusionMatrixChart(counts: counts, title: title).encoded(as: format)
    }

    /// A grid of up to 36 digit tiles with "true → pred (p)" captions, encoded as `format`;
    /// an empty list gives a "no misclassified digits" picture.
    ///
    /// - Throws: `PlotError.invalidData` for a tile without 784 pixels, `PlotError.cairoFailure` if cairo fails.
    /// `sharedMeaning` says what the frame of a tile marked `isShared` means ("MyNet (seed 1) misclassifies it too").
    public static func misclassified(_ tiles: [DigitTile], title: String, sharedMeaning: String? = nil, format: OutputFormat) throws -> [UInt8] {
        try DigitTileGrid(tiles: tiles, title: title, sharedMeaning: sharedMeaning).encoded(as: format)
    }

    static func trainingChart(_ curves: LearningCurves) -> LineChart {
        // The moving average only: raw mini-batch losses span several decades late in training and
        // would set the axis for a trace nobody reads.
        let average = curves.batchLoss.isEmpty ? [] : [LineSeries(
            name: "mini-batch loss, moving average (β = \(batchLossSmoothing))", x: curves.batchPositions,
            y: exponentialMovingAverage(curves.batchLoss, factor: batchLossSmoothing), color: smoothedBatchColor)]
        // An epoch's training figures are means over the epoch: drawn at its middle, where the mini-batches they average lie.
        let mean = epochSeries(curves.seedCount > 1 ? "epoch mean (band: range over the seeds)" : "epoch mean", curves.trainLoss,
                               trainColor, of: curves, band: curves.ranges?.trainLoss, atMiddle: true)
        return chart(curves, "training", "Training loss", average + [mean], "Training accuracy",
                     [epochSeries("", curves.trainAccuracy, trainColor, of: curves, band: curves.ranges?.trainAccuracy, atMiddle: true)])
    }

    static func validationChart(_ curves: LearningCurves) -> LineChart {
        let loss = epochSeries(curves.seedCount > 1 ? "after each epoch (band: range over the seeds)" : "after each epoch", curves.valLoss,
                               validationColor, of: curves, band: curves.ranges?.valLoss)
        let accuracy = epochSeries("", curves.valAccuracy, validationColor, of: curves, band: curves.ranges?.valAccuracy)
        return chart(curves, "validation", "Validation loss", [loss], "Validation accuracy", [accuracy], marked: true)
    }

    /// The learning rate goes in a short panel underneath.
    static func comparisonChart(_ curves: LearningCurves) -> LineChart {
        chart(curves, "training vs validation", "Loss", [
            epochSeries("train (epoch mean)", curves.trainLoss, trainColor, of: curves, band: curves.ranges?.trainLoss, atMiddle: true),
            epochSeries("validation", curves.valLoss, validationColor, of: curves, band: curves.ranges?.valLoss, pattern: .dashed),
        ], "Accuracy", [
            epochSeries("", curves.trainAccuracy, trainColor, of: curves, band: curves.ranges?.trainAccuracy, atMiddle: true),
            epochSeries("", curves.valAccuracy, validationColor, of: curves, band: curves.ranges?.valAccuracy, pattern: .dashed),
        ], marked: true, footer: learningRatePanel(curves))
    }

    /// One network's loss and accuracy side by side, the title saying once how many seeds the curves are the mean of;
    /// `marked` marks the epoch of lowest validation loss in the loss panel and of best validation accuracy in the other.
    private static func chart(_ curves: LearningCurves, _ what: String, _ lossTitle: String, _ loss: [LineSeries], _ accuracyTitle: String,
                              _ accuracy: [LineSeries], marked: Bool = false, footer: LinePanel? = nil) -> LineChart {
        let lowestLoss = curves.lowestValidationLossEpoch.map { VerticalMarker(x: Double($0), label: "lowest val loss: epoch \($0)") }
        let bestAccuracy = curves.bestValidationEpoch.map { epoch in
            VerticalMarker(x: Double(epoch), label: "best val acc: epoch \(epoch), " + String(format: "%.2f%%", curves.valAccuracy[epoch - 1] * 100))
        }
        let seeds = curves.seedCount > 1 ? " (mean of \(curves.seedCount) seeds)" : ""
        return LineChart(title: "\(curves.networkTitle): \(what)\(seeds)", panels: [
            lossPanel(lossTitle, loss, marker: marked ? lowestLoss : nil),
            accuracyPanel(accuracyTitle, accuracy, marker: marked ? bestAccuracy : nil),
        ], footer: footer)
    }

    static func networksChart(_ curves: [LearningCurves]) -> LineChart {
        let showsMarkers = (curves.map(\.epochCount).max() ?? 0) <= maximumEpochsWithMarkers
        // One legend, in the loss panel.
        func series(named: Bool, _ values: (LearningCurves) -> [Double], _ range: (LearningCurves.Ranges) -> LearningCurves.Range) -> [LineSeries] {
            curves.enumerated().map { index, history in
                LineSeries(name: named ? history.networkTitle : "", x: values(history).indices.map { Double($0 + 1) }, y: values(history),
                           color: networkColors[index % networkColors.count], pattern: index % 2 == 0 ? .solid : .dashed, showsMarkers: showsMarkers,
                           band: history.ranges.map(range))
            }
        }
        let titles = curves.map(\.networkTitle).joined(separator: " vs ")
        let seeds = Set(curves.map(\.seedCount))
        let note = seeds.count == 1 && (seeds.first ?? 1) > 1 ? " (means of \(seeds.first ?? 1) seeds, bands their range)" : ""
        return LineChart(title: titles.isEmpty ? "Validation" : "Validation: \(titles)\(note)", panels: [
            lossPanel("Validation loss", series(named: true, { $0.valLoss }, { $0.valLoss })),
            accuracyPanel("Validation accuracy", series(named: false, { $0.valAccuracy }, { $0.valAccuracy })),
        ])
    }

    /// A per-epoch series at the end of each epoch (after it, as validation is measured), or at its
    /// middle (`atMiddle`, for means over the epoch).
    private static func epochSeries(_ name: String, _ values: [Double], _ color: Color, of curves: LearningCurves,
                                    band: LearningCurves.Range?, pattern: StrokePattern = .solid, atMiddle: Bool = false) -> LineSeries {
        LineSeries(name: name, x: values.indices.map { Double($0 + 1) - (atMiddle ? 0.5 : 0) }, y: values, color: color, pattern: pattern,
                   showsMarkers: curves.epochCount <= maximumEpochsWithMarkers, band: band)
    }

    /// Every loss axis is logarithmic, in every figure and for every network: a loss falls by decades
    /// during training, a linear axis presses the later epochs into the bottom line, and one rule lets two
    /// networks' panels be read the same way.
    private static func lossPanel(_ title: String, _ series: [LineSeries], marker: VerticalMarker? = nil) -> LinePanel {
        LinePanel(title: title, yLabel: "loss (log scale)", series: series, marker: marker, yLabels: TickLabelFormatter.powerOfTenLabels, yScale: .logarithmic)
    }

    private static func accuracyPanel(_ title: String, _ series: [LineSeries], marker: VerticalMarker? = nil) -> LinePanel {
        LinePanel(title: title, yLabel: "accuracy", series: series, marker: marker, yLabels: TickLabelFormatter.percentLabels, yTickLimits: 0...1)
    }

    /// The learning rate as the step function it is (one rate through each epoch, from its start to its
    /// end), on a linear axis, which shows the shape of the schedule; nil without one.
    private static func learningRatePanel(_ curves: LearningCurves) -> LinePanel? {
        guard !curves.learningRate.isEmpty else { return nil }
        let x = curves.learningRate.indices.flatMap { [Double($0), Double($0 + 1)] }
        let rate = LineSeries(name: "", x: x, y: curves.learningRate.flatMap { [$0, $0] }, color: learningRateColor)
        return LinePanel(title: "Learning rate", yLabel: "", series: [rate], yLabels: TickLabelFormatter.powerOfTenLabels)
    }

    /// The bias-corrected exponential moving average with smoothing factor β = `factor`: sᵢ = β·sᵢ₋₁ + (1 − β)·xᵢ from
    /// s₀ = 0, drawn as sᵢ / (1 − βⁿ) after n finite values (as TensorBoard and Adam correct it): uncorrected, the curve
    /// would start near zero; seeded with x₀, one noisy first batch would dominate the start. A non-finite value is
    /// skipped (its position gets the average so far, NaN before any), so one NaN batch does not erase the curve.
    static func exponentialMovingAverage(_ values: [Double], factor: Double) -> [Double] {
        var state = 0.0
        var weight = 0.0  // 1 − βⁿ, the total weight of the values seen, kept by the same recursion
        return values.map { value in
            if value.isFinite {
                state = factor * state + (1 - factor) * value
                weight = factor * weight + (1 - factor)
            }
            return weight > 0 ? state / weight : .nan
        }
    }
}
