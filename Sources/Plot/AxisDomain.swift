/// The value range an axis shows.
enum AxisDomain {
    /// The range of the finite values in `values`, padded by `paddingFraction` of its width on each side.
    ///
    /// A constant series is widened by 10% of its magnitude (or by 1 around zero)
    /// so it is drawn as a line in the middle of the plot. Returns nil when no value is finite.
    static func padded(_ values: [Double], paddingFraction: Double = 0.05) -> ClosedRange<Double>? {
        let finite = values.filter { $0.isFinite }
        guard let minimum = finite.min(), let maximum = finite.max() else { return nil }
        let (low, high) = widenedIfDegenerate(lower: minimum, upper: maximum)
        let padding = (high - low) * paddingFraction
        return (low - padding)...(high + padding)
    }

    /// Widens a range narrower than floating point can resolve into one ticks can be placed on.
    static func widenedIfDegenerate(lower: Double, upper: Double) -> (Double, Double) {
        let magnitude = max(abs(lower), abs(upper))
        guard upper - lower <= magnitude * 1e-12 else { return (lower, upper) }
        let center = (lower + upper) / 2
        let halfWidth = center == 0 ? 1 : abs(center) * 0.1
        return (center - halfWidth, center + halfWidth)
    }
}
