/// A figure of one or more line panels side by side under an optional figure title, with an optional
/// short panel across the full width below them (e.g. the learning rate under loss and accuracy).
///
/// Panels on an epoch axis share one x range, so the same epoch sits at the same place in each
/// panel of a row and the panels can be compared at a glance.
struct LineChart: Figure {
    /// Figure title across the top; empty for none.
    var title: String
    /// Panels, left to right, sharing the width equally.
    var panels: [LinePanel]
    /// Optional panel under `panels`, spanning the figure's width, `footerHeight` tall.
    var footer: LinePanel?
    /// Logical size; 1000 × 400 suits two panels on a ~900 px wide page; a footer adds its height.
    var size: Size

    /// Tall enough for a title, a three-label y axis and the epoch axis, short enough to stay secondary.
    static let footerHeight = 190.0

    /// Creates a line chart; `size` defaults to 1000 × 400, plus `footerHeight` with a footer.
    init(title: String = "", panels: [LinePanel], footer: LinePanel? = nil, size: Size? = nil) {
        self.title = title
        self.panels = panels
        self.footer = footer
        self.size = size ?? Size(width: 1000, height: 400 + (footer == nil ? 0 : Self.footerHeight))
    }

    /// "line chart 'title'", for error messages.
    var name: String { title.isEmpty ? "line chart" : "line chart '\(title)'" }

    static let titleTopPadding = 10.0

    /// The panels in drawing order: the row, then the footer.
    var allPanels: [LinePanel] { panels + (footer.map { [$0] } ?? []) }

    /// The frame each of `allPanels` is laid out in, below the figure title.
    func panelFrames(measuringWith measurer: TextMeasuring) -> [Rect] {
        guard !panels.isEmpty else { return [] }
        let titleHeight = title.isEmpty ? 0 : Self.titleTopPadding + measurer.measure(title, font: .figureTitle).height
        let footerHeight = footer == nil ? 0 : min(Self.footerHeight, (size.height - titleHeight) / 2)
        let width = size.width / Double(panels.count)
        var frames = panels.indices.map { index in
            Rect(x: Double(index) * width, y: titleHeight, width: width, height: size.height - titleHeight - footerHeight)
        }
        if footer != nil {
            frames.append(Rect(x: 0, y: size.height - footerHeight, width: size.width, height: footerHeight))
        }
        return frames
    }

    /// The x range every epoch-axis panel shows: the union of what each would show alone.
    func sharedEpochDomain() -> ClosedRange<Double>? {
        let extents = allPanels.filter { if case .epochs = $0.xAxis { return true } else { return false } }
            .compactMap(LinePanelGeometry.xExtent(of:))
        guard let low = extents.map(\.lowerBound).min(), let high = extents.map(\.upperBound).max() else { return nil }
        return LinePanelGeometry.xDomain(extent: low...high, axis: .epochs)
    }

    /// Computes every panel's geometry (row first, then footer); drawing uses exactly this, so tests can check where data lands.
    func geometries(measuringWith measurer: TextMeasuring) -> [LinePanelGeometry] {
        let shared = sharedEpochDomain()
        return zip(allPanels, panelFrames(measuringWith: measurer)).map { panel, frame in
            let xDomain: ClosedRange<Double>?
            if case .epochs = panel.xAxis { xDomain = shared } else { xDomain = nil }
            return LinePanelGeometry.compute(panel: panel, frame: frame, measurer: measurer, xDomain: xDomain)
        }
    }

    /// Draws the chart.
    ///
    /// - Throws: `PlotError.invalidData` when there are no panels or a series' x and y differ in length.
    func draw(in context: CairoContext) throws {
        guard !panels.isEmpty else {
            throw PlotError.invalidData(figure: name, reason: "a line chart needs at least one panel")
        }
        for panel in allPanels {
            for series in panel.series where series.x.count != series.y.count {
                throw PlotError.invalidData(figure: name,
                                            reason: "series '\(series.name)' in panel '\(panel.title)' has \(series.x.count) x values but \(series.y.count) y values")
            }
        }
        context.paint(.white)
        if !title.isEmpty {
            context.drawText(title, at: Point(x: size.width / 2, y: Self.titleTopPadding), font: .figureTitle,
                             color: Ink.text, horizontal: .center, vertical: .top)
        }
        for (panel, geometry) in zip(allPanels, geometries(measuringWith: context)) {
            LinePanelRenderer(panel: panel, geometry: geometry, context: context).draw()
            try context.checkStatus(operation: "draw panel '\(panel.title)'")
        }
    }
}
