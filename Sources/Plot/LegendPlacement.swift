/// A corner of the plot area a legend can sit in.
enum LegendCorner: CaseIterable, Sendable {
    /// Upper right; preferred first when several corners are equally empty.
    case topRight
    /// Upper left.
    case topLeft
    /// Lower left.
    case bottomLeft
    /// Lower right.
    case bottomRight
}

/// Chooses the legend corner that covers the least data.
enum LegendPlacement {
    /// Distance between the legend box and the plot area's edges.
    static let inset = 6.0

    /// The legend box of `legendSize` placed in `corner` of `plotArea`.
    static func rect(for corner: LegendCorner, legendSize: Size, plotArea: Rect, inset: Double = inset) -> Rect {
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
        return obstacles.reduce(0) { $0 + (box.contains($1) ? 1 : 0) }
    }

    /// The corner hiding the fewest obstacles; ties keep the order of `LegendCorner.allCases`.
    ///
    /// Pass points sampled densely along each line (not just its vertices),
    /// otherwise a straight segment crossing a corner would count as empty space.
    static func bestCorner(legendSize: Size, plotArea: Rect, obstacles: [Point], clearance: Double = 0) -> (corner: LegendCorner, hidden: Int) {
        var best: (corner: LegendCorner, hidden: Int) = (.topRight, Int.max)
        for corner in LegendCorner.allCases {
            let hidden = hiddenCount(corner: corner, legendSize: legendSize, plotArea: plotArea, obstacles: obstacles, clearance: clearance)
            if hidden < best.hidden { best = (corner, hidden) }
        }
        return best
    }
}
