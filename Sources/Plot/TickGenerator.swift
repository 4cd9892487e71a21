import Foundation

/// Chooses "nice" tick positions: multiples of 1, 2 or 5 times a power of ten.
enum TickGenerator {
    /// The tick count aimed for; 4 to 8 ticks read well on a ~400-point axis.
    static let preferredCount = 6
    /// The tick counts chosen whenever some 1-2-5 step gives one.
    static let acceptableCounts = 4...8
    /// Every range gets a count in here: when no step gives 4 to 8 ticks inside the range
    /// (the 2 → 5 jump can go from 9 ticks straight to 3), the denser choice wins, because
    /// an axis with three labels is hard to read values from.
    static let possibleCounts = 4...10

    /// Tick values inside `lower...upper` with a 1-2-5 step: 4 to 8 of them when possible, never fewer than 4 or more than 10.
    ///
    /// A zero-width range (a constant series) is widened first, exactly as
    /// `AxisDomain.padded` widens it, so a constant still gets several ticks.
    /// Values are built as integer × step so they carry no accumulated float noise.
    /// `maximumCount` caps the count for a short axis (a thin panel), where even four labels would touch;
    /// the cap wins over the preferred window. Returns an empty array for non-finite input.
    static func ticks(lower: Double, upper: Double, maximumCount: Int = .max) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let (low, high) = AxisDomain.widenedIfDegenerate(lower: min(lower, upper), upper: max(lower, upper))
        let span = high - low
        guard span.isFinite, span > 0 else { return [] }

        let magnitude = Int(floor(log10(span)))
        var best: (step: NiceStep, count: Int)?
        func score(_ count: Int) -> (Int, Int) {
            // Counts inside the acceptable window beat the fallback window, which beats everything else;
            // within a window, closeness to the preferred count decides.
            guard count <= maximumCount else { return (3, count) }
            let window = acceptableCounts.contains(count) ? 0 : (possibleCounts.contains(count) ? 1 : 2)
            return (window, abs(count - preferredCount))
        }
        for exponent in (magnitude - 2)...(magnitude + 1) {
            for mantissa in [1, 2, 5] {
                let step = NiceStep(mantissa: mantissa, exponent: exponent)
                guard let range = step.indexRange(lower: low, upper: high) else { continue }
                let count = range.count
                if let current = best {
                    let (window, distance) = score(count)
                    let (bestWindow, bestDistance) = score(current.count)
                    // Ties go to the larger step: fewer labels crowd less.
                    if (window, distance) <= (bestWindow, bestDistance) { best = (step, count) }
                } else {
                    best = (step, count)
                }
            }
        }
        guard let chosen = best, let indices = chosen.step.indexRange(lower: low, upper: high) else { return [] }
        return indices.map { chosen.step.value(at: $0) }
    }

    /// Labelling every epoch stays readable up to this many: one- and two-digit labels are narrow.
    static let maximumEveryEpochLabels = 10

    /// Epoch numbers to label on an axis running from epoch 1 to `lastEpoch`: every multiple of one
    /// regular step (1, 2, 5, 10, 20, 50, …), chosen like `ticks`: 4 to 8 labels when a step gives that,
    /// else the denser choice with at most 10, so labels neither crowd nor thin out to three.
    ///
    /// Every epoch up to ten epochs (1, 2, …, 10); beyond that e.g. 2, 4, …, 12 or 50, 100, 150, 200.
    /// A regular step lets a reader interpolate between labels, which an extra label at epoch 1 would
    /// spoil (1, 2, 4, 6 reads as uneven). Returns an empty array when `lastEpoch` is below 1.
    static func epochTicks(lastEpoch: Int) -> [Int] {
        guard lastEpoch >= 1 else { return [] }
        if lastEpoch <= maximumEveryEpochLabels { return Array(1...lastEpoch) }
        var previous: Int?
        var exponent = 0
        while true {
            for mantissa in [1, 2, 5] {
                let (step, overflow) = NiceStep.integerStep(mantissa: mantissa, exponent: exponent)
                if overflow { return [lastEpoch] }
                // Step 1 would label every epoch, which is exactly what lastEpoch > 10 rules out.
                guard step >= 2 else { continue }
                let count = lastEpoch / step
                if count <= acceptableCounts.upperBound {
                    // The 2 → 5 jump can go from 9 labels straight to 3; then the denser step reads better.
                    if count < acceptableCounts.lowerBound, let previous, lastEpoch / previous <= possibleCounts.upperBound {
                        return Array(stride(from: previous, through: lastEpoch, by: previous))
                    }
                    return Array(stride(from: step, through: lastEpoch, by: step))
                }
                previous = step
            }
            exponent += 1
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
        let inRange = { (value: Double) in value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) }
        if last - first + 1 >= 3 {
            let decades = last - first + 1
            let limit = max(1, maximumCount)
            let stride = decades <= limit ? 1 : (decades + limit - 1) / limit
            // Multiples of the stride, so 10⁻⁶, 10⁻⁴, 10⁻², 1 rather than labels at odd places.
            let exponents = (first...last).filter { $0 % stride == 0 }
            return exponents.map { NiceStep(mantissa: 1, exponent: $0).value(at: 1) }
        }
        var ticks: [Double] = []
        for exponent in (first - 1)...last {
            for mantissa in [1, 2, 5] {
                let value = NiceStep(mantissa: mantissa, exponent: exponent).value(at: 1)
                if inRange(value) { ticks.append(value) }
            }
        }
        if ticks.count > maximumCount {
            ticks = ticks.filter { NiceStep.isPowerOfTen($0) }
        }
        return ticks.count >= 2 ? ticks : Self.ticks(lower: lower, upper: upper, maximumCount: maximumCount)
    }

    /// Unlabelled marks at 2×, 3×, …, 9× each power of ten inside `lower...upper` (both positive), so values
    /// can be read off between the labelled decades; values in `labelled` are left out. Whether the axis is long
    /// enough for them is the caller's decision.
    static func logMinorTicks(lower: Double, upper: Double, labelled: [Double]) -> [Double] {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return [] }
        let first = Int(log10(lower).rounded(.down))
        let last = Int(log10(upper).rounded(.up))
        guard last - first <= 40 else { return [] }
        var minor: [Double] = []
        for exponent in first...last {
            for mantissa in 2...9 {
                let value = NiceStep(mantissa: mantissa, exponent: exponent).value(at: 1)
                if value >= lower && value <= upper && !labelled.contains(where: { abs($0 - value) <= value * 1e-9 }) {
                    minor.append(value)
                }
            }
        }
        return minor
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

    /// Whether `value` is an exact power of ten (as `value(at:)` builds them).
    static func isPowerOfTen(_ value: Double) -> Bool {
        guard value > 0, value.isFinite else { return false }
        let exponent = Int(log10(value).rounded())
        return value == NiceStep(mantissa: 1, exponent: exponent).value(at: 1)
    }

    static func integerStep(mantissa: Int, exponent: Int) -> (Int, overflow: Bool) {
        var step = mantissa
        for _ in 0..<exponent {
            let (next, overflow) = step.multipliedReportingOverflow(by: 10)
            if overflow { return (0, true) }
            step = next
        }
        return (step, false)
    }
}
