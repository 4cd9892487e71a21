import ArgumentParser
import Foundation
import Pipeline
import Training

/// `--params FILE` / `--dir DIR`: the params file whose architectures and settings a command uses.
struct ParamsFileOptions: ParsableArguments {
    @Option(help: "Params file with the architectures (default: DIR/params.yaml, else report/params.yaml, else the built-in networks).")
    var params: String?
    @Option(help: "Report folder whose params.yaml is read when --params is not given.") var dir = "report"

    @Option(help: "A Python file defining the network as a PyTorch class (nn.Module), read in place of the params file's architecture for --net.")
    var model: String?
    @Option(name: .customLong("class"), help: "The class of --model to read, when the file defines several nn.Module classes.")
    var className: String?

    /// The params file's settings, with `network`'s architecture read from `--model` when it is given;
    /// says on standard error which file it read when that is not the obvious one.
    func load(modelFor network: NetworkName = .mynet) throws -> ReportParameters {
        let resolved = try ReportParameters.resolve(explicit: params, directory: dir)
        if let notice = resolved.notice { printNotice(notice) }
        guard let model else {
            if className != nil { throw ValidationError("--class names a class of --model FILE.py; add --model") }
            return resolved.parameters
        }
        return try resolved.parameters.replacingArchitecture(of: network, withModelFile: model, className: className)
    }
}

/// One line on standard error about a choice the command made for the user (which params file it read), or about
/// something the report had to do without.
func printNotice(_ text: String) {
    FileHandle.standardError.write(Data("digits: note: \(text)\n".utf8))
}
