/// How prominently a series is drawn.
enum SeriesEmphasis: Sendable {
    /// A 2-point line.
    case normal
    /// A thin translucent line, for a dense series (per-mini-batch loss) drawn under the main curves.
    /// On a linear axis its rare extreme values (beyond the 2nd and 98th percentiles) do not stretch the y axis;
    /// the panel's note says how many are cut off. A log axis has room for all of them.
    case faint
}

/// One line on a panel.
struct LineSeries {
    /// Legend text; an empty name leaves the series out of the legend.
    var name: String
    /// Horizontal values; must have as many entries as `y`.
    var x: [Double]
    /// Vertical values; NaN or infinite entries break the line and are counted in the panel's note.
    var y: [Double]
    /// Line colour.
    var color: Color
    /// Solid, dashed or dotted.
    var pattern: StrokePattern
    /// Normal or faint.
    var emphasis: SeriesEmphasis
    /// Whether every point gets a dot (useful for a handful of epochs). Isolated points always get one.
    var showsMarkers: Bool
    /// A translucent band around the line (the range over several runs), one lower and one upper value
    /// per point; nil for none. Points where either bound cannot be drawn leave a gap in the band.
    var band: (lower: [Double], upper: [Double])?

    /// Creates a series from explicit x and y values.
    init(name: String, x: [Double], y: [Double], color: Color,
                pattern: StrokePattern = .solid, emphasis: SeriesEmphasis = .normal, showsMarkers: Bool = false) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.pattern = pattern
        self.emphasis = emphasis
        self.showsMarkers = showsMarkers
        self.band = nil
    }

    /// Creates a per-epoch series: value i is placed at epoch i + 1.
    init(name: String, perEpoch values: [Double], color: Color,
                pattern: StrokePattern = .solid, emphasis: SeriesEmphasis = .normal, showsMarkers: Bool = false) {
        self.init(name: name, x: values.indices.map { Double($0 + 1) }, y: values, color: color,
                  pattern: pattern, emphasis: emphasis, showsMarkers: showsMarkers)
    }

    /// Runs of consecutive finite points; a non-finite value ends one run and the next finite value starts another.
    func finiteRuns() -> [[(x: Double, y: Double)]] {
        drawableRuns(on: .linear)
    }

    /// Runs of consecutive points `scale` can place on the y axis (finite, and positive on a log scale);
    /// any other point ends one run and the next drawable point starts another.
    func drawableRuns(on scale: AxisScale) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for index in 0..<min(x.count, y.count) {
            if x[index].isFinite && scale.canShow(y[index]) {
                current.append((x[index], y[index]))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Runs of consecutive points where both bounds of the band can be drawn on `scale`, as (x, lower, upper).
    func bandRuns(on scale: AxisScale) -> [[(x: Double, lower: Double, upper: Double)]] {
        guard let band else { return [] }
        var runs: [[(x: Double, lower: Double, upper: Double)]] = []
        var current: [(x: Double, lower: Double, upper: Double)] = []
        for index in 0..<min(x.count, band.lower.count, band.upper.count) {
            if x[index].isFinite && scale.canShow(band.lower[index]) && scale.canShow(band.upper[index]) {
                current.append((x[index], band.lower[index], band.upper[index]))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Every drawable y of the line and of its band, for the axis range.
    func extentValues(on scale: AxisScale) -> [Double] {
        drawableRuns(on: scale).joined().map(\.y) + bandRuns(on: scale).joined().flatMap { [$0.lower, $0.upper] }
    }

    /// How many points cannot be drawn because x or y is NaN or infinite.
    var nonFiniteCount: Int {
        (0..<min(x.count, y.count)).reduce(0) { $0 + ((x[$1].isFinite && y[$1].isFinite) ? 0 : 1) }
    }

    /// How many finite points a log axis cannot draw because y is zero or negative.
    var nonPositiveCount: Int {
        (0..<min(x.count, y.count)).reduce(0) { $0 + ((x[$1].isFinite && y[$1].isFinite && y[$1] <= 0) ? 1 : 0) }
    }
}
