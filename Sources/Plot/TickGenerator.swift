import Foundation

/// Chooses "nice" tick positions: multiples of 1, 2 or 5 times a power of ten.
enum TickGenerator {
    /// The tick count aimed for; 4 to 8 ticks read well on a panel's axis.
    static let preferredCount = 6
    /// The tick counts chosen whenever some 1-2-5 step gives one.
    static let acceptableCounts = 4...8
    /// When no step gives 4 to 8 ticks (the 2 → 5 jump can go from 9 ticks straight to 3), the denser
    /// choice wins, because an axis with three labels is hard to read values from.
    static let possibleCounts = 4...10

    /// Tick values inside `lower...upper` with a 1-2-5 step: 4 to 8 of them when possible, never fewer than 4 or more than 10.
    ///
    /// A zero-width range (a constant series) is widened first, so a constant still gets several ticks.
    /// Values are built as integer × step so they carry no accumulated float noise.
    /// `maximumCount` caps the count for a short axis (a thin panel), where even four labels would touch;
    /// the cap wins over the preferred window. Returns an empty array for non-finite input.
    static func ticks(lower: Double, upper: Double, maximumCount: Int = .max) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let (low, high) = widenedIfDegenerate(lower: min(lower, upper), upper: max(lower, upper))
        let span = high - low
        guard span.isFinite, span > 0 else { return [] }
        // Counts inside the acceptable window beat the fallback window, which beats everything else;
        // within a window, closeness to the preferred count decides.
        func score(_ count: Int) -> (Int, Int) {
            guard count <= maximumCount else { return (3, count) }
            return (acceptableCounts.contains(count) ? 0 : (possibleCounts.contains(count) ? 1 : 2), abs(count - preferredCount))
        }
        let magnitude = Int(floor(log10(span)))
        var best: (step: NiceStep, indices: ClosedRange<Int>)?
        for exponent in (magnitude - 2)...(magnitude + 1) {
            for mantissa in [1, 2, 5] {
                let step = NiceStep(mantissa: mantissa, exponent: exponent)
                guard let indices = step.indexRange(lower: low, upper: high) else { continue }
                // Ties go to the larger step: fewer labels crowd less.
                if best.map({ score(indices.count) <= score($0.indices.count) }) ?? true { best = (step, indices) }
            }
        }
        guard let best else { return [] }
        return best.indices.map { best.step.value(at: $0) }
    }

    /// Widens a range narrower than floating point can resolve into one ticks can be placed on:
    /// by 10% of its magnitude, or by 1 around zero.
    static func widenedIfDegenerate(lower: Double, upper: Double) -> (Double, Double) {
        let magnitude = max(abs(lower), abs(upper))
        guard upper - lower <= magnitude * 1e-12 else { return (lower, upper) }
        let center = (lower + upper) / 2
        let halfWidth = center == 0 ? 1 : abs(center) * 0.1
        return (center - halfWidth, center + halfWidth)
    }

    /// Labelling every epoch stays readable up to this many: one- and two-digit labels are narrow.
    static let maximumEveryEpochLabels = 10

    /// Epoch numbers to label on an axis running from epoch 1 to `lastEpoch`: every multiple of one
    /// regular step (1, 2, 5, 10, 20, 50, …), chosen like `ticks`: 4 to 8 labels when a step gives that,
    /// else the denser choice with at most 10, so labels neither crowd nor thin out to three.
    ///
    /// A regular step lets a reader interpolate between labels, which an extra label at epoch 1 would
    /// spoil (1, 2, 4, 6 reads as uneven). Returns an empty array when `lastEpoch` is below 1.
    static func epochTicks(lastEpoch: Int) -> [Int] {
        guard lastEpoch >= 1 else { return [] }
        if lastEpoch <= maximumEveryEpochLabels { return Array(1...lastEpoch) }
        // Steps 2, 5, 10, 20, 50, …: step 1 would label every epoch, which is exactly what lastEpoch > 10 rules out.
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

    /// Ticks for a logarithmic axis over `lower...upper` (both positive): the powers of ten inside it,
    /// every one or every few so there are at most `maximumCount`; a range holding fewer than three
    /// powers of ten also gets the 2× and 5× values, so a short log axis still has several labels.
    /// Falls back to linear 1-2-5 ticks when that still gives fewer than two, and to none for a range
    /// that is not positive and finite.
    static func logTicks(lower: Double, upper: Double, maximumCount: Int = .max) -> [Double] {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return [] }
        // A hair of tolerance so a bound sitting exactly on a power of ten keeps that tick.
        let first = Int((log10(lower) - 1e-9).rounded(.up))
        let last = Int((log10(upper) + 1e-9).rounded(.down))
        if last - first + 1 >= 3 {
            let decades = last - first + 1
            let limit = max(1, maximumCount)
            let stride = decades <= limit ? 1 : (decades + limit - 1) / limit
            // Multiples of the stride, so 10⁻⁶, 10⁻⁴, 10⁻², 1 rather than labels at odd places.
            return (first...last).filter { $0 % stride == 0 }.map { NiceStep(mantissa: 1, exponent: $0).value(at: 1) }
        }
        let candidates: [Double] = ((first - 1)...last).flatMap { exponent in
            [1, 2, 5].map { NiceStep(mantissa: $0, exponent: exponent).value(at: 1) }
        }
        var ticks = candidates.filter { value in value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) }
        if ticks.count > maximumCount {
            ticks = ticks.filter { $0 == NiceStep(mantissa: 1, exponent: Int(log10($0).rounded())).value(at: 1) }
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
        let candidates: [Double] = (first...last).flatMap { exponent in
            (2...9).map { NiceStep(mantissa: $0, exponent: exponent).value(at: 1) }
        }
        return candidates.filter { value in value >= lower && value <= upper && !labelled.contains { abs($0 - value) <= value * 1e-9 } }
    }
}

/// A step of `mantissa × 10^exponent`, kept symbolic so tick values can be computed exactly.
struct NiceStep {
    let mantissa: Int
    let exponent: Int

    /// Integer indices i with i × step inside lower...upper, tolerating rounding at the ends.
    func indexRange(lower: Double, upper: Double) -> ClosedRange<Int>? {
        guard abs(exponent) < 300 else { return nil }
        let step = Double(mantissa) * pow(10, Double(exponent))
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first.isFinite, last.isFinite, abs(first) < 1e15, abs(last) < 1e15, first <= last else { return nil }
        return Int(first)...Int(last)
    }

    /// Dividing by an exact power of ten yields the double closest to the decimal, so 3 × 0.1 prints as 0.3.
    func value(at index: Int) -> Double {
        let numerator = Double(index * mantissa)
        let value = exponent >= 0 ? numerator * pow(10, Double(exponent)) : numerator / pow(10, Double(-exponent))
        return value == 0 ? 0 : value  // never -0
    }
}
