import Foundation
import Plot
import Training

/// The figures of one network, the only place their file names are spelled: `<p>_train.png`,
/// `<p>_val.png`, `<p>_curves.png`, `<p>_confusion.png` and `<p>_misclassified.png`, p = `conv` or `mynet`
/// (`.svg` or `.pdf` in place of `.png` in those formats). The figure comparing the networks is `FigureSet.comparisonFileName`.
public enum FigureKind: String, CaseIterable, Sendable {
    case train, val, curves, confusion, misclassified

    /// `conv_train.png`.
    public func fileName(for network: NetworkName, format: OutputFormat = .png) -> String {
        "\(network.figurePrefix)_\(rawValue).\(format.fileExtension)"
    }
}

/// Draws a run's figures from its metrics, as bytes to be written by the caller.
public enum FigureSet {
    /// The figures' folder inside the report folder; the report links to them relative to itself.
    public static let folder = "figures"

    /// The file names of `network`'s figures, in report order.
    public static func fileNames(for network: NetworkName, format: OutputFormat = .png) -> [String] {
        FigureKind.allCases.map { $0.fileName(for: network, format: format) }
    }

    /// Every figure of the run, as (file name, encoded bytes), in report order.
    public static func render(_ metrics: RunMetrics, format: OutputFormat = .png) throws -> [(name: String, bytes: [UInt8])] {
        try FigureKind.allCases.map { kind in (kind.fileName(for: metrics.network, format: format), try render(kind, of: metrics, format: format)) }
    }

    /// The file name of the figure comparing the networks: `comparison.png` (or `.svg`, `.pdf`).
    public static func comparisonFileName(format: OutputFormat = .png) -> String {
        "comparison.\(format.fileExtension)"
    }

    /// The figure comparing the runs' networks on the validation set, named by `comparisonFileName`;
    /// the report draws it when there are at least two runs.
    public static func renderComparison(_ runs: [RunMetrics], format: OutputFormat) throws -> (name: String, bytes: [UInt8]) {
        (comparisonFileName(format: format), try Figures.networks(runs.map(curves(of:)), format: format))
    }

    /// One figure of the run.
    public static func render(_ kind: FigureKind, of metrics: RunMetrics, format: OutputFormat) throws -> [UInt8] {
        let curves = curves(of: metrics)
        let correct = (0..<metrics.confusion.count).map { metrics.confusion[$0][$0] }.reduce(0, +)
        let total = metrics.confusion.flatMap { $0 }.reduce(0, +)
        switch kind {
        case .train: return try Figures.training(curves, format: format)
        case .val: return try Figures.validation(curves, format: format)
        case .curves: return try Figures.comparison(curves, format: format)
        case .confusion:
            return try Figures.confusion(metrics.confusion, title: "\(metrics.title): test confusion matrix (\(correct)/\(total) correct)", format: format)
        case .misclassified:
            let tiles = metrics.misclassified.compactMap { item -> DigitTile? in
                guard let pixels = Data(base64Encoded: item.pixels), pixels.count == 784 else { return nil }
                return DigitTile(pixels: Array(pixels), trueLabel: item.label, predictedLabel: item.predicted, probability: item.probability)
            }
            return try Figures.misclassified(tiles, title: "\(metrics.title): most confident test mistakes (\(total - correct) in all)", format: format)
        }
    }

    /// The run's history as the figures take it.
    static func curves(of metrics: RunMetrics) -> LearningCurves {
        LearningCurves(
            networkTitle: metrics.title, trainLoss: metrics.epochs.map(\.trainLoss), trainAccuracy: metrics.epochs.map(\.trainAccuracy),
            valLoss: metrics.epochs.map(\.valLoss), valAccuracy: metrics.epochs.map(\.valAccuracy),
            batchLoss: metrics.batchLosses, batchesPerEpoch: metrics.batchesPerEpoch,
            learningRate: metrics.epochs.map(\.learningRate))
    }
}
