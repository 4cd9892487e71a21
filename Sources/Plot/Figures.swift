import Foundation

/// The report's figures, built from plain data and returned as the bytes of a PNG, SVG or PDF; the caller names and writes the files.
public enum Figures {
    /// Training curves are blue, validation vermillion: distinct for all common colour-vision types.
    static let trainColor = Palette.blue
    static let validationColor = Palette.vermillion
    static let batchColor = Palette.skyBlue
    /// Beyond this many epochs per-epoch dots merge into a smear, so only the line is drawn.
    static let maximumEpochsWithMarkers = 30

    /// Training loss (per-mini-batch loss faint underneath, if given) and training accuracy, encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func training(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try trainingChart(curves).encoded(as: format)
    }

    /// Validation loss and validation accuracy, encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func validation(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try validationChart(curves).encoded(as: format)
    }

    /// Training (solid) against validation (dashed), loss and accuracy, the best validation epoch marked; encoded as `format`.
    ///
    /// - Throws: `PlotError` if cairo fails.
    public static func comparison(_ curves: LearningCurves, format: OutputFormat) throws -> [UInt8] {
        try comparisonChart(curves).encoded(as: format)
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
    public static func misclassified(_ tiles: [DigitTile], title: String, format: OutputFormat) throws -> [UInt8] {
        try DigitTileGrid(tiles: tiles, title: title).encoded(as: format)
    }

    // MARK: Charts

    /// Training loss and accuracy side by side.
    static func trainingChart(_ curves: LearningCurves) -> LineChart {
        var lossSeries: [LineSeries] = []
        let hasBatches = !curves.batchLoss.isEmpty
        if hasBatches {
            lossSeries.append(LineSeries(name: "per mini-batch", x: curves.batchPositions, y: curves.batchLoss,
                                         color: batchColor, emphasis: .faint))
        }
        lossSeries.append(epochSeries(hasBatches ? "epoch mean" : "", curves.trainLoss, trainColor, .solid, curves))
        let accuracy = epochSeries("", curves.trainAccuracy, trainColor, .solid, curves)
        return LineChart(title: "\(curves.networkTitle): training", panels: [
            lossPanel(title: "Training loss", series: lossSeries, marker: nil),
            accuracyPanel(title: "Training accuracy", series: [accuracy], marker: nil),
        ])
    }

    /// Validation loss and accuracy side by side.
    static func validationChart(_ curves: LearningCurves) -> LineChart {
        LineChart(title: "\(curves.networkTitle): validation", panels: [
            lossPanel(title: "Validation loss", series: [epochSeries("", curves.valLoss, validationColor, .solid, curves)], marker: nil),
            accuracyPanel(title: "Validation accuracy",
                          series: [epochSeries("", curves.valAccuracy, validationColor, .solid, curves)], marker: nil),
        ])
    }

    /// Training (solid) against validation (dashed), loss and accuracy, with the best validation epoch marked.
    static func comparisonChart(_ curves: LearningCurves) -> LineChart {
        let best = curves.bestValidationEpoch
        let lossMarker = best.map { VerticalMarker(x: Double($0), label: "best val epoch \($0)") }
        let accuracyMarker = best.map { epoch -> VerticalMarker in
            let accuracy = curves.valAccuracy[epoch - 1] * 100
            return VerticalMarker(x: Double(epoch), label: "best val epoch \(epoch): " + String(format: "%.2f%%", accuracy))
        }
        return LineChart(title: "\(curves.networkTitle): training vs validation", panels: [
            lossPanel(title: "Loss", series: [
                epochSeries("train", curves.trainLoss, trainColor, .solid, curves),
                epochSeries("validation", curves.valLoss, validationColor, .dashed, curves),
            ], marker: lossMarker),
            accuracyPanel(title: "Accuracy", series: [
                epochSeries("train", curves.trainAccuracy, trainColor, .solid, curves),
                epochSeries("validation", curves.valAccuracy, validationColor, .dashed, curves),
            ], marker: accuracyMarker),
        ])
    }

    private static func epochSeries(_ name: String, _ values: [Double], _ color: Color, _ pattern: StrokePattern,
                                    _ curves: LearningCurves) -> LineSeries {
        LineSeries(name: name, perEpoch: values, color: color, pattern: pattern,
                   showsMarkers: curves.epochCount <= maximumEpochsWithMarkers)
    }

    private static func lossPanel(title: String, series: [LineSeries], marker: VerticalMarker?) -> LinePanel {
        LinePanel(title: title, xLabel: "epoch", yLabel: "loss", series: series, marker: marker)
    }

    private static func accuracyPanel(title: String, series: [LineSeries], marker: VerticalMarker?) -> LinePanel {
        LinePanel(title: title, xLabel: "epoch", yLabel: "accuracy", series: series, marker: marker,
                  yFormat: .percent, yTickLimits: 0...1)
    }
}
