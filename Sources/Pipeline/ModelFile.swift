import Foundation
import NeuralNet
import Training

/// A network class file that cannot be used: the reader's `FILE:LINE:COLUMN: message`, or why the
/// file cannot be read at all.
public struct ModelFileError: Error, CustomStringConvertible {
    public let description: String
}

/// The network defined by a student's Python class file (`model: mynet.py`, `--model FILE.py`).
public enum ModelFile {
    /// The class `className` (or the only nn.Module class) of the file at `path`, as `network`'s
    /// architecture: titled by its role in the assignment, its source recorded as `shownPath`.
    public static func architecture(path: String, className: String?, for network: NetworkName, shownPath: String) throws -> NetworkArchitecture {
        var architecture = try architecture(path: path, className: className)
        architecture.title = network.architecture.className
        architecture.sourceFile = shownPath
        return architecture
    }

    /// The class `className` (or the only nn.Module class) of the file at `path`.
    public static func architecture(path: String, className: String?) throws -> NetworkArchitecture {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(description: "\(path): cannot read the file; check the path (it is relative to the params file)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ModelFileError(description: "\(path): the file is not UTF-8 text") }
        do {
            return try PythonClassReader.architecture(file: path, text: text, className: className)
        } catch {
            throw ModelFileError(description: error.description)
        }
    }
}

extension ReportParameters {
    /// These parameters with `network`'s architecture read from the class file at `path` (`--model`):
    /// the file's network replaces the params file's, and its expected parameter count no longer applies.
    public func replacingArchitecture(of network: NetworkName, withModelFile path: String, className: String?) throws -> ReportParameters {
        var parameters = self
        var config = config(for: network)
        config.architecture = try ModelFile.architecture(path: path, className: className, for: network, shownPath: path)
        parameters.networks[network] = config
        parameters.expectedParameters[network] = nil
        return parameters
    }
}
