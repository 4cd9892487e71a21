import Foundation
import Plot
import Training

/// The five figures of one network, drawn from its metrics: `<p>_train.png`, `<p>_val.png`,
/// `<p>_curves.png`, `<p>_confusion.png` and `<p>_misclassified.png`, with p = `conv` or `mynet`.
public enum FigureSet {
    /// The file names of `network`'s figures, in report order.
    public static func fileNames(for network: NetworkName) -> [String] {
        ["train", "val", "curves", "confusion", "misclassified"].map { "\(network.figurePrefix)_\($0).png" }
    }

    /// Draws all five figures into `directory`; returns their paths.
    @discardableResult
    public static func write(_ metrics: RunMetrics, to directory: String) throws -> [String] {
        let curves = LearningCurves(
            networkTitle: metrics.title, trainLoss: metrics.epochs.map(\.trainLoss), trainAccuracy: metrics.epochs.map(\.trainAccuracy),
            valLoss: metrics.epochs.map(\.valLoss), valAccuracy: metrics.epochs.map(\.valAccuracy),
            batchLoss: metrics.batchLosses, batchesPerEpoch: metrics.batchesPerEpoch)
        let prefix = metrics.network.figurePrefix
        var paths = try Figures.writeLearningCurves(curves, prefix: prefix, directory: directory)
        let folder = URL(fileURLWithPath: directory)
        let confusion = folder.appendingPathComponent("\(prefix)_confusion.png").path
        let correct = (0..<metrics.confusion.count).map { metrics.confusion[$0][$0] }.reduce(0, +)
        let total = metrics.confusion.flatMap { $0 }.reduce(0, +)
        try Figures.writeConfusion(metrics.confusion, title: "\(metrics.title): test confusion matrix (\(correct)/\(total) correct)", path: confusion)
        let tiles = metrics.misclassified.compactMap { item -> DigitTile? in
            guard let pixels = Data(base64Encoded: item.pixels), pixels.count == 784 else { return nil }
            return DigitTile(pixels: Array(pixels), trueLabel: item.label, predictedLabel: item.predicted, probability: item.probability)
        }
        let misclassified = folder.appendingPathComponent("\(prefix)_misclassified.png").path
        try Figures.writeMisclassified(tiles, title: "\(metrics.title): most confident test mistakes (\(total - correct) in all)", path: misclassified)
        paths += [confusion, misclassified]
        return paths
    }
}
