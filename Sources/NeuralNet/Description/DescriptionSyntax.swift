import Foundation

/// An architecture written the way a PyTorch class reads: modules in constructor syntax
/// (`Conv2d(1, 20, 5)`, `Dropout(p=0.25)`) and a forward order of module names and functional
/// operations (`conv1, relu, max_pool2d(2), flatten, fc1`). Positional and keyword arguments as in
/// Python, with PyTorch's defaults; what the engine cannot run is refused by name.
public enum DescriptionSyntax {
    /// A description that cannot be used: what is wrong, naming the module or step.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let message: String
        /// The module whose constructor is wrong (a module of the class, whose line a params file
        /// points to); nil for an error in the forward order.
        public let module: String?
        /// Where inside that module the error is, when it is in a container's child (`features.3`).
        public let path: String?

        public init(_ message: String, module: String? = nil, path: String? = nil) {
            self.message = message
            self.module = module
            self.path = path
        }

        /// The module or child the error is in: its path, else the module.
        public var place: String? { path ?? module }

        public var description: String { place.map { "\($0): \(message)" } ?? message }

        /// The same failure inside the child at `childPath`, unless it already names a deeper child.
        func inModule(_ childPath: String) -> Failure {
            Failure(message, module: module, path: path ?? childPath)
        }
    }

    /// Module types the engine runs.
    public static var supportedModules: [String] { LayerKinds.moduleNames }
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

    /// nn.Module's own underscore attributes, which a module of that name would overwrite.
    static let internalNames: Set<String> = [
        "_parameters", "_buffers", "_modules", "_backward_hooks", "_backward_pre_hooks", "_forward_hooks", "_forward_pre_hooks",
        "_forward_hooks_with_kwargs", "_forward_pre_hooks_with_kwargs", "_forward_hooks_always_called", "_state_dict_hooks",
        "_state_dict_pre_hooks", "_load_state_dict_pre_hooks", "_load_state_dict_post_hooks", "_non_persistent_buffers_set",
        "_version", "_is_full_backward_hook", "_get_name", "_apply", "_call_impl", "_compiled_call_impl",
    ]

    /// Functional operations a forward order may use.
    public static var supportedFunctions: [String] { LayerKinds.functionNames }

    // MARK: Reading

    /// The module `name` from its constructor text, e.g. `Conv2d(1, 20, 5)` or `Sequential(Conv2d(1, 8, 3), ReLU())`.
    public static func module(named name: String, from text: String) throws(Failure) -> Module {
        guard isIdentifier(name) else { throw Failure("\(name) is not a Python attribute name (letters, digits and _, not starting with a digit)") }
        return try module(named: name, from: try PythonExpressionParser.parse(text.trimmingSpaces))
    }

    /// The module `name` from its parsed constructor call.
    static func module(named name: String, from value: PythonValue) throws(Failure) -> Module {
        guard isIdentifier(name) else { throw Failure("\(name) is not a Python attribute name (letters, digits and _, not starting with a digit)") }
        guard !reservedNames.contains(name) && !name.hasPrefix("__") && !internalNames.contains(name) else {
            throw Failure("\(name) cannot name a module: it is a Python keyword or an attribute every nn.Module already has")
        }
        return Module(name: name, kind: try kind(of: value, path: name))
    }

    /// The kind a constructor call gives (`nn.Conv2d(1, 20, 5)`); `path` is the module's place in the class.
    static func kind(of value: PythonValue, path: String) throws(Failure) -> any EngineLayerKind {
        guard case .call(let call) = value else {
            if case .name(let name) = value, LayerKinds.module(named: PythonCall(callee: name, positional: [], keywords: [], hasParentheses: false).name) != nil {
                throw Failure("\(name) needs its arguments, as in \(name)(...)")
            }
            throw Failure("cannot read \"\(value)\"; write a module such as Conv2d(1, 20, 5)")
        }
        guard let kind = LayerKinds.module(named: call.name) else {
            throw Failure("\(call.name) is not supported; the modules that are: \(supportedModules.joined(separator: ", "))")
        }
        return try kind.module(call, path: path)
    }

    /// The forward order from its steps as PyTorch code writes them: a module (`conv1`, `self.conv1`,
    /// `self.conv1(x)`; a Sequential runs its children), or a functional operation (`relu`, `F.relu(x)`,
    /// `max_pool2d(2)`, `x.view(-1, 320)`). A bare name calls the module of that name when there is one.
    public static func forward(_ steps: [String], modules: [Module]) throws(Failure) -> [ForwardStep] {
        let architecture = NetworkArchitecture(className: "", title: "", inputShape: ImageShape(channels: 1, height: 1, width: 1),
                                               modules: modules, forward: [])
        let paths = architecture.modulePaths
        var result: [ForwardStep] = []
        // The names the tensor goes by: x and its usual names, and every variable a line assigns.
        var tensors = ForwardChain.tensorNames
        for text in steps {
            let trimmed = text.trimmingSpaces
            if paths.contains(where: { $0.path == trimmed }) {
                result += try forwardSteps(of: .name(trimmed), text: trimmed, paths: paths)
                continue
            }
            var statement = Substring(trimmed)
            // A line copied from forward: `x = F.relu(self.conv1(x))`, `return F.log_softmax(x, dim=1)`.
            let returns = statement.hasPrefix("return ")
            if returns { statement = statement.dropFirst(7) }
            var target: String?
            if let equals = statement.firstIndex(of: "="), statement[..<equals].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               !statement[..<equals].trimmingCharacters(in: .whitespaces).isEmpty, statement[statement.index(after: equals)...].first != "=" {
                target = statement[..<equals].trimmingCharacters(in: .whitespaces)
                statement = statement[statement.index(after: equals)...]
            }
            let value = try PythonExpressionParser.parse(String(statement).trimmingSpaces)
            if case .name(let name) = value, tensors.contains(name) {
                // `return out`: the tensor as it is.
            } else if let tensor = tensors.last(where: { ForwardChain.carriesTensor(value, $0) }) {
                // A step written over the tensor, as forward writes it (`F.relu(self.conv1(x))`), is a chain.
                result += try ForwardChain.steps(of: value, tensor: tensor, paths: paths, text: trimmed)
            } else {
                result += try forwardSteps(of: value, text: trimmed, paths: paths)
            }
            if let target, !tensors.contains(target) { tensors.append(target) }
            // What follows a return is never run, as in Python.
            if returns { break }
        }
        return result
    }

    /// The steps of one forward step given as a value: a module (`self.conv1`, `self.conv1(x)`) or a
    /// function or tensor method (`F.relu(x)`, `x.view(-1, 320)`, `max_pool2d(2)`). `text` names it in messages.
    static func forwardSteps(of parsed: PythonValue, text trimmed: String, paths: [(path: String, module: Module)]) throws(Failure) -> [ForwardStep] {
        func calls(_ path: String, _ module: Module) -> [ForwardStep] {
            guard let container = module.layer.as(SequentialSpec.self) else { return [ForwardStep(module: path, layer: module.layer)] }
            return container.children.flatMap { calls(path + "." + $0.name, $0) }
        }
        let moduleNames = paths.filter { !$0.path.contains(".") }.map(\.path)
        var value = parsed
        if case .name(let name) = value, let entry = paths.first(where: { $0.path == name }) {
            return calls(entry.path, entry.module)
        }
        // `self.conv1` and `self.conv1(x)` call a module.
        if case .name(let name) = value, name.hasPrefix("self.") {
            value = .call(PythonCall(callee: name, positional: [], keywords: [], hasParentheses: false))
        }
        if case .call(let call) = value, call.callee.hasPrefix("self."), call.receiver == nil {
            // `self.features[0]` is the child `features.0`.
            let path = String(call.callee.dropFirst(5)).replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
            guard let entry = paths.first(where: { $0.path == path }) else {
                throw Failure("\(trimmed) in forward calls self.\(path), which is not a module (\(moduleNames.joined(separator: ", ")))")
            }
            guard call.keywords.isEmpty, call.positional.count <= 1 else {
                throw Failure("\(trimmed): a module is called with the tensor alone, as self.\(path)(x)")
            }
            return calls(entry.path, entry.module)
        }
        var call: PythonCall
        switch value {
        case .name(let name): call = PythonCall(callee: name, positional: [], keywords: [], hasParentheses: false)
        case .call(let parsed): call = parsed
        default: throw Failure("\(trimmed) in forward is not a step; write a module name or a function such as relu")
        }
        // A tensor method (`x.view(-1, 320)`) or a function of the tensor (`F.relu(x)`): the tensor leaves the call.
        let parts = call.callee.split(separator: ".").map(String.init)
        if call.readsTensor {
            // The class reader has taken the tensor out already.
        } else if parts.count == 2, !["F", "nn", "torch", "functional"].contains(parts[0]), !paths.contains(where: { $0.path == parts[0] }) {
            call.callee = parts[1]
            call.readsTensor = true
        } else if case .name(let first)? = call.positional.first, isIdentifier(first), !paths.contains(where: { $0.path == first }) {
            call.positional.removeFirst()
            call.readsTensor = true
        } else if let input = call.keywords.firstIndex(where: { $0.name == "input" }) {
            call.keywords.remove(at: input)
            call.readsTensor = true
        }
        if let view = try IdentitySpec.view(call) { return [.functional(view)] }
        guard let kind = LayerKinds.function(named: call.name) else {
            let functions = "a supported function (\(supportedFunctions.joined(separator: ", ")))"
            throw Failure(moduleNames.isEmpty ? "\(trimmed) in forward is not \(functions)"
                          : "\(trimmed) in forward is neither a module (\(moduleNames.joined(separator: ", "))) nor \(functions)")
        }
        return [.functional(try kind.functional(call))]
    }

    /// `a, b(1, 2), c` → `["a", "b(1, 2)", "c"]`: the commas outside parentheses split.
    public static func splitSteps(_ text: String) -> [String] {
        var steps: [String] = [], current = "", depth = 0
        for character in text {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
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

    /// The module's constructor, short and canonical (`Conv2d(1, 32, 3, padding=1)`).
    public static func constructor(of layer: Layer) -> String { layer.kind.constructor }

    /// The step as a forward list writes it: the module's path, or the functional operation
    /// (`relu`, `max_pool2d(3, stride=2)`, `dropout(0.25)`, `flatten`).
    public static func stepText(_ step: ForwardStep) -> String {
        step.module ?? step.layer.kind.functionalText ?? step.layer.kind.constructor
    }

    // MARK: Parsing

    /// A name a Python class can have that no keyword is.
    public static func isClassName(_ text: String) -> Bool { isIdentifier(text) && !reservedNames.contains(text) }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, PythonExpressionParser.isNameStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(PythonExpressionParser.isNameContinuation)
    }

}

extension NetworkArchitecture {
    /// The architecture a description gives: modules (name, constructor text) in registration order and
    /// the forward steps. Checks every step's shape (`validate`).
    public static func described(className: String, title: String, inputShape: ImageShape = ImageShape(channels: 1, height: 28, width: 28),
                                 classCount: Int = 10, modules: [(name: String, constructor: String)], forward: [String]) throws -> NetworkArchitecture {
        var parsed: [Module] = []
        for (name, constructor) in modules {
            guard !parsed.contains(where: { $0.name == name }) else { throw DescriptionSyntax.Failure("declared twice", module: name) }
            do {
                parsed.append(try DescriptionSyntax.module(named: name, from: constructor))
            } catch {
                throw DescriptionSyntax.Failure(error.message, module: name, path: error.path)
            }
        }
        let steps = try DescriptionSyntax.forward(forward, modules: parsed)
        var architecture = NetworkArchitecture(className: className, title: title, inputShape: inputShape, modules: parsed, forward: steps)
        architecture.classCount = classCount
        try architecture.validate()
        return architecture
    }

    /// The modules as (name, constructor text), in registration order.
    public var moduleDescriptions: [(name: String, constructor: String)] {
        modules.map { ($0.name, DescriptionSyntax.constructor(of: $0.layer)) }
    }

    /// The forward order as a params file writes it: `conv1, relu, max_pool2d(2), …`. A functional step
    /// whose name is also a module's (`self.relu = nn.ReLU()` beside `F.relu`) is written `F.relu`, as a
    /// bare name calls the module.
    public var forwardDescription: String {
        let names = Set(modules.map(\.name))
        return forward.map { step in
            let text = DescriptionSyntax.stepText(step)
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
public struct DescriptionEntry: Codable, Hashable, Sendable {
    public var key: String
    public var text: String

    public init(key: String, text: String) {
        self.key = key
        self.text = text
    }
}

extension NetworkArchitecture {
    /// The description as keyed lines: each module (`modules.conv1`; a container's children by their
    /// path, `modules.features.0`, so that a change names the child), then `forward`.
    public var entries: [DescriptionEntry] {
        modulePaths.filter { !$0.module.layer.is(SequentialSpec.self) }
            .map { DescriptionEntry(key: "modules." + $0.path, text: $0.module.layer.kind.constructor) }
            + [DescriptionEntry(key: "forward", text: forwardDescription)]
    }

    /// The lines that differ between two descriptions, in the new one's order and then the removed ones;
    /// nil where a line is absent on that side.
    public static func differences(_ old: [DescriptionEntry], _ new: [DescriptionEntry]) -> [(key: String, before: String?, after: String?)] {
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
