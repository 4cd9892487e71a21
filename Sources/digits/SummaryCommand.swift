import ArgumentParser
import NeuralNet
import Report
import Training

/// Which networks a command covers.
enum NetworkChoice: String, ExpressibleByArgument, CaseIterable {
    case convnet, mynet, all

    var networks: [NetworkName] {
        switch self {
        case .convnet: return [.convnet]
        case .mynet: return [.mynet]
        case .all: return NetworkName.allCases
        }
    }
}

/// `digits summary`: PyTorch's module repr and torchsummary's table, computed from the definitions.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each network as PyTorch and torchsummary 1.5.1 print it (input 1x28x28).")

    @Option(help: "convnet, mynet or all.") var net: NetworkChoice = .all
    @Flag(help: "Print a richer table instead: kernel shapes, % of parameters, multiply-adds.") var extended = false

    func run() throws {
        try reportingErrors {
            var blocks: [String] = []
            for name in net.networks {
                let summary = try ArchitectureFacts(network: try Network(architecture: name.architecture, maxBatch: 1))
                blocks.append(extended ? summary.extendedTable : summary.moduleRepr + summary.torchSummary)
            }
            print(blocks.joined(separator: "\n"), terminator: "")
        }
    }
}
