/// `exp`, `log` and `cos` computed the same way on every machine. The C library picks among several
/// implementations of these at run time (with or without FMA, per CPU family), whose last bits may
/// differ; a different bit in one softmax or learning rate would change every weight after it. These
/// use only IEEE additions, multiplications and divisions in a fixed order (Swift does not fuse them)
/// and exact operations (rounding to an integer, splitting and scaling by powers of two), in Double,
/// and round once to the result type: within two ulps of the C library's values (the tests' bound),
/// and bit-for-bit the same everywhere.
public enum PortableMath {
    private static let ln2High = 0x1.62e42fee00000p-1   // ln 2, upper bits (exact times small integers)
    private static let ln2Low = 0x1.a39ef35793c76p-33   // ln 2 − ln2High
    private static let log2e = 0x1.71547652b82fep0

    /// e^x, correctly handling overflow (∞) and underflow (0).
    public static func exp(_ x: Float) -> Float {
        if x.isNaN { return x }
        if x > 89 { return .infinity }
        if x < -104 { return 0 }
        let value = Double(x)
        // x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^x = 2^n · e^r.
        let n = (value * log2e).rounded()
        let r = (value - n * ln2High) - n * ln2Low
        // Taylor series of e^r to r^13 / 13!, nested as 1 + r(1 + r/2(1 + r/3(…))): the remainder is
        // below 2^-60 for |r| ≤ 0.35.
        var series = 1.0
        var index = 13.0
        while index >= 1 {
            series = 1 + r / index * series
            index -= 1
        }
        return Float(Double(sign: .plus, exponent: Int(n), significand: series))
    }

    /// ln x for x > 0 (−∞ at 0, NaN below).
    public static func log(_ x: Float) -> Float {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        // x = m · 2^e with m in [√½, √2): ln x = e·ln 2 + ln m.
        var exponent = Int(Double(x).exponent)
        var value = Double(x).significand   // [1, 2)
        if value > 1.4142135623730951 {
            value /= 2
            exponent += 1
        }
        // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: the series to s^25 is exact to 2^-60.
        let s = (value - 1) / (value + 1), s2 = s * s
        var series = 1.0 / 25
        var denominator = 23.0
        while denominator >= 1 {
            series = series * s2 + 1 / denominator
            denominator -= 2
        }
        let e = Double(exponent)
        return Float((e * ln2High + (2 * s * series)) + e * ln2Low)
    }

    /// cos x for a Double (used for learning-rate schedules, |x| ≤ a few π).
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        // Reduce to [0, π] with the symmetries of cos, then to [0, π/2] with cos(π − y) = −cos y.
        var y = abs(x)
        let twoPi = 2 * Double.pi
        if y > twoPi { y -= (y / twoPi).rounded(.down) * twoPi }
        if y > Double.pi { y = twoPi - y }
        var sign = 1.0
        if y > Double.pi / 2 {
            y = Double.pi - y
            sign = -1
        }
        // Taylor series of cos to y^28 / 28!, below 2^-60 for y ≤ π/2.
        let y2 = y * y
        var series = 1.0
        var index = 28.0
        while index >= 2 {
            series = 1 - y2 / (index * (index - 1)) * series
            index -= 2
        }
        return sign * series
    }
}
