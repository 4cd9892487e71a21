import ArgumentParser
import Foundation
import MNIST
import NeuralNet
import Pipeline
import Training

/// `digits train`: trains one network and writes its run folder.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train one network and write OUT/runs/<net>/.",
                                                    discussion: HyperparameterOptions.helpText)

    @Option(help: "Network: convnet or mynet (its architecture as the params file describes it).") var net: NetworkName = .convnet
    @OptionGroup var hyperparameters: HyperparameterOptions
    @OptionGroup var computeOptions: ComputeOptions
    @Option(name: .customLong("data-dir"), help: "Folder with the four MNIST files (.gz or raw).") var dataDirectory = "data/mnist"
    // Not the report folder: a trial run must never land beside the hand-in's runs unless asked (--out report).
    @Option(help: "Output folder; the run goes to OUT/runs/<net>/ (default: ./runs/<net>/, never the report folder unless named).") var out = "."
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            Interruption.install()
            let run = try TrialRun(parameters: try paramsFile.load(modelFor: net), network: net, flags: try hyperparameters.flags(),
                                   dataDirectory: dataDirectory, output: out)
            print(run.settingsLine)
            let compute = try computeOptions.settings()
            let board = ProgressBoard()
            board.add(key: "run", label: run.plan.config.architecture.className, config: run.plan.config, trainingImages: run.plan.training.count)
            let metrics = try run.train(compute: compute, shouldStop: { Interruption.requested }) { board.handle($0, of: "run") }
            board.finish()
            print(String(format: "%@ test loss %.4f accuracy %.2f%%  (%d parameters, %.1f s training)",
                         run.plan.config.architecture.className, metrics.test.loss, metrics.test.accuracy * 100,
                         metrics.parameters, metrics.timing.trainSeconds))
            print("wrote \(run.folder)/")
        }
    }
}
