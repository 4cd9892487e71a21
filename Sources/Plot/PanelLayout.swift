/// Where everything in one panel goes, computed from measured text so nothing is clipped or overlaps.
struct PanelLayout: Equatable {
    var frame: Rect
    /// The rectangle data is drawn in (inside the axes).
    var plotArea: Rect
    /// Top-centre anchors of the title and the x-axis label.
    var titleAnchor: Point
    var xLabelAnchor: Point
    /// Centre anchor of the rotated y-axis label.
    var yLabelAnchor: Point

    static let tickLength = 5.0
    static let tickLabelGap = 4.0
    /// Between tick labels and the axis label.
    static let axisLabelGap = 6.0
    static let outerPadding = 10.0
    /// Between the title and the plot area.
    static let titleGap = 10.0
    /// The plot area never shrinks below this, so a crowded panel degrades instead of inverting.
    static let minimumPlotExtent = 20.0

    /// Lays out `panel` inside `frame` with the given tick labels, measuring every string.
    init(frame: Rect, panel: LinePanel, xTickLabels: [String], yTickLabels: [String], measurer: TextMeasuring) {
        let (tick, gap, padding) = (Self.tickLength, Self.tickLabelGap, Self.outerPadding)
        let title = measurer.measure(panel.title, font: .panelTitle)
        let xLabel = measurer.measure(panel.xLabel, font: .axisLabel)
        let yLabel = measurer.measure(panel.yLabel, font: .axisLabel)
        let xTickHeight = xTickLabels.isEmpty ? 0 : measurer.measure(xTickLabels[0], font: .tickLabel).height
        let widestYTick = yTickLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let lastXTickHalfWidth = xTickLabels.last.map { measurer.measure($0, font: .tickLabel).width / 2 } ?? 0

        let top = padding + title.height + Self.titleGap
        let yLabelBlock = panel.yLabel.isEmpty ? 0 : yLabel.height + Self.axisLabelGap
        let left = padding + yLabelBlock + widestYTick + gap + tick
        let bottom = padding + xLabel.height + Self.axisLabelGap + xTickHeight + gap + tick
        let right = padding + lastXTickHalfWidth
        self.frame = frame
        plotArea = Rect(x: frame.x + left, y: frame.y + top, width: max(Self.minimumPlotExtent, frame.width - left - right),
                        height: max(Self.minimumPlotExtent, frame.height - top - bottom))
        titleAnchor = Point(x: plotArea.midX, y: frame.y + padding)
        xLabelAnchor = Point(x: plotArea.midX, y: plotArea.maxY + tick + gap + xTickHeight + Self.axisLabelGap)
        yLabelAnchor = Point(x: frame.x + padding + yLabel.height / 2, y: plotArea.midY)
    }
}
