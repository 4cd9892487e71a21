import XCTest
@testable import Plot

final class LineChartRenderingTests: XCTestCase {
    private let orange = RGBA8(Palette.orange)

    func testCurveColourAppearsInsideThePlotAreaAndNowhereElse() throws {
        let chart = Rendering.singleSeriesChart([0.3, 0.18, 0.11, 0.07, 0.05, 0.04, 0.03, 0.025, 0.022, 0.02], markers: true)
        let (raster, geometries) = try Rendering.render(chart)
        let area = try XCTUnwrap(geometries.first).layout.plotArea
        let inside = raster.count(of: orange, tolerance: 12) { Rendering.isInside($0, $1, area) }
        let outside = raster.count(of: orange, tolerance: 60) { !Rendering.isInside($0, $1, area, margin: 1) }
        XCTAssertGreaterThan(inside, 500)
        XCTAssertEqual(outside, 0)
    }

    func testPixelSizeIsTwiceTheLogicalSize() throws {
        let (raster, _) = try Rendering.render(Rendering.singleSeriesChart([1, 2, 3]))
        XCTAssertEqual(raster.width, 1000)
        XCTAssertEqual(raster.height, 800)
        XCTAssertEqual(raster.pixel(x: 1, y: 1), RGBA8(red: 255, green: 255, blue: 255))
    }

    func testSingleEpochIsDrawnAsAVisibleDot() throws {
        let (raster, geometries) = try Rendering.render(Rendering.singleSeriesChart([0.42]))
        let geometry = try XCTUnwrap(geometries.first)
        XCTAssertEqual(geometry.xTicks, [1])
        let dot = geometry.position(x: 1, y: 0.42)
        let dotBox = Rect(x: dot.x - 5, y: dot.y - 5, width: 10, height: 10)
        XCTAssertGreaterThan(raster.count(of: orange, tolerance: 12) { Rendering.isInside($0, $1, dotBox) }, 100)
        XCTAssertTrue(geometry.layout.plotArea.contains(dot))
    }

    func testConstantSeriesIsAHorizontalLineInTheMiddle() throws {
        let (raster, geometries) = try Rendering.render(Rendering.singleSeriesChart(Array(repeating: 0.5, count: 10)))
        let geometry = try XCTUnwrap(geometries.first)
        XCTAssertTrue(TickGenerator.acceptableCounts.contains(geometry.yTicks.count), "\(geometry.yTicks)")
        let area = geometry.layout.plotArea
        let band = Rect(x: area.x, y: area.midY - 2, width: area.width, height: 4)
        let onLine = raster.count(of: orange, tolerance: 12) { Rendering.isInside($0, $1, band) }
        let elsewhere = raster.count(of: orange, tolerance: 60) { !Rendering.isInside($0, $1, band) }
        XCTAssertGreaterThan(onLine, Int(area.width * 2))
        XCTAssertEqual(elsewhere, 0)
    }

    func testNonFiniteValuesBreakTheLineAndAreNoted() throws {
        let values = [1, 2, Double.nan, 4, Double.infinity, 6, 7]
        let (raster, geometries) = try Rendering.render(Rendering.singleSeriesChart(values))
        let geometry = try XCTUnwrap(geometries.first)
        XCTAssertEqual(geometry.nonFiniteCount, 2)
        XCTAssertEqual(geometry.note, "2 non-finite values omitted")
        let area = geometry.layout.plotArea
        func colourBetween(_ from: Double, _ to: Double) -> Int {
            let left = geometry.position(x: from, y: 0).x
            let right = geometry.position(x: to, y: 0).x
            let strip = Rect(x: left, y: area.y, width: right - left, height: area.height)
            return raster.count(of: orange, tolerance: 12) { Rendering.isInside($0, $1, strip) }
        }
        XCTAssertGreaterThan(colourBetween(1.2, 1.8), 10, "segment 1-2 should be drawn")
        XCTAssertEqual(colourBetween(2.3, 3.7), 0, "the gap around the NaN at epoch 3 should stay empty")
        XCTAssertEqual(colourBetween(4.3, 5.7), 0, "the gap around the infinity at epoch 5 should stay empty")
        XCTAssertGreaterThan(colourBetween(6.2, 6.8), 10, "segment 6-7 should be drawn")
        // The isolated epoch 4 is a dot.
        XCTAssertGreaterThan(colourBetween(3.9, 4.1), 10)
        // The note is written in vermillion above the plot area.
        let vermillion = RGBA8(Palette.vermillion)
        XCTAssertGreaterThan(raster.count(of: vermillion, tolerance: 30) { _, y in Double(y) / 2 < area.y }, 20)
    }

    func testAllNonFiniteSeriesStillRenders() throws {
        let (raster, geometries) = try Rendering.render(Rendering.singleSeriesChart([.nan, .nan]))
        XCTAssertEqual(geometries.first?.nonFiniteCount, 2)
        XCTAssertEqual(raster.count(of: orange, tolerance: 12), 0)
    }

    func testLegendAndMarkerLabelAvoidTheDataInRealisticCurves() throws {
        let chart = Figures.comparisonChart(SampleData.learningCurves())
        let surface = try CairoSurface.image(size: chart.size, scale: 2)
        let context = try CairoContext(surface: surface)
        // One legend (in the loss panel) names the lines of both panels.
        for (panel, geometry) in zip(chart.panels, chart.geometries(measuringWith: context)) {
            let label = try XCTUnwrap(geometry.markerLabelRect)
            let data = geometry.dataObstacles(panel: panel)
            XCTAssertFalse(data.contains { label.contains($0) }, "marker label covers data in '\(panel.title)'")
            guard let legend = geometry.legendRect else { continue }
            XCTAssertFalse(data.contains { legend.contains($0) }, "legend covers data in '\(panel.title)'")
            XCTAssertFalse(legend.intersects(label), "legend covers the marker label in '\(panel.title)'")
        }
        XCTAssertNotNil(chart.geometries(measuringWith: context).first?.legendRect)
    }

    /// A seed band is data: the legend and the marker label avoid it, and the legend never covers the label.
    func testABandIsDataForTheLegendAndNeverCoversTheLabel() throws {
        var line = LineSeries(name: "mean over seeds", x: [1, 2, 3, 4, 5, 6], y: [0.5, 0.4, 0.45, 0.42, 0.43, 0.44], color: Palette.vermillion)
        line.band = (lower: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], upper: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9])
        let panel = LinePanel(title: "Band", xLabel: "epoch", yLabel: "y", series: [line],
                              marker: VerticalMarker(x: 2, label: "lowest: epoch 2"))
        let geometry = LinePanelGeometry.compute(panel: panel, frame: Rect(x: 0, y: 0, width: 500, height: 400), measurer: FixedWidthTextMeasurer())
        let inside = geometry.position(x: 3, y: 0.2)
        XCTAssertTrue(geometry.dataObstacles(panel: panel).contains { abs($0.x - inside.x) < 3 && abs($0.y - inside.y) < 3 }, "the band's inside counts")
        let legend = try XCTUnwrap(geometry.legendRect), label = try XCTUnwrap(geometry.markerLabelRect)
        XCTAssertFalse(legend.intersects(label))
    }

    func testLegendGetsHeadroomWhenEveryCornerHasData() throws {
        // A zig-zag touching all four corners leaves no free corner until the y range is raised.
        let zigzag = LineSeries(name: "zig", x: [1, 2, 3, 4, 5, 6, 7], y: [0, 1, 0, 1, 0, 1, 0], color: Palette.blue)
        let other = LineSeries(name: "zag", x: [1, 7], y: [1, 1], color: Palette.vermillion, pattern: .dashed)
        let panel = LinePanel(title: "Zig-zag", xLabel: "epoch", yLabel: "y", series: [zigzag, other])
        let geometry = LinePanelGeometry.compute(panel: panel, frame: Rect(x: 0, y: 0, width: 500, height: 400),
                                                 measurer: FixedWidthTextMeasurer())
        let legend = try XCTUnwrap(geometry.legendRect)
        XCTAssertGreaterThan(geometry.yDomain.upperBound, 1.2)
        XCTAssertFalse(geometry.dataObstacles(panel: panel).contains { legend.contains($0) })
    }

    func testLegendGetsABandBelowWhenTheTopHoldsTheMarkerLabel() throws {
        // A fall to a minimum mid-way and a low tail leave only the top right free, where the marker
        // label goes; a wide legend cannot share a raised top band with it.
        let zigzag = LineSeries(name: "after each epoch (band: range)", x: [1, 2, 3, 4, 5, 6, 7], y: [1, 0.6, 0.3, 0, 0.05, 0.05, 0.05], color: Palette.blue)
        let panel = LinePanel(title: "Zig-zag", xLabel: "epoch", yLabel: "y", series: [zigzag],
                              marker: VerticalMarker(x: 4, label: "lowest val loss: epoch 4"))
        let geometry = LinePanelGeometry.compute(panel: panel, frame: Rect(x: 0, y: 0, width: 500, height: 400), measurer: FixedWidthTextMeasurer())
        let legend = try XCTUnwrap(geometry.legendRect), label = try XCTUnwrap(geometry.markerLabelRect)
        XCTAssertLessThan(geometry.yDomain.lowerBound, -0.1, "the range grew downwards (padding alone gives −0.05)")
        XCTAssertEqual(geometry.yDomain.upperBound, 1.05, "and not upwards")
        XCTAssertGreaterThan(legend.y, label.maxY, "the legend below, the label at the top")
        XCTAssertFalse(legend.intersects(label))
        XCTAssertFalse(geometry.dataObstacles(panel: panel).contains { legend.contains($0) })
    }

    func testEpochAxisForTwoHundredEpochs() throws {
        let curves = SampleData.learningCurves(epochs: 200, batchesPerEpoch: 5)
        let geometry = try XCTUnwrap(Figures.trainingChart(curves).geometries(measuringWith: FixedWidthTextMeasurer()).first)
        XCTAssertEqual(geometry.xTicks, [50, 100, 150, 200])
        XCTAssertEqual(geometry.xTickLabels, ["50", "100", "150", "200"])
    }

    func testMismatchedSeriesLengthsAreRejected() throws {
        let series = LineSeries(name: "bad", x: [1, 2, 3], y: [1, 2], color: Palette.blue)
        let chart = LineChart(panels: [LinePanel(title: "t", xLabel: "x", yLabel: "y", series: [series])])
        XCTAssertThrowsError(try chart.renderRaster()) { error in
            guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertThrowsError(try LineChart(panels: []).renderRaster()) { error in
            guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testContinuousAxisUsesNiceTicks() throws {
        let series = LineSeries(name: "", x: [0, 0.5, 1], y: [3, 1, 2], color: Palette.blue)
        let panel = LinePanel(title: "", xLabel: "x", yLabel: "y", series: [series], xAxis: .continuous(.automatic))
        let geometry = LinePanelGeometry.compute(panel: panel, frame: Rect(x: 0, y: 0, width: 400, height: 300),
                                                 measurer: FixedWidthTextMeasurer())
        XCTAssertEqual(geometry.xTickLabels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }
}
