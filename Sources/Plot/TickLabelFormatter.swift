import Foundation

/// Writes tick values without floating point noise (0.1, never 0.1000000001).
enum TickLabelFormatter {
    /// Largest number of decimals ever printed; beyond this a value is noise, not data.
    static let maximumDecimals = 10
    /// 0.01 still reads at a glance, 0.001 less so.
    static let plainDecimalMagnitudes = 0.01..<1000.0

    /// Fractions as percentages sharing one number of decimals, so a column of labels lines up: "98.5%", "99.0%".
    static func percentLabels(_ ticks: [Double]) -> [String] {
        let decimals = ticks.map { decimalsNeeded(for: $0 * 100) }.max() ?? 0
        return ticks.map { String(format: "%.\(decimals)f%%", $0 * 100) }
    }

    /// Fractions spanning decades (a log axis of error rates) as percentages, each with the decimals it needs: "10%", "1%",
    /// "0.1%", "0.001%"; a shared number of decimals would print "10.000%".
    static func percentOfDecadesLabels(_ ticks: [Double]) -> [String] {
        ticks.map { value in
            let percent = value * 100
            return String(format: "%.\(min(decimalsNeeded(for: percent), 6))f%%", percent)
        }
    }

    /// Plain decimals sharing one number of decimals, for a linear axis of ordinary magnitudes: "0.030", "0.035",
    /// "0.040"; a true minus sign.
    static func decimalLabels(_ ticks: [Double]) -> [String] {
        let decimals = min(ticks.map { decimalsNeeded(for: $0) }.max() ?? 0, 6)
        return ticks.map { String(format: "%.\(decimals)f", $0).replacingOccurrences(of: "-", with: "−") }
    }

    /// One notation per axis: plain decimals when every tick lies from 0.01 up to 1000 ("0.01", "0.5", "20"), else
    /// every tick but zero as a power of ten with a superscript exponent ("10⁻³", "5×10⁻⁴", "10⁰"); for log axes and
    /// tiny values such as learning rates, where a shared number of decimals would give "0.0000" and "0.0005".
    static func powerOfTenLabels(_ ticks: [Double]) -> [String] {
        let plain = ticks.allSatisfy { $0 == 0 || plainDecimalMagnitudes.contains(abs($0)) }
        return ticks.map { value in
            guard value != 0 else { return "0" }
            if plain {
                // A true minus sign, as the exponents have one.
                return String(format: "%.\(min(decimalsNeeded(for: value), 6))f", value).replacingOccurrences(of: "-", with: "−")
            }
            var exponent = Int(floor(log10(abs(value))))
            var mantissa = value / pow(10, Double(exponent))
            // log10 can land one below for exact powers of ten after rounding.
            if abs(mantissa) >= 9.9999999995 {
                exponent += 1
                mantissa /= 10
            }
            let power = powerOfTen(exponent)
            let mantissaText = String(format: "%.\(min(decimalsNeeded(for: mantissa), 3))f", mantissa)
            return mantissaText == "1" ? power : mantissaText + "×" + power
        }
    }

    /// `10⁻³`: ten to `exponent`, the exponent in superscript digits.
    static func powerOfTen(_ exponent: Int) -> String {
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶",
                                                    "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// The exponent that brings the largest of `values` into 1..<10, for an axis labelled in units of its power of ten
    /// (`rate (×10⁻³)` over 0, 0.5, 1.0); 0 without a positive value.
    static func unitExponent(_ values: [Double]) -> Int {
        guard let largest = values.filter({ $0.isFinite && $0 > 0 }).max() else { return 0 }
        return Int(floor(log10(largest)))
    }

    /// Ticks in units of 10^`exponent`, sharing their decimals: `0`, `0.5`, `1.0` for 0, 5e-4 and 1e-3 in units of 10⁻³.
    static func labels(inUnitsOf exponent: Int) -> ([Double]) -> [String] {
        { ticks in decimalLabels(ticks.map { $0 / pow(10, Double(exponent)) }) }
    }

    /// The fewest decimals that show `value` exactly, ignoring float noise below one millionth of the last digit.
    static func decimalsNeeded(for value: Double) -> Int {
        (0...maximumDecimals).first { decimals in
            let scaled = abs(value) * pow(10, Double(decimals))
            return abs(scaled - scaled.rounded()) < 1e-6
        } ?? maximumDecimals
    }
}
