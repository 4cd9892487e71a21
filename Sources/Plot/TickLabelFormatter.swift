import Foundation

/// How axis values are turned into labels.
enum AxisValueFormat {
    /// As many decimals as the ticks need and no more; scientific notation for very large or very small magnitudes.
    case automatic
    /// Fractions shown as percentages: 0.95 → "95%", 0.995 → "99.5%".
    case percent
    /// Rounded to whole numbers (epochs, counts).
    case integer
    /// Each value on its own: plain decimals from 0.01 up to 1000 ("0.01", "0.5", "20"), other magnitudes
    /// as powers of ten with a superscript exponent ("10⁻³", "5×10⁻⁴"); for log axes and tiny values
    /// such as learning rates, where a shared number of decimals would give "0.0000" and "0.0005".
    case powersOfTen
    /// Any caller-supplied formatting.
    case custom((Double) -> String)
}

/// Formats tick values without floating point noise (0.1, never 0.1000000001).
enum TickLabelFormatter {
    /// Largest number of decimals ever printed; beyond this a value is noise, not data.
    static let maximumDecimals = 10

    /// Labels for `ticks`, sharing one number of decimals so a column of labels lines up.
    static func labels(for ticks: [Double], format: AxisValueFormat) -> [String] {
        switch format {
        case .automatic:
            return decimalLabels(ticks)
        case .percent:
            return decimalLabels(ticks.map { $0 * 100 }).map { $0 + "%" }
        case .integer:
            return ticks.map { value in
                guard value.isFinite else { return String(value) }
                let rounded = value.rounded()
                return abs(rounded) < 1e15 ? String(Int(rounded)) : scientific(rounded)
            }
        case .powersOfTen:
            return ticks.map(powerOfTenLabel)
        case .custom(let formatter):
            return ticks.map(formatter)
        }
    }

    /// Magnitudes written as plain decimals by `.powersOfTen`; 0.01 still reads at a glance, 0.001 less so.
    static let plainDecimalMagnitudes = 0.01..<1000.0

    /// "0.01", "0.5", "10⁻³", "5×10⁻⁴": see `AxisValueFormat.powersOfTen`.
    static func powerOfTenLabel(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        guard value != 0 else { return "0" }
        if plainDecimalMagnitudes.contains(abs(value)) {
            return fixed(value, decimals: min(decimalsNeeded(for: value), 6))
        }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        if abs(mantissa) >= 9.9999999995 {
            exponent += 1
            mantissa /= 10
        }
        let power = "10" + superscript(exponent)
        let mantissaText = fixed(mantissa, decimals: min(decimalsNeeded(for: mantissa), 3))
        switch mantissaText {
        case "1": return power
        case "-1": return "-" + power
        default: return mantissaText + "×" + power
        }
    }

    /// An integer in superscript digits, e.g. -3 → "⁻³" (DejaVu Sans has all of these glyphs).
    static func superscript(_ number: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶",
                                              "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(number).map { digits[$0] ?? $0 })
    }

    /// One value formatted the way `labels` would format it on its own.
    static func label(for value: Double, format: AxisValueFormat) -> String {
        labels(for: [value], format: format).first ?? ""
    }

    /// The fewest decimals that show `value` exactly, ignoring float noise below one millionth of the last digit.
    static func decimalsNeeded(for value: Double) -> Int {
        guard value.isFinite else { return 0 }
        for decimals in 0...maximumDecimals {
            let scaled = abs(value) * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 { return decimals }
        }
        return maximumDecimals
    }

    private static func decimalLabels(_ values: [Double]) -> [String] {
        let finite = values.filter { $0.isFinite }
        let largest = finite.map { abs($0) }.max() ?? 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) {
            return values.map(scientific)
        }
        let decimals = finite.map(decimalsNeeded).max() ?? 0
        return values.map { fixed($0, decimals: decimals) }
    }

    private static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        let text = String(format: "%.\(decimals)f", value)
        // Rounding can leave "-0" or "-0.00"; a sign on zero is noise.
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// "2.5e-7" style: the shortest mantissa that is exact, no padded exponent.
    private static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        guard value != 0 else { return "0" }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        // log10 can land one below for exact powers of ten after rounding.
        if abs(mantissa) >= 9.9999999995 {
            exponent += 1
            mantissa /= 10
        }
        let decimals = min(decimalsNeeded(for: mantissa), 6)
        return fixed(mantissa, decimals: decimals) + "e" + String(exponent)
    }
}
