import Foundation

/// The legend and the marker label go where they hide the least data.
extension LinePanelGeometry {
    static let legendInset = 6.0
    static let legendPadding = 6.0
    static let legendSwatchWidth = 24.0
    static let legendSwatchGap = 6.0
    static let legendRowGap = 3.0
    static let markerLabelPadding = 3.0
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
            for run in series.bandRuns(on: panel.yScale) {
                points += sampled(run.map { position(x: $0.x, y: $0.lower) }) + sampled(run.map { position(x: $0.x, y: $0.upper) })
                for point in run {
                    points += sampled([position(x: point.x, y: point.lower), position(x: point.x, y: point.upper)])
                }
            }
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

    func legendSize(panel: LinePanel, measurer: Canvas) -> Size {
        let metrics = panel.series.filter { !$0.name.isEmpty }.map { measurer.measure($0.name, font: .tickLabel) }
        guard !metrics.isEmpty else { return Size(width: 0, height: 0) }
        let rows = Double(metrics.count)
        return Size(width: 2 * Self.legendPadding + Self.legendSwatchWidth + Self.legendSwatchGap + (metrics.map(\.width).max() ?? 0),
                    height: 2 * Self.legendPadding + rows * (metrics.map(\.height).max() ?? 0) + (rows - 1) * Self.legendRowGap)
    }

    /// Places the marker label where it hides the least data, then the legend where it hides the least data and never
    /// over the label while some corner is clear of it; returns how many data points the legend hides, nil without one.
    mutating func placeLegend(panel: LinePanel, measurer: Canvas) -> Int? {
        var obstacles = dataObstacles(panel: panel)
        let hidden = { (box: Rect) in obstacles.filter { box.insetBy(-Self.labelClearance).contains($0) }.count }
        if let marker = panel.marker, xDomain.contains(marker.x) {
            let metrics = measurer.measure(marker.label, font: .annotation)
            let width = metrics.width + 2 * Self.markerLabelPadding
            let height = metrics.height + 2 * Self.markerLabelPadding
            let lineX = position(x: marker.x, y: yDomain.lowerBound).x
            // Right of the line unless that would run out of the plot area; clear of dots sitting on the line.
            let offset = Self.isolatedPointRadius + 3
            let x = lineX + offset + width <= plotArea.maxX - 2 ? lineX + offset : max(plotArea.x + 2, lineX - offset - width)
            let top = Rect(x: x, y: plotArea.y + 4, width: width, height: height)
            let bottom = Rect(x: x, y: plotArea.maxY - 4 - height, width: width, height: height)
            let label = hidden(bottom) < hidden(top) ? bottom : top
            markerLabelRect = label
            // Enough samples that any overlap with the label outweighs a few hidden data points.
            obstacles += (0...4).flatMap { row in
                (0...8).map { Point(x: label.x + label.width * Double($0) / 8, y: label.y + label.height * Double(row) / 4) }
            }
        }
        let size = legendSize(panel: panel, measurer: measurer)
        guard size.width > 0 else { return nil }
        // The corners top right, top left, bottom left, bottom right: on ties the first wins.
        let (left, right) = (plotArea.x + Self.legendInset, plotArea.maxX - Self.legendInset - size.width)
        let (top, bottom) = (plotArea.y + Self.legendInset, plotArea.maxY - Self.legendInset - size.height)
        let corners = [(right, top), (left, top), (left, bottom), (right, bottom)].map { x, y in
            let box = Rect(x: x, y: y, width: size.width, height: size.height)
            return (box, hidden(box))
        }
        let clear = corners.filter { box, _ in markerLabelRect.map { !box.intersects($0) } ?? true }
        guard let best = (clear.isEmpty ? corners : clear).min(by: { $0.1 < $1.1 }) else { return nil }
        legendRect = best.0
        return best.1
    }
}
