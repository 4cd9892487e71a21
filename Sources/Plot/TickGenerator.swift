import Foundation

/// Chooses "nice" tick positions: multiples of 1, 2 or 5 times a power of ten.
enum TickGenerator {
    /// 4 to 8 ticks read well on a panel's axis. When no step gives that (the 2 → 5 jump can go from 9 ticks
    /// straight to 3), the denser choice wins, because an axis with three labels is hard to read values from.
    static let preferredCount = 6
    static let acceptableCounts = 4...8
    static let possibleCounts = 4...10

    /// Tick values inside `lower...upper` with a 1-2-5 step: 4 to 8 of them when possible, never fewer than 4 or more
    /// than 10; `maximumCount` caps the count for a short axis, where even four labels would touch. A zero-width range
    /// (a constant series) is widened first, so a constant still gets several ticks. Empty for non-finite input.
    static func ticks(lower: Double, upper: Double, maximumCount: Int = .max) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let (low, high) = widenedIfDegenerate(lower: min(lower, upper), upper: max(lower, upper))
        guard (high - low).isFinite, high - low > 0 else { return [] }
        // The cap first, then the acceptable window, then the fallback one; within a window, closeness to the preferred count.
        func score(_ count: Int) -> (Int, Int) {
            guard count <= maximumCount else { return (3, count) }
            return (acceptableCounts.contains(count) ? 0 : possibleCounts.contains(count) ? 1 : 2, abs(count - preferredCount))
        }
        let magnitude = Int(floor(log10(high - low)))
        var best: (mantissa: Int, exponent: Int, indices: ClosedRange<Int>)?
        for exponent in (magnitude - 2)...(magnitude + 1) {
            for mantissa in [1, 2, 5] {
                guard let indices = indexRange(mantissa: mantissa, exponent: exponent, lower: low, upper: high) else { continue }
                // Ties go to the larger step: fewer labels crowd less.
                if best.map({ score(indices.count) <= score($0.indices.count) }) ?? true { best = (mantissa, exponent, indices) }
            }
        }
        guard let best else { return [] }
        return best.indices.map { value($0 * best.mantissa, exponent: best.exponent) }
    }

    /// Widens a range narrower than floating point can resolve into one ticks can be placed on:
    /// by 10% of its magnitude, or by 1 around zero.
    static func widenedIfDegenerate(lower: Double, upper: Double) -> (Double, Double) {
        guard upper - lower <= max(abs(lower), abs(upper)) * 1e-12 else { return (lower, upper) }
        let center = (lower + upper) / 2
        let halfWidth = center == 0 ? 1 : abs(center) * 0.1
        return (center - halfWidth, center + halfWidth)
    }

    /// Epoch numbers to label on an axis from epoch 1 to `lastEpoch`: every epoch up to twelve (one- and two-digit labels
    /// are narrow, and a reader finds each epoch of a usual run without counting), beyond that every multiple of one regular step (2, 5, 10, 20, …), chosen like `ticks`. A regular step
    /// lets a reader interpolate between labels, which an extra label at epoch 1 would spoil (1, 2, 4, 6 reads as uneven).
    static func epochTicks(lastEpoch: Int) -> [Int] {
        guard lastEpoch > 12 else { return lastEpoch >= 1 ? Array(1...lastEpoch) : [] }
        var previous: Int?
        var power = 1
        while true {
            for step in [2 * power, 5 * power, 10 * power] {
                let count = lastEpoch / step
                if count <= acceptableCounts.upperBound {
                    if count < acceptableCounts.lowerBound, let previous, lastEpoch / previous <= possibleCounts.upperBound {
                        return Array(stride(from: previous, through: lastEpoch, by: previous))
                    }
                    return Array(stride(from: step, through: lastEpoch, by: step))
                }
                previous = step
            }
            power *= 10
        }
    }

    /// Ticks for a logarithmic axis over `lower...upper` (both positive): the powers of ten inside it, every one or
    /// every few so there are at most `maximumCount`; a range holding fewer than three powers of ten also gets the
    /// 2× and 5× values, so a short log axis still has several labels. Falls back to linear 1-2-5 ticks when that
    /// still gives fewer than two, and to none for a range that is not positive and finite.
    static func logTicks(lower: Double, upper: Double, maximumCount: Int = .max) -> [Double] {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return [] }
        // A hair of tolerance so a bound sitting exactly on a power of ten keeps that tick.
        let first = Int((log10(lower) - 1e-9).rounded(.up))
        let last = Int((log10(upper) + 1e-9).rounded(.down))
        let decades = last - first + 1
        if decades >= 3 {
            let stride = decades <= max(1, maximumCount) ? 1 : (decades + max(1, maximumCount) - 1) / max(1, maximumCount)
            // Multiples of the stride, so 10⁻⁶, 10⁻⁴, 10⁻², 1 rather than labels at odd places.
            return (first...last).filter { $0 % stride == 0 }.map { value(1, exponent: $0) }
        }
        let candidates: [Double] = ((first - 1)...last).flatMap { exponent in [1, 2, 5].map { value($0, exponent: exponent) } }
        var ticks = candidates.filter { $0 >= lower * (1 - 1e-9) && $0 <= upper * (1 + 1e-9) }
        if ticks.count > maximumCount {
            ticks = ticks.filter { $0 == value(1, exponent: Int(log10($0).rounded())) }
        }
        return ticks.count >= 2 ? ticks : Self.ticks(lower: lower, upper: upper, maximumCount: maximumCount)
    }

    /// Unlabelled marks at 2×, 3×, …, 9× each power of ten inside `lower...upper` (both positive), so values
    /// can be read off between the labelled decades; values in `labelled` are left out.
    static func logMinorTicks(lower: Double, upper: Double, labelled: [Double]) -> [Double] {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return [] }
        let first = Int(log10(lower).rounded(.down))
        let last = Int(log10(upper).rounded(.up))
        guard last - first <= 40 else { return [] }
        let candidates: [Double] = (first...last).flatMap { exponent in (2...9).map { value($0, exponent: exponent) } }
        return candidates.filter { value in value >= lower && value <= upper && !labelled.contains { abs($0 - value) <= value * 1e-9 } }
    }

    /// The i with i × mantissa × 10^exponent inside lower...upper, tolerating rounding at the ends.
    private static func indexRange(mantissa: Int, exponent: Int, lower: Double, upper: Double) -> ClosedRange<Int>? {
        guard abs(exponent) < 300 else { return nil }
        let step = Double(mantissa) * pow(10, Double(exponent))
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first.isFinite, last.isFinite, abs(first) < 1e15, abs(last) < 1e15, first <= last else { return nil }
        return Int(first)...Int(last)
    }

    /// `multiple` × 10^exponent. Dividing by an exact power of ten yields the double closest to the decimal, so
    /// 3 × 0.1 prints as 0.3; never -0.
    private static func value(_ multiple: Int, exponent: Int) -> Double {
        let value = exponent >= 0 ? Double(multiple) * pow(10, Double(exponent)) : Double(multiple) / pow(10, Double(-exponent))
        return value == 0 ? 0 : value
    }
}
