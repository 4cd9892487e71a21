import XCTest
@testable import Plot

final class ConfusionMatrixTests: XCTestCase {
    func testIntensityIsLogarithmicAndBounded() {
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 0, maximum: 1000), 0)
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 1000, maximum: 1000), 1, accuracy: 1e-12)
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 5, maximum: 0), 0)
        // A few mistakes must be visibly tinted next to a diagonal of a thousand.
        XCTAssertGreaterThan(ConfusionMatrixChart.intensity(count: 3, maximum: 1000), 0.15)
        XCTAssertLessThan(ConfusionMatrixChart.intensity(count: 3, maximum: 1000), ConfusionMatrixChart.intensity(count: 4, maximum: 1000))
    }

    func testRampRunsFromWhiteToDarkBlue() {
        let ramp = ColorRamp.whiteToDarkBlue
        XCTAssertEqual(RGBA8(ramp.color(at: 0)), RGBA8(red: 255, green: 255, blue: 255))
        XCTAssertEqual(RGBA8(ramp.color(at: 1)), RGBA8(red: 0x08, green: 0x30, blue: 0x6B))
        XCTAssertEqual(RGBA8(ramp.color(at: .nan)), RGBA8(red: 255, green: 255, blue: 255))
        XCTAssertGreaterThan(ramp.color(at: 0.3).relativeLuminance, ramp.color(at: 0.6).relativeLuminance)
    }

    func testDarkestCellHasWhiteTextAndEmptyCellsStayWhite() throws {
        var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
        for index in 0..<10 { counts[index][index] = 1000 }
        counts[4][9] = 7
        let chart = ConfusionMatrixChart(counts: counts, title: "Confusion")
        let (raster, context) = try Rendering.render(chart)
        let layout = chart.layout(measuringWith: context)
        func cell(_ row: Int, _ column: Int) -> Rect {
            Rect(x: layout.grid.x + Double(column) * layout.cellSize + 2, y: layout.grid.y + Double(row) * layout.cellSize + 2,
                 width: layout.cellSize - 4, height: layout.cellSize - 4)
        }
        let navy = RGBA8(red: 0x08, green: 0x30, blue: 0x6B)
        let white = RGBA8(red: 255, green: 255, blue: 255)
        let diagonal = cell(3, 3)
        XCTAssertGreaterThan(raster.count(of: navy, tolerance: 3) { Rendering.isInside($0, $1, diagonal) }, 1000)
        XCTAssertGreaterThan(raster.count(of: white, tolerance: 3) { Rendering.isInside($0, $1, diagonal) }, 20, "count text should be white")
        let empty = cell(0, 5)
        XCTAssertEqual(raster.count(of: navy, tolerance: 40) { Rendering.isInside($0, $1, empty) }, 0)
        XCTAssertGreaterThan(raster.count(of: white, tolerance: 0) { Rendering.isInside($0, $1, empty) }, 1000)
        let mistake = cell(4, 9)
        let tint = RGBA8(ColorRamp.whiteToDarkBlue.color(at: ConfusionMatrixChart.intensity(count: 7, maximum: 1000)))
        XCTAssertGreaterThan(raster.count(of: tint, tolerance: 3) { Rendering.isInside($0, $1, mistake) }, 1000)
    }

    func testLayoutKeepsTheGridSquareAndInsideTheFigure() throws {
        let chart = ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "A long title for the confusion matrix")
        let layout = chart.layout(measuringWith: FixedWidthTextMeasurer())
        XCTAssertEqual(layout.grid.width, layout.grid.height)
        XCTAssertEqual(layout.cellSize * 10, layout.grid.width, accuracy: 1e-9)
        let figure = Rect(x: 0, y: 0, width: chart.size.width, height: chart.size.height)
        XCTAssertTrue(figure.contains(Point(x: layout.colorBar.maxX, y: layout.colorBar.maxY)))
        XCTAssertGreaterThan(layout.grid.x, 0)
        XCTAssertFalse(layout.grid.intersects(layout.colorBar))
    }

    func testColourBarIsLabelledWithWhatItCountsAndItsScale() throws {
        let chart = ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "Labelled")
        XCTAssertEqual(chart.colorBarLabel, "number of images (log scale)")
        let (raster, context) = try Rendering.render(chart)
        let layout = chart.layout(measuringWith: context)
        // The rotated label stands right of the tick labels, beside the bar, inside the figure.
        let labelHeight = context.measure(chart.colorBarLabel, font: .axisLabel).height
        let labelX = layout.colorBar.maxX + 5 + layout.colorBarTickLabelWidth + ConfusionMatrixChart.colorBarLabelGap
        let band = Rect(x: labelX, y: layout.colorBar.y, width: labelHeight, height: layout.colorBar.height)
        XCTAssertLessThanOrEqual(band.maxX, chart.size.width - ConfusionMatrixChart.padding + 1e-9)
        let text = RGBA8(Ink.text)
        XCTAssertGreaterThan(raster.count(of: text, tolerance: 40) { Rendering.isInside($0, $1, band) }, 300)
        let outside = Rect(x: band.maxX + 1, y: 0, width: chart.size.width, height: chart.size.height)
        XCTAssertEqual(raster.count(of: text, tolerance: 40) { Rendering.isInside($0, $1, outside) }, 0, "nothing drawn past the label")
    }

    func testMalformedMatricesAreRejected() {
        let malformed: [[[Int]]] = [[], [[1, 2], [3]], [[1, -1], [0, 1]]]
        for counts in malformed {
            XCTAssertThrowsError(try ConfusionMatrixChart(counts: counts, title: "bad").renderRaster(scale: 1), "\(counts)") { error in
                guard case PlotError.invalidData(let figure, _) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertEqual(figure, "confusion matrix 'bad'")
            }
        }
        XCTAssertThrowsError(try ConfusionMatrixChart(counts: [[1, 0], [0, 1]], title: "bad", classLabels: ["a"]).renderRaster(scale: 1))
    }

    func testAnyClassCountRenders() throws {
        for n in [1, 2, 3, 26] {
            let counts = (0..<n).map { row in (0..<n).map { $0 == row ? 100 : 1 } }
            let raster = try ConfusionMatrixChart(counts: counts, title: "\(n) classes").renderRaster(scale: 1)
            XCTAssertGreaterThan(raster.width, 0)
        }
    }
}
