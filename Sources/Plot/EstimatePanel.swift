/// A measured value and the interval around it, e.g. a test accuracy and its 95% interval.
public typealias Estimate = (value: Double, lower: Double, upper: Double)

/// Estimates with interval bars over a few named categories along the x axis (each seed, then a summary over the
/// seeds), one colour per series, the series side by side within a category.
public struct EstimatePanel: Sendable {
    public var title: String
    public var yLabel: String
    public var categories: [String]
    /// Each series' legend name (empty: none) and one estimate per category, nil where it has none.
    public var series: [(name: String, estimates: [Estimate?])]
    /// Fractions labelled as percentages (accuracies), or plain numbers (a difference in points).
    public var isPercent: Bool
    /// A value every estimate is read against (no difference), drawn as a light solid line; nil for none.
    public var reference: Double?
    /// How many leading categories are of one kind (the seeds) before the rest (a summary over them): a dotted
    /// divider separates the two; nil for none.
    public var divider: Int?
    /// The legend's names for the two kinds of interval bar, before and after the divider.
    public var intervalNames = (perCategory: "interval over the test images", summary: "interval over the seeds")
    /// Per series, the values the summary (the last category) is made of, each drawn as an open ring on its box, and the
    /// legend's name for one; empty for none.
    public var summaryPoints: [[Double]] = []
    /// What the categories along the x axis are (`ConvNet seed–MyNet seed`); empty for none.
    public var xLabel = ""
    /// Empty: named in the caption, not the legend.
    public var summaryPointName = "the runs, beside their mean"

    public init(title: String, yLabel: String, categories: [String], series: [(name: String, estimates: [Estimate?])],
                isPercent: Bool, reference: Double? = nil, divider: Int? = nil) {
        (self.title, self.yLabel, self.categories, self.series, self.isPercent, self.reference) = (title, yLabel, categories, series, isPercent, reference)
        self.divider = divider
    }
}

extension FigureRenderer {
    /// Space between the series of one category, in categories.
    static let estimateOffset = 0.14
    /// The reference line's grey, lighter than any bar.
    static let referenceColor = Color(hex: 0xAAAAAA)
    /// A difference between networks is neither network: the Okabe–Ito blue, which no other figure uses.
    static let differenceColor = Color(hex: 0x0072B2)
    /// Half the width of a summary's interval box, in categories: narrower than the gap between two series' bars.
    static let summaryHalfWidth = 0.06
    /// The relative luminance every summary box reaches on white, whatever its network's colour: the mean's interval, the
    /// panel's main message, as strong for one network as for the other and as the bars beside it (its dot gets a white rim).
    static let summaryLuminance = 0.42
    /// Between a summary's box and the middle of its runs' rings, and between two rings, in categories.
    static let runRingGap = 0.1
    static let runRingSpacing = 0.05

    /// The panels side by side under `title`: each estimate a dot on its interval bar.
    static func estimatesChart(title: String, panels: [EstimatePanel]) -> LineChart {
        // Each panel's legend says what its own two kinds of interval are (bar and box), in the colour of its marks.
        LineChart(title: title, panels: panels.map(estimateLinePanel))
    }

    private static func estimateLinePanel(_ panel: EstimatePanel) -> LinePanel {
        var lines: [LineSeries] = []
        if let reference = panel.reference {
            // Solid and light: dashed means validation in the other figures, dotted the divider.
            lines.append(LineSeries(name: "", x: [0.5, Double(panel.categories.count) + 0.5], y: [reference, reference],
                                    color: Self.referenceColor, pattern: .solid))
        }
        for (index, series) in panel.series.enumerated() {
            // One unnamed series is neither network: the difference's own colour, not a network's.
            let color = series.name.isEmpty && panel.series.count == 1 ? Self.differenceColor : networkColors[index % networkColors.count]
            let offset = (Double(index) - Double(panel.series.count - 1) / 2) * estimateOffset
            var named = false
            for (category, estimate) in series.estimates.enumerated() {
                guard let estimate, category < panel.categories.count else { continue }
                let x = Double(category + 1) + offset
                // A summary over the seeds (after the divider) is another kind of interval: a translucent box, as the seeds'
                // range is a band in every other figure (dashed means validation there).
                if panel.divider.map({ category >= $0 }) ?? false {
                    var box = LineSeries(name: "", x: [x - Self.summaryHalfWidth, x + Self.summaryHalfWidth], y: [estimate.value, estimate.value], color: color,
                                         band: ([estimate.lower, estimate.lower], [estimate.upper, estimate.upper]), drawsLine: false)
                    box.bandOpacity = LinePanelGeometry.bandAlpha(for: color, luminance: Self.summaryLuminance)
                    lines.append(box)
                } else {
                    lines.append(LineSeries(name: "", x: [x, x], y: [estimate.lower, estimate.upper], color: color))
                }
                // Beside a summary, a single run (or pair) is an open marker and the summary a filled one, so that a filled
                // marker means one thing in the panel; the legend names each network by its filled mean.
                let single = panel.divider.map { category < $0 } ?? false
                let isLast = category == series.estimates.indices.last
                var dot = LineSeries(name: named || (single && !isLast) ? "" : series.name, x: [x], y: [estimate.value], color: color, showsMarkers: !single, ringsAtPoints: single)
                dot.outlined = !single
                // One unnamed series (the difference) is neither network: a circle; else each network's own marker.
                dot.marker = series.name.isEmpty && panel.series.count == 1 ? .circle : marker(ofNetwork: index)
                lines.append(dot)
                named = named || !dot.name.isEmpty
            }
            // The runs the summary is made of, beside its box on the outer side (clear of the other series' box and of the
            // mean's dot), a little apart from each other so that two equal runs still show as two.
            if panel.summaryPoints.indices.contains(index), let last = panel.categories.indices.last, series.estimates.indices.contains(last) {
                let points = panel.summaryPoints[index]
                let side = offset < 0 ? -1.0 : 1.0
                let centre = Double(last + 1) + offset + side * (Self.summaryHalfWidth + Self.runRingGap)
                let x = points.indices.map { centre + side * (Double($0) - Double(points.count - 1) / 2) * Self.runRingSpacing }
                var runs = LineSeries(name: "", x: x, y: points, color: color, drawsLine: false, ringsAtPoints: true)
                runs.marker = marker(ofNetwork: index)
                lines.append(runs)
            }
        }
        if panel.summaryPoints.contains(where: { !$0.isEmpty }), !panel.summaryPointName.isEmpty {
            lines.append(LineSeries(name: panel.summaryPointName, x: [], y: [], color: Ink.secondaryText, drawsLine: false, ringsAtPoints: true))
        }

        if panel.divider != nil {
            // Legend entries only (no data): which bars are intervals over the test images and which over the seeds, in the
            // colour of the marks they explain when the panel has one (the difference's), else a neutral grey.
            let key = panel.series.count == 1 && panel.series[0].name.isEmpty ? Self.differenceColor : Ink.secondaryText
            lines.append(LineSeries(name: panel.intervalNames.perCategory, x: [], y: [], color: key))
            var summaryKey = LineSeries(name: panel.intervalNames.summary, x: [], y: [], color: key, band: ([], []), drawsLine: false)
            summaryKey.bandOpacity = LinePanelGeometry.bandAlpha(for: key, luminance: Self.summaryLuminance)
            lines.append(summaryKey)
        }
        var linePanel = LinePanel(title: panel.title, yLabel: panel.yLabel, series: lines, yLabels: TickLabelFormatter.powerOfTenLabels)
        (linePanel.xLabel, linePanel.xCategories) = (panel.xLabel, panel.categories)
        // Solid and light, as a divider: a dotted line marks an epoch in the other figures.
        linePanel.marker = panel.divider.map { VerticalMarker(x: Double($0) + 0.5, color: Ink.grid.mixed(with: Ink.axis, fraction: 0.5), pattern: .solid) }
        if panel.isPercent { (linePanel.yLabels, linePanel.yTickLimits) = (TickLabelFormatter.percentLabels, 0...1) }
        return linePanel
    }
}
