import XCTest
@testable import Plot

/// The range over several runs drawn as a band: it widens the axis to fit and tints the area between
/// its bounds, and a figure of several runs draws one per curve.
final class BandTests: XCTestCase {
    func testTheAxisFitsTheBandAndTheAreaBetweenItsBoundsIsTinted() throws {
        var series = LineSeries(name: "", perEpoch: [0.5, 0.5, 0.5, 0.5], color: Palette.blue)
        series.band = ([0.2, 0.2, 0.2, 0.2], [0.8, 0.8, 0.8, 0.8])
        let chart = LineChart(panels: [LinePanel(title: "Band", xLabel: "epoch", yLabel: "value", series: [series])],
                              size: Size(width: 500, height: 400))
        let (raster, geometries) = try Rendering.render(chart)
        let geometry = try XCTUnwrap(geometries.first)
        XCTAssertLessThanOrEqual(geometry.yDomain.lowerBound, 0.2, "the band's lower bound is on the axis")
        XCTAssertGreaterThanOrEqual(geometry.yDomain.upperBound, 0.8, "and its upper bound")
        // Inside the band, away from the line and the grid lines (every 0.1 and every epoch).
        let inside = geometry.position(x: 2.5, y: 0.65)
        let outside = geometry.position(x: 2.5, y: 0.9)
        let tinted = try XCTUnwrap(raster.pixel(x: Int(inside.x * Rendering.scale), y: Int(inside.y * Rendering.scale)))
        let plain = try XCTUnwrap(raster.pixel(x: Int(outside.x * Rendering.scale), y: Int(outside.y * Rendering.scale)))
        // The series colour at the band's alpha over the white plot area.
        let alpha = LinePanelRenderer.bandAlpha, blue = Palette.blue
        let expected = RGBA8(Color(red: blue.red * alpha + (1 - alpha), green: blue.green * alpha + (1 - alpha), blue: blue.blue * alpha + (1 - alpha)))
        XCTAssertTrue(tinted.isClose(to: expected, tolerance: 3), "\(tinted) should be \(expected)")
        XCTAssertFalse(plain.isClose(to: expected, tolerance: 3), "\(plain) is outside the band")
    }

    func testSeveralRunsGiveEveryCurveABandAndTheSameBytesTwice() throws {
        var curves = SampleData.learningCurves(epochs: 6, batchesPerEpoch: 10)
        func shifted(_ values: [Double], _ delta: Double) -> [Double] { values.map { $0 + delta } }
        curves.ranges = LearningCurves.Ranges(
            trainLoss: .init(lower: shifted(curves.trainLoss, -0.05), upper: shifted(curves.trainLoss, 0.05)),
            trainAccuracy: .init(lower: shifted(curves.trainAccuracy, -0.01), upper: shifted(curves.trainAccuracy, 0.01)),
            valLoss: .init(lower: shifted(curves.valLoss, -0.05), upper: shifted(curves.valLoss, 0.05)),
            valAccuracy: .init(lower: shifted(curves.valAccuracy, -0.01), upper: shifted(curves.valAccuracy, 0.01)))
        for chart in [Figures.trainingChart(curves), Figures.validationChart(curves), Figures.comparisonChart(curves), Figures.networksChart([curves, curves])] {
            let epochLines = chart.panels.flatMap(\.series).filter { $0.emphasis == .normal && $0.x.count == 6 }
            XCTAssertFalse(epochLines.isEmpty, chart.title)
            for line in epochLines { XCTAssertNotNil(line.band, "\(chart.title): \(line.name)") }
        }
        XCTAssertEqual(try Figures.comparison(curves, format: .png), try Figures.comparison(curves, format: .png))
        XCTAssertEqual(try Figures.networks([curves, curves], format: .svg), try Figures.networks([curves, curves], format: .svg))
    }
}
