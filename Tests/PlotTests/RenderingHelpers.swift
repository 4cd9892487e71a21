import CCairo
import XCTest
@testable import Plot

/// A chart's pixels as the PNG writer draws them (twice the logical size), to check where colours land.
struct Pixels {
    let width: Int
    let height: Int
    /// cairo's native-endian 0xAARRGGBB words; every chart paints an opaque background, so colours are straight.
    private let words: [UInt32]

    init(_ chart: some Chart) throws {
        let canvas = try Canvas(format: .png, size: chart.size, figureName: chart.name)
        try chart.draw(on: canvas)
        cairo_surface_flush(canvas.surface)
        let (width, height) = (Int(cairo_image_surface_get_width(canvas.surface)), Int(cairo_image_surface_get_height(canvas.surface)))
        let stride = Int(cairo_image_surface_get_stride(canvas.surface))
        let data = UnsafeRawPointer(try XCTUnwrap(cairo_image_surface_get_data(canvas.surface)))
        self.width = width
        self.height = height
        words = (0..<height).flatMap { y in (0..<width).map { x in data.load(fromByteOffset: y * stride + x * 4, as: UInt32.self) } }
    }

    /// How many device pixels are within `tolerance` of `color` in every channel, among those whose centre, in logical
    /// units, `region` accepts.
    func count(of color: Color, tolerance: Int = 12, where region: (Double, Double) -> Bool = { _, _ in true }) -> Int {
        let expected = [color.red, color.green, color.blue].map { Int(($0 * 255).rounded()) }
        var matches = 0
        for y in 0..<height {
            for x in 0..<width where region((Double(x) + 0.5) / 2, (Double(y) + 0.5) / 2) {
                let word = words[y * width + x]
                let channels = [Int(word >> 16 & 0xFF), Int(word >> 8 & 0xFF), Int(word & 0xFF)]
                if zip(channels, expected).allSatisfy({ abs($0 - $1) <= tolerance }) { matches += 1 }
            }
        }
        return matches
    }

    /// `count(of:)` inside `rect` grown by `margin`, or outside it.
    func count(of color: Color, tolerance: Int = 12, in rect: Rect, margin: Double = 0, outside: Bool = false) -> Int {
        let grown = rect.insetBy(-margin)
        return count(of: color, tolerance: tolerance) { grown.contains(Point(x: $0, y: $1)) != outside }
    }
}

enum Rendering {
    static let orange = Color(hex: 0xE69F00)

    /// A one-panel chart with one unnamed series, so the series colour appears nowhere but in the data.
    static func chart(_ values: [Double], color: Color = orange, markers: Bool = false, logarithmic: Bool = false) -> LineChart {
        let series = LineSeries(name: "", x: values.indices.map { Double($0 + 1) }, y: values, color: color, showsMarkers: markers)
        return LineChart(title: "Test", panels: [LinePanel(title: "Panel", yLabel: "value", series: [series], yLabels: TickLabelFormatter.powerOfTenLabels,
                                                           yScale: logarithmic ? .logarithmic : .linear)])
    }

    /// The geometry of every panel of `chart`, measured with a canvas of its own.
    static func geometries(_ chart: LineChart) throws -> [LinePanelGeometry] {
        chart.geometries(measuringWith: try Canvas(format: .png, size: chart.size, figureName: chart.name))
    }

    /// The width and height a PNG's header gives.
    static func pngSize(_ png: [UInt8]) -> (width: Int, height: Int) {
        (png[16..<20].reduce(0) { $0 << 8 | Int($1) }, png[20..<24].reduce(0) { $0 << 8 | Int($1) })
    }
}
