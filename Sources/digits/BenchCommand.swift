import ArgumentParser
import Benchmarks
import Foundation
import MNIST
import NeuralNet
import Training
import Pipeline

/// `digits bench`: training and inference speed of both networks, and the machine's sgemm peak.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training and inference images per second of both networks, and sgemm GFLOP/s.")

    @Flag(help: "Print one JSON object instead of the table.") var json = false
    @Option(parsing: .unconditional, help: "Training steps (mini-batches of 64) per timed block.") var steps = 100
    @Option(parsing: .unconditional, help: "Timed blocks after the warm-up block; the figures are their medians.") var blocks = 5
    @OptionGroup var computeOptions: ComputeOptions
    @Option(help: "convnet, mynet or all.") var net: NetworkChoice = .all
    @Option(name: .customLong("data-dir"), help: "Folder with the four MNIST files (.gz or raw).") var dataDirectory = "data/mnist"
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            let compute = try computeOptions.settings()   // bad arguments first, before the data is read
            let networks = paramsFile.model != nil && net == .all ? [NetworkName.mynet] : net.networks
            let parameters = try paramsFile.load(modelFor: networks.count == 1 ? networks[0] : .mynet)
            let data = try MNIST.load(from: dataDirectory)
            var options = BenchmarkOptions(steps: steps, blocks: blocks, threads: compute.threads, kernels: compute.kernels, networks: networks)
            for network in networks { options.architectures[network] = parameters.config(for: network).architecture }
            let result = try Benchmark.run(data: data, options: options)
            print(json ? result.json : result.table, terminator: json ? "\n" : "")
        }
    }
}
