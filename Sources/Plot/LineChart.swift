/// A figure of one or more line panels side by side under an optional figure title.
struct LineChart: Figure {
    /// Figure title across the top; empty for none.
    var title: String
    /// Panels, left to right, sharing the width equally.
    var panels: [LinePanel]
    /// Logical size; 1000 × 400 suits two panels on a ~900 px wide page.
    var size: Size

    /// Creates a line chart.
    init(title: String = "", panels: [LinePanel], size: Size = Size(width: 1000, height: 400)) {
        self.title = title
        self.panels = panels
        self.size = size
    }

    /// "line chart 'title'", for error messages.
    var name: String { title.isEmpty ? "line chart" : "line chart '\(title)'" }

    static let titleTopPadding = 10.0

    /// The frame each panel is laid out in, below the figure title.
    func panelFrames(measuringWith measurer: TextMeasuring) -> [Rect] {
        guard !panels.isEmpty else { return [] }
        let titleHeight = title.isEmpty ? 0 : Self.titleTopPadding + measurer.measure(title, font: .figureTitle).height
        let width = size.width / Double(panels.count)
        return panels.indices.map { index in
            Rect(x: Double(index) * width, y: titleHeight, width: width, height: size.height - titleHeight)
        }
    }

    /// Computes every panel's geometry; drawing uses exactly this, so tests can check where data lands.
    func geometries(measuringWith measurer: TextMeasuring) -> [LinePanelGeometry] {
        zip(panels, panelFrames(measuringWith: measurer)).map { panel, frame in
            LinePanelGeometry.compute(panel: panel, frame: frame, measurer: measurer)
        }
    }

    /// Draws the chart.
    ///
    /// - Throws: `PlotError.invalidData` when there are no panels or a series' x and y differ in length.
    func draw(in context: CairoContext) throws {
        guard !panels.isEmpty else {
            throw PlotError.invalidData(figure: name, reason: "a line chart needs at least one panel")
        }
        for panel in panels {
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
        for (panel, geometry) in zip(panels, geometries(measuringWith: context)) {
            LinePanelRenderer(panel: panel, geometry: geometry, context: context).draw()
            try context.checkStatus(operation: "draw panel '\(panel.title)'")
        }
    }
}
