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

    func testCurvesFigureMarksTheBestEpochAndDashesValidation() throws {
        let chart = Figures.comparisonChart(curves(valAccuracy: [0.96, 0.95]))
        XCTAssertEqual(chart.panels.count, 2)
        for panel in chart.panels {
            XCTAssertEqual(panel.marker?.x, 1)
            XCTAssertEqual(panel.series.map(\.pattern), [.solid, .dashed])
        }
        XCTAssertEqual(chart.panels.first?.marker?.label, "best val epoch 1")
    }

    func testTrainingFigureDrawsBatchLossFaintlyUnderTheEpochMeans() {
        let chart = Figures.trainingChart(curves(valAccuracy: [0.9, 0.9], batchLoss: [2, 1, 0.5, 0.4], batchesPerEpoch: 2))
        XCTAssertEqual(chart.panels.first?.series.map(\.emphasis), [.faint, .normal])
        XCTAssertEqual(chart.panels.first?.series.first?.x, [0.5, 1, 1.5, 2])
        XCTAssertEqual(Figures.trainingChart(curves(valAccuracy: [0.9, 0.9])).panels.first?.series.count, 1)
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
