import ArgumentParser
import Foundation
import MNIST
import NeuralNet
import Pipeline
import Training

/// `digits eval`: the test loss and accuracy of saved weights.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate saved weights on the 10,000 test images.",
        discussion: "The weights of a run folder are evaluated with the architecture and loss recorded beside them (metrics.json); "
            + "a weights file on its own with the network of --net as the params file (or --model) describes it.")

    @Option(help: "Network the weights belong to: convnet or mynet (default: the run's, else convnet).") var net: NetworkName?
    @Option(help: "A model.safetensors file written by digits train or digits report.") var weights: String
    @Option(name: .customLong("data-dir"), help: "Folder with the four MNIST files (.gz or raw).") var dataDirectory = "data/mnist"
    @OptionGroup var computeOptions: ComputeOptions
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            let config = try configuration()
            let evaluator = try SavedWeights.evaluator(file: weights, architecture: config.architecture, compute: try computeOptions.settings(),
                                                       lossFunction: config.loss)
            let data = try MNIST.load(from: dataDirectory)
            let result = evaluator.evaluate(data.test)
            let correct = Int((result.accuracy * Double(data.test.count)).rounded())
            print(String(format: "%@ test loss %.4f accuracy %.2f%% (%d/%d)", config.architecture.className,
                         result.loss, result.accuracy * 100, correct, data.test.count))
        }
    }

    /// The configuration recorded beside the weights (in the run folder's metrics.json), else `--net`'s
    /// from the params file; says which on standard output.
    private func configuration() throws -> TrainingConfig {
        guard let (config, recordedPath) = try SavedWeights.recordedConfiguration(besideWeights: weights) else {
            let network = net ?? .convnet
            let parameters = try paramsFile.load(modelFor: network)
            let config = parameters.config(for: network)
            print("\(config.architecture.className): no \(RunFolder.metricsFile) beside \(weights), so the architecture is "
                  + (paramsFile.model.map { "read from \($0)" } ?? parameters.source.map { "\(network.rawValue)'s in \($0)" } ?? "the built-in one"))
            return config
        }
        if paramsFile.model != nil || paramsFile.params != nil {
            throw ValidationError("\(weights) belongs to a run folder whose \(RunFolder.metricsFile) records its architecture; drop --model/--params, or evaluate a copy of the weights file outside the folder")
        }
        if let net, net != config.network {
            throw ValidationError("--net \(net.rawValue), but \(recordedPath) records a \(config.network.rawValue) run; drop --net or pass --net \(config.network.rawValue)")
        }
        print("\(config.architecture.className): the architecture recorded in \(recordedPath)")
        return config
    }
}
