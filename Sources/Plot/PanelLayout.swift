/// The strings placed around one panel's plot area; their measured sizes decide the margins.
struct PanelText: Equatable {
    /// Panel title, above the plot area.
    var title: String
    /// Optional small line under the title (e.g. "3 non-finite values omitted").
    var note: String?
    /// Label under the x axis.
    var xLabel: String
    /// Label left of the y axis, drawn rotated.
    var yLabel: String
    /// Labels under the x ticks.
    var xTickLabels: [String]
    /// Labels left of the y ticks.
    var yTickLabels: [String]

    /// Creates the panel texts.
    init(title: String, note: String? = nil, xLabel: String, yLabel: String,
                xTickLabels: [String], yTickLabels: [String]) {
        self.title = title
        self.note = note
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xTickLabels = xTickLabels
        self.yTickLabels = yTickLabels
    }
}

/// Where everything in one panel goes, computed from measured text so nothing is clipped or overlaps.
struct PanelLayout: Equatable {
    /// The whole panel.
    var frame: Rect
    /// The rectangle data is drawn in (inside the axes).
    var plotArea: Rect
    /// Top-centre anchor of the title.
    var titleAnchor: Point
    /// Top-centre anchor of the note, when there is one.
    var noteAnchor: Point?
    /// Top-centre anchor of the x-axis label.
    var xLabelAnchor: Point
    /// Centre anchor of the rotated y-axis label.
    var yLabelAnchor: Point

    /// Length of tick marks outside the plot area.
    static let tickLength = 5.0
    /// Gap between a tick mark and its label.
    static let tickLabelGap = 4.0
    /// Gap between tick labels and the axis label.
    static let axisLabelGap = 6.0
    /// Empty border around the panel.
    static let outerPadding = 10.0
    /// Gap between the title block and the plot area.
    static let titleGap = 10.0
    /// The plot area never shrinks below this, so a crowded panel degrades instead of inverting.
    static let minimumPlotExtent = 20.0

    /// Lays out a panel inside `frame`, measuring every string with `measurer`.
    static func compute(frame: Rect, text: PanelText, measurer: TextMeasuring) -> PanelLayout {
        let title = measurer.measure(text.title, font: .panelTitle)
        let note = text.note.map { measurer.measure($0, font: .annotation) }
        let xLabel = measurer.measure(text.xLabel, font: .axisLabel)
        let yLabel = measurer.measure(text.yLabel, font: .axisLabel)
        let xTickHeight = text.xTickLabels.isEmpty ? 0 : measurer.measure(text.xTickLabels[0], font: .tickLabel).height
        let widestYTick = text.yTickLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let lastXTickHalfWidth = text.xTickLabels.last.map { measurer.measure($0, font: .tickLabel).width / 2 } ?? 0

        let titleBlock = (text.title.isEmpty ? 0 : title.height) + (note.map { $0.height + 2 } ?? 0)
        let top = outerPadding + titleBlock + (titleBlock > 0 ? titleGap : 0)
        let yLabelBlock = text.yLabel.isEmpty ? 0 : yLabel.height + axisLabelGap
        let left = outerPadding + yLabelBlock + widestYTick + tickLabelGap + tickLength
        let xLabelBlock = text.xLabel.isEmpty ? 0 : xLabel.height + axisLabelGap
        let bottom = outerPadding + xLabelBlock + xTickHeight + tickLabelGap + tickLength
        let right = outerPadding + lastXTickHalfWidth

        let plotArea = Rect(x: frame.x + left,
                            y: frame.y + top,
                            width: max(minimumPlotExtent, frame.width - left - right),
                            height: max(minimumPlotExtent, frame.height - top - bottom))
        let titleAnchor = Point(x: plotArea.midX, y: frame.y + outerPadding)
        let noteAnchor = note.map { _ in
            Point(x: plotArea.midX, y: frame.y + outerPadding + (text.title.isEmpty ? 0 : title.height) + 2)
        }
        let xLabelAnchor = Point(x: plotArea.midX,
                                 y: plotArea.maxY + tickLength + tickLabelGap + xTickHeight + axisLabelGap)
        let yLabelAnchor = Point(x: frame.x + outerPadding + yLabel.height / 2, y: plotArea.midY)
        return PanelLayout(frame: frame, plotArea: plotArea, titleAnchor: titleAnchor, noteAnchor: noteAnchor,
                           xLabelAnchor: xLabelAnchor, yLabelAnchor: yLabelAnchor)
    }
}
