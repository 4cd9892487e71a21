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
            // The architecture the params file describes (the built-in one without a description); the
            // hyperparameters are train's defaults and flags.
            var defaults = TrainingConfig.defaults(for: net)
            defaults.architecture = try paramsFile.load(modelFor: net).config(for: net).architecture
            let config = try hyperparameters.apply(to: defaults)
            let compute = try computeOptions.settings()
            let data = try MNIST.load(from: dataDirectory)
            let split = try data.split(validationSize: config.validationSize, trainLimit: config.trainLimit)
            try HyperparameterOptions.check(config, trainingImages: split.training.count)
            let printer = ProgressPrinter(label: net.architecture.className, totalEpochs: config.epochs)
            let result = try TrainingRun.execute(config, compute: compute, data: data, shouldStop: { Interruption.requested }, progress: printer.handle)
            let folder = RunFolder.path(output: out, network: net)
            try RunFolder.write(result.metrics, weights: result.weights, to: folder)
            print(String(format: "%@ test loss %.4f accuracy %.2f%%  (%d parameters, %.1f s training)",
                         net.architecture.className, result.metrics.test.loss, result.metrics.test.accuracy * 100,
                         result.metrics.parameters, result.metrics.timing.trainSeconds))
            print("wrote \(folder)/")
        }
    }
}

/// `digits eval`: the test loss and accuracy of saved weights.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate saved weights on the 10,000 test images.")

    @Option(help: "Network the weights belong to: convnet or mynet.") var net: NetworkName = .convnet
    @Option(help: "A model.safetensors file written by digits train.") var weights: String
    @Option(name: .customLong("data-dir"), help: "Folder with the four MNIST files (.gz or raw).") var dataDirectory = "data/mnist"
    @OptionGroup var computeOptions: ComputeOptions
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            let config = try paramsFile.load(modelFor: net).config(for: net)
            let evaluator = try SavedWeights.evaluator(file: weights, architecture: config.architecture, compute: try computeOptions.settings(),
                                                       lossFunction: config.loss)
            let data = try MNIST.load(from: dataDirectory)
            let result = evaluator.evaluate(data.test)
            let correct = Int((result.accuracy * Double(data.test.count)).rounded())
            print(String(format: "%@ test loss %.4f accuracy %.2f%% (%d/%d)", net.architecture.className,
                         result.loss, result.accuracy * 100, correct, data.test.count))
        }
    }
}
