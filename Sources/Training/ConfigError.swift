import Foundation
import NeuralNet

/// A setting whose value cannot be used, said in one line: the key (or the flag, or the params-file
/// path of the key) and what is allowed.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// Where the value came from: `batch_size`, `--batch-size` or `convnet.batch_size`.
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// The same error, naming the value's place as the user wrote it.
    public func renamed(_ key: String) -> ConfigError { ConfigError(key: key, message: message) }

    public var description: String { "\(key): \(message)" }
}

extension ComputeSettings {
    /// Checks a thread count given by a user; the error names the key.
    public static func validateThreads(_ threads: Int) throws(ConfigError) {
        guard threads > 0, threads <= 256 else { throw ConfigError(key: "threads", message: "must be between 1 and 256, got \(threads)") }
    }
}
