/// What the x axis counts.
enum XAxisKind {
    /// Training epochs: integer ticks starting at 1.
    case epochs
    /// Any continuous quantity, with 1-2-5 ticks formatted as given.
    case continuous(AxisValueFormat)
}

/// One set of axes in a line chart.
struct LinePanel {
    /// Title above the plot area.
    var title: String
    /// Label under the x axis.
    var xLabel: String
    /// Label left of the y axis.
    var yLabel: String
    /// The lines, drawn faint ones first, then in order.
    var series: [LineSeries]
    /// Optional vertical reference line.
    var marker: VerticalMarker?
    /// Epochs or a continuous axis.
    var xAxis: XAxisKind
    /// How y tick labels are written (e.g. `.percent` for accuracy stored as a fraction).
    var yFormat: AxisValueFormat
    /// Values that can exist at all (e.g. 0...1 for accuracy); ticks outside are not labelled,
    /// so padding around a perfect score never shows "105%". Ignored on a log axis.
    var yTickLimits: ClosedRange<Double>?
    /// Linear, or logarithmic for values spanning several powers of ten (zero and negative values are then left out).
    var yScale: AxisScale

    /// Creates a panel.
    init(title: String, xLabel: String, yLabel: String, series: [LineSeries],
                marker: VerticalMarker? = nil, xAxis: XAxisKind = .epochs, yFormat: AxisValueFormat = .automatic,
                yTickLimits: ClosedRange<Double>? = nil, yScale: AxisScale = .linear) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.marker = marker
        self.xAxis = xAxis
        self.yFormat = yFormat
        self.yTickLimits = yTickLimits
        self.yScale = yScale
    }
}
