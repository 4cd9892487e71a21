/// How a line is stroked.
enum StrokePattern: Equatable, Sendable {
    /// Continuous.
    case solid
    /// Long dashes, for a second series on the same axes.
    case dashed
    /// Short dots, for reference markers.
    case dotted

    func dashes(lineWidth: Double) -> [Double] {
        switch self {
        case .solid: return []
        case .dashed: return [6, 4]
        case .dotted: return [max(lineWidth, 1), 3]
        }
    }
}
