import Foundation

/// How values are placed along the y axis.
enum AxisScale: Equatable, Sendable {
    case linear
    /// Base 10; only positive values can be drawn.
    case logarithmic

    /// The coordinate the axis is linear in: the value itself, or its base-10 logarithm;
    /// nil for a value this scale cannot place (non-finite, or not positive on a log scale).
    func transformed(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : nil
        }
    }

    /// The inverse of `transformed`.
    func value(atTransformed coordinate: Double) -> Double {
        self == .linear ? coordinate : pow(10, coordinate)
    }

    func canShow(_ value: Double) -> Bool {
        transformed(value) != nil
    }

    /// `domain` in transformed coordinates; a log domain whose lower bound is not positive starts at its upper bound.
    func transformed(_ domain: ClosedRange<Double>) -> ClosedRange<Double> {
        let upper = transformed(domain.upperBound) ?? 0
        let lower = transformed(domain.lowerBound) ?? upper
        return min(lower, upper)...max(lower, upper)
    }
}
