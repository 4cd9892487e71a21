import Foundation

/// The report's figures, built from plain data and returned as the bytes of a PNG, SVG or PDF; the caller names and writes the files.
public enum Figures {
    /// Training curves are blue, validation vermillion: distinct for all common colour-vision types.
    static let trainColor = Palette.blue
    static let validationColor = Palette.vermillion
    static let batchColor = Palette.skyBlue
    /// Orange stands out against the sky-blue raw trace beneath it and the blue epoch means.
    static let smoothedBatchColor = Palette.orange
    static let learningRateColor = Palette.bluishGreen
    /// Beyond this many epochs per-epoch dots merge into a smear, so only the line is drawn.
    static let maximumEpochsWithMarkers = 30

    /// The smoothing factor β of the exponential moving average drawn over the raw mini-batch losses.
    ///
    /// The runs have about 860 mini-batches per epoch (55,000 images in batches of 64). β = 0.98 averages
    /// over about 1/(1 − β) = 50 batches, a sixteenth of an epoch: enough to tame a raw trace whose
    /// neighbouring batches differ up to a hundredfold late in training, while the average lags by only
    /// ~50 batches (0.06 epoch, about 2 points on a 12-epoch axis), so the steep fall in the first epoch stays
    /// where it happened. β = 0.9 (10 batches) stays almost as jagged as the raw trace; β = 0.999
    /// (1,000 batches) would lag by more than an epoch.
    public static let batchLossSmoothing = 0.98

    /// Every loss axis is logarithmic, in every figure and for every network: a loss falls by decades
    /// during training, a linear axis presses the later epochs into the bottom line, and one rule lets two
    /// networks' panels be read the same way.
    public static let lossAxisIsLogarithmic = true

    /// Training loss (per-mini-batch loss faint underneath with its moving average, if given) and training accuracy,
    /// encoded as `format`.
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

    // MARK: Charts

    /// Training loss and accuracy side by side.
    static func trainingChart(_ curves: LearningCurves) -> LineChart {
        var lossSeries: [LineSeries] = []
        let hasBatches = !curves.batchLoss.isEmpty
        if hasBatches {
            // The moving average only: raw mini-batch losses span several decades late in training and
            // would set the axis for a trace nobody reads.
            lossSeries.append(LineSeries(name: "mini-batch loss, moving average (β = \(batchLossSmoothing))", x: curves.batchPositions,
                                         y: Smoothing.exponentialMovingAverage(curves.batchLoss, factor: batchLossSmoothing),
                                         color: smoothedBatchColor))
        }
        // An epoch's training figures are means over the epoch: drawn at its middle, where the mini-batches they average lie.
        lossSeries.append(epochSeries(curves.seedCount > 1 ? "epoch mean (band: range over the seeds)" : "epoch mean", curves.trainLoss, trainColor, .solid, curves,
                                      band: curves.ranges?.trainLoss, atMiddle: true))
        let accuracy = epochSeries("", curves.trainAccuracy, trainColor, .solid, curves, band: curves.ranges?.trainAccuracy, atMiddle: true)
        return LineChart(title: "\(curves.networkTitle): training\(seedNote(curves))", panels: [
            lossPanel(title: "Training loss", series: lossSeries, marker: nil),
            accuracyPanel(title: "Training accuracy", series: [accuracy], marker: nil),
        ])
    }

    /// ", mean of 3 seeds" once per figure, in its title.
    static func seedNote(_ curves: LearningCurves) -> String {
        curves.seedCount > 1 ? " (mean of \(curves.seedCount) seeds)" : ""
    }

    /// Validation loss and accuracy side by side, each with its best epoch marked.
    static func validationChart(_ curves: LearningCurves) -> LineChart {
        LineChart(title: "\(curves.networkTitle): validation\(seedNote(curves))", panels: [
            lossPanel(title: "Validation loss", series: [epochSeries(curves.seedCount > 1 ? "after each epoch (band: range over the seeds)" : "after each epoch",
                                                                     curves.valLoss, validationColor, .solid, curves, band: curves.ranges?.valLoss)],
                      marker: lowestLossMarker(curves)),
            accuracyPanel(title: "Validation accuracy",
                          series: [epochSeries("", curves.valAccuracy, validationColor, .solid, curves, band: curves.ranges?.valAccuracy)],
                          marker: bestAccuracyMarker(curves)),
        ])
    }

    /// Training (solid) against validation (dashed), loss and accuracy, each marking its own best validation
    /// epoch, with the learning rate in a short panel underneath.
    static func comparisonChart(_ curves: LearningCurves) -> LineChart {
        LineChart(title: "\(curves.networkTitle): training vs validation\(seedNote(curves))", panels: [
            lossPanel(title: "Loss", series: [
                epochSeries("train (epoch mean)", curves.trainLoss, trainColor, .solid, curves, band: curves.ranges?.trainLoss, atMiddle: true),
                epochSeries("validation", curves.valLoss, validationColor, .dashed, curves, band: curves.ranges?.valLoss),
            ], marker: lowestLossMarker(curves)),
            accuracyPanel(title: "Accuracy", series: [
                epochSeries("", curves.trainAccuracy, trainColor, .solid, curves, band: curves.ranges?.trainAccuracy, atMiddle: true),
                epochSeries("", curves.valAccuracy, validationColor, .dashed, curves, band: curves.ranges?.valAccuracy),
            ], marker: bestAccuracyMarker(curves)),
        ], footer: learningRatePanel(curves))
    }

    /// Every network's validation loss and accuracy on the same axes.
    static func networksChart(_ curves: [LearningCurves]) -> LineChart {
        let showsMarkers = (curves.map(\.epochCount).max() ?? 0) <= maximumEpochsWithMarkers
        // Blue, vermillion, orange and green mean training, validation, moving average and learning rate in
        // the other figures: networks get colours of their own. One legend, in the loss panel.
        let colors = [Palette.black, Palette.reddishPurple, Palette.skyBlue]
        func series(_ values: (LearningCurves) -> [Double], _ range: (LearningCurves.Ranges) -> LearningCurves.Range, named: Bool) -> [LineSeries] {
            curves.enumerated().map { index, history in
                var line = LineSeries(name: named ? history.networkTitle : "", perEpoch: values(history), color: colors[index % colors.count],
                                      pattern: index % 2 == 0 ? .solid : .dashed, showsMarkers: showsMarkers)
                line.band = history.ranges.map(range).map { ($0.lower, $0.upper) }
                return line
            }
        }
        let titles = curves.map(\.networkTitle).joined(separator: " vs ")
        let seeds = Set(curves.map(\.seedCount))
        let note = seeds.count == 1 && (seeds.first ?? 1) > 1 ? " (means of \(seeds.first ?? 1) seeds, bands their range)" : ""
        return LineChart(title: titles.isEmpty ? "Validation" : "Validation: \(titles)\(note)", panels: [
            lossPanel(title: "Validation loss", series: series(\.valLoss, \.valLoss, named: true), marker: nil),
            accuracyPanel(title: "Validation accuracy", series: series(\.valAccuracy, \.valAccuracy, named: false), marker: nil),
        ])
    }

    // MARK: Parts

    /// The epoch of lowest validation loss, for loss panels.
    static func lowestLossMarker(_ curves: LearningCurves) -> VerticalMarker? {
        curves.lowestValidationLossEpoch.map { VerticalMarker(x: Double($0), label: "lowest val loss: epoch \($0)") }
    }

    /// The epoch of best validation accuracy and that accuracy, for accuracy panels.
    static func bestAccuracyMarker(_ curves: LearningCurves) -> VerticalMarker? {
        curves.bestValidationEpoch.map { epoch in
            VerticalMarker(x: Double(epoch),
                           label: "best val acc: epoch \(epoch), " + String(format: "%.2f%%", curves.valAccuracy[epoch - 1] * 100))
        }
    }

    /// A per-epoch series at the end of each epoch (after it, as validation is measured), or at its
    /// middle (`atMiddle`, for means over the epoch).
    private static func epochSeries(_ name: String, _ values: [Double], _ color: Color, _ pattern: StrokePattern,
                                    _ curves: LearningCurves, band: LearningCurves.Range? = nil, atMiddle: Bool = false) -> LineSeries {
        var series = LineSeries(name: name, x: values.indices.map { Double($0 + 1) - (atMiddle ? 0.5 : 0) }, y: values, color: color, pattern: pattern,
                                showsMarkers: curves.epochCount <= maximumEpochsWithMarkers)
        series.band = band.map { ($0.lower, $0.upper) }
        return series
    }

    private static func lossPanel(title: String, series: [LineSeries], marker: VerticalMarker?) -> LinePanel {
        guard lossAxisIsLogarithmic else {
            return LinePanel(title: title, xLabel: "epoch", yLabel: "loss", series: series, marker: marker)
        }
        return LinePanel(title: title, xLabel: "epoch", yLabel: "loss (log scale)", series: series, marker: marker,
                         yFormat: .powersOfTen, yScale: .logarithmic)
    }

    private static func accuracyPanel(title: String, series: [LineSeries], marker: VerticalMarker?) -> LinePanel {
        LinePanel(title: title, xLabel: "epoch", yLabel: "accuracy", series: series, marker: marker,
                  yFormat: .percent, yTickLimits: 0...1)
    }

    /// The learning rate as the step function it is (one rate through each epoch, from its start to its
    /// end), on a linear axis, which shows the shape of the schedule; nil without one.
    private static func learningRatePanel(_ curves: LearningCurves) -> LinePanel? {
        guard !curves.learningRate.isEmpty else { return nil }
        var x: [Double] = [], y: [Double] = []
        for (index, rate) in curves.learningRate.enumerated() {
            x += [Double(index), Double(index + 1)]
            y += [rate, rate]
        }
        return LinePanel(title: "Learning rate", xLabel: "epoch", yLabel: "",
                         series: [LineSeries(name: "", x: x, y: y, color: learningRateColor)],
                         yFormat: .powersOfTen)
    }
}
