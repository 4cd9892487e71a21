/// A sequential colour scale from piecewise-linear stops, for heat maps.
struct ColorRamp: Sendable {
    /// Positions in 0...1 (ascending) and their colours.
    var stops: [(position: Double, color: Color)]

    /// Creates a ramp; stops must be sorted by position.
    init(stops: [(position: Double, color: Color)]) {
        self.stops = stops
    }

    /// White through light and mid blues to a dark navy (ColorBrewer "Blues"), readable for colour-blind viewers.
    static let whiteToDarkBlue = ColorRamp(stops: [
        (0.0, Color(hex: 0xFFFFFF)),
        (0.25, Color(hex: 0xC6DBEF)),
        (0.5, Color(hex: 0x6BAED6)),
        (0.75, Color(hex: 0x2171B5)),
        (1.0, Color(hex: 0x08306B)),
    ])

    /// The colour at `fraction`, clamped to 0...1; NaN maps to the first stop.
    func color(at fraction: Double) -> Color {
        guard let first = stops.first, let last = stops.last else { return .white }
        guard fraction.isFinite, fraction > first.position else { return first.color }
        guard fraction < last.position else { return last.color }
        for (lower, upper) in zip(stops, stops.dropFirst()) where fraction <= upper.position {
            let width = upper.position - lower.position
            return lower.color.mixed(with: upper.color, fraction: width > 0 ? (fraction - lower.position) / width : 1)
        }
        return last.color
    }
}
