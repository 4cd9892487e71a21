import Foundation

/// Everything needed to draw one line panel, computed without drawing anything.
struct LinePanelGeometry {
    /// Margins, plot area and label anchors.
    var layout: PanelLayout
    /// Visible x range.
    var xDomain: ClosedRange<Double>
    /// Visible y range.
    var yDomain: ClosedRange<Double>
    /// x tick values and their labels.
    var xTicks: [Double]
    /// Labels under `xTicks`.
    var xTickLabels: [String]
    /// y tick values.
    var yTicks: [Double]
    /// Labels beside `yTicks`.
    var yTickLabels: [String]
    /// Points dropped because x or y was NaN or infinite.
    var nonFiniteCount: Int
    /// Where the legend box goes, if any series has a name.
    var legendRect: Rect?
    /// Where the vertical marker's label goes, if there is a visible marker.
    var markerLabelRect: Rect?

    /// Legend row metrics shared by layout and drawing.
    static let legendSwatchWidth = 24.0
    static let legendPadding = 6.0
    static let legendRowGap = 3.0
    static let legendSwatchGap = 6.0
    static let markerLabelPadding = 3.0
    /// The legend only gets extra headroom when it is small compared with the plot.
    static let maximumHeadroomFraction = 0.45

    /// Drawing position of a data point.
    func position(x: Double, y: Double) -> Point {
        let area = layout.plotArea
        let xScale = LinearScale(domain: xDomain, start: area.x, end: area.maxX)
        let yScale = LinearScale(domain: yDomain, start: area.maxY, end: area.y)
        return Point(x: xScale.position(of: x), y: yScale.position(of: y))
    }

    /// The note written under the panel title, if any values were dropped.
    var note: String? {
        switch nonFiniteCount {
        case 0: return nil
        case 1: return "1 non-finite value omitted"
        default: return "\(nonFiniteCount) non-finite values omitted"
        }
    }

    /// Lays out `panel` inside `frame`.
    ///
    /// If every corner of the plot would hide data under the legend, the y
    /// range is extended upwards once so the legend gets a band of its own.
    static func compute(panel: LinePanel, frame: Rect, measurer: TextMeasuring) -> LinePanelGeometry {
        let xDomain = Self.xDomain(for: panel)
        let yDomain = Self.yDomain(for: panel)
        var geometry = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: yDomain, measurer: measurer)
        guard let placement = geometry.placeLegend(panel: panel, measurer: measurer), placement.hidden > 0 else {
            return geometry
        }
        let legendHeight = geometry.legendSize(panel: panel, measurer: measurer).height + 2 * LegendPlacement.inset
        let plotHeight = geometry.layout.plotArea.height
        guard legendHeight < plotHeight * maximumHeadroomFraction else { return geometry }
        let span = yDomain.upperBound - yDomain.lowerBound
        let raisedUpper = yDomain.lowerBound + span * plotHeight / (plotHeight - legendHeight)
        var raised = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: yDomain.lowerBound...raisedUpper, measurer: measurer)
        guard let raisedPlacement = raised.placeLegend(panel: panel, measurer: measurer),
              raisedPlacement.hidden < placement.hidden else {
            return geometry
        }
        return raised
    }

    private static func make(panel: LinePanel, frame: Rect, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>,
                             measurer: TextMeasuring) -> LinePanelGeometry {
        let nonFinite = panel.series.reduce(0) { $0 + $1.nonFiniteCount }
        let xTicks: [Double]
        let xTickLabels: [String]
        switch panel.xAxis {
        case .epochs:
            let lastEpoch = Int(max(1, min(xDomain.upperBound, 1e9)).rounded(.down))
            xTicks = TickGenerator.epochTicks(lastEpoch: lastEpoch).map(Double.init).filter { xDomain.contains($0) }
            xTickLabels = TickLabelFormatter.labels(for: xTicks, format: .integer)
        case .continuous(let format):
            xTicks = TickGenerator.ticks(lower: xDomain.lowerBound, upper: xDomain.upperBound)
            xTickLabels = TickLabelFormatter.labels(for: xTicks, format: format)
        }
        let yTicks = TickGenerator.ticks(lower: yDomain.lowerBound, upper: yDomain.upperBound)
            .filter { panel.yTickLimits?.contains($0) ?? true }
        let yTickLabels = TickLabelFormatter.labels(for: yTicks, format: panel.yFormat)
        var geometry = LinePanelGeometry(
            layout: PanelLayout(frame: frame, plotArea: frame, titleAnchor: Point(x: 0, y: 0), noteAnchor: nil,
                                xLabelAnchor: Point(x: 0, y: 0), yLabelAnchor: Point(x: 0, y: 0)),
            xDomain: xDomain, yDomain: yDomain, xTicks: xTicks, xTickLabels: xTickLabels,
            yTicks: yTicks, yTickLabels: yTickLabels, nonFiniteCount: nonFinite, legendRect: nil, markerLabelRect: nil)
        let text = PanelText(title: panel.title, note: geometry.note, xLabel: panel.xLabel, yLabel: panel.yLabel,
                             xTickLabels: xTickLabels, yTickLabels: yTickLabels)
        geometry.layout = PanelLayout.compute(frame: frame, text: text, measurer: measurer)
        return geometry
    }

    // MARK: Domains

    static func xDomain(for panel: LinePanel) -> ClosedRange<Double> {
        var values = panel.series.flatMap { $0.finiteRuns().flatMap { $0.map(\.x) } }
        if let marker = panel.marker, marker.x.isFinite { values.append(marker.x) }
        switch panel.xAxis {
        case .epochs:
            guard let low = values.min(), let high = values.max() else { return 0.5...1.5 }
            // Half an epoch either side of a lone epoch; otherwise just enough room for end markers.
            let padding = high - low < 1e-9 ? 0.5 : (high - low) * 0.03
            return (low - padding)...(high + padding)
        case .continuous:
            return AxisDomain.padded(values) ?? 0...1
        }
    }

    static func yDomain(for panel: LinePanel) -> ClosedRange<Double> {
        var values: [Double] = []
        for series in panel.series {
            let ys = series.finiteRuns().flatMap { $0.map(\.y) }
            switch series.emphasis {
            case .normal:
                values += ys
            case .faint:
                // Early mini-batch spikes would otherwise squash the epoch curves into a flat line.
                let sorted = ys.sorted()
                if let low = percentile(sorted, 0.02), let high = percentile(sorted, 0.98) { values += [low, high] }
            }
        }
        return AxisDomain.padded(values) ?? 0...1
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let index = Int((Double(sorted.count - 1) * fraction).rounded())
        return sorted[min(max(index, 0), sorted.count - 1)]
    }

    // MARK: Obstacles, marker label and legend

    /// Points sampled along every drawn line every few units, so a segment crossing a corner counts as data there.
    func dataObstacles(panel: LinePanel) -> [Point] {
        let area = layout.plotArea
        var points: [Point] = []
        for series in panel.series {
            for run in series.finiteRuns() {
                let positions = run.map { position(x: $0.x, y: $0.y) }
                guard var previous = positions.first else { continue }
                points.append(previous)
                for next in positions.dropFirst() {
                    let distance = hypot(next.x - previous.x, next.y - previous.y)
                    let steps = max(1, Int((distance / 3).rounded(.up)))
                    for step in 1...steps {
                        let t = Double(step) / Double(steps)
                        points.append(Point(x: previous.x + (next.x - previous.x) * t, y: previous.y + (next.y - previous.y) * t))
                    }
                    previous = next
                }
            }
        }
        return points.filter { area.contains($0) }
    }

    func legendSize(panel: LinePanel, measurer: TextMeasuring) -> Size {
        let names = panel.series.map(\.name).filter { !$0.isEmpty }
        guard !names.isEmpty else { return Size(width: 0, height: 0) }
        let metrics = names.map { measurer.measure($0, font: .tickLabel) }
        let rowHeight = metrics.map(\.height).max() ?? 0
        let widest = metrics.map(\.width).max() ?? 0
        let rows = Double(names.count)
        return Size(width: 2 * Self.legendPadding + Self.legendSwatchWidth + Self.legendSwatchGap + widest,
                    height: 2 * Self.legendPadding + rows * rowHeight + (rows - 1) * Self.legendRowGap)
    }

    /// Places the marker label where it hides the least data, then the legend where it hides the least data and avoids the label.
    mutating func placeLegend(panel: LinePanel, measurer: TextMeasuring) -> (corner: LegendCorner, hidden: Int)? {
        var obstacles = dataObstacles(panel: panel)
        markerLabelRect = markerLabelPlacement(panel: panel, measurer: measurer, obstacles: obstacles)
        if let label = markerLabelRect {
            // Enough samples that any overlap with the label outweighs a few hidden data points.
            for row in 0...4 {
                for column in 0...8 {
                    obstacles.append(Point(x: label.x + label.width * Double(column) / 8, y: label.y + label.height * Double(row) / 4))
                }
            }
        }
        let size = legendSize(panel: panel, measurer: measurer)
        guard size.width > 0 else {
            legendRect = nil
            return nil
        }
        let best = LegendPlacement.bestCorner(legendSize: size, plotArea: layout.plotArea, obstacles: obstacles)
        legendRect = LegendPlacement.rect(for: best.corner, legendSize: size, plotArea: layout.plotArea)
        return best
    }

    private func markerLabelPlacement(panel: LinePanel, measurer: TextMeasuring, obstacles: [Point]) -> Rect? {
        guard let marker = panel.marker, marker.x.isFinite, xDomain.contains(marker.x), !marker.label.isEmpty else { return nil }
        let area = layout.plotArea
        let metrics = measurer.measure(marker.label, font: .annotation)
        let width = metrics.width + 2 * Self.markerLabelPadding
        let height = metrics.height + 2 * Self.markerLabelPadding
        let lineX = position(x: marker.x, y: yDomain.lowerBound).x
        // Right of the line unless that would run out of the plot area; clear of dots sitting on the line.
        let offset = LinePanelRenderer.isolatedPointRadius + 3
        let x = lineX + offset + width <= area.maxX - 2 ? lineX + offset : max(area.x + 2, lineX - offset - width)
        let top = Rect(x: x, y: area.y + 4, width: width, height: height)
        let bottom = Rect(x: x, y: area.maxY - 4 - height, width: width, height: height)
        let hiddenTop = obstacles.reduce(0) { $0 + (top.contains($1) ? 1 : 0) }
        let hiddenBottom = obstacles.reduce(0) { $0 + (bottom.contains($1) ? 1 : 0) }
        return hiddenBottom < hiddenTop ? bottom : top
    }
}
