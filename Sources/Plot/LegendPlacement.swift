import Foundation

/// The legend goes where it hides the least data.
extension LinePanelGeometry {
    static let legendInset = 6.0
    static let legendPadding = 6.0
    static let legendSwatchWidth = 24.0
    static let legendSwatchGap = 6.0
    static let legendRowGap = 3.0
    /// Data just outside a box counts as hidden too, so the legend or the label does not end up touching a line.
    static let labelClearance = 4.0

    /// Points every few units along every drawn line and band, so a segment crossing a corner counts as data there.
    func dataObstacles(panel: LinePanel) -> [Point] {
        var points: [Point] = []
        for series in panel.series {
            for run in series.drawableRuns(on: panel.yScale) {
                points += sampled(run.map { position(x: $0.x, y: $0.y) })
            }
            // A seed band is data too: its edges and a column at every point, so that no legend or label hides it.
            for run in series.bandRuns(on: panel.yScale, floor: yDomain.lowerBound) {
                points += sampled(run.map { position(x: $0.x, y: $0.lower) }) + sampled(run.map { position(x: $0.x, y: $0.upper) })
                for point in run {
                    points += sampled([position(x: point.x, y: point.lower), position(x: point.x, y: point.upper)])
                }
            }
        }
        // A ring on the floor is a point of data too.
        for series in panel.series {
            points += series.floorZeros(on: panel.yScale).filter(xDomain.contains).map { Point(x: position(x: $0, y: yDomain.lowerBound).x, y: plotArea.maxY - 2) }
        }
        // A marker line is data to the reader too: a legend over it would hide what it marks.
        if let marker = panel.marker, xDomain.contains(marker.x) {
            points += sampled([position(x: marker.x, y: yDomain.lowerBound), position(x: marker.x, y: yDomain.upperBound)])
        }
        return points.filter { plotArea.contains($0) }
    }

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

    /// Between two entries of a legend laid out in rows, and between such a legend and the plot under it.
    static let legendColumnGap = 18.0
    static let legendOutsideGap = 6.0

    /// A legend outside the plot (`LinePanel.legendOutside`), its entries left to right in rows no wider than `width`: each
    /// entry's top-left corner from the block's, and the block's size (zero without named series).
    static func outsideLegendLayout(panel: LinePanel, width: Double, measurer: Canvas) -> (offsets: [Point], size: Size) {
        let metrics = panel.series.filter { !$0.name.isEmpty }.map { measurer.measure($0.name, font: .tickLabel) }
        guard let rowHeight = metrics.map(\.height).max() else { return ([], Size(width: 0, height: 0)) }
        var offsets: [Point] = []
        var (x, y, widest) = (0.0, 0.0, 0.0)
        for entry in metrics {
            let entryWidth = legendSwatchWidth + legendSwatchGap + entry.width
            if x > 0, x + entryWidth > width {
                (x, y) = (0, y + rowHeight + legendRowGap)
            }
            offsets.append(Point(x: x, y: y))
            widest = max(widest, x + entryWidth)
            x += entryWidth + legendColumnGap
        }
        return (offsets, Size(width: widest, height: y + rowHeight))
    }

    func legendSize(panel: LinePanel, measurer: Canvas) -> Size {
        let metrics = panel.series.filter { !$0.name.isEmpty }.map { measurer.measure($0.name, font: .tickLabel) }
        guard !metrics.isEmpty else { return Size(width: 0, height: 0) }
        let rows = Double(metrics.count)
        return Size(width: 2 * Self.legendPadding + Self.legendSwatchWidth + Self.legendSwatchGap + (metrics.map(\.width).max() ?? 0),
                    height: 2 * Self.legendPadding + rows * (metrics.map(\.height).max() ?? 0) + (rows - 1) * Self.legendRowGap)
    }

    /// Places the legend in the corner where it hides the least data; returns how many data points it hides, nil without one.
    mutating func placeLegend(panel: LinePanel, measurer: Canvas) -> Int? {
        if panel.legendOutside {
            // Over the plot, centred under the title as the title is, kept inside the panel: it hides nothing.
            let size = Self.outsideLegendLayout(panel: panel, width: frame.width - 2 * Self.outerPadding, measurer: measurer).size
            guard size.width > 0 else { return nil }
            let x = min(max(plotArea.midX - size.width / 2, frame.x + Self.outerPadding), frame.maxX - Self.outerPadding - size.width)
            legendRect = Rect(x: x, y: plotArea.y - Self.legendOutsideGap - size.height, width: size.width, height: size.height)
            return 0
        }
        let obstacles = dataObstacles(panel: panel)
        let hidden = { (box: Rect) in obstacles.filter { box.insetBy(-Self.labelClearance).contains($0) }.count }
        let size = legendSize(panel: panel, measurer: measurer)
        guard size.width > 0 else { return nil }
        // The corners top right, top left, bottom left, bottom right: on ties the first wins.
        let (left, right) = (plotArea.x + Self.legendInset, plotArea.maxX - Self.legendInset - size.width)
        let (top, bottom) = (plotArea.y + Self.legendInset, plotArea.maxY - Self.legendInset - size.height)
        let order = [(right, top), (left, top), (left, bottom), (right, bottom)]
        let corners = order.map { x, y in
            let box = Rect(x: x, y: y, width: size.width, height: size.height)
            return (box, hidden(box))
        }
        guard let best = corners.min(by: { $0.1 < $1.1 }) else { return nil }
        legendRect = best.0
        return best.1
    }
}
