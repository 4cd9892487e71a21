/// Line panels side by side under the figure title, with an optional short panel across the full width
/// below them (the learning rate under loss and accuracy).
///
/// The panels share one epoch range, so the same epoch sits at the same place in each panel and the
/// panels can be compared at a glance.
struct LineChart: Chart {
    var title: String
    /// Left to right, sharing the width equally.
    var panels: [LinePanel]
    var footer: LinePanel?
    /// 1000 × 400 suits two panels on a page; a footer adds its height.
    var size: Size

    /// Tall enough for a title, a three-label y axis and the epoch axis, short enough to stay secondary.
    static let footerHeight = 190.0
    static let titleTopPadding = 10.0

    init(title: String, panels: [LinePanel], footer: LinePanel? = nil) {
        self.title = title
        self.panels = panels
        self.footer = footer
        self.size = Size(width: 1000, height: 400 + (footer == nil ? 0 : Self.footerHeight))
    }

    var name: String { "line chart '\(title)'" }

    /// The panels in drawing order: the row, then the footer.
    var allPanels: [LinePanel] { panels + (footer.map { [$0] } ?? []) }

    /// The frame each of `allPanels` is laid out in, below the figure title.
    func panelFrames(measuringWith measurer: TextMeasuring) -> [Rect] {
        let titleHeight = Self.titleTopPadding + measurer.measure(title, font: .figureTitle).height
        let footerHeight = footer == nil ? 0 : min(Self.footerHeight, (size.height - titleHeight) / 2)
        let width = size.width / Double(panels.count)
        let row = panels.indices.map { index in
            Rect(x: Double(index) * width, y: titleHeight, width: width, height: size.height - titleHeight - footerHeight)
        }
        return row + (footer == nil ? [] : [Rect(x: 0, y: size.height - footerHeight, width: size.width, height: footerHeight)])
    }

    /// Every panel's geometry over the epoch range of everything the panels draw; drawing uses exactly this,
    /// so tests can check where data lands.
    func geometries(measuringWith measurer: TextMeasuring) -> [LinePanelGeometry] {
        let extents = allPanels.compactMap(LinePanelGeometry.xExtent(of:))
        let union = extents.map(\.lowerBound).min().flatMap { low in extents.map(\.upperBound).max().map { low...$0 } }
        let xDomain = LinePanelGeometry.xDomain(extent: union)
        return zip(allPanels, panelFrames(measuringWith: measurer)).map { panel, frame in
            LinePanelGeometry.compute(panel: panel, frame: frame, measurer: measurer, xDomain: xDomain)
        }
    }

    func draw(in context: CairoContext) throws {
        context.paint(.white)
        context.drawText(title, at: Point(x: size.width / 2, y: Self.titleTopPadding), font: .figureTitle,
                         color: Ink.text, horizontal: .center, vertical: .top)
        for (panel, geometry) in zip(allPanels, geometries(measuringWith: context)) {
            LinePanelRenderer(panel: panel, geometry: geometry, context: context).draw()
            try context.checkStatus(operation: "draw panel '\(panel.title)'")
        }
    }
}

/// One set of axes in a line chart, over the epochs.
struct LinePanel {
    var title: String
    let xLabel = "epoch"
    /// Empty for none.
    var yLabel: String
    /// Bands are drawn first, under every line; then the lines in order.
    var series: [LineSeries]
    var marker: VerticalMarker? = nil
    var yFormat: AxisValueFormat
    /// Values that can exist at all (0...1 for accuracy); ticks outside are not labelled,
    /// so padding around a perfect score never shows "105%". Ignored on a log axis.
    var yTickLimits: ClosedRange<Double>? = nil
    /// Logarithmic for values spanning several powers of ten; zero and negative values are then left out.
    var yScale: AxisScale = .linear
}

/// A labelled vertical line at an epoch, e.g. "lowest val loss: epoch 7".
struct VerticalMarker {
    var x: Double
    var label: String
    let color = Color(hex: 0x333333)
}

/// One line on a panel.
struct LineSeries {
    /// Legend text; an empty name leaves the series out of the legend.
    var name: String
    var x: [Double]
    /// NaN or infinite values break the line and are counted in the panel's note.
    var y: [Double]
    var color: Color
    var pattern: StrokePattern = .solid
    /// Whether every point gets a dot (useful for a handful of epochs). Isolated points always get one.
    var showsMarkers = false
    /// A translucent band around the line (the range over several runs), one lower and one upper value
    /// per point; nil for none. Points where either bound cannot be drawn leave a gap in the band.
    var band: (lower: [Double], upper: [Double])? = nil

    /// Runs of consecutive points `scale` can place on the y axis (finite, and positive on a log scale).
    func drawableRuns(on scale: AxisScale) -> [[(x: Double, y: Double)]] {
        Self.runs(0..<min(x.count, y.count)) { x[$0].isFinite && scale.canShow(y[$0]) }
            .map { run in run.map { (x[$0], y[$0]) } }
    }

    /// Runs of consecutive points where both bounds of the band can be drawn on `scale`.
    func bandRuns(on scale: AxisScale) -> [[(x: Double, lower: Double, upper: Double)]] {
        guard let band else { return [] }
        return Self.runs(0..<min(x.count, band.lower.count, band.upper.count)) {
            x[$0].isFinite && scale.canShow(band.lower[$0]) && scale.canShow(band.upper[$0])
        }.map { run in run.map { (x[$0], band.lower[$0], band.upper[$0]) } }
    }

    /// Any point that cannot be drawn ends one run, and the next that can starts another.
    private static func runs(_ indices: Range<Int>, where drawable: (Int) -> Bool) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for index in indices {
            if drawable(index) {
                current.append(index)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        return current.isEmpty ? runs : runs + [current]
    }

    /// Every drawable y of the line and of its band, for the axis range.
    func extentValues(on scale: AxisScale) -> [Double] {
        drawableRuns(on: scale).joined().map(\.y) + bandRuns(on: scale).joined().flatMap { [$0.lower, $0.upper] }
    }

    /// How many points cannot be drawn because x or y is NaN or infinite.
    var nonFiniteCount: Int {
        (0..<min(x.count, y.count)).filter { !(x[$0].isFinite && y[$0].isFinite) }.count
    }

    /// How many finite points a log axis cannot draw because y is zero or negative.
    var nonPositiveCount: Int {
        (0..<min(x.count, y.count)).filter { x[$0].isFinite && y[$0].isFinite && y[$0] <= 0 }.count
    }
}
