import ArgumentParser
import Foundation
import Pipeline
import Report
import Training

/// `digits export-pytorch`: the network as a PyTorch class that loads the saved weights.
struct ExportPyTorch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-pytorch",
        abstract: "Write the network as a PyTorch class (Python) that loads digits' model.safetensors with load_state_dict.")

    @Option(help: "Network: convnet or mynet.") var net: NetworkName = .convnet
    @Option(help: "File to write (default: standard output).") var out: String?
    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            let config = try paramsFile.load(modelFor: net).config(for: net)
            let source = PyTorchExport.source(of: config.architecture, lossFunction: config.loss)
            guard let out else { return print(source, terminator: "") }
            try AtomicFiles.write(Array(source.utf8), to: out)
            print("wrote \(out)")
        }
    }
}
