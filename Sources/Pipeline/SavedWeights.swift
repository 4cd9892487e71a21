import Foundation
import MNIST
import NeuralNet
import Training

/// Weights files as `digits train` and `digits report` write them.
public enum SavedWeights {
    /// Reads the `model.safetensors` file at `path` for `architecture`, ready to evaluate with
    /// `lossFunction` and no optimiser or training state; the error names the file and what is wrong with it.
    public static func evaluator(file path: String, architecture: NetworkArchitecture, compute: ComputeSettings,
                                 lossFunction: LossFunction = .crossEntropy) throws -> Evaluator {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw RunFolderError.unreadable(path: path, reason: "the file is missing or unreadable")
        }
        do {
            return try Evaluator(architecture: architecture, weights: Array(bytes), compute: compute, lossFunction: lossFunction)
        } catch let error as WeightsError {
            throw RunFolderError.unreadable(path: path, reason: error.reason)
        }
    }

    /// The configuration recorded beside the weights file at `path` (its run folder's `metrics.json`) and that
    /// file's path; nil when the weights stand outside a run folder.
    public static func recordedConfiguration(besideWeights path: String) throws -> (config: TrainingConfig, metricsPath: String)? {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        let metricsPath = RunFolder.joinPath(folder, RunFolder.metricsFile)
        guard FileManager.default.fileExists(atPath: metricsPath) else { return nil }
        return (try RunFolder.readMetrics(at: folder).config, metricsPath)
    }
}
