import XCTest
@testable import Plot

final class LogScaleTests: XCTestCase {
    private func history(trainLoss: [Double], valLoss: [Double]? = nil, batchLoss: [Double] = []) -> LearningCurves {
        let valLoss = valLoss ?? trainLoss
        return LearningCurves(networkTitle: "Net", trainLoss: trainLoss, trainAccuracy: trainLoss.map { _ in 0.9 },
                              valLoss: valLoss, valAccuracy: valLoss.map { _ in 0.9 }, batchLoss: batchLoss,
                              batchesPerEpoch: batchLoss.isEmpty ? 0 : batchLoss.count / trainLoss.count)
    }

    private func lossPanel(_ chart: LineChart) throws -> LinePanel {
        try XCTUnwrap(chart.panels.first)
    }

    /// One rule for every loss axis of every figure and network: logarithmic, so two networks' panels
    /// read the same way whatever their losses span; accuracy axes stay linear.
    func testEveryLossAxisIsLogarithmicAndNoAccuracyAxisIs() throws {
        for trainLoss in [[1.0, 0.1, 0.005], [0.5, 0.4, 0.3]] {
            let curves = history(trainLoss: trainLoss, valLoss: [0.3, 0.2, 0.25], batchLoss: [2, 1, 0.5, 0.4, 0.3, 0.2])
            for chart in [Figures.comparisonChart(curves), Figures.validationChart(curves), Figures.trainingChart(curves), Figures.networksChart([curves, curves])] {
                let loss = try lossPanel(chart)
                XCTAssertEqual(loss.yScale, .logarithmic, chart.title)
                XCTAssertEqual(loss.yLabel, "loss (log scale)", chart.title)
                XCTAssertEqual(chart.panels[1].yScale, .linear, "\(chart.title): accuracy")
            }
        }
    }

    func testZeroAndNegativeValuesAreLeftOutOfTheRuleAndOffTheAxisWithANote() throws {
        let chart = Figures.validationChart(history(trainLoss: [1, 0, 0.001, -2, 0.1]))
        let panel = try lossPanel(chart)
        XCTAssertEqual(panel.yScale, .logarithmic)
        let geometry = try XCTUnwrap(chart.geometries(measuringWith: FixedWidthTextMeasurer()).first)
        XCTAssertEqual(geometry.nonPositiveCount, 2)
        XCTAssertEqual(geometry.note, "2 values ≤ 0 omitted (log axis)")
        XCTAssertTrue(geometry.yDomain.lowerBound > 0 && geometry.yDomain.lowerBound < 0.001)
        XCTAssertEqual(panel.series[0].drawableRuns(on: .logarithmic).map(\.count), [1, 1, 1], "each left-out value breaks the line")
        XCTAssertNoThrow(try chart.encoded(as: .png))
    }

    func testDecadeTicksAreLabelledReadablyAndEquallySpaced() throws {
        let ticks = TickGenerator.logTicks(lower: 5e-5, upper: 3)
        XCTAssertEqual(ticks, [1e-4, 1e-3, 0.01, 0.1, 1])
        XCTAssertEqual(TickLabelFormatter.labels(for: ticks, format: .powersOfTen), ["10⁻⁴", "10⁻³", "0.01", "0.1", "1"])
        XCTAssertEqual(TickLabelFormatter.labels(for: [1e3, 5e-4, 2.5e-7, 0.5, 20], format: .powersOfTen),
                       ["10³", "5×10⁻⁴", "2.5×10⁻⁷", "0.5", "20"])

        let chart = Figures.validationChart(history(trainLoss: [2, 0.3, 0.02, 0.004, 0.0007]))
        let geometry = try XCTUnwrap(chart.geometries(measuringWith: FixedWidthTextMeasurer()).first)
        XCTAssertEqual(geometry.yTicks, [1e-3, 0.01, 0.1, 1])
        XCTAssertEqual(geometry.yTickLabels, ["10⁻³", "0.01", "0.1", "1"])
        let heights = geometry.yTicks.map { geometry.position(x: 1, y: $0).y }
        let gaps = zip(heights, heights.dropFirst()).map { $0 - $1 }
        for gap in gaps { XCTAssertEqual(gap, gaps[0], accuracy: 1e-9, "every decade is as tall as the next") }
        XCTAssertFalse(geometry.yMinorTicks.isEmpty, "2×…9× marks between the decades")
    }

    func testShortAndLongLogRanges() {
        // Fewer than three powers of ten: the 2× and 5× values are labelled too.
        XCTAssertEqual(TickGenerator.logTicks(lower: 0.03, upper: 4), [0.05, 0.1, 0.2, 0.5, 1, 2])
        // Thirteen decades on a short axis: every third power of ten.
        XCTAssertEqual(TickGenerator.logTicks(lower: 1e-12, upper: 1, maximumCount: 5), [1e-12, 1e-9, 1e-6, 1e-3, 1])
        XCTAssertEqual(TickGenerator.logTicks(lower: 0, upper: 1), [])
        XCTAssertEqual(TickGenerator.logTicks(lower: 1, upper: .infinity), [])
    }

    func testTheMiniBatchAverageIsNeverCutOff() throws {
        // A log axis has room for the whole moving average, so nothing is clipped.
        var random = SeededGenerator(seed: 5)
        let wide: [Double] = (0..<200).map { (index: Int) -> Double in exp(-Double(index) / 20) * (0.2 + random.uniform()) }
        let logChart = Figures.trainingChart(history(trainLoss: [0.5, 0.1, 0.01, 0.001], batchLoss: wide))
        let logGeometry = try XCTUnwrap(logChart.geometries(measuringWith: FixedWidthTextMeasurer()).first)
        XCTAssertEqual(logGeometry.yScale, .logarithmic)
        let average = Smoothing.exponentialMovingAverage(wide, factor: Figures.batchLossSmoothing)
        XCTAssertTrue(average.allSatisfy { logGeometry.yDomain.contains($0) }, "the drawn average fits the axis")
        XCTAssertEqual(logGeometry.clippedCount, 0)
        XCTAssertNil(logGeometry.note)
    }

    func testLogAxisDrawsTheSeriesInsideThePlotArea() throws {
        let orange = RGBA8(Palette.orange)
        let series = LineSeries(name: "", perEpoch: [3, 0.5, 0.02, 0.001, 0.0002], color: Palette.orange)
        let chart = LineChart(panels: [LinePanel(title: "Log", xLabel: "epoch", yLabel: "loss (log scale)", series: [series],
                                                 yFormat: .powersOfTen, yScale: .logarithmic)],
                              size: Size(width: 500, height: 400))
        let (raster, geometries) = try Rendering.render(chart)
        let area = try XCTUnwrap(geometries.first).layout.plotArea
        XCTAssertGreaterThan(raster.count(of: orange, tolerance: 12) { Rendering.isInside($0, $1, area) }, 500)
        XCTAssertEqual(raster.count(of: orange, tolerance: 60) { !Rendering.isInside($0, $1, area, margin: 1) }, 0)
    }
}
