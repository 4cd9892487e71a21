/// Where everything in one panel goes, computed from measured text so nothing is clipped or overlaps.
struct PanelLayout: Equatable {
    var frame: Rect
    /// The rectangle data is drawn in (inside the axes).
    var plotArea: Rect
    /// Top-centre anchors of the title, the note (when there is one) and the x-axis label.
    var titleAnchor: Point
    var noteAnchor: Point?
    var xLabelAnchor: Point
    /// Centre anchor of the rotated y-axis label.
    var yLabelAnchor: Point

    static let tickLength = 5.0
    static let tickLabelGap = 4.0
    /// Between tick labels and the axis label.
    static let axisLabelGap = 6.0
    static let outerPadding = 10.0
    /// Between the title block and the plot area.
    static let titleGap = 10.0
    /// The plot area never shrinks below this, so a crowded panel degrades instead of inverting.
    static let minimumPlotExtent = 20.0

    /// Lays out `panel` inside `frame` with its `note` under the title and the given tick labels, measuring every string.
    static func compute(frame: Rect, panel: LinePanel, note: String?, xTickLabels: [String], yTickLabels: [String],
                        measurer: TextMeasuring) -> PanelLayout {
        let title = measurer.measure(panel.title, font: .panelTitle)
        let noteMetrics = note.map { measurer.measure($0, font: .annotation) }
        let xLabel = measurer.measure(panel.xLabel, font: .axisLabel)
        let yLabel = measurer.measure(panel.yLabel, font: .axisLabel)
        let xTickHeight = xTickLabels.isEmpty ? 0 : measurer.measure(xTickLabels[0], font: .tickLabel).height
        let widestYTick = yTickLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let lastXTickHalfWidth = xTickLabels.last.map { measurer.measure($0, font: .tickLabel).width / 2 } ?? 0

        let titleBlock = (panel.title.isEmpty ? 0 : title.height) + (noteMetrics.map { $0.height + 2 } ?? 0)
        let top = outerPadding + titleBlock + (titleBlock > 0 ? titleGap : 0)
        let yLabelBlock = panel.yLabel.isEmpty ? 0 : yLabel.height + axisLabelGap
        let left = outerPadding + yLabelBlock + widestYTick + tickLabelGap + tickLength
        let xLabelBlock = panel.xLabel.isEmpty ? 0 : xLabel.height + axisLabelGap
        let bottom = outerPadding + xLabelBlock + xTickHeight + tickLabelGap + tickLength
        let right = outerPadding + lastXTickHalfWidth

        let plotArea = Rect(x: frame.x + left,
                            y: frame.y + top,
                            width: max(minimumPlotExtent, frame.width - left - right),
                            height: max(minimumPlotExtent, frame.height - top - bottom))
        let titleAnchor = Point(x: plotArea.midX, y: frame.y + outerPadding)
        let noteAnchor = noteMetrics.map { _ in
            Point(x: plotArea.midX, y: frame.y + outerPadding + (panel.title.isEmpty ? 0 : title.height) + 2)
        }
        let xLabelAnchor = Point(x: plotArea.midX,
                                 y: plotArea.maxY + tickLength + tickLabelGap + xTickHeight + axisLabelGap)
        let yLabelAnchor = Point(x: frame.x + outerPadding + yLabel.height / 2, y: plotArea.midY)
        return PanelLayout(frame: frame, plotArea: plotArea, titleAnchor: titleAnchor, noteAnchor: noteAnchor,
                           xLabelAnchor: xLabelAnchor, yLabelAnchor: yLabelAnchor)
    }
}
