import ArgumentParser
import Foundation
import NeuralNet
import Pipeline
import Report
import Training

/// `digits summary`: PyTorch's module repr and torchsummary's table, computed from the definitions.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each network as PyTorch and torchsummary 1.5.1 print it (input 1x28x28).")

    @Option(help: "convnet, mynet or all.") var net: NetworkChoice = .all
    @Flag(help: "Print a richer table instead: kernel shapes, % of parameters, multiply-adds.") var extended = false
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            // A class file alone prints that class.
            let networks = paramsFile.model != nil && net == .all ? [NetworkName.mynet] : net.networks
            let parameters = try paramsFile.load(modelFor: networks.count == 1 ? networks[0] : .mynet)
            var blocks: [String] = []
            for name in networks {
                let architecture = parameters.config(for: name).architecture
                let summary = try SummaryTable(architecture: architecture)
                blocks.append(extended ? summary.extendedTable : summary.moduleRepr + summary.torchSummary)
            }
            print(blocks.joined(separator: "\n"), terminator: "")
        }
    }
}
