import ArgumentParser
import Foundation
import MNIST
import NeuralNet
import Pipeline
import Training

/// `digits verify`: retrains each saved run from its recorded configuration and data and checks that the
/// weights and every recorded metric come out identical, bit for bit.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retrain the runs in DIR/runs from their recorded configuration and check that weights and metrics are identical.",
        discussion: "Exits with status 0 when every run is reproduced and 1 when any weight or metric differs. Only timings, threads, kernel path and CPU may differ.")

    @Option(help: "Report folder whose runs (DIR/runs/<net>/, or DIR/runs/<net>/seed-<n>/ for a seeds list) are checked.") var dir = "report"
    @Option(help: "convnet, mynet or all.") var net: NetworkChoice = .all
    @Option(parsing: .unconditional, help: "Check only the run of this seed of a seeds list (default: every seed).") var seed: UInt64?
    @Option(name: .customLong("data-dir"), help: "Folder with the four MNIST files (default: the folder each run recorded).") var dataDirectory: String?
    @OptionGroup var computeOptions: ComputeOptions

    /// A run that passed every check that needs no training.
    private struct SavedRun {
        let network: NetworkName
        let label: String
        let path: String
        let metrics: RunMetrics
        let weightsFileSha256: String
        let data: MNIST
    }

    func run() throws {
        try reportingErrors {
            Interruption.install()
            let compute = try computeOptions.settings()
            // Everything that makes a run uncheckable is found before any network trains, so `--net all`
            // never spends minutes on ConvNet only to stop at MyNet's missing folder.
            var loadedData: [String: MNIST] = [:]
            // A network with a seeds list has one run per seed folder; otherwise its single run. A missing
            // single run is still a target, so that its absence is reported by name.
            let targets = net.networks.flatMap { network -> [(NetworkName, String, String)] in
                var runs = RunFolder.savedRuns(output: dir, network: network)
                if runs.isEmpty { runs = [nil] }
                if let seed { runs = runs.filter { $0 == seed } }
                return runs.map { run in
                    (network, RunFolder.path(output: dir, network: network, seed: run), "\(RunID(network, seed: run))")
                }
            }
            if let seed, targets.isEmpty {
                throw RunFolderError.unreadable(path: RunFolder.joinPath(dir, "runs"), reason: "there is no run of seed \(seed) (no seed-\(seed) folder)")
            }
            let runs = try targets.map { network, path, label -> SavedRun in
                let metrics = try RunVerification.readSavedRun(at: path)
                try RunVerification.checkReproducible(metrics, path: path, network: network)
                let weightsFileSha256 = try RunVerification.savedWeightsSha256(runFolder: path)
                let directory = dataDirectory ?? metrics.data.directory
                let data = try loadedData[directory] ?? MNIST.load(from: directory)
                loadedData[directory] = data
                try RunVerification.checkData(metrics, path: path, data: data)
                return SavedRun(network: network, label: label, path: path, metrics: metrics, weightsFileSha256: weightsFileSha256, data: data)
            }
            let board = ProgressBoard()
            defer { board.finish() }
            for run in runs {
                board.add(key: run.label, label: run.label, config: run.metrics.config, trainingImages: run.metrics.data.trainImages)
            }
            var allReproduced = true
            for run in runs {
                allReproduced = try verify(run, compute: compute, board: board) && allReproduced
            }
            if !allReproduced { throw ExitCode(1) }
        }
    }

    /// Retrains `run`, prints whether it was reproduced, and returns that.
    private func verify(_ run: SavedRun, compute: ComputeSettings, board: ProgressBoard) throws -> Bool {
        let name = run.label
        let config = run.metrics.config
        print("\(name): retraining \(run.path) with its recorded configuration (\(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), \(run.metrics.data.trainImages) training images, seed \(config.seed))")
        let result = try TrainingRun.execute(config, compute: compute, data: run.data, shouldStop: { Interruption.requested }) { board.handle($0, of: name) }
        board.finish()
        var mismatches = RunVerification.compare(saved: run.metrics, reproduced: result.metrics)
        if let file = RunVerification.compareWeightsFile(savedFileSha256: run.weightsFileSha256, reproduced: result.metrics) {
            mismatches.append(file)
        }
        guard let first = mismatches.first else {
            print("\(name): reproduced (weights SHA-256 \(RunVerification.shortHash(result.metrics.weightsSha256)))")
            return true
        }
        // The first difference says where the runs parted; the weights say whether the model itself differs.
        let shown = [first] + mismatches.dropFirst().filter(\.isAboutWeights)
        for mismatch in shown { print("\(name): MISMATCH: \(mismatch)") }
        let others = mismatches.count - shown.count
        if others > 0 { print("\(name): \(others) more metric\(others == 1 ? "" : "s") differ\(others == 1 ? "s" : "") after the first") }
        return false
    }
}
