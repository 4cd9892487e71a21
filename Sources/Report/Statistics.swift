import Training

/// The two tests the discussion rests on, computed with IEEE arithmetic only (no libm), so the report
/// prints the same digits on every machine.
public enum Statistics {
    /// z for a two-sided 95% interval.
    static let z95 = 1.959963984540054

    /// The Wilson score interval for `successes` out of `trials` at 95%: unlike p ± z·√(p(1−p)/n), it
    /// stays inside [0, 1] and is not degenerate near 100% (Wilson 1927; Brown, Cai & DasGupta 2001).
    public static func wilsonInterval(successes: Int, trials: Int) -> (lower: Double, upper: Double) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials), p = Double(successes) / n, z2 = z95 * z95
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z95 * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        // At 0 or n successes the bound is exactly 0 or 1; the formula leaves a rounding error there.
        return (successes == 0 ? 0 : max(0, centre - half), successes == trials ? 1 : min(1, centre + half))
    }

    /// The exact (binomial) McNemar test of paired predictions: `onlyFirst` images only the first
    /// classifier gets right, `onlySecond` only the second. Under "equally accurate" each of the
    /// n = onlyFirst + onlySecond discordant images is a fair coin, so the two-sided p-value is
    /// min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(n, ½); no discordant images give p = 1.
    public static func exactMcNemar(onlyFirst: Int, onlySecond: Int) -> Double {
        let n = onlyFirst + onlySecond
        guard n > 0 else { return 1 }
        let k = min(onlyFirst, onlySecond)
        // Σ_{i ≤ k} C(n, i), kept as mantissa · 2^scale so that neither C(n, i) nor 2^−n overflows.
        var term = 1.0, sum = 1.0, scale = 0
        if k > 0 {
            for i in 0..<k {
                term = term * Double(n - i) / Double(i + 1)
                sum += term
                if sum > 0x1p500 {
                    term *= 0x1p-500
                    sum *= 0x1p-500
                    scale += 500
                }
            }
        }
        let tail = scaled(sum, by: scale - n)
        return min(1, 2 * tail)
    }

    /// x · 2^exponent by exact halvings and doublings (underflows to 0 rather than rounding differently).
    static func scaled(_ x: Double, by exponent: Int) -> Double {
        var value = x, remaining = exponent
        while remaining < -500 { value *= 0x1p-500; remaining += 500 }
        while remaining > 500 { value *= 0x1p500; remaining -= 500 }
        return value * Double(sign: .plus, exponent: remaining, significand: 1)
    }

    /// The 97.5% quantile of Student's t with `degreesOfFreedom` degrees of freedom (a 95% two-sided
    /// interval), from the standard table; z beyond 30.
    public static func t975(degreesOfFreedom: Int) -> Double {
        t975(degreesOfFreedom: Double(degreesOfFreedom))
    }

    /// The same for a fractional count (Welch–Satterthwaite), interpolated linearly in 1/ν between
    /// the table's whole numbers, where the quantile is close to linear.
    public static func t975(degreesOfFreedom nu: Double) -> Double {
        let table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                     2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        guard nu >= 1, nu.isFinite else { return nu.isFinite ? .infinity : z95 }
        let low = Int(nu.rounded(.down))
        guard low < table.count else { return table[table.count - 1] + (z95 - table[table.count - 1]) * (1 - Double(table.count) / nu) }
        if Double(low) == nu { return table[low - 1] }
        let weight = (1 / Double(low) - 1 / nu) / (1 / Double(low) - 1 / Double(low + 1))
        return table[low - 1] + (table[low] - table[low - 1]) * weight
    }

    /// The z of two-sided intervals that hold 95% jointly over `tests` of them (Bonferroni): each at 1 − 0.05 / tests.
    public static func jointZ(tests: Int) -> Double {
        normalQuantile(1 - 0.025 / Double(max(1, tests)))
    }

    /// The standard normal quantile: the z with Φ(z) = `p` (0 < p < 1), by bisection on Φ; Φ from the Taylor
    /// series of erf, which is exact enough where the report needs it (|z| up to about 5).
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        guard p >= 0.5 else { return -normalQuantile(1 - p) }
        var (low, high) = (0.0, 6.0)
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if (1 + erf(middle / 2.0.squareRoot())) / 2 < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// erf(x) = 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)), summed until the terms stop mattering.
    static func erf(_ x: Double) -> Double {
        var term = x, sum = x, n = 0
        while n < 400 && abs(term) > 1e-17 * max(abs(sum), 1e-300) {
            n += 1
            term *= -x * x / Double(n)
            sum += term / Double(2 * n + 1)
        }
        return 2 / Double.pi.squareRoot() * sum
    }

    /// The binomial standard error √(p(1 − p)/n) of an accuracy `p` measured on `n` images.
    public static func binomialStandardError(_ p: Double, count n: Int) -> Double {
        n > 0 ? (p * (1 - p) / Double(n)).squareRoot() : 0
    }

    /// The mean of `values`; 0 for none.
    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }

    /// The mean of `values` with its 95% t interval, mean ± t·sd/√n; nil for fewer than two values.
    public static func meanInterval(_ values: [Double]) -> (mean: Double, lower: Double, upper: Double)? {
        guard let s = summary(values), s.count >= 2 else { return nil }
        let half = t975(degreesOfFreedom: s.count - 1) * s.standardDeviation / Double(s.count).squareRoot()
        return (s.mean, s.mean - half, s.mean + half)
    }

    /// The mean of `b` minus the mean of `a` with its 95% Welch t interval (unequal variances, Welch–Satterthwaite
    /// degrees of freedom); nil unless each has at least two values.
    public static func welchInterval(_ a: [Double], _ b: [Double]) -> (difference: Double, lower: Double, upper: Double)? {
        guard let sa = summary(a), let sb = summary(b), sa.count >= 2, sb.count >= 2 else { return nil }
        let va = sa.standardDeviation * sa.standardDeviation / Double(sa.count)
        let vb = sb.standardDeviation * sb.standardDeviation / Double(sb.count)
        let half = t975(degreesOfFreedom: welchDegrees(va, sa.count, vb, sb.count)) * (va + vb).squareRoot()
        return (sb.mean - sa.mean, sb.mean - sa.mean - half, sb.mean - sa.mean + half)
    }

    /// The Welch–Satterthwaite degrees of freedom of a difference of two means whose squared standard errors are
    /// `va` and `vb` from `na` and `nb` values; the pooled count when both are zero.
    static func welchDegrees(_ va: Double, _ na: Int, _ vb: Double, _ nb: Int) -> Double {
        va + vb > 0 ? (va + vb) * (va + vb) / (va * va / Double(na - 1) + vb * vb / Double(nb - 1)) : Double(na + nb - 2)
    }

    /// Mean, sample standard deviation (n − 1 in the denominator; 0 for one value), minimum and
    /// maximum, summed in the given order so that every machine prints the same digits.
    public struct Summary: Equatable, Sendable {
        public var count: Int
        public var mean: Double
        public var standardDeviation: Double
        public var minimum: Double
        public var maximum: Double
    }

    /// The summary of `values` (nil when there are none).
    public static func summary(_ values: [Double]) -> Summary? {
        guard let first = values.first else { return nil }
        var sum = 0.0
        for value in values { sum += value }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for value in values { squares += (value - mean) * (value - mean) }
        let deviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
        return Summary(count: values.count, mean: mean, standardDeviation: deviation,
                       minimum: values.min() ?? first, maximum: values.max() ?? first)
    }

    /// Index by index, the mean of the rows over the indices every row has, summed in row order.
    public static func elementwiseMean(_ rows: [[Double]]) -> [Double] {
        let count = rows.map(\.count).min() ?? 0
        return (0..<count).map { index in
            var sum = 0.0
            for row in rows { sum += row[index] }
            return sum / Double(rows.count)
        }
    }

    /// Per epoch, the mean of several runs' records over the epochs all of them have (epoch number and
    /// learning rate from the first run): the curves a multi-seed report draws and discusses.
    public static func meanEpochs(_ runs: [RunMetrics]) -> [EpochRecord] {
        guard let first = runs.first else { return [] }
        func mean(_ value: (EpochRecord) -> Double) -> [Double] { elementwiseMean(runs.map { $0.epochs.map(value) }) }
        let trainLoss = mean(\.trainLoss), trainAccuracy = mean(\.trainAccuracy), valLoss = mean(\.valLoss)
        let valAccuracy = mean(\.valAccuracy), seconds = mean(\.seconds)
        // Recorded by every run, or by none of the mean.
        let recorded = runs.allSatisfy { $0.epochs.allSatisfy { $0.valLossStandardError != nil && $0.valWorstImagesLossShare != nil } }
        let standardError = recorded ? mean { $0.valLossStandardError ?? 0 } : []
        let worstShare = recorded ? mean { $0.valWorstImagesLossShare ?? 0 } : []
        return trainLoss.indices.map { index in
            EpochRecord(epoch: first.epochs[index].epoch, trainLoss: trainLoss[index], trainAccuracy: trainAccuracy[index], valLoss: valLoss[index],
                        valAccuracy: valAccuracy[index], learningRate: first.epochs[index].learningRate, seconds: seconds[index],
                        valLossStandardError: recorded ? standardError[index] : nil, valWorstImagesLossShare: recorded ? worstShare[index] : nil)
        }
    }
}
