import Foundation

/// Smoothing of noisy traces such as the loss of every mini-batch.
enum Smoothing {
    /// The bias-corrected exponential moving average of `values` with smoothing factor `factor` (β in 0..<1).
    ///
    /// s₀ = 0, sᵢ = β·sᵢ₋₁ + (1 − β)·xᵢ, and the value drawn is sᵢ / (1 − βⁿ) after n finite values
    /// (as TensorBoard and Adam correct it): a weighted mean of the values so far with weights
    /// falling by β per step. Without the correction the curve would start at (1 − β)·x₀, near zero,
    /// and take about 1/(1 − β) steps to catch up; seeding it with x₀ instead lets one noisy first
    /// batch dominate the start. A non-finite value is skipped (its position gets the average so far,
    /// NaN before any finite value), so one NaN batch does not erase the rest of the curve.
    static func exponentialMovingAverage(_ values: [Double], factor: Double) -> [Double] {
        var state = 0.0
        var weight = 0.0  // 1 − βⁿ, the total weight of the values seen, kept by the same recursion
        return values.map { value in
            if value.isFinite {
                state = factor * state + (1 - factor) * value
                weight = factor * weight + (1 - factor)
            }
            return weight > 0 ? state / weight : .nan
        }
    }
}
