/// `nn.Sequential(child, ...)` or `nn.Sequential(OrderedDict([("name", child), ...]))`: a container
/// whose call runs its children in order. Its children are modules of their own (state_dict names
/// `features.0.weight`); it has no row in torchsummary's table and no engine layer: the forward order
/// calls its children.
public struct SequentialSpec: Hashable, Sendable {
    public var children: [Module]
    /// Whether the children were named through an OrderedDict (else `0`, `1`, …).
    var namedChildren: Bool

    public init(children: [Module], namedChildren: Bool = false) {
        self.children = children
        self.namedChildren = namedChildren
    }
}

extension SequentialSpec: EngineLayerKind {
    static var moduleNames: [String] { ["Sequential"] }
    public var moduleType: String { "Sequential" }

    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> SequentialSpec {
        guard call.keywords.isEmpty else { throw DescriptionSyntax.Failure("Sequential takes its children as positional arguments") }
        var items: [(name: String, value: PythonValue)] = []
        var named = false
        if call.positional.count == 1, case .call(let inner) = call.positional[0], inner.name == "OrderedDict" || inner.callee == "collections.OrderedDict" {
            named = true
            guard inner.keywords.isEmpty, inner.positional.count <= 1 else {
                throw DescriptionSyntax.Failure("OrderedDict takes one list of (name, module) pairs")
            }
            for pair in inner.positional.first?.items ?? [] {
                guard let parts = pair.items, parts.count == 2, case .string(let name) = parts[0] else {
                    throw DescriptionSyntax.Failure("OrderedDict: each item must be a pair (\"name\", Module(...)), got \(pair)")
                }
                guard !name.isEmpty, !name.contains("."), DescriptionSyntax.isIdentifier(name) || Int(name) != nil else {
                    throw DescriptionSyntax.Failure("OrderedDict: \"\(name)\" cannot name a module (letters, digits and _, no dot)")
                }
                guard !items.contains(where: { $0.name == name }) else {
                    throw DescriptionSyntax.Failure("OrderedDict: \"\(name)\" names two modules (PyTorch keeps only the last; name each once)")
                }
                items.append((name, parts[1]))
            }
        } else {
            items = call.positional.enumerated().map { (String($0.offset), $0.element) }
        }
        var children: [Module] = []
        for (name, value) in items {
            let childPath = path + "." + name
            do {
                children.append(Module(name: name, kind: try DescriptionSyntax.kind(of: value, path: childPath)))
            } catch {
                throw error.inModule(childPath)
            }
        }
        return SequentialSpec(children: children, namedChildren: named)
    }

    public var constructor: String { pythonConstructor(prefix: "") }

    public func pythonConstructor(prefix: String) -> String {
        let children = children.map { ($0.name, $0.layer.kind.pythonConstructor(prefix: prefix)) }
        guard namedChildren else { return prefix + "Sequential(" + children.map(\.1).joined(separator: ", ") + ")" }
        let pairs = children.map { "('\($0.0)', \($0.1))" }
        return prefix + "Sequential(" + (prefix.isEmpty ? "" : "collections.") + "OrderedDict([" + pairs.joined(separator: ", ") + "]))"
    }

    /// PyTorch's nested repr: each child on its own line, two spaces deeper, the `)` at the parent's depth.
    public func repr(indent: Int) -> String {
        guard !children.isEmpty else { return "Sequential()" }
        let inner = String(repeating: "  ", count: indent + 1)
        let lines = children.map { inner + "(\($0.name)): " + $0.layer.kind.repr(indent: indent + 1) }
        return "Sequential(\n" + lines.joined(separator: "\n") + "\n" + String(repeating: "  ", count: indent) + ")"
    }

    public func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape {
        preconditionFailure("a Sequential's call is its children's steps")
    }

    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer {
        preconditionFailure("a Sequential's call is its children's steps")
    }
}
