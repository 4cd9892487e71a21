/// Line panels side by side under the figure title, sharing the width, with optional short panels in a row below
/// them, each under the panel of its column (the learning rate under the accuracy; a column without one is a panel of full
/// height). The panels share one epoch range, so the same epoch sits at the same place in each panel and the panels can
/// be compared at a glance.
struct LineChart: Chart {
    var title: String
    var panels: [LinePanel]
    /// The short panels below, left to right, each under the panel of its column in `footerColumns`.
    var footers: [LinePanel]
    /// The column (index into `panels`) of each short panel, increasing.
    var footerColumns: [Int]
    /// The first short panel below, if any.
    var footer: LinePanel? { footers.first }

    /// `footerColumns` places each short panel under a panel of its own; by default under the first `footers.count` panels.
    init(title: String, panels: [LinePanel], footers: [LinePanel] = [], footerColumns: [Int]? = nil) {
        let placed = zip(footers, footerColumns ?? Array(footers.indices)).filter { $0.1 >= 0 && $0.1 < panels.count }
        (self.title, self.panels, self.footers, self.footerColumns) = (title, panels, placed.map(\.0), placed.map(\.1))
    }

    /// Tall enough for a title, a three-label y axis and the epoch axis, short enough to stay secondary.
    static let footerHeight = 190.0
    static let titleTopPadding = 10.0
    var name: String { "line chart '\(title)'" }
    /// The share of the epoch axis added on the right for end labels.
    static let endLabelRoom = 0.05
    /// Every figure 1000 wide, so that all are shown at one scale on a page and their type reads at one size; three panels
    /// in a row label every other epoch where twelve labels would crowd (`LinePanelGeometry`).
    var size: Size { Size(width: 1000, height: 400 + (footers.isEmpty ? 0 : Self.footerHeight)) }
    var allPanels: [LinePanel] { panels + footers }

    func panelFrames(measuringWith measurer: Canvas) -> [Rect] {
        let titleHeight = Self.titleTopPadding + measurer.measure(title, font: .figureTitle).height
        let footerHeight = footers.isEmpty ? 0 : min(Self.footerHeight, (size.height - titleHeight) / 2)
        let width = size.width / Double(panels.count)
        // A panel without a short panel under it takes its column's whole height, leaving no empty corner.
        let row = panels.indices.map { Rect(x: Double($0) * width, y: titleHeight, width: width,
                                            height: size.height - titleHeight - (footerColumns.contains($0) ? footerHeight : 0)) }
        // Each short panel sits under the panel of its column, so that its epochs line up with that panel's.
        return row + footerColumns.map { Rect(x: Double($0) * width, y: size.height - footerHeight, width: width, height: footerHeight) }
    }

    /// Every panel's geometry over the epochs of everything the panels draw, markers included; drawing uses exactly
    /// this, so tests can check where data lands.
    func geometries(measuringWith measurer: Canvas) -> [LinePanelGeometry] {
        let xs = allPanels.flatMap { panel in
            panel.series.flatMap { $0.drawableRuns(on: panel.yScale).joined().map(\.x) } + (panel.marker.map { [$0.x] } ?? [])
        }
        let categories = allPanels.map(\.xCategories.count).max() ?? 0
        let fitted = categories > 0 ? 0.5...(Double(categories) + 0.5)
            : LinePanelGeometry.xDomain(extent: xs.min().flatMap { low in xs.max().map { low...$0 } })
        // Lines numbered at their ends get room for the numbers inside the frame on the right (the axis starts at 0, which
        // leaves room on the left).
        let labelled = allPanels.contains { $0.series.contains { $0.endLabel != nil } }
        let xDomain = labelled ? fitted.lowerBound...(fitted.upperBound + Self.endLabelRoom * (fitted.upperBound - fitted.lowerBound)) : fitted
        // Panels over categories each span their own (the runs on the left, the pairings of runs on the right); panels over
        // epochs share one epoch axis.
        var geometries = zip(allPanels, panelFrames(measuringWith: measurer)).map { panel, frame in
            LinePanelGeometry.compute(panel: panel, frame: frame, measurer: measurer,
                                      xDomain: panel.xCategories.isEmpty ? xDomain : 0.5...(Double(panel.xCategories.count) + 0.5))
        }
        // Each short panel and the panel above it get the same left and right plot edges, so the same epoch sits at the same x.
        for (footer, column) in footerColumns.enumerated() where geometries.count == panels.count + footers.count {
            let (above, below) = (geometries[column], geometries[panels.count + footer])
            let left = max(above.plotArea.x, below.plotArea.x), right = min(above.plotArea.maxX, below.plotArea.maxX)
            for index in [column, panels.count + footer] {
                let area = geometries[index].plotArea
                geometries[index].plotArea = Rect(x: left, y: area.y, width: right - left, height: area.height)
                _ = geometries[index].placeLegend(panel: allPanels[index], measurer: measurer)
            }
        }
        // Panels side by side start their plots at one height, whatever rows their legends took, and, without short panels
        // under them, end at one height whatever their x labels took, so that they read as a row.
        let top = geometries.prefix(panels.count).map(\.plotArea.y).max() ?? 0
        let bottom = footers.isEmpty ? geometries.prefix(panels.count).map(\.plotArea.maxY).min() ?? 0 : .infinity
        for index in panels.indices where geometries.count > index && (geometries[index].plotArea.y < top || geometries[index].plotArea.maxY > bottom) {
            let area = geometries[index].plotArea
            geometries[index].plotArea = Rect(x: area.x, y: top, width: area.width, height: min(area.maxY, bottom) - top)
            _ = geometries[index].placeLegend(panel: allPanels[index], measurer: measurer)
        }
        return geometries
    }

    func draw(on canvas: Canvas) throws {
        canvas.paint(.white)
        canvas.drawText(title, at: Point(x: size.width / 2, y: Self.titleTopPadding), font: FontStyle.figureTitle.fitting(title, width: size.width - 20, on: canvas),
                        color: Ink.text, horizontal: .center, vertical: .top)
        for (panel, geometry) in zip(allPanels, geometries(measuringWith: canvas)) {
            geometry.draw(panel, on: canvas)
        }
    }
}

/// One set of axes in a line chart, over the epochs, or over a few named categories (`xCategories`).
struct LinePanel {
    var title: String
    var xLabel = "epoch"
    /// When not empty, the x axis names these at x = 1, 2, … instead of numbering epochs.
    var xCategories: [String] = []
    var yLabel: String
    /// Bands are drawn first, under every line; then the lines in order.
    var series: [LineSeries]
    var marker: VerticalMarker? = nil
    /// X ranges shaded pale yellow under everything else (the schedule's low-rate epochs, or the epochs the discussion
    /// compares), which the title names. Unlike a marker a shade spans epochs, so it cannot be read as one epoch's line.
    var shades: [ClosedRange<Double>] = []
    /// Whether the shades are drawn as bars along the bottom of the plot (the windows a text compares, marked without
    /// tinting the bands drawn over them) rather than over the whole height.
    var shadesAlongAxis = false
    var yLabels: ([Double]) -> [String]
    /// Values that can exist at all (0...1 for accuracy); ticks outside are not labelled,
    /// so padding around a perfect score never shows "105%". Ignored on a log axis.
    var yTickLimits: ClosedRange<Double>? = nil
    /// Logarithmic for values spanning several powers of ten; zero and negative values are then left out.
    var yScale: AxisScale = .linear
    /// Values the y axis spans besides the series' own: the same panel's values in another network's figure,
    /// so that the two networks' panels share one y range and read alike.
    var sharedExtent: [Double] = []
    /// Whether the legend sits in rows between the title and the plot (every figure the tool draws) instead of in the corner
    /// of the plot where it hides the least data: the y range then fits the data alone, with no headroom for a legend (an
    /// error-rate axis need not reach 100% to make room for one).
    var legendOutside = true
    /// The y range itself, when figures that share their axes agreed on it (`FigureRenderer.sharingAxes`): no padding and
    /// no headroom of its own for the legend, which one figure's data might need and the other's not.
    var fixedYDomain: ClosedRange<Double>? = nil
    /// Whether a log axis's floor is labelled 0, with a break above it, though no series of this panel reaches zero: a
    /// figure sharing the axis has zeros there, and the two axes should read alike.
    var labelsZeroFloor = false
}

/// A vertical line at an epoch, e.g. at the lowest validation loss; the panel's title says what it marks,
/// so no label sits over the data.
/// A vertical line across a panel at `x`. Solid mid-grey, it marks an epoch the panel's title names (the lowest loss: dotted
/// lines are single seeds in the figures); in another colour it divides or starts something drawn in that colour elsewhere
/// (a light grey divider, the learning rate's green).
struct VerticalMarker {
    var x: Double
    var color = Color(hex: 0x888888)
    var pattern = StrokePattern.solid
}

/// The shape of a series' point markers: each network has its own in every figure, so that two networks' points stay
/// apart where they overlap and in grey print.
enum MarkerShape {
    case circle, square
}

struct LineSeries {
    /// An empty name leaves the series out of the legend.
    var name: String
    var x: [Double]
    var y: [Double]
    var color: Color
    var pattern: StrokePattern = .solid
    /// Whether every point gets a dot (useful for a handful of epochs). Isolated points always get one.
    var showsMarkers = false
    /// The dots' shape (and the isolated points').
    var marker = MarkerShape.circle
    /// A translucent band around the line (the range over several runs), one lower and one upper value
    /// per point; nil for none. Points where either bound cannot be drawn leave a gap in the band.
    var band: (lower: [Double], upper: [Double])? = nil
    /// The band's opacity, when not the usual pale one (`LinePanelDrawing.bandAlpha`): a mean's interval box that must read
    /// as strongly as the bars beside it.
    var bandOpacity: Double? = nil
    /// Whether the line itself is drawn; false for a series that is only its band (an interval drawn as a box) or,
    /// in a legend, only a band's swatch.
    var drawsLine = true
    /// The stroke's width; nil for the standard width. A thin line is one run among several whose mean is drawn over it.
    var width: Double? = nil
    /// Whether a lone point's dot gets a white rim, so that it stands out on a box of its own colour (a mean on its interval).
    var outlined = false
    /// Whether each point is drawn as a small open ring and nothing else: the runs a summary beside them is made of.
    var ringsAtPoints = false

    /// Indices of points marked with an open diamond over every line (a run's lowest loss on its thin line); a ring
    /// means zero on a log axis.
    var diamondPoints: [Int] = []
    /// The diamonds' colour; nil for the line's own, opaque. A pale line's diamonds take its network's full colour.
    var diamondColor: Color? = nil
    /// A short text beside the line's first and last points (a seed's number), so that runs drawn alike can be told apart.
    var endLabel: String? = nil
    /// Whether a zero that a log axis cannot place is drawn as a ring on the bottom edge of the plot, so that the line
    /// visibly reaches zero rather than stopping (an epoch without errors); the panel's title says what the ring means.
    var marksZerosOnFloor = false

    /// The x of every zero the series marks on the floor of a log axis (`marksZerosOnFloor`).
    func floorZeros(on scale: AxisScale) -> [Double] {
        guard marksZerosOnFloor, scale == .logarithmic else { return [] }
        return (0..<min(x.count, y.count)).filter { y[$0] == 0 && x[$0].isFinite }.map { x[$0] }
    }

    /// Runs of consecutive points `scale` can place on the y axis: a point it cannot place breaks the line.
    func drawableRuns(on scale: AxisScale) -> [[(x: Double, y: Double)]] {
        (0..<min(x.count, y.count)).split { !x[$0].isFinite || scale.transformed(y[$0]) == nil }.map { run in run.map { (x[$0], y[$0]) } }
    }

    /// Runs of consecutive points where both bounds of the band can be drawn on `scale`; with `floor` (the axis' lowest
    /// value), a zero lower bound of a series that `marksZerosOnFloor` is drawn at the floor instead of breaking the band.
    func bandRuns(on scale: AxisScale, floor: Double? = nil) -> [[(x: Double, lower: Double, upper: Double)]] {
        guard let band else { return [] }
        let lower = band.lower.map { value in value == 0 && marksZerosOnFloor && scale == .logarithmic ? floor ?? value : value }
        return (0..<min(x.count, lower.count, band.upper.count)).split {
            !x[$0].isFinite || scale.transformed(lower[$0]) == nil || scale.transformed(band.upper[$0]) == nil
        }.map { run in run.map { (x[$0], lower[$0], band.upper[$0]) } }
    }

    /// Every drawable y of the line and of its band, for the axis range.
    func extentValues(on scale: AxisScale) -> [Double] {
        drawableRuns(on: scale).joined().map(\.y) + bandRuns(on: scale).joined().flatMap { [$0.lower, $0.upper] }
    }
}
