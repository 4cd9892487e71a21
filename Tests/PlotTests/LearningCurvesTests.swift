import XCTest
@testable import Plot

final class LearningCurvesTests: XCTestCase {
    private func curves(valAccuracy: [Double], batchLoss: [Double] = [], batchesPerEpoch: Int = 0) -> LearningCurves {
        LearningCurves(networkTitle: "Net", trainLoss: [0.3, 0.2], trainAccuracy: [0.9, 0.95], valLoss: [0.25, 0.2],
                       valAccuracy: valAccuracy, batchLoss: batchLoss, batchesPerEpoch: batchesPerEpoch)
    }

    func testBestValidationEpochIsTheFirstHighest() {
        XCTAssertEqual(curves(valAccuracy: [0.9, 0.97, 0.95, 0.97]).bestValidationEpoch, 2)
        XCTAssertEqual(curves(valAccuracy: [.nan, 0.5, .infinity]).bestValidationEpoch, 2)
        XCTAssertNil(curves(valAccuracy: []).bestValidationEpoch)
        XCTAssertNil(curves(valAccuracy: [.nan]).bestValidationEpoch)
    }

    func testLowestValidationLossEpochIsTheFirstLowestAndSkipsNonFiniteValues() {
        func lowest(_ valLoss: [Double]) -> Int? {
            LearningCurves(networkTitle: "Net", trainLoss: [], trainAccuracy: [], valLoss: valLoss, valAccuracy: []).lowestValidationLossEpoch
        }
        XCTAssertEqual(lowest([0.3, 0.2, 0.25, 0.2]), 2, "a tie goes to the first epoch")
        XCTAssertEqual(lowest([.nan, 0.4, .nan, 0.1, -.infinity]), 4, "NaN and -∞ are not the lowest loss")
        XCTAssertNil(lowest([]))
        XCTAssertNil(lowest([.nan, .infinity]))
    }

    func testLossAndAccuracyPanelsMarkTheirOwnEpochsWhenTheyDiffer() throws {
        // Lowest validation loss at epoch 3; best validation accuracy at epoch 5, tied with nothing earlier;
        // a NaN accuracy at epoch 2 is skipped.
        let history = LearningCurves(networkTitle: "Net", trainLoss: [0.5, 0.3, 0.2, 0.1, 0.05], trainAccuracy: [0.9, 0.95, 0.97, 0.98, 0.99],
                                     valLoss: [0.4, 0.3, 0.1, 0.2, 0.15], valAccuracy: [0.9, .nan, 0.98, 0.97, 0.991])
        for chart in [Figures.validationChart(history), Figures.comparisonChart(history)] {
            let loss = try XCTUnwrap(chart.panels.first?.marker)
            let accuracy = try XCTUnwrap(chart.panels.last?.marker)
            XCTAssertEqual(loss.x, 3, chart.title)
            XCTAssertEqual(loss.label, "lowest val loss: epoch 3", chart.title)
            XCTAssertEqual(accuracy.x, 5, chart.title)
            XCTAssertEqual(accuracy.label, "best val acc: epoch 5, 99.10%", chart.title)
        }
        XCTAssertNil(Figures.trainingChart(history).panels.first?.marker, "training figures mark no validation epoch")

        // Each marker line is drawn in its own panel only: dark dotted pixels at epoch 3 on the left, epoch 5 on the right.
        let chart = Figures.validationChart(history)
        let (raster, geometries) = try Rendering.render(chart)
        let markerInk = RGBA8(red: 0x33, green: 0x33, blue: 0x33)
        func markerPixels(panel index: Int, epoch: Double) -> Int {
            let geometry = geometries[index]
            let area = geometry.layout.plotArea
            let x = geometry.position(x: epoch, y: geometry.yDomain.lowerBound).x
            let strip = Rect(x: x - 1, y: area.y, width: 2, height: area.height)
            let label = geometry.markerLabelRect ?? Rect(x: 0, y: 0, width: 0, height: 0)
            return raster.count(of: markerInk, tolerance: 40) { Rendering.isInside($0, $1, strip) && !Rendering.isInside($0, $1, label) }
        }
        XCTAssertGreaterThan(markerPixels(panel: 0, epoch: 3), 50)
        XCTAssertEqual(markerPixels(panel: 0, epoch: 5), 0)
        XCTAssertGreaterThan(markerPixels(panel: 1, epoch: 5), 50)
        XCTAssertEqual(markerPixels(panel: 1, epoch: 3), 0)
    }

    func testTiedEpochsMarkTheFirstInBothPanels() throws {
        let tied = LearningCurves(networkTitle: "Tied", trainLoss: [0.3, 0.2, 0.1], trainAccuracy: [0.9, 0.95, 0.99],
                                  valLoss: [0.2, 0.1, 0.1], valAccuracy: [0.97, 0.99, 0.99])
        let chart = Figures.comparisonChart(tied)
        XCTAssertEqual(chart.panels.first?.marker?.label, "lowest val loss: epoch 2")
        XCTAssertEqual(chart.panels.last?.marker?.label, "best val acc: epoch 2, 99.00%")
    }

    func testLastBatchOfAnEpochSitsOnThatEpoch() {
        let positions = curves(valAccuracy: [0.9, 0.9], batchLoss: Array(repeating: 1, count: 8), batchesPerEpoch: 4).batchPositions
        XCTAssertEqual(positions, [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0])
        let derived = curves(valAccuracy: [0.9, 0.9], batchLoss: Array(repeating: 1, count: 6)).batchPositions
        XCTAssertEqual(derived.last, 2.0)
    }

    func testThreeRenderersDrawTheTrainingValidationAndComparisonCharts() throws {
        let history = SampleData.learningCurves(epochs: 3, batchesPerEpoch: 10)
        let rendered = [try Figures.training(history, format: .png), try Figures.validation(history, format: .png),
                        try Figures.comparison(history, format: .png)]
        let charts = [Figures.trainingChart(history), Figures.validationChart(history), Figures.comparisonChart(history)]
        XCTAssertEqual(charts.map(\.title), ["ConvNet (LeNet-5): training", "ConvNet (LeNet-5): validation",
                                             "ConvNet (LeNet-5): training vs validation"])
        XCTAssertEqual(rendered, try charts.map { try $0.encoded(as: .png) })
        XCTAssertEqual(Set(rendered).count, 3, "three different figures")
    }

    func testCurvesFigureMarksEachPanelsOwnBestEpochAndDashesValidation() throws {
        // Validation loss is lowest at epoch 2 ([0.25, 0.2]), accuracy best at epoch 1 ([0.96, 0.95]).
        let chart = Figures.comparisonChart(curves(valAccuracy: [0.96, 0.95]))
        XCTAssertEqual(chart.panels.count, 2)
        for panel in chart.panels {
            XCTAssertEqual(panel.series.map(\.pattern), [.solid, .dashed])
        }
        XCTAssertEqual(chart.panels.first?.marker?.x, 2)
        XCTAssertEqual(chart.panels.first?.marker?.label, "lowest val loss: epoch 2")
        XCTAssertEqual(chart.panels.last?.marker?.x, 1)
        XCTAssertEqual(chart.panels.last?.marker?.label, "best val acc: epoch 1, 96.00%")
    }

    /// The moving average of the mini-batch losses (not the raw trace, whose decades would set the axis),
    /// and each epoch's mean drawn at the middle of its epoch, over the mini-batches it averages.
    func testTrainingFigureDrawsTheMovingAverageAndTheEpochMeansAtTheirEpochsMiddle() {
        let chart = Figures.trainingChart(curves(valAccuracy: [0.9, 0.9], batchLoss: [2, 1, 0.5, 0.4], batchesPerEpoch: 2))
        XCTAssertEqual(chart.panels.first?.series.map(\.emphasis), [.normal, .normal])
        XCTAssertEqual(chart.panels.first?.series.map(\.name), ["mini-batch loss, moving average (β = 0.98)", "epoch mean"])
        XCTAssertEqual(chart.panels.first?.series.first?.x, [0.5, 1, 1.5, 2], "the average is drawn where its batches are")
        XCTAssertEqual(chart.panels.first?.series.last?.x, [0.5, 1.5], "epoch means at their epoch's middle")
        XCTAssertEqual(chart.panels.last?.series.first?.x, [0.5, 1.5], "training accuracy too")
        XCTAssertEqual(Figures.trainingChart(curves(valAccuracy: [0.9, 0.9])).panels.first?.series.count, 1)
        // Accuracy short of 100% gets no room above 100%.
        let geometries = Figures.validationChart(curves(valAccuracy: [0.97, 0.995])).geometries(measuringWith: FixedWidthTextMeasurer())
        XCTAssertLessThanOrEqual(try XCTUnwrap(geometries.last).yDomain.upperBound, 1)
    }

    func testPerfectAccuracyIsNotLabelledAboveOneHundredPercent() throws {
        let perfect = LearningCurves(networkTitle: "Flat", trainLoss: [0.1, 0.1], trainAccuracy: [1, 1],
                                     valLoss: [0.1, 0.1], valAccuracy: [1, 1])
        let geometries = Figures.comparisonChart(perfect).geometries(measuringWith: FixedWidthTextMeasurer())
        let accuracy = try XCTUnwrap(geometries.last)
        XCTAssertGreaterThan(accuracy.yDomain.upperBound, 1, "the dots at 100% need room above them")
        XCTAssertEqual(accuracy.yTickLabels.last, "100%")
        XCTAssertTrue(accuracy.yTicks.allSatisfy { $0 <= 1 })
    }

    func testEdgeCaseHistoriesAllRender() throws {
        let histories: [String: LearningCurves] = [
            "one_epoch": LearningCurves(networkTitle: "One", trainLoss: [0.3], trainAccuracy: [0.9], valLoss: [0.2], valAccuracy: [0.95],
                                        batchLoss: [2.3, 1.0, 0.5], batchesPerEpoch: 3),
            "constant": LearningCurves(networkTitle: "Flat", trainLoss: Array(repeating: 0.1, count: 5),
                                       trainAccuracy: Array(repeating: 1, count: 5), valLoss: Array(repeating: 0.1, count: 5),
                                       valAccuracy: Array(repeating: 1, count: 5)),
            "non_finite": LearningCurves(networkTitle: "NaN", trainLoss: [0.3, .nan, 0.1, .infinity], trainAccuracy: [0.9, 0.95, .nan, 0.97],
                                         valLoss: [.nan, .nan, .nan, .nan], valAccuracy: [0.9, -.infinity, 0.95, 0.96],
                                         batchLoss: [1, .nan, 0.5, 0.4], batchesPerEpoch: 1),
            "long": SampleData.learningCurves(epochs: 200, batchesPerEpoch: 10),
            "empty": LearningCurves(networkTitle: "Empty", trainLoss: [], trainAccuracy: [], valLoss: [], valAccuracy: []),
        ]
        for (name, history) in histories {
            let figures = [("train", try Figures.training(history, format: .png)), ("val", try Figures.validation(history, format: .png)),
                           ("curves", try Figures.comparison(history, format: .png))]
            for (suffix, png) in figures {
                XCTAssertEqual(try Raster(png: png).width, 2000, "\(name)_\(suffix)")
            }
        }
    }
}
