/// An architecture written the way a PyTorch class reads: modules in constructor syntax
/// (`Conv2d(1, 20, 5)`, `Dropout(p=0.25)`) and a forward order of module names and functional
/// operations (`conv1, relu, max_pool2d(2), flatten, fc1`). Positional and keyword arguments as in
/// Python, with PyTorch's defaults; what the engine cannot run is refused by name.
public enum ArchitectureDescription {
    /// A description that cannot be used: what is wrong, naming the module or step.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let message: String
        /// The module whose constructor is wrong; nil for an error in the forward order.
        public let module: String?
        public init(_ message: String, module: String? = nil) {
            self.message = message
            self.module = module
        }
        public var description: String { module.map { "\($0): \(message)" } ?? message }
    }

    /// Module types the engine runs.
    public static let supportedModules = ["Conv2d", "Linear", "MaxPool2d", "AvgPool2d", "ReLU", "Dropout", "Flatten"]
    /// Python's keywords and the attributes of `nn.Module` a module name would clash with in the exported class.
    static let reservedNames: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
        "training", "forward", "parameters", "state_dict", "load_state_dict", "train", "eval", "to", "cuda", "cpu", "modules",
        "children", "buffers", "apply", "zero_grad", "register_buffer", "add_module", "named_parameters", "half", "float", "double", "type",
        "extra_repr", "named_modules", "named_children", "named_buffers", "requires_grad_", "share_memory", "register_parameter",
        "register_module", "get_submodule", "get_parameter", "bfloat16", "ipu", "xpu", "compile", "register_forward_hook",
        "register_forward_pre_hook", "register_full_backward_hook", "register_backward_hook", "dump_patches", "call_super_init",
    ]

    /// Functional operations a forward order may use.
    public static let supportedFunctions = ["relu", "max_pool2d", "avg_pool2d", "dropout", "flatten"]

    /// A parsed `Name(arguments)`.
    struct Call: Equatable {
        var name: String
        var positional: [Value]
        var keywords: [(String, Value)]
        static func == (a: Call, b: Call) -> Bool {
            a.name == b.name && a.positional == b.positional && a.keywords.map(\.0) == b.keywords.map(\.0) && a.keywords.map(\.1) == b.keywords.map(\.1)
        }
    }

    enum Value: Equatable, CustomStringConvertible {
        case number(Double, text: String)
        case bool(Bool)
        case none
        case tuple([Value])

        var description: String {
            switch self {
            case .number(_, let text): return text
            case .bool(let value): return value ? "True" : "False"
            case .none: return "None"
            case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + ")"
            }
        }
    }

    // MARK: Reading

    /// The module `name` from its constructor text, e.g. `Conv2d(1, 20, 5)`.
    public static func module(named name: String, from text: String) throws(Failure) -> Module {
        guard isIdentifier(name) else { throw Failure("\(name) is not a Python attribute name (letters, digits and _, not starting with a digit)") }
        guard !reservedNames.contains(name) && !name.hasPrefix("_") else {
            throw Failure("\(name) cannot name a module: it is a Python keyword or an attribute every nn.Module already has")
        }
        let call = try parseCall(text)
        let layer: Layer
        switch call.name {
        case "Conv2d":
            let a = try Arguments(call, ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode"])
            try a.requireDefault("dilation", 1); try a.requireDefault("groups", 1)
            if a.has("padding_mode") { throw Failure("Conv2d: padding_mode is not supported (zero padding only)") }
            layer = .convolution(ConvolutionSpec(
                name: name, inChannels: try a.count("in_channels"), outChannels: try a.count("out_channels"),
                kernelSize: try a.square("kernel_size"), stride: try a.square("stride", default: 1),
                padding: try a.square("padding", default: 0, allowZero: true), hasBias: try a.bool("bias", default: true)))
        case "Linear":
            let a = try Arguments(call, ["in_features", "out_features", "bias"])
            layer = .linear(LinearSpec(name: name, inFeatures: try a.count("in_features"), outFeatures: try a.count("out_features"),
                                       hasBias: try a.bool("bias", default: true)))
        case "MaxPool2d", "AvgPool2d":
            let isMax = call.name == "MaxPool2d"
            let a = try Arguments(call, isMax ? ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"]
                                              : ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"])
            try a.requireDefault("padding", 0); try a.requireDefault("ceil_mode", false)
            if isMax { try a.requireDefault("dilation", 1); try a.requireDefault("return_indices", false) }
            if !isMax && a.has("divisor_override") && a.value("divisor_override") != Value.none {
                throw Failure("AvgPool2d: divisor_override is not supported")
            }
            // PyTorch prints a pooling size as it was given, a tuple as a tuple: only numbers keep one spelling.
            for key in ["kernel_size", "stride"] {
                if case .tuple = a.value(key) { throw Failure("\(call.name): write \(key) as one number (k); tuples are not supported here") }
            }
            let spec = PoolingSpec(kernelSize: try a.square("kernel_size"), stride: try a.optionalSquare("stride"))
            layer = isMax ? .maxPool(spec) : .avgPool(spec)
        case "ReLU":
            let a = try Arguments(call, ["inplace"])
            try a.requireDefault("inplace", false)
            layer = .relu
        case "Dropout":
            let a = try Arguments(call, ["p", "inplace"])
            try a.requireDefault("inplace", false)
            layer = .dropout(probability: try a.probability("p", default: 0.5))
        case "Flatten":
            let a = try Arguments(call, ["start_dim", "end_dim"])
            try a.requireDefault("start_dim", 1); try a.requireDefault("end_dim", -1)
            layer = .flatten
        default:
            throw Failure("\(call.name) is not supported; the modules that are: \(supportedModules.joined(separator: ", "))")
        }
        return Module(name: name, layer: layer)
    }

    /// The forward order from its steps (`conv1`, `relu`, `max_pool2d(2)`): a name of `modules` calls
    /// that module, anything else must be a supported functional operation.
    public static func forward(_ steps: [String], modules: [Module]) throws(Failure) -> [ForwardStep] {
        var result: [ForwardStep] = []
        for text in steps {
            let trimmed = text.trimmingSpaces
            if let module = modules.first(where: { $0.name == trimmed }) {
                result.append(.call(module))
                continue
            }
            let call = try parseCall(trimmed)
            let layer: Layer
            switch call.name {
            case "relu":
                let a = try Arguments(call, ["inplace"]); try a.requireDefault("inplace", false)
                layer = .relu
            case "max_pool2d", "avg_pool2d":
                let a = try Arguments(call, ["kernel_size", "stride"])
                let spec = PoolingSpec(kernelSize: try a.square("kernel_size"), stride: try a.optionalSquare("stride"))
                layer = call.name == "max_pool2d" ? .maxPool(spec) : .avgPool(spec)
            case "dropout":
                let a = try Arguments(call, ["p"])
                layer = .dropout(probability: try a.probability("p", default: 0.5))
            case "flatten":
                let a = try Arguments(call, ["start_dim"]); try a.requireDefault("start_dim", 1)
                layer = .flatten
            default:
                let functions = "a supported function (\(supportedFunctions.joined(separator: ", ")))"
                throw Failure(modules.isEmpty ? "\(trimmed) in forward is not \(functions)"
                              : "\(trimmed) in forward is neither a module (\(modules.map(\.name).joined(separator: ", "))) nor \(functions)")
            }
            result.append(.functional(layer))
        }
        return result
    }

    /// `a, b(1, 2), c` → `["a", "b(1, 2)", "c"]`: the commas outside parentheses split.
    public static func splitSteps(_ text: String) -> [String] {
        var steps: [String] = [], current = "", depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 {
                steps.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingSpaces.isEmpty || !steps.isEmpty { steps.append(current.trimmingSpaces) }
        return steps
    }

    // MARK: Writing

    /// The module's constructor, short and canonical: positional for the required arguments, keywords
    /// for the others when they differ from PyTorch's defaults (`Conv2d(1, 32, 3, padding=1)`).
    public static func constructor(of layer: Layer) -> String {
        switch layer {
        case .convolution(let c):
            var text = "Conv2d(\(c.inChannels), \(c.outChannels), \(c.kernelSize)"
            if c.stride != 1 { text += ", stride=\(c.stride)" }
            if c.padding != 0 { text += ", padding=\(c.padding)" }
            if !c.hasBias { text += ", bias=False" }
            return text + ")"
        case .linear(let l):
            return "Linear(\(l.inFeatures), \(l.outFeatures)" + (l.hasBias ? "" : ", bias=False") + ")"
        case .maxPool(let p): return "MaxPool2d(\(poolArguments(p)))"
        case .avgPool(let p): return "AvgPool2d(\(poolArguments(p)))"
        case .relu: return "ReLU()"
        case .dropout(let probability): return "Dropout(\(probability))"
        case .flatten: return "Flatten()"
        }
    }

    /// The step as a forward list writes it: the module's name, or the functional operation
    /// (`relu`, `max_pool2d(3, stride=2)`, `dropout(0.25)`, `flatten`).
    public static func stepText(_ step: ForwardStep) -> String {
        if let module = step.module { return module }
        switch step.layer {
        case .maxPool(let p): return "max_pool2d(\(poolArguments(p)))"
        case .avgPool(let p): return "avg_pool2d(\(poolArguments(p)))"
        case .dropout(let probability): return "dropout(\(probability))"
        case .relu: return "relu"
        case .flatten: return "flatten"
        case .convolution(let spec): return spec.name
        case .linear(let spec): return spec.name
        }
    }

    private static func poolArguments(_ p: PoolingSpec) -> String {
        p.stride == p.kernelSize ? "\(p.kernelSize)" : "\(p.kernelSize), stride=\(p.stride)"
    }

    // MARK: Parsing

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic && first.isASCII else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// `Name` or `Name(arguments)`; an optional `nn.` or `F.` prefix is dropped.
    static func parseCall(_ text: String) throws(Failure) -> Call {
        var parser = Parser(text: text.trimmingSpaces)
        return try parser.call()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        let text: String

        init(text: String) {
            self.text = text
            scalars = Array(text.unicodeScalars)
        }

        mutating func skipSpaces() { while position < scalars.count && scalars[position] == " " { position += 1 } }

        mutating func identifier() -> String {
            skipSpaces()
            var name = ""
            while position < scalars.count, scalars[position] == "_" || scalars[position] == "." || (scalars[position].isASCII && (scalars[position].properties.isAlphabetic || ("0"..."9").contains(scalars[position]))) {
                name.unicodeScalars.append(scalars[position])
                position += 1
            }
            return name
        }

        mutating func peek() -> Unicode.Scalar? {
            skipSpaces()
            return position < scalars.count ? scalars[position] : nil
        }

        mutating func call() throws(Failure) -> Call {
            var name = identifier()
            for prefix in ["torch.nn.functional.", "torch.nn.", "nn.", "F.", "torch."] where name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
                break
            }
            guard !name.isEmpty, ArchitectureDescription.isIdentifier(name) else { throw Failure("cannot read \"\(text)\"; write a module such as Conv2d(1, 20, 5)") }
            var result = Call(name: name, positional: [], keywords: [])
            guard peek() != nil else { return result }
            guard peek() == "(" else { throw Failure("cannot read \"\(text)\": expected ( after \(name)") }
            position += 1
            while peek() != ")" {
                guard peek() != nil else { throw Failure("cannot read \"\(text)\": missing )") }
                let start = position
                let word = identifier()
                if !word.isEmpty && peek() == "=" {
                    position += 1
                    guard !result.keywords.contains(where: { $0.0 == word }) else { throw Failure("\(name): \(word) is given twice") }
                    result.keywords.append((word, try value()))
                } else {
                    position = start
                    guard result.keywords.isEmpty else { throw Failure("\(name): a positional argument follows a keyword argument") }
                    result.positional.append(try value())
                }
                if peek() == "," {
                    position += 1
                } else if peek() == nil {
                    throw Failure("cannot read \"\(text)\": missing )")
                } else if peek() != ")" {
                    throw Failure("cannot read \"\(text)\": expected , or )")
                }
            }
            position += 1
            guard peek() == nil else { throw Failure("cannot read \"\(text)\": unexpected text after )") }
            return result
        }

        mutating func value(insideTuple: Bool = false) throws(Failure) -> Value {
            if peek() == "(" {
                // Sizes are numbers or pairs: a tuple inside a tuple is never meant, and refusing it
                // keeps the recursion one level deep whatever the text.
                guard !insideTuple else { throw Failure("cannot read \"\(text)\": tuples inside tuples are not supported") }
                position += 1
                var items: [Value] = []
                while peek() != ")" {
                    guard peek() != nil else { throw Failure("cannot read \"\(text)\": missing )") }
                    items.append(try value(insideTuple: true))
                    if peek() == "," { position += 1 }
                }
                position += 1
                return .tuple(items)
            }
            skipSpaces()
            var token = ""
            while position < scalars.count, !",()= ".unicodeScalars.contains(scalars[position]) {
                token.unicodeScalars.append(scalars[position])
                position += 1
            }
            switch token {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                guard let number = Double(token), number.isFinite else { throw Failure("cannot read \"\(text)\": \"\(token)\" is not a number, True, False or None") }
                return .number(number, text: token)
            }
        }
    }

    /// A call's arguments bound to a signature's parameter names, Python's way.
    private struct Arguments {
        let function: String
        var bound: [String: Value] = [:]

        init(_ call: Call, _ parameters: [String]) throws(Failure) {
            function = call.name
            guard call.positional.count <= parameters.count else {
                throw Failure("\(call.name) takes at most \(parameters.count) arguments (\(parameters.joined(separator: ", "))), got \(call.positional.count)")
            }
            for (index, value) in call.positional.enumerated() { bound[parameters[index]] = value }
            for (key, value) in call.keywords {
                guard parameters.contains(key) else {
                    throw Failure("\(call.name) has no argument \(key); it takes \(parameters.joined(separator: ", "))")
                }
                guard bound[key] == nil else { throw Failure("\(call.name): \(key) is given twice") }
                bound[key] = value
            }
        }

        func has(_ key: String) -> Bool { bound[key] != nil }
        func value(_ key: String) -> Value? { bound[key] }

        func number(_ key: String) throws(Failure) -> Double? {
            guard let value = bound[key] else { return nil }
            guard case .number(let number, _) = value else { throw Failure("\(function): \(key) must be a number, got \(value)") }
            return number
        }

        func count(_ key: String) throws(Failure) -> Int {
            guard let number = try number(key) else { throw Failure("\(function) needs \(key)") }
            guard number == number.rounded(), number >= 1, number <= 1_000_000 else {
                throw Failure("\(function): \(key) must be a positive whole number, got \(bound[key]!)")
            }
            return Int(number)
        }

        /// A size given as `k` or `(k, k)`; other tuples are not supported.
        func square(_ key: String, default defaultValue: Int? = nil, allowZero: Bool = false) throws(Failure) -> Int {
            guard let value = bound[key] else {
                guard let defaultValue else { throw Failure("\(function) needs \(key)") }
                return defaultValue
            }
            var single = value
            if case .tuple(let items) = value {
                guard items.count == 2, items[0] == items[1] else {
                    throw Failure("\(function): \(key)=\(value) is not supported; only square sizes (k or (k, k))")
                }
                single = items[0]
            }
            guard case .number(let number, _) = single, number == number.rounded(), number >= (allowZero ? 0 : 1), number <= 10_000 else {
                throw Failure("\(function): \(key) must be a \(allowZero ? "whole number of 0 or more" : "positive whole number"), got \(value)")
            }
            return Int(number)
        }

        func optionalSquare(_ key: String) throws(Failure) -> Int? {
            if bound[key] == nil || bound[key] == Value.none { return nil }
            return try square(key)
        }

        func bool(_ key: String, default defaultValue: Bool) throws(Failure) -> Bool {
            guard let value = bound[key] else { return defaultValue }
            guard case .bool(let flag) = value else { throw Failure("\(function): \(key) must be True or False, got \(value)") }
            return flag
        }

        func probability(_ key: String, default defaultValue: Double) throws(Failure) -> Double {
            guard let number = try number(key) else { return defaultValue }
            guard number >= 0, number < 1 else { throw Failure("\(function): \(key) must be in [0, 1), got \(bound[key]!)") }
            return number
        }

        /// Refuses any value but PyTorch's default for an argument the engine does not vary.
        func requireDefault(_ key: String, _ defaultValue: Int) throws(Failure) {
            guard let value = bound[key] else { return }
            var single = value
            if case .tuple(let items) = value, let first = items.first, items.allSatisfy({ $0 == first }) { single = first }
            guard case .number(let number, _) = single, number == Double(defaultValue) else {
                throw Failure("\(function): \(key)=\(value) is not supported (only \(defaultValue))")
            }
        }

        func requireDefault(_ key: String, _ defaultValue: Bool) throws(Failure) {
            guard let value = bound[key] else { return }
            guard value == .bool(defaultValue) else {
                throw Failure("\(function): \(key)=\(value) is not supported (only \(defaultValue ? "True" : "False"))")
            }
        }
    }
}

extension NetworkArchitecture {
    /// The architecture a description gives: modules (name, constructor text) in registration order and
    /// the forward steps. Checks every step's shape (`validate`).
    public static func described(className: String, title: String, inputShape: ImageShape = ImageShape(channels: 1, height: 28, width: 28),
                                 classCount: Int = 10, modules: [(name: String, constructor: String)], forward: [String]) throws -> NetworkArchitecture {
        var parsed: [Module] = []
        for (name, constructor) in modules {
            guard !parsed.contains(where: { $0.name == name }) else { throw ArchitectureDescription.Failure("declared twice", module: name) }
            do {
                parsed.append(try ArchitectureDescription.module(named: name, from: constructor))
            } catch {
                throw ArchitectureDescription.Failure(error.message, module: name)
            }
        }
        let steps = try ArchitectureDescription.forward(forward, modules: parsed)
        var architecture = NetworkArchitecture(className: className, title: title, inputShape: inputShape, modules: parsed, forward: steps)
        architecture.classCount = classCount
        try architecture.validate()
        return architecture
    }

    /// The modules as (name, constructor text), in registration order.
    public var moduleDescriptions: [(name: String, constructor: String)] {
        modules.map { ($0.name, ArchitectureDescription.constructor(of: $0.layer)) }
    }

    /// The forward order as a params file writes it: `conv1, relu, max_pool2d(2), …`. A functional step
    /// whose name is also a module's (`self.relu = nn.ReLU()` beside `F.relu`) is written `F.relu`, as a
    /// bare name calls the module.
    public var forwardDescription: String {
        let names = Set(modules.map(\.name))
        return forward.map { step in
            let text = ArchitectureDescription.stepText(step)
            let name = String(text.prefix { $0 != "(" })
            return step.module == nil && names.contains(name) ? "F." + text : text
        }.joined(separator: ", ")
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

/// One line of an architecture's description: `modules.conv1` = `Conv2d(1, 20, 5)`, or `forward` = the order.
public struct ArchitectureEntry: Codable, Hashable, Sendable {
    public var key: String
    public var text: String

    public init(key: String, text: String) {
        self.key = key
        self.text = text
    }
}

extension NetworkArchitecture {
    /// The description as keyed lines: each module (`modules.conv1`), then `forward`.
    public var entries: [ArchitectureEntry] {
        moduleDescriptions.map { ArchitectureEntry(key: "modules." + $0.name, text: $0.constructor) }
            + [ArchitectureEntry(key: "forward", text: forwardDescription)]
    }

    /// The lines that differ between two descriptions, in the new one's order and then the removed ones;
    /// nil where a line is absent on that side.
    public static func differences(_ old: [ArchitectureEntry], _ new: [ArchitectureEntry]) -> [(key: String, before: String?, after: String?)] {
        var result: [(key: String, before: String?, after: String?)] = []
        for entry in new {
            let before = old.first { $0.key == entry.key }?.text
            if before != entry.text { result.append((entry.key, before, entry.text)) }
        }
        for entry in old where !new.contains(where: { $0.key == entry.key }) {
            result.append((entry.key, entry.text, nil))
        }
        return result
    }
}
