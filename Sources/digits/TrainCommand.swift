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
            // The network's settings from the params file (architecture and hyperparameters; the first seed
            // of a seeds list), then the flags on top.
            let parameters = try paramsFile.load(modelFor: net)
            let fromFile = parameters.config(for: net, seed: parameters.seeds(for: net)[0])
            let config = try hyperparameters.apply(to: fromFile)
            print(Self.settingsLine(config, source: parameters.source, flags: hyperparameters.arguments))
            let compute = try computeOptions.settings()
            let data = try MNIST.load(from: dataDirectory)
            let split = try data.split(validationSize: config.validationSize, trainLimit: config.trainLimit)
            try HyperparameterOptions.check(config, trainingImages: split.training.count)
            let board = ProgressBoard()
            board.add(key: "run", label: config.architecture.className, config: config, trainingImages: split.training.count)
            let result = try TrainingRun.execute(config, compute: compute, data: data, shouldStop: { Interruption.requested }) { board.handle($0, of: "run") }
            board.finish()
            let folder = RunFolder.path(output: out, network: net)
            try RunFolder.write(result.metrics, weights: result.weights, to: folder)
            print(String(format: "%@ test loss %.4f accuracy %.2f%%  (%d parameters, %.1f s training)",
                         config.architecture.className, result.metrics.test.loss, result.metrics.test.accuracy * 100,
                         result.metrics.parameters, result.metrics.timing.trainSeconds))
            print("wrote \(folder)/")
        }
    }
}

extension Train {
    /// Which settings a run uses and where they come from, e.g. `MyNet: report/params.yaml's settings
    /// (12 epochs, batch 64, learning rate 0.001, adam, cosine, seed 1); flags given: --epochs 1`.
    static func settingsLine(_ config: TrainingConfig, source: String?, flags: [String]) -> String {
        let origin = source.map { "\($0)'s settings" } ?? "the built-in settings (no params file)"
        let summary = "\(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), batch \(config.batchSize), learning rate \(config.learningRate), "
            + "\(config.optimizer.rawValue), \(config.schedule.rawValue), seed \(config.seed)"
            + (config.trainLimit.map { ", first \($0) training images" } ?? "")
        let given = flags.isEmpty ? "" : "; flags given: " + flags.joined(separator: " ")
        return "\(config.architecture.className): \(origin) (\(summary))\(given)"
    }
}

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
        let folder = (weights as NSString).deletingLastPathComponent
        let recordedPath = RunFolder.joinPath(folder.isEmpty ? "." : folder, RunFolder.metricsFile)
        guard FileManager.default.fileExists(atPath: recordedPath) else {
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
        let config = try RunFolder.readMetrics(at: folder.isEmpty ? "." : folder).config
        if let net, net != config.network {
            throw ValidationError("--net \(net.rawValue), but \(recordedPath) records a \(config.network.rawValue) run; drop --net or pass --net \(config.network.rawValue)")
        }
        print("\(config.architecture.className): the architecture recorded in \(recordedPath)")
        return config
    }
}
