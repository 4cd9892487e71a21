/// What the x axis counts.
public enum XAxisKind {
    /// Training epochs: integer ticks starting at 1.
    case epochs
    /// Any continuous quantity, with 1-2-5 ticks formatted as given.
    case continuous(AxisValueFormat)
}

/// One set of axes in a line chart.
public struct LinePanel {
    /// Title above the plot area.
    public var title: String
    /// Label under the x axis.
    public var xLabel: String
    /// Label left of the y axis.
    public var yLabel: String
    /// The lines, drawn faint ones first, then in order.
    public var series: [LineSeries]
    /// Optional vertical reference line.
    public var marker: VerticalMarker?
    /// Epochs or a continuous axis.
    public var xAxis: XAxisKind
    /// How y tick labels are written (e.g. `.percent` for accuracy stored as a fraction).
    public var yFormat: AxisValueFormat
    /// Values that can exist at all (e.g. 0...1 for accuracy); ticks outside are not labelled,
    /// so padding around a perfect score never shows "105%".
    public var yTickLimits: ClosedRange<Double>?

    /// Creates a panel.
    public init(title: String, xLabel: String, yLabel: String, series: [LineSeries],
                marker: VerticalMarker? = nil, xAxis: XAxisKind = .epochs, yFormat: AxisValueFormat = .automatic,
                yTickLimits: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.marker = marker
        self.xAxis = xAxis
        self.yFormat = yFormat
        self.yTickLimits = yTickLimits
    }
}
