/// Reads one expression; every failure is a `DescriptionSyntax.Failure` that quotes the text.
struct PythonExpressionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private let text: String
    private var depth = 0
    /// Nesting beyond this is refused, so that no input can exhaust the stack.
    static let maximumDepth = 40
    /// Names that stand for a value (module constants, `__init__`'s defaults, `self.p`), replaced as read.
    private let constants: [String: PythonValue]
    /// Import aliases: the first part of a dotted name replaced (`tnn` → `torch.nn`).
    private let aliases: [String: String]

    init(_ text: String, constants: [String: PythonValue] = [:], aliases: [String: String] = [:]) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        self.constants = constants
        self.aliases = aliases
    }

    /// Where the parser stopped, in unicode scalars from the start of the text.
    var offset: Int { position }

    /// The whole text as one expression.
    static func parse(_ text: String, constants: [String: PythonValue] = [:], aliases: [String: String] = [:]) throws(DescriptionSyntax.Failure) -> PythonValue {
        var parser = PythonExpressionParser(text, constants: constants, aliases: aliases)
        let value = try parser.expression()
        guard parser.peek() == nil else { throw parser.failure("unexpected \"\(parser.rest)\"") }
        return value
    }

    private var rest: String {
        String(String.UnicodeScalarView(scalars[position...].prefix(20)))
    }

    private func failure(_ what: String) -> DescriptionSyntax.Failure {
        DescriptionSyntax.Failure("cannot read \"\(text)\": \(what)")
    }

    private mutating func skipSpaces() {
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" || scalars[position] == "\n" || scalars[position] == "\r" {
            position += 1
        }
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipSpaces()
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        guard peek() == scalar else { return false }
        position += 1
        return true
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
    }

    static func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    private mutating func enter() throws(DescriptionSyntax.Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) levels deep") }
    }

    /// expression := term (('+' | '-') term)*
    mutating func expression() throws(DescriptionSyntax.Failure) -> PythonValue {
        try enter()
        defer { depth -= 1 }
        var value = try term()
        while let next = peek(), next == "+" || next == "-" {
            position += 1
            value = try arithmetic(value, next == "+" ? "+" : "-", try term())
        }
        return value
    }

    /// term := unary (('*' | '//' | '/' | '%') unary)*
    private mutating func term() throws(DescriptionSyntax.Failure) -> PythonValue {
        var value = try unary()
        while let next = peek(), next == "*" || next == "/" || next == "%" {
            position += 1
            var operation = String(next)
            if next == "/" && position < scalars.count && scalars[position] == "/" {
                position += 1
                operation = "//"
            }
            if next == "*" && position < scalars.count && scalars[position] == "*" {
                position += 1
                operation = "**"
            }
            value = try arithmetic(value, operation, try unary())
        }
        return value
    }

    private mutating func unary() throws(DescriptionSyntax.Failure) -> PythonValue {
        if take("-") {
            try enter()
            defer { depth -= 1 }
            return try arithmetic(.integer(0), "-", try unary())
        }
        if take("+") {
            try enter()
            defer { depth -= 1 }
            return try arithmetic(.integer(0), "+", try unary())
        }
        return try postfix()
    }

    /// Python's integer arithmetic (floor division and modulo towards −∞), floats where one side is a float.
    private func arithmetic(_ left: PythonValue, _ operation: String, _ right: PythonValue) throws(DescriptionSyntax.Failure) -> PythonValue {
        func number(_ value: PythonValue) -> Double? {
            switch value {
            case .integer(let value): return Double(value)
            case .float(let value, _): return value
            case .bool(let value): return value ? 1 : 0
            default: return nil
            }
        }
        func integer(_ value: PythonValue) -> Int? {
            switch value {
            case .integer(let value): return value
            case .bool(let value): return value ? 1 : 0
            default: return nil
            }
        }
        if let a = integer(left), let b = integer(right), operation != "/" {
            let result: (partialValue: Int, overflow: Bool)
            switch operation {
            case "+": result = a.addingReportingOverflow(b)
            case "-": result = a.subtractingReportingOverflow(b)
            case "*": result = a.multipliedReportingOverflow(by: b)
            case "**":
                guard b >= 0, b <= 64 else { throw failure("\(a) ** \(b) is not supported") }
                var power = (partialValue: 1, overflow: false)
                for _ in 0..<b where !power.overflow { power = power.partialValue.multipliedReportingOverflow(by: a) }
                result = power
            case "//", "%":
                guard b != 0 else { throw failure("division by zero") }
                guard !(a == Int.min && b == -1) else { throw failure("the number is too large") }
                var quotient = a / b
                if (a % b != 0) && ((a < 0) != (b < 0)) { quotient -= 1 }
                result = operation == "//" ? (quotient, false) : (a - quotient * b, false)
            default: throw failure("unknown operator \(operation)")
            }
            guard !result.overflow else { throw failure("the number is too large") }
            return .integer(result.partialValue)
        }
        guard let a = number(left), let b = number(right) else {
            func isTensorLike(_ value: PythonValue) -> Bool {
                if case .call = value { return true }
                if case .name = value { return true }
                return false
            }
            if isTensorLike(left) || isTensorLike(right) {
                throw failure("\(left) \(operation) \(right): arithmetic on tensors (a residual or a sum of branches) is not supported; forward must be one chain of modules and functions")
            }
            throw failure("\(operation) needs numbers on both sides, got \(left) and \(right)")
        }
        let value: Double
        switch operation {
        case "+": value = a + b
        case "-": value = a - b
        case "*": value = a * b
        case "**": value = power(a, b)
        case "/", "//", "%":
            guard b != 0 else { throw failure("division by zero") }
            value = operation == "/" ? a / b : operation == "//" ? (a / b).rounded(.down) : a - (a / b).rounded(.down) * b
        default: throw failure("unknown operator \(operation)")
        }
        guard value.isFinite else { throw failure("the number is too large") }
        return .float(value, text: Self.pythonFloatText(value))
    }

    /// A float as Python's repr writes it, for the values arithmetic gives (`0.5`, `3136.0`).
    static func pythonFloatText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e16 { return String(format: "%.1f", value) }
        return "\(value)"
    }

    private func power(_ a: Double, _ b: Double) -> Double {
        // Only whole exponents are meant in a size; anything else is rare enough to compute by repeated products.
        guard b == b.rounded(), abs(b) <= 64 else { return .nan }
        var result = 1.0
        for _ in 0..<Int(abs(b)) { result *= a }
        return b < 0 ? 1 / result : result
    }

    /// postfix := atom ('(' arguments ')' | '.' name | '[' index ']')*
    private mutating func postfix() throws(DescriptionSyntax.Failure) -> PythonValue {
        var value = try atom()
        while true {
            if peek() == "(" {
                if case .call = value {
                    // `nn.LogSoftmax(dim=1)(x)`: a module built and called at once.
                    position += 1
                    var call = try arguments(callee: PythonCall.callOperator)
                    call.receiver = value
                    value = .call(call)
                    continue
                }
                guard case .name(let callee) = value else { throw failure("only a name can be called, not \(value)") }
                position += 1
                value = .call(try arguments(callee: callee))
            } else if peek() == ".", case .call = value {
                // `F.relu(self.conv(x)).view(-1, 320)`: a method of the call's result.
                position += 1
                let member = name()
                guard !member.isEmpty else { throw failure("expected a name after .") }
                guard peek() == "(" else { throw failure("\(value).\(member) is not supported (only methods called on it)") }
                position += 1
                var call = try arguments(callee: member)
                call.receiver = value
                value = .call(call)
            } else if peek() == "[" {
                // `x.shape[0]`: kept as a name, which a view's batch size may be.
                // `x.size()[0]` too: a size, kept as a name.
                let base: String
                switch value {
                case .name(let name): base = name
                case .call(let call): base = call.description
                default: throw failure("indexing with [ ] is only read after a name")
                }
                position += 1
                let index = try expression()
                guard take("]") else { throw failure("missing ]") }
                value = .name("\(base)[\(index)]")
            } else {
                return value
            }
        }
    }

    private mutating func name() -> String {
        skipSpaces()
        var result = ""
        while position < scalars.count, Self.isNameContinuation(scalars[position]) {
            result.unicodeScalars.append(scalars[position])
            position += 1
        }
        return result
    }

    private mutating func atom() throws(DescriptionSyntax.Failure) -> PythonValue {
        guard let first = peek() else { throw failure("the text ends where a value is expected") }
        if first == "(" || first == "[" {
            position += 1
            try enter()
            defer { depth -= 1 }
            let close: Unicode.Scalar = first == "(" ? ")" : "]"
            var items: [PythonValue] = []
            var sawComma = false
            while !take(close) {
                guard peek() != nil else { throw failure("missing \(close)") }
                items.append(try expression())
                if take(",") {
                    sawComma = true
                } else {
                    guard peek() == close else { throw failure(peek() == nil ? "missing \(close)" : "expected , or \(close)") }
                }
            }
            if first == "[" { return .list(items) }
            if items.count == 1 && !sawComma { return items[0] }   // parentheses around an expression
            return .tuple(items)
        }
        if first == "'" || first == "\"" {
            position += 1
            var string = ""
            while position < scalars.count, scalars[position] != first {
                guard scalars[position] != "\\" else { throw failure("backslashes in strings are not supported") }
                string.unicodeScalars.append(scalars[position])
                position += 1
            }
            guard position < scalars.count else { throw failure("the string is not closed") }
            position += 1
            return .string(string)
        }
        if ("0"..."9").contains(first) || first == "." {
            return try numberLiteral()
        }
        guard Self.isNameStart(first) else { throw failure("unexpected \"\(first)\"") }
        var dotted = name()
        while position < scalars.count, scalars[position] == "." {
            position += 1
            let member = name()
            guard !member.isEmpty else { throw failure("expected a name after \(dotted).") }
            dotted += "." + member
        }
        switch dotted {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            if let value = constants[dotted], peek() != "(" { return value }
            var parts = dotted.split(separator: ".", maxSplits: 1).map(String.init)
            if let alias = aliases[parts[0]] { parts[0] = alias }
            return .name(parts.joined(separator: "."))
        }
    }

    private mutating func numberLiteral() throws(DescriptionSyntax.Failure) -> PythonValue {
        var token = ""
        while position < scalars.count {
            let scalar = scalars[position]
            let isExponentSign = (scalar == "+" || scalar == "-") && (token.last == "e" || token.last == "E")
            guard Self.isNameContinuation(scalar) || scalar == "." || isExponentSign else { break }
            token.unicodeScalars.append(scalar)
            position += 1
        }
        let digits = String(token.filter { $0 != "_" })
        if let value = Int(digits) {
            guard digits.count == 1 || !digits.hasPrefix("0") else { throw failure("\(token) is not a Python number (leading zero)") }
            return .integer(value)
        }
        if digits.allSatisfy({ $0.isASCII && ("0"..."9").contains($0) }) { throw failure("the number \(token) is too large") }
        guard let value = Double(digits), value.isFinite, !digits.lowercased().hasPrefix("0x"), !digits.lowercased().contains("n") else {
            throw failure("\"\(token)\" is not a number")
        }
        return .float(value, text: token)
    }

    /// arguments := (expression | name '=' expression) (',' ...)* [','] ')'
    private mutating func arguments(callee: String) throws(DescriptionSyntax.Failure) -> PythonCall {
        try enter()
        defer { depth -= 1 }
        var call = PythonCall(callee: callee, positional: [], keywords: [], hasParentheses: true)
        while !take(")") {
            guard peek() != nil else { throw failure("missing )") }
            let start = position
            let word = name()
            if !word.isEmpty, peek() == "=", position + 1 >= scalars.count || scalars[position + 1] != "=" {
                position += 1
                guard !call.keywords.contains(where: { $0.name == word }) else {
                    throw DescriptionSyntax.Failure("\(PythonCall(callee: callee, positional: [], keywords: [], hasParentheses: true).name): \(word) is given twice")
                }
                call.keywords.append(.init(name: word, value: try expression()))
            } else {
                position = start
                guard call.keywords.isEmpty else {
                    throw DescriptionSyntax.Failure("\(PythonCall(callee: callee, positional: [], keywords: [], hasParentheses: true).name): a positional argument follows a keyword argument")
                }
                call.positional.append(try expression())
            }
            if !take(",") {
                guard peek() == ")" else { throw failure(peek() == nil ? "missing )" : "expected , or )") }
            }
        }
        return call
    }
}
