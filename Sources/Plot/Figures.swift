import Foundation

/// The report's figures, built from plain data.
public enum Figures {
    /// Training curves are blue, validation vermillion: distinct for all common colour-vision types.
    static let trainColor = Palette.blue
    static let validationColor = Palette.vermillion
    static let batchColor = Palette.skyBlue
    /// Beyond this many epochs per-epoch dots merge into a smear, so only the line is drawn.
    static let maximumEpochsWithMarkers = 30

    /// Writes `<directory>/<prefix>_train.png`, `<prefix>_val.png` and `<prefix>_curves.png`.
    ///
    /// - `_train`: training loss (per-mini-batch loss faint underneath, if given) and training accuracy;
    /// - `_val`: validation loss and validation accuracy;
    /// - `_curves`: training (solid) and validation (dashed) together, the best validation epoch marked.
    ///
    /// - Returns: the three paths, in that order.
    /// - Throws: `PlotError` if a file cannot be written.
    @discardableResult
    public static func writeLearningCurves(_ curves: LearningCurves, prefix: String, directory: String) throws -> [String] {
        let charts: [(suffix: String, chart: LineChart)] = [
            ("train", trainingChart(curves)),
            ("val", validationChart(curves)),
            ("curves", comparisonChart(curves)),
        ]
        let base = URL(fileURLWithPath: directory)
        var written: [String] = []
        for (suffix, chart) in charts {
            let path = base.appendingPathComponent("\(prefix)_\(suffix).png").path
            try chart.write(to: path)
            written.append(path)
        }
        return written
    }

    /// Writes a confusion-matrix heat map (row = true label, column = predicted) to `path` (.png, .svg or .pdf).
    ///
    /// - Throws: `PlotError` for a non-square matrix, negative counts or an unwritable path.
    public static func writeConfusion(_ counts: [[Int]], title: String, path: String) throws {
        try ConfusionMatrixChart(counts: counts, title: title).write(to: path)
    }

    /// Writes a grid of up to 36 digit tiles with "true → pred (p)" captions to `path`; an empty list gives a "no misclassified digits" picture.
    ///
    /// - Throws: `PlotError` for tiles without 784 pixels or an unwritable path.
    public static func writeMisclassified(_ tiles: [DigitTile], title: String, path: String) throws {
        try DigitTileGrid(tiles: tiles, title: title).write(to: path)
    }

    // MARK: Charts

    /// Training loss and accuracy side by side.
    public static func trainingChart(_ curves: LearningCurves) -> LineChart {
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
    public static func validationChart(_ curves: LearningCurves) -> LineChart {
        LineChart(title: "\(curves.networkTitle): validation", panels: [
            lossPanel(title: "Validation loss", series: [epochSeries("", curves.valLoss, validationColor, .solid, curves)], marker: nil),
            accuracyPanel(title: "Validation accuracy",
                          series: [epochSeries("", curves.valAccuracy, validationColor, .solid, curves)], marker: nil),
        ])
    }

    /// Training (solid) against validation (dashed), loss and accuracy, with the best validation epoch marked.
    public static func comparisonChart(_ curves: LearningCurves) -> LineChart {
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
