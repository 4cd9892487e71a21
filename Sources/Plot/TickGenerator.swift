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
    /// Returns an empty array for non-finite input.
    static func ticks(lower: Double, upper: Double) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let (low, high) = AxisDomain.widenedIfDegenerate(lower: min(lower, upper), upper: max(lower, upper))
        let span = high - low
        guard span.isFinite, span > 0 else { return [] }

        let magnitude = Int(floor(log10(span)))
        var best: (step: NiceStep, count: Int)?
        func score(_ count: Int) -> (Int, Int) {
            // Counts inside the acceptable window beat the fallback window, which beats everything else;
            // within a window, closeness to the preferred count decides.
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

    /// Epoch numbers to label on an axis running from epoch 1 to `lastEpoch`.
    ///
    /// Up to ten epochs every epoch is labelled; beyond that the first epoch
    /// plus multiples of a 1-2-5 step (e.g. 1, 50, 100, 150, 200), at most eight labels.
    /// Returns an empty array when `lastEpoch` is below 1.
    static func epochTicks(lastEpoch: Int) -> [Int] {
        guard lastEpoch >= 1 else { return [] }
        if lastEpoch <= 10 { return Array(1...lastEpoch) }
        var exponent = 0
        while true {
            for mantissa in [1, 2, 5] {
                let (step, overflow) = NiceStep.integerStep(mantissa: mantissa, exponent: exponent)
                if overflow { return [1, lastEpoch] }
                // Step 1 would label every epoch, which is exactly what lastEpoch > 10 rules out.
                guard step >= 2 else { continue }
                if lastEpoch / step + 1 <= acceptableCounts.upperBound {
                    return [1] + Array(stride(from: step, through: lastEpoch, by: step))
                }
            }
            exponent += 1
        }
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
