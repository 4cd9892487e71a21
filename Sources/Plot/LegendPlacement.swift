import Foundation

/// A corner of the plot area a legend can sit in; on ties the first in `allCases` wins.
enum LegendCorner: CaseIterable, Sendable {
    case topRight, topLeft, bottomLeft, bottomRight
}

/// Chooses the legend corner that covers the least data.
enum LegendPlacement {
    /// Distance between the legend box and the plot area's edges.
    static let inset = 6.0
    static let swatchWidth = 24.0
    static let padding = 6.0
    static let rowGap = 3.0
    static let swatchGap = 6.0
    static let markerLabelPadding = 3.0
    /// Room kept between data and the legend or the marker label when choosing where they go.
    static let labelClearance = 4.0

    /// The legend box of `legendSize` placed in `corner` of `plotArea`.
    static func rect(for corner: LegendCorner, legendSize: Size, plotArea: Rect) -> Rect {
        let left = plotArea.x + inset
        let right = plotArea.maxX - inset - legendSize.width
        let top = plotArea.y + inset
        let bottom = plotArea.maxY - inset - legendSize.height
        switch corner {
        case .topRight: return Rect(x: right, y: top, width: legendSize.width, height: legendSize.height)
        case .topLeft: return Rect(x: left, y: top, width: legendSize.width, height: legendSize.height)
        case .bottomLeft: return Rect(x: left, y: bottom, width: legendSize.width, height: legendSize.height)
        case .bottomRight: return Rect(x: right, y: bottom, width: legendSize.width, height: legendSize.height)
        }
    }

    /// How many of `obstacles` (data points in drawing coordinates) a legend in `corner` would hide,
    /// counting those within `clearance` of its box too.
    static func hiddenCount(corner: LegendCorner, legendSize: Size, plotArea: Rect, obstacles: [Point], clearance: Double = 0) -> Int {
        let box = rect(for: corner, legendSize: legendSize, plotArea: plotArea).insetBy(-clearance)
        return obstacles.filter { box.contains($0) }.count
    }

    /// The corner hiding the fewest obstacles. Pass points sampled densely along each line (not just its
    /// vertices), otherwise a straight segment crossing a corner would count as empty space.
    static func bestCorner(legendSize: Size, plotArea: Rect, obstacles: [Point], clearance: Double = 0) -> (corner: LegendCorner, hidden: Int) {
        var best: (corner: LegendCorner, hidden: Int) = (.topRight, Int.max)
        for corner in LegendCorner.allCases {
            let hidden = hiddenCount(corner: corner, legendSize: legendSize, plotArea: plotArea, obstacles: obstacles, clearance: clearance)
            if hidden < best.hidden { best = (corner, hidden) }
        }
        return best
    }
}

extension LinePanelGeometry {
    /// Points every few units along every drawn line and band, so a segment crossing a corner counts as data there.
    func dataObstacles(panel: LinePanel) -> [Point] {
        var points: [Point] = []
        for series in panel.series {
            for run in series.drawableRuns(on: panel.yScale) {
                points += sampled(run.map { position(x: $0.x, y: $0.y) })
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
        return points.filter { layout.plotArea.contains($0) }
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
        return Size(width: 2 * LegendPlacement.padding + LegendPlacement.swatchWidth + LegendPlacement.swatchGap + widest,
                    height: 2 * LegendPlacement.padding + rows * rowHeight + (rows - 1) * LegendPlacement.rowGap)
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
        let area = layout.plotArea
        // Data just outside the box counts too, so the legend does not end up touching a line.
        var best = LegendPlacement.bestCorner(legendSize: size, plotArea: area, obstacles: obstacles, clearance: LegendPlacement.labelClearance)
        // Never over the marker label while some corner is clear of it, however much data that corner hides.
        if let label = markerLabelRect, LegendPlacement.rect(for: best.corner, legendSize: size, plotArea: area).intersects(label) {
            let clear = LegendCorner.allCases.filter { !LegendPlacement.rect(for: $0, legendSize: size, plotArea: area).intersects(label) }
                .map { ($0, LegendPlacement.hiddenCount(corner: $0, legendSize: size, plotArea: area, obstacles: obstacles,
                                                        clearance: LegendPlacement.labelClearance)) }
            if let choice = clear.min(by: { $0.1 < $1.1 }) { best = (choice.0, choice.1) }
        }
        legendRect = LegendPlacement.rect(for: best.corner, legendSize: size, plotArea: area)
        return best
    }

    private func markerLabelPlacement(panel: LinePanel, measurer: TextMeasuring, obstacles: [Point]) -> Rect? {
        guard let marker = panel.marker, marker.x.isFinite, xDomain.contains(marker.x), !marker.label.isEmpty else { return nil }
        let area = layout.plotArea
        let metrics = measurer.measure(marker.label, font: .annotation)
        let width = metrics.width + 2 * LegendPlacement.markerLabelPadding
        let height = metrics.height + 2 * LegendPlacement.markerLabelPadding
        let lineX = position(x: marker.x, y: yDomain.lowerBound).x
        // Right of the line unless that would run out of the plot area; clear of dots sitting on the line.
        let offset = LinePanelRenderer.isolatedPointRadius + 3
        let x = lineX + offset + width <= area.maxX - 2 ? lineX + offset : max(area.x + 2, lineX - offset - width)
        let top = Rect(x: x, y: area.y + 4, width: width, height: height)
        let bottom = Rect(x: x, y: area.maxY - 4 - height, width: width, height: height)
        // Data just outside the box counts too, so the label does not end up touching a line or a dot.
        let hiddenTop = obstacles.filter { top.insetBy(-LegendPlacement.labelClearance).contains($0) }.count
        let hiddenBottom = obstacles.filter { bottom.insetBy(-LegendPlacement.labelClearance).contains($0) }.count
        return hiddenBottom < hiddenTop ? bottom : top
    }
}
