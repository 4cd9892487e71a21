import Foundation
import MNIST
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
    /// The folder with the MNIST files: `data_dir` resolved against the params file's folder, else
    /// `data/mnist` in the working directory.
    public var dataDirectory: String
    /// `data_dir` as the file writes it and its line, for messages; nil without one.
    public var writtenDataDirectory: (text: String, line: Int)? {
        get { dataDirectoryLine.map { (dataDirectoryText, $0) } }
        set { dataDirectoryText = newValue?.text ?? ""; dataDirectoryLine = newValue?.line }
    }
    private var dataDirectoryText = ""
    private var dataDirectoryLine: Int?
    /// The effective training configuration of each network, in report order.
    public var networks: [NetworkName: TrainingConfig]
    /// Threads to train with (`threads:`), nil for every core: a speed setting, never part of the results.
    public var threads: Int?
    /// The seeds of each network that has a `seeds:` list (at the top for both, or in its section):
    /// one run per seed. A network without one has a single run with its configuration's `seed`.
    public var seedLists: [NetworkName: [UInt64]] = [:]

    /// The seeds of a report without a params file, and of the committed one.
    public static let defaultSeeds: [UInt64] = [1, 2, 3]

    /// The parameter count each network must have (`expected_parameters:` in its section), checked
    /// before anything trains and by `digits check`: a guard against an accidental edit of an architecture.
    public var expectedParameters: [NetworkName: Int] = [:]

    /// The params file these were read from; nil for the built-in networks and defaults.
    public var source: String?
    /// The line of each hyperparameter the file sets, by place (`validation_size` at the top,
    /// `mynet.epochs` in a section), so that a value refused later is reported where it is written.
    public var settingLines: [String: Int] = [:]
    /// The keys a command-line flag set, which a message then names by the flag.
    public var keysSetByFlags: Set<String> = []

    /// A data folder that cannot be read, said with the fix that exists where it was named: `data_dir`
    /// in the params file (relative to it), or the params file to add it to.
    public func locate(_ error: MNISTError) -> any Error {
        switch error {
        case .missingDirectory, .notADirectory, .missingFile:
            guard let source else {
                return ParametersError(file: "data_dir", message: "\(error.problem); there is no params file, so digits looks in data/mnist of the working folder: run it from the project's folder or pass --params with a file whose data_dir names the MNIST folder")
            }
            guard let written = writtenDataDirectory else {
                return ParametersError(file: source, message: "\(error.problem); add data_dir: with the MNIST folder, relative to this file")
            }
            return ParametersError(file: source, message: "data_dir: \(error.problem) (data_dir \"\(written.text)\" is relative to the params file's folder); fix data_dir (line \(written.line))")
        default:
            return error
        }
    }

    /// `error` (about one of `network`'s settings) said where the value came from: its flag, else its
    /// line in the params file, else its key in the network's section.
    public func locate(_ error: ConfigError, network: NetworkName) -> any Error {
        let setting = TrainingConfig.setting(forKey: error.key)
        if keysSetByFlags.contains(error.key), let setting { return error.renamed(setting.flag) }
        let sectionPlace = "\(network.rawValue).\(error.key)"
        if let source, let (place, line) = settingLines[sectionPlace].map({ (sectionPlace, $0) }) ?? settingLines[error.key].map({ (error.key, $0) }) {
            return ParametersError(file: source, message: "\(place): \(error.message) (line \(line))")
        }
        return error.renamed(sectionPlace)
    }

    /// Most seeds a list may hold: each is a full training run.
    public static let maximumSeeds = 20

    /// The seeds `network` is trained with, in the order given.
    public func seeds(for network: NetworkName) -> [UInt64] {
        seedLists[network] ?? [config(for: network).seed]
    }

    /// The configuration of `network`'s run with `seed`.
    public func config(for network: NetworkName, seed: UInt64) -> TrainingConfig {
        var config = config(for: network)
        config.seed = seed
        return config
    }

    /// Keys of the top level that are not hyperparameters: where the data is, and how many threads
    /// compute (a speed setting only, never part of the results).
    public static let runKeys = ["data_dir", "threads", "seeds"]

    /// The built-in defaults: what `digits train` uses, and the committed `report/params.yaml`.
    public static var defaults: ReportParameters {
        var networks: [NetworkName: TrainingConfig] = [:]
        for name in NetworkName.allCases { networks[name] = .defaults(for: name) }
        var parameters = ReportParameters(dataDirectory: "data/mnist", networks: networks, threads: nil)
        // Three seeds by default: one run says nothing about how much of a result is the seed.
        for network in NetworkName.allCases { parameters.seedLists[network] = defaultSeeds }
        // The assignment's counts: the committed params file states them too.
        parameters.expectedParameters = [.convnet: 44_426, .mynet: 431_080]
        return parameters
    }

    /// The configuration of `network`.
    public func config(for network: NetworkName) -> TrainingConfig {
        networks[network] ?? .defaults(for: network)
    }

    /// Parses a params file. A hyperparameter at the top level applies to both networks, one in a
    /// network's section to that network only; anything left out keeps its default.
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
            throw ParametersError(file: file, message: "not valid YAML: " + yamlMessage(error, text: text))
        }
        var result = ReportParameters.defaults
        guard let root else { return result }
        guard let mapping = root.mapping else { throw fail("the file must be a mapping of keys to values", root) }
        let settingKeys = TrainingConfig.settings.map(\.key)
        let allowedTop = runKeys + settingKeys + NetworkName.allCases.map(\.rawValue)
        var shared: [(key: String, value: Node)] = []
        var sharedSeeds: [UInt64]?
        var sections: [NetworkName: Node.Mapping] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail("keys must be plain names", keyNode) }
            guard allowedTop.contains(key) else {
                throw fail("unknown key \"\(key)\"; allowed: \(allowedTop.joined(separator: ", "))", keyNode)
            }
            if let network = NetworkName(rawValue: key) {
                guard let section = value.mapping else { throw fail("\(key) must be a mapping of hyperparameters", value) }
                sections[network] = section
            } else if key == "threads" {
                let threads = try scalarText(value, key: key, fail)
                guard let count = Int(settingText: threads) else { throw fail("threads must be a whole number, got \"\(threads)\"", value) }
                do {
                    try ComputeSettings.validateThreads(count)
                } catch {
                    throw fail(error.description, value)
                }
                result.threads = count
            } else if key == "seeds" {
                sharedSeeds = try seedList(value, key: key, fail)
            } else if key == "data_dir" {
                guard let text = value.string, !text.isEmpty else { throw fail("data_dir must be a folder path", value) }
                result.dataDirectory = resolve(text, relativeTo: file)
                result.writtenDataDirectory = (text, value.mark?.line ?? 0)
            } else {
                shared.append((key, value))
            }
        }
        for network in NetworkName.allCases {
            var config = TrainingConfig.defaults(for: network)
            var assigned: [(place: String, value: Node)] = []
            for (key, value) in shared { assigned.append((key, value)) }
            for (place, value) in assigned + ((sections[network] ?? [:]).compactMap { keyNode, value in
                keyNode.string.flatMap { settingKeys.contains($0) ? ("\(network.rawValue).\($0)", value) : nil }
            }) {
                if let line = value.mark?.line { result.settingLines[place] = line }
            }
            var seeds = sharedSeeds
            var modulesNode: Node?, forwardNode: Node?, modelNode: Node?, classNode: Node?, classNameNode: Node?
            for (keyNode, value) in sections[network] ?? [:] {
                if keyNode.string == "model" { modelNode = value; continue }
                if keyNode.string == "class" { classNode = value; continue }
                if keyNode.string == "class_name" { classNameNode = value; continue }
                if keyNode.string == "modules" {
                    modulesNode = value
                    continue
                }
                if keyNode.string == "forward" {
                    forwardNode = value
                    continue
                }
                if keyNode.string == "seeds" {
                    seeds = try seedList(value, key: "\(network.rawValue).seeds", fail)
                    continue
                }
                if keyNode.string == "expected_parameters" {
                    let place = "\(network.rawValue).expected_parameters"
                    let text = try scalarText(value, key: place, fail)
                    guard let count = Int(settingText: text), count > 0 else {
                        throw fail("\(place) must be a positive whole number, got \"\(text)\"", value)
                    }
                    result.expectedParameters[network] = count
                    continue
                }
                guard let key = keyNode.string, settingKeys.contains(key) else {
                    throw fail("unknown key \"\(keyNode.string ?? "?")\" in \(network.rawValue); allowed: \((settingKeys + ["seeds", "expected_parameters", "model", "class", "modules", "forward", "class_name"]).joined(separator: ", "))", keyNode)
                }
                assigned.append(("\(network.rawValue).\(key)", value))
            }
            // The most specific of `seed` (one run) and `seeds` (a list) wins; neither keeps the default list.
            let sectionKeys = Set((sections[network] ?? [:]).compactMap { $0.key.string })
            let sharedKeys = Set(shared.map(\.key))
            for (keys, scope) in [(sectionKeys, network.rawValue + "."), (sharedKeys.union(sharedSeeds == nil ? [] : ["seeds"]), "")]
            where keys.contains("seed") && keys.contains("seeds") {
                throw fail("give either \(scope)seed (one run) or \(scope)seeds (a list), not both")
            }
            if sectionKeys.contains("seed") || (sharedKeys.contains("seed") && !sectionKeys.contains("seeds")) {
                result.seedLists[network] = nil
            } else if let seeds {
                result.seedLists[network] = seeds
            }
            for (place, value) in assigned {
                let key = place.split(separator: ".").last.map(String.init) ?? place
                guard let setting = TrainingConfig.setting(forKey: key) else { continue }
                do {
                    try setting.assign(try scalarText(value, key: place, fail), to: &config)
                } catch let error as ConfigError {
                    throw fail(error.renamed(place).description, value)
                }
            }
            if let modelNode {
                guard modulesNode == nil, forwardNode == nil else {
                    throw fail("\(network.rawValue): give either model: (the class file) or modules: and forward:, not both", modelNode)
                }
                guard let path = modelNode.string, !path.isEmpty else { throw fail("\(network.rawValue).model must be the path of a .py file", modelNode) }
                let className = classNode?.string
                if let classNode, className?.isEmpty != false { throw fail("\(network.rawValue).class must be a class name", classNode) }
                let resolved = resolve(path, relativeTo: file)
                do {
                    config.architecture = try ModelFile.architecture(path: resolved, className: className, for: network, shownPath: path)
                } catch let error as ModelFileError {
                    throw ParametersError(file: file, message: "\(network.rawValue).model: \(error.description)" + (modelNode.mark.map { " (line \($0.line))" } ?? ""))
                }
                if !sectionKeys.contains("expected_parameters") { result.expectedParameters[network] = nil }
            } else if let classNode {
                throw fail("\(network.rawValue).class names the class of a model: file; add model: FILE.py", classNode)
            }
            if modulesNode != nil || forwardNode != nil {
                config.architecture = try architecture(of: network, modules: modulesNode, forward: forwardNode, fail)
                if let classNameNode {
                    guard let name = classNameNode.string, DescriptionSyntax.isClassName(name) else {
                        throw fail("\(network.rawValue).class_name must be a Python class name such as Net", classNameNode)
                    }
                    config.architecture.className = name
                }
                // The built-in count says nothing about another architecture: only a stated one is checked.
                if !config.usesBuiltInArchitecture && !sectionKeys.contains("expected_parameters") {
                    result.expectedParameters[network] = nil
                }
            }
            result.networks[network] = config
        }
        return result
    }

    /// A network's `modules:` (name: constructor, in registration order) and `forward:` (a list, or
    /// one line of comma-separated steps), as a PyTorch class reads. The built-in architecture when the
    /// description equals it (it keeps its title); an error names the module or step and its line.
    private static func architecture(of network: NetworkName, modules: Node?, forward: Node?,
                                     _ fail: (String, Node?) -> ParametersError) throws -> NetworkArchitecture {
        let place = network.rawValue
        guard let modules else { throw fail("\(place).forward needs \(place).modules, the modules it calls (name: Constructor(...))", forward) }
        guard let forward else { throw fail("\(place).modules needs \(place).forward, the order of the forward pass (e.g. conv1, relu, max_pool2d(2), ...)", modules) }
        guard let mapping = modules.mapping else { throw fail("\(place).modules must be a mapping of module names to constructors such as conv1: Conv2d(1, 20, 5)", modules) }
        var described: [(name: String, constructor: String)] = []
        var lines: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { throw fail("\(place).modules: keys must be module names", keyNode) }
            guard let constructor = value.scalar?.string else {
                throw fail("\(place).modules.\(name) must be a constructor such as Conv2d(1, 20, 5), got \(describe(value))", value)
            }
            described.append((name, constructor))
            lines[name] = value
        }
        let steps: [String]
        if let items = forward.sequence {
            steps = try items.map { item in
                guard let text = item.scalar?.string else { throw fail("\(place).forward must list steps such as conv1 or relu, got \(describe(item))", item) }
                return text
            }
        } else if let text = forward.scalar?.string {
            steps = DescriptionSyntax.splitSteps(text)
        } else {
            throw fail("\(place).forward must be a list of steps such as conv1, relu, max_pool2d(2)", forward)
        }
        guard !steps.isEmpty else { throw fail("\(place).forward lists no steps", forward) }
        guard !steps.contains(where: \.isEmpty) else { throw fail("\(place).forward has an empty step (two commas in a row?)", forward) }
        let builtIn = network.architecture
        do {
            let architecture = try NetworkArchitecture.described(className: builtIn.className, title: builtIn.className,
                                                                 modules: described, forward: steps)
            var asBuiltIn = architecture
            asBuiltIn.title = builtIn.title
            return asBuiltIn == builtIn ? builtIn : architecture
        } catch let error as DescriptionSyntax.Failure {
            let location = error.place.map { "\(place).modules.\($0)" } ?? "\(place).forward"
            throw fail(location + ": " + error.message, error.module.flatMap { lines[$0] } ?? forward)
        } catch let error as ArchitectureError {
            throw fail("\(place): " + error.description, error.layer.flatMap { lines[$0] } ?? forward)
        }
    }

    /// The project's params file, relative to the folder a command runs in (the repository's root).
    public static let projectFile = "report/params.yaml"

    /// The params file a command uses: `explicit` (which must exist), else `directory/params.yaml`,
    /// else the project's `report/params.yaml`, else the built-in networks with the default settings.
    /// `notice` says which, when it is not the file the user named or the report folder's own.
    public static func resolve(explicit: String?, directory: String) throws -> (parameters: ReportParameters, notice: String?) {
        if let explicit { return (try load(from: explicit), nil) }
        let own = RunFolder.joinPath(directory, "params.yaml")
        if FileManager.default.fileExists(atPath: own) { return (try load(from: own), nil) }
        if FileManager.default.fileExists(atPath: projectFile) {
            return (try load(from: projectFile), "\(directory) has no params.yaml: using \(projectFile) (pass --params FILE to use another)")
        }
        let searched = own == projectFile ? "\(own) does not exist" : "neither \(own) nor \(projectFile) exists"
        return (defaults, "no params file (\(searched)): using the built-in ConvNet and MyNet "
                + "with the default settings (pass --params FILE to use yours)")
    }

    /// Reads and parses the params file at `path`.
    public static func load(from path: String) throws -> ReportParameters {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParametersError(file: path, message: "cannot read the params file; pass --params with an existing file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ParametersError(file: path, message: "the file is not UTF-8 text")
        }
        var parameters = try parse(text, file: path)
        parameters.source = path
        return parameters
    }

    /// The YAML parser's whole message in one line (problem, where, and the context it was in), with the
    /// likely cause named: a line indented with a tab, or keys of one section that do not line up.
    static func yamlMessage(_ error: any Error, text: String) -> String {
        let located: (problem: String, line: Int, column: Int, context: YamlError.Context?)
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _)?, .parser(let context, let problem, let mark, _)?,
             .composer(let context, let problem, let mark, _)?:
            located = (problem, mark.line, mark.column, context)
        default:
            return "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
        }
        var message = "\(located.problem) at line \(located.line), column \(located.column)"
        if let context = located.context {
            message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let tabbed = lines.firstIndex(where: { $0.prefix { $0 == " " || $0 == "\t" }.contains("\t") }) {
            return "line \(tabbed + 1) is indented with a tab, and YAML indents with spaces only: replace the tab with spaces (the parser: \(message))"
        }
        if located.problem.contains("expected key") || located.problem.contains("mapping values are not allowed") {
            message += "; check the indentation around line \(located.line): the keys of one section must start in the same column"
        }
        return message
    }

    /// `path` as written in the params file `file`: relative to the file's folder, with `x/..` collapsed
    /// so that `../data/mnist` in `report/params.yaml` reads as `data/mnist`.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        let joined = RunFolder.joinPath((file as NSString).deletingLastPathComponent, path)
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." || (part.isEmpty && !parts.isEmpty) { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let text = parts.joined(separator: "/")
        return text.isEmpty ? "." : text
    }

    /// The line of the first `*` that could start a YAML alias: outside comments and quotes, where a
    /// value starts (at the line's start or after `:`, `-`, `[`, `{`, `,` or `?`) and followed by a
    /// name, so that a size written as a product (`Linear(64 * 7 * 7, 128)`) is not one. (A quoted
    /// string that spans lines is scanned line by line, which errs on the side of refusing.)
    private static func firstAliasLine(in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var previous: Unicode.Scalar = " "
            var lastNonSpace: Unicode.Scalar = ":"
            var quote: Unicode.Scalar?
            let scalars = Array(line.unicodeScalars)
            for (position, scalar) in scalars.enumerated() {
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == "#" && (previous == " " || previous == "\t") {
                    break   // the rest of the line is a comment
                } else if scalar == "*", ":-[{,?".unicodeScalars.contains(lastNonSpace),
                          position + 1 < scalars.count, scalars[position + 1] != " " && scalars[position + 1] != "\t" {
                    return index + 1
                }
                previous = scalar
                if scalar != " " && scalar != "\t" { lastNonSpace = scalar }
            }
        }
        return nil
    }

    /// A `seeds:` list: 1 to `maximumSeeds` distinct whole numbers, e.g. `[1, 2, 3]`.
    private static func seedList(_ node: Node, key: String, _ fail: (String, Node?) -> ParametersError) throws -> [UInt64] {
        guard let items = node.sequence else { throw fail("\(key) must be a list of seeds such as [1, 2, 3], got \(describe(node))", node) }
        var seeds: [UInt64] = []
        for item in items {
            guard let text = item.scalar?.string, let seed = UInt64(settingText: text) else {
                throw fail("\(key) must hold whole numbers from 0 to \(UInt64.max), got \(describe(item))", item)
            }
            guard !seeds.contains(seed) else { throw fail("\(key) lists seed \(seed) twice", item) }
            seeds.append(seed)
        }
        guard !seeds.isEmpty else { throw fail("\(key) must list at least one seed", node) }
        guard seeds.count <= maximumSeeds else { throw fail("\(key) lists \(seeds.count) seeds; at most \(maximumSeeds) (each is a full training run)", node) }
        return seeds
    }

    /// The text of a scalar value (YAML's `null` and `~` included, as the settings read them).
    private static func scalarText(_ node: Node, key: String, _ fail: (String, Node?) -> ParametersError) throws -> String {
        guard let scalar = node.scalar else { throw fail("\(key) must be a single value, got \(describe(node))", node) }
        return scalar.string
    }

    private static func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return "\"\(scalar.string)\"" }
        return node.mapping != nil ? "a mapping" : "a list"
    }
}
