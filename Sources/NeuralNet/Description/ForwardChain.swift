/// A forward statement's expression as a chain of steps over one tensor: `F.relu(F.max_pool2d(self.conv1(x), 2))`
/// is conv1, then max_pool2d(2), then relu. The class reader reads every statement of forward with it,
/// and a params file's forward steps that name the tensor (`F.relu(self.conv1(x))`) too.
enum ForwardChain {
    /// The names a params file's forward step may call the tensor.
    static let tensorNames = ["x", "out", "output", "input", "img", "h"]

    /// Whether `value` passes `tensor` on (a call of it, a method on it), not only reads its size.
    static func carriesTensor(_ value: PythonValue, _ tensor: String) -> Bool {
        switch value {
        case .name(let name): return name == tensor
        case .call(let call):
            return call.callee.hasPrefix(tensor + ".") && !isSize(value, tensor) || call.receiver.map { carriesTensor($0, tensor) } == true
                || call.positional.contains { carriesTensor($0, tensor) } || call.keywords.contains { carriesTensor($0.value, tensor) }
        case .tuple(let items), .list(let items): return items.contains { carriesTensor($0, tensor) }
        default: return false
        }
    }

    /// Whether `value` reads the variable `tensor` anywhere.
    static func mentions(_ value: PythonValue, _ tensor: String) -> Bool {
        switch value {
        case .name(let name): return name == tensor || name.hasPrefix(tensor + ".") || name.hasPrefix(tensor + "[")
        case .call(let call):
            return call.callee == tensor || call.callee.hasPrefix(tensor + ".") || call.receiver.map { mentions($0, tensor) } == true
                || call.positional.contains { mentions($0, tensor) } || call.keywords.contains { mentions($0.value, tensor) }
        case .tuple(let items), .list(let items): return items.contains { mentions($0, tensor) }
        default: return false
        }
    }

    /// `x.size(0)`, `x.shape[0]`, `len(x)`: a size, not the tensor.
    static func isSize(_ value: PythonValue, _ tensor: String) -> Bool {
        switch value {
        case .name(let name): return name.hasPrefix(tensor + ".shape") || name.hasPrefix(tensor + ".size")
        case .call(let call): return call.callee == tensor + ".size" || call.callee == "len" || call.callee == tensor + ".dim"
        default: return false
        }
    }

    /// The steps that compute `value` from `tensor`: the argument holding the tensor first, then the call.
    static func steps(of value: PythonValue, tensor: String, paths: [(path: String, module: Module)], text: String) throws(DescriptionSyntax.Failure) -> [ForwardStep] {
        if case .name(let name) = value {
            guard name == tensor else { throw DescriptionSyntax.Failure("\(name) is not a step") }
            return []
        }
        guard case .call(var call) = value else {
            throw DescriptionSyntax.Failure("\(value): forward must pass the tensor through modules and functions")
        }
        var inner: PythonValue?
        var places = 0
        if let receiver = call.receiver, mentions(receiver, tensor) {
            inner = receiver
            call.receiver = nil
            places += 1
        }
        if call.callee.hasPrefix(tensor + ".") {
            // A method of the tensor: x.view(...), x.flatten(1), x.float().
            call.callee = String(call.callee.dropFirst(tensor.count + 1))
            inner = .name(tensor)
            places += 1
        }
        // Sizes read from the tensor (x.size(0)) stay in the arguments.
        // A size: x.size(0), or a method of the class that is not a module (`self.num_flat_features(x)`).
        func isSizeArgument(_ value: PythonValue) -> Bool {
            if isSize(value, tensor) { return true }
            if case .call(let inner) = value, inner.callee.hasPrefix("self."), !paths.contains(where: { "self." + $0.path == inner.callee }) { return true }
            return false
        }
        if let position = call.positional.firstIndex(where: { mentions($0, tensor) && !isSizeArgument($0) }) {
            inner = call.positional.remove(at: position)
            places += 1
        }
        if let position = call.keywords.firstIndex(where: { mentions($0.value, tensor) && !isSizeArgument($0.value) }) {
            inner = call.keywords.remove(at: position).value
            places += 1
        }
        if let inner, inner.items != nil {
            throw DescriptionSyntax.Failure("\(text) combines several tensors (\(call.callee)); forward must be one chain of modules and functions, without branches")
        }
        guard places == 1, let inner else {
            throw DescriptionSyntax.Failure("\(text) uses the tensor \(places) times; forward must be one chain (no branches, residuals or torch.cat)")
        }
        if call.positional.contains(where: { mentions($0, tensor) && !isSizeArgument($0) })
            || call.keywords.contains(where: { mentions($0.value, tensor) && !isSizeArgument($0.value) }) {
            throw DescriptionSyntax.Failure("\(text) uses the tensor twice; forward must be one chain (no branches, residuals or torch.cat)")
        }
        var result = try steps(of: inner, tensor: tensor, paths: paths, text: text)
        if call.callee == PythonCall.callOperator, let receiver = call.receiver {
            // A module built inside forward and called at once is never registered: only a kind without
            // parameters, which then acts as its functional form, can be that.
            let kind = try DescriptionSyntax.kind(of: receiver, path: "")
            guard !kind.hasParameters, kind.bufferShapes.isEmpty, kind.functionalCall != nil else {
                throw DescriptionSyntax.Failure("\(receiver) is built inside forward, so PyTorch never registers its parameters; register it in __init__ as self.name = \(receiver)")
            }
            return result + [.functional(kind)]
        }
        // Methods that only change the tensor's type or layout.
        if ["float", "contiguous", "cpu", "clone", "detach"].contains(call.callee) && call.positional.isEmpty { return result }
        // A module built inside forward and called at once: nn.LogSoftmax(dim=1)(x) reads as its functional form.
        call.readsTensor = true
        result += try DescriptionSyntax.forwardSteps(of: .call(call), text: text, paths: paths)
        return result
    }
}
