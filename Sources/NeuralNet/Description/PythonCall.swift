/// The part of Python's expression syntax that a module's constructor or a forward step is written in:
/// numbers with integer arithmetic (`64 * 7 * 7`), True/False/None, strings, tuples and lists, dotted
/// names (`nn.Conv2d`, `self.conv1`, `x.view`) and calls with positional and keyword arguments, nested
/// to any depth (`Sequential(Conv2d(1, 32, 3), ReLU())`).
indirect enum PythonValue: Equatable, CustomStringConvertible, Sendable {
    case integer(Int)
    /// A float with its text as written (`0.25`, `1e-5`).
    case float(Double, text: String)
    case bool(Bool)
    case none
    case string(String)
    case tuple([PythonValue])
    case list([PythonValue])
    /// A dotted name that is not a literal: `x`, `self.training`.
    case name(String)
    case call(PythonCall)

    var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .float(_, let text): return text
        case .bool(let value): return value ? "True" : "False"
        case .none: return "None"
        case .string(let text): return "'" + text + "'"
        case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .name(let name): return name
        case .call(let call): return call.description
        }
    }

    /// The items of a tuple or list.
    var items: [PythonValue]? {
        switch self {
        case .tuple(let items), .list(let items): return items
        default: return nil
        }
    }
}

/// A parsed call `callee(positional..., keyword=value...)`; a bare name is a call without parentheses.
struct PythonCall: Equatable, CustomStringConvertible, Sendable {
    /// The dotted name as written: `nn.Conv2d`, `F.relu`, `x.view`.
    var callee: String
    var positional: [PythonValue]
    var keywords: [Keyword]
    /// False for a bare name (`relu`, `self.conv1`).
    var hasParentheses: Bool
    /// Set when a forward step's tensor argument (`x` in `F.relu(x)`, `x.view(...)`) was taken out of the call.
    var readsTensor = false
    /// The value a method is called on, when it is not a name: `F.relu(y)` in `F.relu(y).view(-1, 320)`.
    var receiver: PythonValue? = nil

    struct Keyword: Equatable, Sendable {
        var name: String
        var value: PythonValue
    }

    /// The callee of a call of a call's result (`nn.LogSoftmax(dim=1)(x)`).
    static let callOperator = "__call__"

    /// The callee without the module prefixes PyTorch code writes (`torch.nn.functional.`, `nn.`, `F.`, `torch.`).
    var name: String {
        for prefix in ["torch.nn.functional.", "torch.nn.", "nn.functional.", "nn.", "F.", "torch."] where callee.hasPrefix(prefix) {
            return String(callee.dropFirst(prefix.count))
        }
        return callee
    }

    var description: String {
        if self.callee == Self.callOperator, let receiver {
            return "\(receiver)(" + (positional.map(\.description) + keywords.map { "\($0.name)=\($0.value)" }).joined(separator: ", ") + ")"
        }
        let callee = (receiver.map { "\($0)." } ?? "") + self.callee
        guard hasParentheses else { return callee }
        let arguments = positional.map(\.description) + keywords.map { "\($0.name)=\($0.value)" }
        return callee + "(" + arguments.joined(separator: ", ") + ")"
    }
}
