import Foundation

/// Everything needed to draw one line panel, computed without drawing anything.
struct LinePanelGeometry {
    /// Margins, plot area and label anchors.
    var layout: PanelLayout
    /// Visible x range.
    var xDomain: ClosedRange<Double>
    /// Visible y range, in data units (positive on a log axis).
    var yDomain: ClosedRange<Double>
    /// How `yDomain` maps onto the plot's height.
    var yScale: AxisScale
    /// x tick values and their labels.
    var xTicks: [Double]
    /// Labels under `xTicks`.
    var xTickLabels: [String]
    /// y tick values.
    var yTicks: [Double]
    /// Labels beside `yTicks`.
    var yTickLabels: [String]
    /// Unlabelled short ticks between the labelled ones (2×…9× each power of ten on a log axis).
    var yMinorTicks: [Double]
    /// Points dropped because x or y was NaN or infinite.
    var nonFiniteCount: Int
    /// Finite points dropped because a log axis cannot show a y of zero or below.
    var nonPositiveCount: Int
    /// Points of faint series outside the y range: their trace is cut off at the plot's edge.
    var clippedCount: Int
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
    /// Room kept between data and the legend or the marker label when choosing where they go.
    static let labelClearance = 4.0
    /// The legend only gets extra headroom when it is small compared with the plot.
    static let maximumHeadroomFraction = 0.45
    /// y tick labels (12 pt, a 14-unit line) at least this far apart, so a short panel gets fewer of them instead of a smear.
    static let minimumYTickSpacing = 28.0
    /// Minor log ticks only where a decade is at least this tall; in less they merge into a solid bar.
    static let minimumDecadeHeightForMinorTicks = 40.0

    /// Drawing position of a data point; y must be one the panel's scale can show.
    func position(x: Double, y: Double) -> Point {
        let area = layout.plotArea
        let xScale = LinearScale(domain: xDomain, start: area.x, end: area.maxX)
        let yScale = LinearScale(domain: self.yScale.transformed(yDomain), start: area.maxY, end: area.y)
        return Point(x: xScale.position(of: x), y: yScale.position(of: self.yScale.transformed(y) ?? .nan))
    }

    /// The note written under the panel title when data is not all drawn: values left out, or a trace cut off.
    var note: String? {
        var parts: [String] = []
        switch nonFiniteCount {
        case 0: break
        case 1: parts.append("1 non-finite value omitted")
        default: parts.append("\(nonFiniteCount) non-finite values omitted")
        }
        switch nonPositiveCount {
        case 0: break
        case 1: parts.append("1 value ≤ 0 omitted (log axis)")
        default: parts.append("\(nonPositiveCount) values ≤ 0 omitted (log axis)")
        }
        if clippedCount > 0 {
            parts.append("raw trace clipped: \(clippedCount) value\(clippedCount == 1 ? "" : "s") beyond the axis")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Lays out `panel` inside `frame`, over `xDomain` when given (charts share one x range across panels).
    ///
    /// If every corner of the plot would hide data under the legend, the y
    /// range is extended once, upwards or else downwards, so the legend gets a band of its own.
    static func compute(panel: LinePanel, frame: Rect, measurer: TextMeasuring, xDomain: ClosedRange<Double>? = nil) -> LinePanelGeometry {
        let xDomain = xDomain ?? Self.xDomain(for: panel)
        let yDomain = Self.yDomain(for: panel)
        var geometry = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: yDomain, measurer: measurer)
        guard let placement = geometry.placeLegend(panel: panel, measurer: measurer), placement.hidden > 0 else {
            return geometry
        }
        let legendHeight = geometry.legendSize(panel: panel, measurer: measurer).height + 2 * LegendPlacement.inset
        let plotHeight = geometry.layout.plotArea.height
        guard legendHeight < plotHeight * maximumHeadroomFraction else { return geometry }
        // Extended in the axis' own coordinates, so on a log axis the legend band is as tall as on a linear one.
        let span = panel.yScale.transformed(yDomain)
        let grown = (span.upperBound - span.lowerBound) * plotHeight / (plotHeight - legendHeight)
        let raisedUpper = panel.yScale.value(atTransformed: span.lowerBound + grown)
        let loweredLower = panel.yScale.value(atTransformed: span.upperBound - grown)
        var best = (geometry: geometry, hidden: placement.hidden)
        // Upwards first; downwards when that leaves no corner clear (the top taken by a marker label, say).
        for domain in [yDomain.lowerBound...raisedUpper, loweredLower...yDomain.upperBound] where domain.lowerBound.isFinite && domain.upperBound.isFinite {
            var extended = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: domain, measurer: measurer)
            if let extendedPlacement = extended.placeLegend(panel: panel, measurer: measurer), extendedPlacement.hidden < best.hidden {
                best = (extended, extendedPlacement.hidden)
            }
            if best.hidden == 0 { break }
        }
        return best.geometry
    }

    private static func make(panel: LinePanel, frame: Rect, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>,
                             measurer: TextMeasuring) -> LinePanelGeometry {
        let nonFinite = panel.series.reduce(0) { $0 + $1.nonFiniteCount }
        let nonPositive = panel.yScale == .logarithmic ? panel.series.reduce(0) { $0 + $1.nonPositiveCount } : 0
        let clipped = panel.series.filter { $0.emphasis == .faint }.reduce(0) { count, series in
            count + series.drawableRuns(on: panel.yScale).joined().filter { !yDomain.contains($0.y) }.count
        }
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
        var geometry = LinePanelGeometry(
            layout: PanelLayout(frame: frame, plotArea: frame, titleAnchor: Point(x: 0, y: 0), noteAnchor: nil,
                                xLabelAnchor: Point(x: 0, y: 0), yLabelAnchor: Point(x: 0, y: 0)),
            xDomain: xDomain, yDomain: yDomain, yScale: panel.yScale, xTicks: xTicks, xTickLabels: xTickLabels,
            yTicks: [], yTickLabels: [], yMinorTicks: [], nonFiniteCount: nonFinite, nonPositiveCount: nonPositive,
            clippedCount: clipped, legendRect: nil, markerLabelRect: nil)
        // The plot's height does not depend on the y labels (only its left edge does), so it can size their count.
        let text = PanelText(title: panel.title, note: geometry.note, xLabel: panel.xLabel, yLabel: panel.yLabel,
                             xTickLabels: xTickLabels, yTickLabels: [])
        let plotHeight = PanelLayout.compute(frame: frame, text: text, measurer: measurer).plotArea.height
        let maximumYTicks = max(2, Int(plotHeight / minimumYTickSpacing) + 1)
        switch panel.yScale {
        case .linear:
            geometry.yTicks = TickGenerator.ticks(lower: yDomain.lowerBound, upper: yDomain.upperBound, maximumCount: maximumYTicks)
                .filter { panel.yTickLimits?.contains($0) ?? true }
        case .logarithmic:
            geometry.yTicks = TickGenerator.logTicks(lower: yDomain.lowerBound, upper: yDomain.upperBound, maximumCount: maximumYTicks)
            let decades = panel.yScale.transformed(yDomain)
            let decadeHeight = plotHeight / max(decades.upperBound - decades.lowerBound, 1e-9)
            let labelsEveryDecade = zip(geometry.yTicks, geometry.yTicks.dropFirst()).allSatisfy { $1 / $0 <= 10 * (1 + 1e-9) }
            if decadeHeight >= minimumDecadeHeightForMinorTicks && labelsEveryDecade {
                geometry.yMinorTicks = TickGenerator.logMinorTicks(lower: yDomain.lowerBound, upper: yDomain.upperBound,
                                                                   labelled: geometry.yTicks)
            }
        }
        geometry.yTickLabels = TickLabelFormatter.labels(for: geometry.yTicks, format: panel.yFormat)
        let fullText = PanelText(title: panel.title, note: geometry.note, xLabel: panel.xLabel, yLabel: panel.yLabel,
                                 xTickLabels: xTickLabels, yTickLabels: geometry.yTickLabels)
        geometry.layout = PanelLayout.compute(frame: frame, text: fullText, measurer: measurer)
        return geometry
    }

    // MARK: Domains

    /// The smallest and largest x of everything `panel` draws (its marker included); nil when it draws nothing.
    static func xExtent(of panel: LinePanel) -> ClosedRange<Double>? {
        var values = panel.series.flatMap { $0.drawableRuns(on: panel.yScale).joined().map(\.x) }
        if let marker = panel.marker, marker.x.isFinite { values.append(marker.x) }
        guard let low = values.min(), let high = values.max() else { return nil }
        return low...high
    }

    static func xDomain(for panel: LinePanel) -> ClosedRange<Double> {
        xDomain(extent: xExtent(of: panel), axis: panel.xAxis)
    }

    /// The visible x range for data spanning `extent`.
    static func xDomain(extent: ClosedRange<Double>?, axis: XAxisKind) -> ClosedRange<Double> {
        switch axis {
        case .epochs:
            guard let extent else { return 0.5...1.5 }
            let low = extent.lowerBound
            let high = extent.upperBound
            // Half an epoch either side of a lone epoch; otherwise just enough room for end markers.
            let padding = high - low < 1e-9 ? 0.5 : (high - low) * 0.03
            // Training starts at epoch 0, so mini-batches early in epoch 1 get no empty band of negative epochs.
            let lowerPadding = low >= 0 && high - low >= 1e-9 ? min(padding, low) : padding
            return (low - lowerPadding)...(high + padding)
        case .continuous:
            guard let extent else { return 0...1 }
            return AxisDomain.padded([extent.lowerBound, extent.upperBound]) ?? 0...1
        }
    }

    static func yDomain(for panel: LinePanel) -> ClosedRange<Double> {
        switch panel.yScale {
        case .linear: return linearYDomain(for: panel)
        case .logarithmic: return logYDomain(for: panel)
        }
    }

    private static func linearYDomain(for panel: LinePanel) -> ClosedRange<Double> {
        var values: [Double] = []
        for series in panel.series {
            let ys = series.finiteRuns().flatMap { $0.map(\.y) }
            switch series.emphasis {
            case .normal:
                values += series.extentValues(on: .linear)
            case .faint:
                // Early mini-batch spikes would otherwise squash the epoch curves into a flat line;
                // the panel's note counts what is cut off.
                let sorted = ys.sorted()
                if let low = percentile(sorted, 0.02), let high = percentile(sorted, 0.98) { values += [low, high] }
            }
        }
        guard var domain = AxisDomain.padded(values) else { return 0...1 }
        // Padding never reaches past what can exist (an accuracy above 100%) unless the data touches it,
        // where dots at the limit need the room.
        if let limits = panel.yTickLimits, let high = values.max(), high < limits.upperBound, domain.upperBound > limits.upperBound {
            domain = domain.lowerBound...limits.upperBound
        }
        return domain
    }

    /// Every positive value, faint series included: a log axis has room for the spikes a linear one must clip.
    /// Padded by 5% of the span in decades; a constant is given half a decade either side.
    private static func logYDomain(for panel: LinePanel) -> ClosedRange<Double> {
        let exponents = panel.series.flatMap { $0.extentValues(on: .logarithmic).map { log10($0) } }
        guard var low = exponents.min(), var high = exponents.max() else { return 0.1...10 }
        if high - low < 1e-9 {
            low -= 0.5
            high += 0.5
        }
        let padding = (high - low) * 0.05
        return pow(10, low - padding)...pow(10, high + padding)
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
            for run in series.drawableRuns(on: panel.yScale) {
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
        // A seed band is data too: its edges and a column at every point, so that no legend or label hides it.
        for series in panel.series {
            for run in series.bandRuns(on: panel.yScale) {
                for edge in [run.map { ($0.x, $0.lower) }, run.map { ($0.x, $0.upper) }] {
                    points += sampled(edge.map { position(x: $0.0, y: $0.1) })
                }
                for point in run {
                    points += sampled([position(x: point.x, y: point.lower), position(x: point.x, y: point.upper)])
                }
            }
        }
        return points.filter { area.contains($0) }
    }

    /// Points every 3 units along the polyline through `positions`.
    private func sampled(_ positions: [Point]) -> [Point] {
        guard var previous = positions.first else { return [] }
        var points = [previous]
        for next in positions.dropFirst() {
            let steps = max(1, Int((hypot(next.x - previous.x, next.y - previous.y) / 3).rounded(.up)))
            for step in 1...steps {
                let t = Double(step) / Double(steps)
                points.append(Point(x: previous.x + (next.x - previous.x) * t, y: previous.y + (next.y - previous.y) * t))
            }
            previous = next
        }
        return points
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
        // Data just outside the box counts too, so the legend does not end up touching a line.
        var best = LegendPlacement.bestCorner(legendSize: size, plotArea: layout.plotArea, obstacles: obstacles, clearance: Self.labelClearance)
        // Never over the marker label while some corner is clear of it, however much data that corner hides.
        if let label = markerLabelRect, LegendPlacement.rect(for: best.corner, legendSize: size, plotArea: layout.plotArea).intersects(label) {
            let clear = LegendCorner.allCases.filter { !LegendPlacement.rect(for: $0, legendSize: size, plotArea: layout.plotArea).intersects(label) }
                .map { ($0, LegendPlacement.hiddenCount(corner: $0, legendSize: size, plotArea: layout.plotArea, obstacles: obstacles, clearance: Self.labelClearance)) }
            if let choice = clear.min(by: { $0.1 < $1.1 }) { best = (choice.0, choice.1) }
        }
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
        // Data just outside the box counts too, so the label does not end up touching a line or a dot.
        let hiddenTop = obstacles.reduce(0) { $0 + (top.insetBy(-Self.labelClearance).contains($1) ? 1 : 0) }
        let hiddenBottom = obstacles.reduce(0) { $0 + (bottom.insetBy(-Self.labelClearance).contains($1) ? 1 : 0) }
        return hiddenBottom < hiddenTop ? bottom : top
    }
}
