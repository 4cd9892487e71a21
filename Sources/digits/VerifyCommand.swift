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

    func run() throws {
        try reportingErrors {
            Interruption.install()
            let compute = try computeOptions.settings()
            // Everything that makes a run uncheckable is found before any network trains, so `--net all`
            // never spends minutes on ConvNet only to stop at MyNet's missing folder.
            let reproducer = RunReproducer(directory: dir)
            let runs = try reproducer.savedRuns(networks: net.networks, seed: seed, dataDirectory: dataDirectory)
            let board = ProgressBoard()
            defer { board.finish() }
            for run in runs {
                board.add(key: "\(run.id)", label: "\(run.id)", config: run.metrics.config, trainingImages: run.metrics.data.trainImages)
            }
            var allReproduced = true
            for run in runs {
                let name = "\(run.id)", config = run.metrics.config
                print("\(name): retraining \(run.path) with its recorded configuration (\(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), \(run.metrics.data.trainImages) training images, seed \(config.seed))")
                let outcome = try reproducer.reproduce(run, compute: compute, shouldStop: { Interruption.requested }) { board.handle($0, of: name) }
                board.finish()
                switch outcome {
                case .reproduced(let weightsSha256):
                    print("\(name): reproduced (weights SHA-256 \(RunVerification.shortHash(weightsSha256)))")
                case .differs(let mismatches):
                    allReproduced = false
                    // The first difference says where the runs parted; the weights say whether the model itself differs.
                    let shown = [mismatches[0]] + mismatches.dropFirst().filter(\.isAboutWeights)
                    for mismatch in shown { print("\(name): MISMATCH: \(mismatch)") }
                    let others = mismatches.count - shown.count
                    if others > 0 { print("\(name): \(others) more metric\(others == 1 ? "" : "s") differ\(others == 1 ? "s" : "") after the first") }
                }
            }
            if !allReproduced { throw ExitCode(1) }
        }
    }
}
