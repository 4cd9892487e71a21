import Foundation

/// Number formats of the write-up.
enum Format {
    /// A loss: 4 decimals, or scientific notation under 0.001 where 4 decimals would hide it.
    static func loss(_ value: Double) -> String {
        value != 0 && abs(value) < 0.001 && value.isFinite ? scientific(value) : PythonFormat.fixed(value, decimals: 4)
    }

    /// `6.0e-05` (printf's %e rounds correctly, so every machine prints the same digits).
    static func scientific(_ value: Double) -> String { String(format: "%.1e", value) }

    /// A fraction as a percentage with two decimals, never rounded up to 100.00% unless it is 1
    /// (nor down to 0.00% unless it is 0): more decimals are shown until the difference is visible.
    static func percent(_ fraction: Double) -> String {
        let percentValue = fraction * 100
        for decimals in 2...6 {
            let text = PythonFormat.fixed(percentValue, decimals: decimals)
            let roundsToFull = Double(text) == 100 && fraction < 1
            let roundsToZero = Double(text) == 0 && fraction > 0
            if !roundsToFull && !roundsToZero { return text + "%" }
        }
        return (fraction < 1 ? "> 99.999999" : "< 0.000001") + "%"
    }

    /// A relative change: `4.5%`.
    static func relative(_ value: Double) -> String { PythonFormat.fixed(value * 100, decimals: 1) + "%" }

    /// A signed change of loss: `+0.0061`, `−0.0026`.
    static func signedLoss(_ value: Double) -> String { (value < 0 ? "−" : "+") + loss(abs(value)) }

    /// A signed relative change: `+4.5%`, `−1.2%`.
    static func signedRelative(_ value: Double) -> String { (value < 0 ? "−" : "+") + relative(abs(value)) }

    /// A difference of fractions in percentage points: `0.85 points`.
    static func points(_ value: Double) -> String { PythonFormat.fixed(abs(value) * 100) + " points" }

    /// `+0.04`: a signed difference of fractions in points, without the unit.
    static func signedNumber(_ value: Double) -> String { (value < 0 ? "−" : "+") + PythonFormat.fixed(abs(value) * 100) }

    /// `93%`: a share rounded to a whole percent.
    static func percentRounded(_ value: Double) -> String { PythonFormat.fixed(value * 100, decimals: 0) + "%" }

    /// A probability with two significant digits: `0.00014`, `0.34`, `0.050`; below 10⁻⁴ in exponent notation, `6.2e-06`.
    static func probability(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return PythonFormat.fixed(value, decimals: 2) }
        // Below 10⁻⁴ a row of zeros hides the digits that matter.
        if value < 0.0001 { return scientific(value) }
        let decimals = max(2, min(12, 1 - Int(log10(value).rounded(.down))))
        return PythonFormat.fixed(value, decimals: decimals)
    }

    /// A sign-flip test's p to the digits its random patterns support (the last one about its Monte Carlo standard
    /// error, √(p(1 − p)/n)): `0.30`, `0.035`, `0.009`; `≤ 0.0001` when no pattern reached the observed change.
    static func signFlip(_ value: Double) -> String {
        let patterns = Double(PairedEpochChange.signFlips + 1)
        guard value > 1 / patterns else { return "≤ \(PythonFormat.fixed(1 / patterns, decimals: 4))" }
        let standardError = (value * (1 - value) / patterns).squareRoot()
        let decimals = standardError > 0 ? max(2, Int((-log10(standardError)).rounded())) : 2
        return PythonFormat.fixed(value, decimals: decimals)
    }

    /// `+0.04 points`.
    static func signedPoints(_ value: Double) -> String { (value < 0 ? "−" : "+") + points(value) }

    /// Three decimals, or scientific notation under 0.001.
    static func pValue(_ value: Double) -> String { value < 0.001 ? scientific(value) : PythonFormat.fixed(value, decimals: 3) }

    /// `24.1 s`, `2 min 14 s`.
    static func seconds(_ value: Double) -> String {
        value >= 60 ? "\(Int(value) / 60) min \(PythonFormat.fixed(value.truncatingRemainder(dividingBy: 60), decimals: 0)) s"
            : PythonFormat.fixed(value, decimals: 1) + " s"
    }

    /// A rounded whole number with thousands separators: `22,430` (for throughputs, never truncated).
    static func rounded(_ value: Double) -> String { PythonFormat.grouped(Int(value.rounded())) }

    /// A ratio: `9.7×`, and from 10 on whole (`62×`, `531×`): a decimal more would claim more precision than a ratio of two
    /// noisy numbers has, and rounding a whole number further reads as a wrong number to a reader who checks it.
    static func ratio(_ value: Double) -> String {
        value >= 9.95 ? PythonFormat.grouped(Int(value.rounded())) + "×" : PythonFormat.fixed(value, decimals: 1) + "×"
    }

    /// `1, 2 and 3`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    static func list(_ items: [Int]) -> String { list(items.map(String.init)) }

    /// `4, 5 or 7`: the distinct items, in order of first appearance.
    static func alternatives(_ items: [String]) -> String {
        let distinct = items.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard distinct.count > 1 else { return distinct.first ?? "" }
        return distinct.dropLast().joined(separator: ", ") + " or " + (distinct.last ?? "")
    }
}
