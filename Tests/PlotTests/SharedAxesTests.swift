import XCTest
@testable import Plot

/// Panels of one figure share the epoch range; the learning rate sits in a short panel under the comparison;
/// the networks figure puts every network on the same axes.
final class SharedAxesTests: XCTestCase {
    /// A cosine schedule from 1e-3 down towards 1e-5, as the runs use.
    private func cosineSchedule(epochs: Int) -> [Double] {
        (0..<epochs).map { epoch in 1e-3 * (0.5 + 0.5 * cos(Double.pi * Double(epoch) / Double(epochs))) + 1e-5 }
    }

    func testBothPanelsOfEveryFigureShowTheSameEpochRangeAndTicks() throws {
        let history = SampleData.learningCurves(epochs: 12, batchesPerEpoch: 30)
        for chart in [Figures.trainingChart(history), Figures.validationChart(history), Figures.comparisonChart(history)] {
            let geometries = chart.geometries(measuringWith: FixedWidthTextMeasurer())
            XCTAssertEqual(geometries.count, 2)
            XCTAssertEqual(geometries[0].xDomain, geometries[1].xDomain, chart.title)
            XCTAssertEqual(geometries[0].xTicks, [2, 4, 6, 8, 10, 12], chart.title)
            XCTAssertEqual(geometries[1].xTicks, geometries[0].xTicks, chart.title)
        }
        // Mini-batches start inside epoch 1, so the training figure's range starts at 0 in both panels, not below it.
        let training = Figures.trainingChart(history).geometries(measuringWith: FixedWidthTextMeasurer())
        XCTAssertEqual(training[1].xDomain.lowerBound, 0, accuracy: 1e-12)
        XCTAssertGreaterThanOrEqual(training[1].xDomain.upperBound, 12)
    }

    func testComparisonFigureHasALearningRatePanelUnderneathOnTheSameEpochs() throws {
        var history = SampleData.learningCurves(epochs: 12, batchesPerEpoch: 30)
        XCTAssertNil(Figures.comparisonChart(history).footer, "no learning rate, no panel")
        XCTAssertEqual(Figures.comparisonChart(history).size, Size(width: 1000, height: 400))

        history.learningRate = cosineSchedule(epochs: 12)
        let chart = Figures.comparisonChart(history)
        let footer = try XCTUnwrap(chart.footer)
        // A step function: each epoch's rate from its start to its end.
        XCTAssertEqual(footer.series.first?.y, history.learningRate.flatMap { [$0, $0] })
        XCTAssertEqual(footer.series.first?.x, (0..<12).flatMap { [Double($0), Double($0 + 1)] })
        XCTAssertEqual(chart.size, Size(width: 1000, height: 400 + LineChart.footerHeight))
        let geometries = chart.geometries(measuringWith: FixedWidthTextMeasurer())
        XCTAssertEqual(geometries.count, 3)
        let rate = geometries[2]
        XCTAssertEqual(rate.xDomain, geometries[0].xDomain)
        XCTAssertEqual(rate.xTicks, geometries[0].xTicks)
        XCTAssertGreaterThan(rate.layout.plotArea.y, geometries[0].layout.frame.maxY, "under the loss and accuracy panels")
        XCTAssertLessThan(rate.layout.plotArea.height, geometries[0].layout.plotArea.height / 2, "a thin panel")
        // Few enough labels for the short axis, written without "0.0005"-style padding.
        XCTAssertEqual(rate.yTickLabels, ["0", "5×10⁻⁴", "10⁻³"])

        let (raster, _) = try Rendering.render(chart)
        XCTAssertGreaterThan(raster.count(of: RGBA8(Figures.learningRateColor), tolerance: 12) { Rendering.isInside($0, $1, rate.layout.plotArea) }, 300)
    }

    func testNetworksFigurePutsEveryNetworkOnSharedAxesInItsOwnColour() throws {
        let convnet = SampleData.learningCurves(epochs: 12, batchesPerEpoch: 10, seed: 1)
        var mynet = SampleData.learningCurves(epochs: 8, batchesPerEpoch: 10, seed: 2)
        mynet.networkTitle = "MyNet"
        mynet.valLoss = mynet.valLoss.map { $0 * 0.8 }
        let chart = Figures.networksChart([convnet, mynet])
        XCTAssertEqual(chart.title, "Validation: ConvNet (LeNet-5) vs MyNet")
        XCTAssertEqual(chart.panels.map(\.title), ["Validation loss", "Validation accuracy"])
        XCTAssertEqual(chart.panels[0].series.map(\.y), [convnet.valLoss, mynet.valLoss])
        XCTAssertEqual(chart.panels[1].series.map(\.y), [convnet.valAccuracy, mynet.valAccuracy])
        // One legend, in the loss panel; the accuracy panel's lines are the same colours.
        XCTAssertEqual(chart.panels[0].series.map(\.name), ["ConvNet (LeNet-5)", "MyNet"])
        XCTAssertEqual(chart.panels[1].series.map(\.name), ["", ""])
        for panel in chart.panels {
            let colours = panel.series.map(\.color)
            XCTAssertNotEqual(colours[0], colours[1])
            XCTAssertTrue(Palette.all.contains(colours[0]) && Palette.all.contains(colours[1]), "colour-blind-safe palette")
            XCTAssertFalse(colours.contains { [Figures.trainColor, Figures.validationColor, Figures.smoothedBatchColor, Figures.learningRateColor].contains($0) },
                          "the colours of training, validation, the moving average and the learning rate mean those in every figure")
        }
        let (raster, geometries) = try Rendering.render(chart)
        XCTAssertEqual(geometries[0].xDomain, geometries[1].xDomain)
        XCTAssertGreaterThanOrEqual(geometries[0].xDomain.upperBound, 12, "the longer run sets the range")
        XCTAssertNotNil(geometries[0].legendRect, "the loss panel names the networks")
        XCTAssertNil(geometries[1].legendRect, "once")
        for (index, geometry) in geometries.enumerated() {
            for colour in chart.panels[index].series.map(\.color) {
                XCTAssertGreaterThan(raster.count(of: RGBA8(colour), tolerance: 12) { Rendering.isInside($0, $1, geometry.layout.plotArea) }, 100)
            }
        }
    }

    func testNetworksFigureWithOneOrNoNetworkStillRenders() throws {
        let one = SampleData.learningCurves(epochs: 3, batchesPerEpoch: 5)
        XCTAssertEqual(try Raster(png: Figures.networks([one], format: .png)).width, 2000)
        XCTAssertEqual(try Raster(png: Figures.networks([], format: .png)).width, 2000)
    }
}
