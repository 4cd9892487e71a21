import Foundation
import XCTest
@testable import Plot

/// Renders charts in memory the way the file writer does (2x) and exposes where things were laid out.
enum Rendering {
    static let scale = 2.0

    static func render(_ chart: LineChart) throws -> (raster: Raster, geometries: [LinePanelGeometry]) {
        let surface = try CairoSurface.image(size: chart.size, scale: scale)
        let context = try CairoContext(surface: surface)
        let geometries = chart.geometries(measuringWith: context)
        try chart.draw(in: context)
        return (try surface.raster(), geometries)
    }

    static func render(_ figure: Figure) throws -> (raster: Raster, context: CairoContext) {
        let surface = try CairoSurface.image(size: figure.size, scale: scale)
        let context = try CairoContext(surface: surface)
        try figure.draw(in: context)
        return (try surface.raster(), context)
    }

    /// Whether device pixel (x, y) lies inside `rect` (logical units) grown by `margin` logical units.
    static func isInside(_ x: Int, _ y: Int, _ rect: Rect, margin: Double = 0) -> Bool {
        let px = (Double(x) + 0.5) / scale
        let py = (Double(y) + 0.5) / scale
        return px >= rect.x - margin && px <= rect.maxX + margin && py >= rect.y - margin && py <= rect.maxY + margin
    }

    /// A chart with one panel and one unnamed series, so the series colour appears nowhere but in the data.
    static func singleSeriesChart(_ values: [Double], color: Color = Palette.orange, markers: Bool = false) -> LineChart {
        LineChart(panels: [LinePanel(title: "Panel", xLabel: "epoch", yLabel: "value",
                                     series: [LineSeries(name: "", perEpoch: values, color: color, showsMarkers: markers)])],
                  size: Size(width: 500, height: 400))
    }
}
