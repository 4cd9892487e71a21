/// A call's arguments bound to a signature's parameter names, Python's way, with the checks PyTorch's
/// constructors make (a size is an int, a probability in [0, 1]).
struct BoundArguments {
    let function: String
    private(set) var bound: [String: PythonValue] = [:]
    let parameters: [String]

    init(_ call: PythonCall, _ parameters: [String]) throws(DescriptionSyntax.Failure) {
        function = call.name
        self.parameters = parameters
        guard call.positional.count <= parameters.count else {
            throw DescriptionSyntax.Failure("\(function) takes at most \(parameters.count) arguments (\(parameters.joined(separator: ", "))), got \(call.positional.count)")
        }
        for (index, value) in call.positional.enumerated() { bound[parameters[index]] = value }
        for keyword in call.keywords {
            guard parameters.contains(keyword.name) else {
                throw DescriptionSyntax.Failure("\(function) has no argument \(keyword.name); it takes \(parameters.joined(separator: ", "))")
            }
            guard bound[keyword.name] == nil else { throw DescriptionSyntax.Failure("\(function): \(keyword.name) is given twice") }
            bound[keyword.name] = keyword.value
        }
    }

    func has(_ key: String) -> Bool { bound[key] != nil }
    func value(_ key: String) -> PythonValue? { bound[key] }

    private func fail(_ message: String) -> DescriptionSyntax.Failure {
        DescriptionSyntax.Failure("\(function): \(message)")
    }

    /// A whole number ≥ `minimum`; a float is refused as PyTorch refuses it.
    func integer(_ key: String, default defaultValue: Int? = nil, minimum: Int = 1, maximum: Int = 1_000_000) throws(DescriptionSyntax.Failure) -> Int {
        guard let value = bound[key] else {
            guard let defaultValue else { throw DescriptionSyntax.Failure("\(function) needs \(key)") }
            return defaultValue
        }
        return try Self.integer(value, key: key, minimum: minimum, maximum: maximum, function: function)
    }

    static func integer(_ value: PythonValue, key: String, minimum: Int, maximum: Int, function: String) throws(DescriptionSyntax.Failure) -> Int {
        switch value {
        case .integer(let number):
            guard number >= minimum, number <= maximum else {
                throw DescriptionSyntax.Failure("\(function): \(key) must be a whole number from \(minimum) to \(groupedThousands(maximum)), got \(number)")
            }
            return number
        case .float:
            throw DescriptionSyntax.Failure("\(function): \(key) must be an int, got the float \(value) (PyTorch refuses it too; write \(key) without a decimal point, or with // for a division)")
        default:
            throw DescriptionSyntax.Failure("\(function): \(key) must be a whole number, got \(value)")
        }
    }

    /// A size given as `k`, `(kh, kw)` or `[kh, kw]`, as (height, width).
    func pair(_ key: String, default defaultValue: Int? = nil, minimum: Int = 1) throws(DescriptionSyntax.Failure) -> (Int, Int) {
        guard let value = bound[key] else {
            guard let defaultValue else { throw DescriptionSyntax.Failure("\(function) needs \(key)") }
            return (defaultValue, defaultValue)
        }
        if let items = value.items {
            guard items.count == 2 else { throw fail("\(key)=\(value) must be one number or two (height, width)") }
            return (try Self.integer(items[0], key: key, minimum: minimum, maximum: 10_000, function: function),
                    try Self.integer(items[1], key: key, minimum: minimum, maximum: 10_000, function: function))
        }
        let single = try Self.integer(value, key: key, minimum: minimum, maximum: 10_000, function: function)
        return (single, single)
    }

    /// A square size (`k`, `(k, k)` or `[k, k]`); other shapes are refused, naming what is supported.
    func square(_ key: String, default defaultValue: Int? = nil, minimum: Int = 1) throws(DescriptionSyntax.Failure) -> Int {
        let (height, width) = try pair(key, default: defaultValue, minimum: minimum)
        guard height == width else { throw fail("\(key)=\(bound[key]!) is not supported; only square sizes (k or (k, k))") }
        return height
    }

    func bool(_ key: String, default defaultValue: Bool) throws(DescriptionSyntax.Failure) -> Bool {
        guard let value = bound[key] else { return defaultValue }
        guard case .bool(let flag) = value else { throw fail("\(key) must be True or False, got \(value)") }
        return flag
    }

    func number(_ key: String, default defaultValue: Double) throws(DescriptionSyntax.Failure) -> Double {
        guard let value = bound[key] else { return defaultValue }
        switch value {
        case .integer(let number): return Double(number)
        case .float(let number, _): return number
        default: throw fail("\(key) must be a number, got \(value)")
        }
    }

    /// The number as Python would print it: `0.5` for 0.5, `1` stays `1`, as written.
    func numberText(_ key: String, default defaultText: String) -> String {
        guard let value = bound[key] else { return defaultText }
        switch value {
        case .integer(let number): return String(number)
        case .float(let number, _): return PythonFloat.repr(number)
        default: return value.description
        }
    }

    /// A dropout probability: PyTorch refuses p outside [0, 1]; p = 1 would divide by zero in the engine.
    func probability(_ key: String, default defaultValue: Double) throws(DescriptionSyntax.Failure) -> Double {
        let number = try number(key, default: defaultValue)
        guard number >= 0, number < 1 else { throw fail("\(key) must be in [0, 1), got \(bound[key]!)") }
        return number
    }

    /// Refuses any value but PyTorch's default for an argument the engine does not vary.
    func requireDefault(_ key: String, _ defaultValue: Int) throws(DescriptionSyntax.Failure) {
        guard let value = bound[key] else { return }
        var single = value
        if let items = value.items, let first = items.first, items.allSatisfy({ $0 == first }) { single = first }
        guard single == .integer(defaultValue) else {
            throw fail("\(key)=\(value) is not supported (only \(defaultValue))")
        }
    }

    func requireDefault(_ key: String, _ defaultValue: Bool) throws(DescriptionSyntax.Failure) {
        guard let value = bound[key] else { return }
        guard value == .bool(defaultValue) else {
            throw fail("\(key)=\(value) is not supported (only \(defaultValue ? "True" : "False"))")
        }
    }
}
