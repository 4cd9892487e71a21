import Foundation
import MNIST
import NeuralNet
import Training

/// Everything `digits verify` does apart from parsing arguments and showing progress: find the saved
/// runs of a report folder, check all that needs no training (network, code version, weights file,
/// data) for every run before any retrains, then retrain each from its recorded configuration and
/// compare it with what was saved (`RunVerification`).
public struct RunReproducer {
    /// The report folder whose `runs/` are checked.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// A saved run that passed every check that needs no training, with the plan that retrains it.
    public struct SavedRun {
        public let id: RunID
        public let path: String
        public let metrics: RunMetrics
        public let weightsFileSha256: String
        /// The recorded configuration checked against the data, and the data split.
        public let plan: TrainingPlan
    }

    /// How retraining a saved run came out.
    public enum Outcome {
        /// Every weight and metric is identical; the weights' SHA-256.
        case reproduced(weightsSha256: String)
        /// What differs, the first difference first (see `RunVerification.compare`).
        case differs([RunMismatch])
    }

    /// The runs of `networks` (each seed's, or only `seed`'s), checked; the data read from
    /// `dataDirectory`, else from the folder each run recorded (each folder read once). A network
    /// without any run is reported by its missing single run's folder.
    public func savedRuns(networks: [NetworkName], seed: UInt64? = nil, dataDirectory: String? = nil) throws -> [SavedRun] {
        let ids = networks.flatMap { network -> [RunID] in
            var runs = RunFolder.savedRuns(output: directory, network: network)
            if runs.isEmpty { runs = [nil] }
            if let seed { runs = runs.filter { $0 == seed } }
            return runs.map { RunID(network, seed: $0) }
        }
        if let seed, ids.isEmpty {
            throw RunFolderError.unreadable(path: RunFolder.joinPath(directory, "runs"), reason: "there is no run of seed \(seed) (no seed-\(seed) folder)")
        }
        var loadedData: [String: MNIST] = [:]
        return try ids.map { id in
            let path = RunFolder.path(output: directory, network: id.network, seed: id.seed)
            let metrics = try RunVerification.readSavedRun(at: path)
            try RunVerification.checkReproducible(metrics, path: path, network: id.network)
            let weightsFileSha256 = try RunVerification.savedWeightsSha256(runFolder: path)
            let folder = dataDirectory ?? metrics.data.directory
            let data = try loadedData[folder] ?? MNIST.load(from: folder)
            loadedData[folder] = data
            try RunVerification.checkData(metrics, path: path, data: data)
            return SavedRun(id: id, path: path, metrics: metrics, weightsFileSha256: weightsFileSha256,
                            plan: try TrainingPlan(metrics.config, data: data))
        }
    }

    /// Retrains `run` with `compute` (a speed setting only) and compares it with what was saved.
    public func reproduce(_ run: SavedRun, compute: ComputeSettings, shouldStop: () -> Bool, progress: (TrainingEvent) -> Void) throws -> Outcome {
        let result = try TrainingRun.execute(run.plan, compute: compute, shouldStop: shouldStop, progress: progress)
        var mismatches = RunVerification.compare(saved: run.metrics, reproduced: result.metrics)
        if let file = RunVerification.compareWeightsFile(savedFileSha256: run.weightsFileSha256, reproduced: result.metrics) {
            mismatches.append(file)
        }
        return mismatches.isEmpty ? .reproduced(weightsSha256: result.metrics.weightsSha256) : .differs(mismatches)
    }
}
