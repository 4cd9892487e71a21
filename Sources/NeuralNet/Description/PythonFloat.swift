/// Python's `repr` of a float, as PyTorch's reprs print them (`0.5`, `1e-05`, `0.1`): the shortest text
/// that reads back as the same double, with Python's exponent form below 1e-4 and from 1e16.
enum PythonFloat {
    static func repr(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e16 {
            var text = "\(value)"   // Swift's shortest round-trip digits
            if text.contains("e") {
                // Swift writes e.g. 1e-04 never here, but guard against an exponent in this range anyway.
                text = String(format: "%.17g", value)
            }
            if !text.contains(".") { text += ".0" }
            return text
        }
        // Exponent form: Swift gives "1e-05" as "1e-05"; Python writes two exponent digits at least.
        let swiftText = "\(value)"
        guard let e = swiftText.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return swiftText }
        var mantissa = String(swiftText[..<e])
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        var exponent = String(swiftText[swiftText.index(after: e)...])
        var sign = "+"
        if exponent.hasPrefix("-") { sign = "-"; exponent.removeFirst() } else if exponent.hasPrefix("+") { exponent.removeFirst() }
        while exponent.count < 2 { exponent = "0" + exponent }
        return mantissa + "e" + sign + exponent
    }
}
