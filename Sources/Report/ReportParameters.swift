import Foundation
import NeuralNet
import Training
import Yams

/// A params file that cannot be used, said in one line naming the file, the key and what is allowed.
public struct ParametersError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let message: String

    public var description: String { "\(file): \(message)" }
}

/// The report's hyperparameter file (`report/params.yaml`): shared settings and one section per
/// network. Every key is checked; an unknown key or a bad value is an error naming it.
public struct ReportParameters: Equatable, Sendable {
    /// The folder with the MNIST files, relative to the working directory.
    public var dataDirectory: String
    /// The effective training configuration of each network, in report order.
    public var networks: [NetworkName: TrainingConfig]
    /// Threads to train with (`threads:`), nil for every core: a speed setting, never part of the results.
    public var threads: Int?

    /// Keys allowed at the top level besides `convnet` and `mynet`.
    public static let sharedKeys = ["seed", "data_dir", "validation_size", "threads"]
    /// Keys allowed in a network's section.
    public static let networkKeys = ["epochs", "batch_size", "learning_rate", "optimizer", "momentum", "weight_decay",
                                     "schedule", "step_size", "gamma", "seed", "train_limit"]

    /// The built-in defaults: what `digits train` uses, and the committed `report/params.yaml`.
    public static var defaults: ReportParameters {
        var networks: [NetworkName: TrainingConfig] = [:]
        for name in NetworkName.allCases { networks[name] = .defaults(for: name) }
        return ReportParameters(dataDirectory: "data/mnist", networks: networks, threads: nil)
    }

    /// The configuration of `network`.
    public func config(for network: NetworkName) -> TrainingConfig {
        networks[network] ?? .defaults(for: network)
    }

    /// Parses a params file. Sections and keys left out keep the defaults.
    public static func parse(_ text: String, file: String) throws -> ReportParameters {
        func fail(_ message: String, _ node: Node? = nil) -> ParametersError {
            let place = node?.mark.map { " (line \($0.line))" } ?? ""
            return ParametersError(file: file, message: message + place)
        }
        // Yams hashes every mapping key in full, so a key built from aliases of aliases (a 300-byte
        // "billion laughs" file) takes exponential time; a params file has no use for aliases.
        if let line = firstAliasLine(in: text) {
            throw ParametersError(file: file, message: "aliases (*name) are not supported; write the values out (line \(line))")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
            throw ParametersError(file: file, message: "not valid YAML: \(detail)")
        }
        var result = ReportParameters.defaults
        guard let root else { return result }
        guard let mapping = root.mapping else { throw fail("the file must be a mapping of keys to values", root) }
        let allowedTop = sharedKeys + NetworkName.allCases.map(\.rawValue)
        var shared: [String: Node] = [:]
        var sections: [NetworkName: Node.Mapping] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail("keys must be plain names", keyNode) }
            guard allowedTop.contains(key) else {
                throw fail("unknown key \"\(key)\"; allowed: \(allowedTop.joined(separator: ", "))", keyNode)
            }
            if let network = NetworkName(rawValue: key) {
                guard let section = value.mapping else { throw fail("\(key) must be a mapping of hyperparameters", value) }
                sections[network] = section
            } else {
                shared[key] = value
            }
        }
        if let node = shared["threads"] {
            let threads = try integer(node, key: "threads", fail)
            do {
                try ComputeSettings.validateThreads(threads)
            } catch let error as ConfigError {
                throw fail("threads: \(error.message)", node)
            }
            result.threads = threads
        }
        if let node = shared["data_dir"] {
            guard let text = node.string, !text.isEmpty else { throw fail("data_dir must be a folder path", node) }
            result.dataDirectory = text
        }
        for network in NetworkName.allCases {
            var config = TrainingConfig.defaults(for: network)
            if let node = shared["seed"] { config.seed = try unsigned(node, key: "seed", fail) }
            if let node = shared["validation_size"] { config.validationSize = try integer(node, key: "validation_size", fail) }
            for (keyNode, value) in sections[network] ?? [:] {
                guard let key = keyNode.string, networkKeys.contains(key) else {
                    throw fail("unknown key \"\(keyNode.string ?? "?")\" in \(network.rawValue); allowed: \(networkKeys.joined(separator: ", "))", keyNode)
                }
                let path = "\(network.rawValue).\(key)"
                switch key {
                case "epochs": config.epochs = try integer(value, key: path, fail)
                case "batch_size": config.batchSize = try integer(value, key: path, fail)
                case "learning_rate": config.learningRate = try number(value, key: path, fail)
                case "momentum": config.momentum = try number(value, key: path, fail)
                case "weight_decay": config.weightDecay = try number(value, key: path, fail)
                case "gamma": config.gamma = try number(value, key: path, fail)
                case "step_size": config.stepSize = try integer(value, key: path, fail)
                case "seed": config.seed = try unsigned(value, key: path, fail)
                case "train_limit": config.trainLimit = value.null != nil ? nil : try integer(value, key: path, fail)
                case "schedule": config.schedule = try word(value, key: path, allowed: LearningRateSchedule.names, fail)
                case "optimizer":
                    let name = try word(value, key: path, allowed: OptimizerKind.allCases.map(\.rawValue), fail)
                    config.optimizer = OptimizerKind(rawValue: name) ?? .adam
                default: break
                }
            }
            do {
                try config.validate()
            } catch let error as ConfigError {
                let key = sharedKeys.contains(error.key) && sections[network]?.contains(where: { $0.key.string == error.key }) != true
                    ? error.key : "\(network.rawValue).\(error.key)"
                throw ParametersError(file: file, message: "\(key): \(error.message)")
            }
            result.networks[network] = config
        }
        return result
    }

    /// Reads and parses the params file at `path`.
    public static func load(from path: String) throws -> ReportParameters {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParametersError(file: path, message: "cannot read the params file; pass --params with an existing file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ParametersError(file: path, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The line of the first `*` that could start a YAML alias: outside comments and quotes, and not
    /// after a letter or digit. (A quoted string that spans lines is scanned line by line, which errs
    /// on the side of refusing.)
    private static func firstAliasLine(in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var previous: Unicode.Scalar = " "
            var quote: Unicode.Scalar?
            for scalar in line.unicodeScalars {
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == "#" && (previous == " " || previous == "\t") {
                    break   // the rest of the line is a comment
                } else if scalar == "*" && !(previous.properties.isAlphabetic || ("0"..."9").contains(previous)) {
                    return index + 1
                }
                previous = scalar
            }
        }
        return nil
    }

    private static func integer(_ node: Node, key: String, _ fail: (String, Node?) -> ParametersError) throws -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw fail("\(key) must be a whole number, got \(describe(node))", node)
        }
        return value
    }

    private static func unsigned(_ node: Node, key: String, _ fail: (String, Node?) -> ParametersError) throws -> UInt64 {
        guard let scalar = node.scalar, let value = UInt64(scalar.string) else {
            throw fail("\(key) must be a whole number from 0 to \(UInt64.max), got \(describe(node))", node)
        }
        return value
    }

    private static func number(_ node: Node, key: String, _ fail: (String, Node?) -> ParametersError) throws -> Double {
        guard let scalar = node.scalar, let value = Double(scalar.string) else {
            throw fail("\(key) must be a number, got \(describe(node))", node)
        }
        return value
    }

    private static func word(_ node: Node, key: String, allowed: [String], _ fail: (String, Node?) -> ParametersError) throws -> String {
        guard let scalar = node.scalar, allowed.contains(scalar.string) else {
            throw fail("\(key) must be one of \(allowed.joined(separator: ", ")), got \(describe(node))", node)
        }
        return scalar.string
    }

    private static func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return "\"\(scalar.string)\"" }
        return node.mapping != nil ? "a mapping" : "a list"
    }
}
