import XCTest
@testable import Plot

final class SmoothingTests: XCTestCase {
    func testMovingAverageOnKnownNumbers() {
        // β = 0.5, s = β·s + (1 − β)·x from s = 0, divided by the weight w = 1 − βⁿ of the n values seen:
        //   x = 4:   s = 2,    w = 0.5    → 4            (only 4 so far)
        //   x = 2:   s = 2,    w = 0.75   → 2.666…       = (0.5·4 + 2) / 1.5
        //   x = 1:   s = 1.5,  w = 0.875  → 1.714285…    = (0.25·4 + 0.5·2 + 1) / 1.75 = 12/7
        //   x = NaN: skipped, the average so far stays   = 12/7
        //   x = 3:   s = 2.25, w = 0.9375 → 2.4          = (0.125·4 + 0.25·2 + 0.5·1 + 3) / 1.875
        let smoothed = Smoothing.exponentialMovingAverage([4, 2, 1, .nan, 3], factor: 0.5)
        let expected = [4, 8.0 / 3, 12.0 / 7, 12.0 / 7, 2.4]
        XCTAssertEqual(smoothed.count, expected.count)
        for (value, want) in zip(smoothed, expected) {
            XCTAssertEqual(value, want, accuracy: 1e-12)
        }
    }

    func testBiasCorrectionKeepsAConstantConstantFromTheFirstValue() {
        // Without the correction the first value would be (1 − 0.98)·5 = 0.1.
        for value in Smoothing.exponentialMovingAverage(Array(repeating: 5, count: 50), factor: Figures.batchLossSmoothing) {
            XCTAssertEqual(value, 5, accuracy: 1e-12)
        }
    }

    func testValuesBeforeTheFirstFiniteOneAreNaNAndEmptyStaysEmpty() {
        let smoothed = Smoothing.exponentialMovingAverage([.nan, .infinity, 2], factor: 0.9)
        XCTAssertTrue(smoothed[0].isNaN)
        XCTAssertTrue(smoothed[1].isNaN)
        XCTAssertEqual(smoothed[2], 2, accuracy: 1e-12)
        XCTAssertEqual(Smoothing.exponentialMovingAverage([], factor: 0.9), [])
    }

    func testTrainingFigureStatesItsSmoothingFactorAndDrawsTheAverage() throws {
        let history = SampleData.learningCurves(epochs: 3, batchesPerEpoch: 40)
        let loss = try XCTUnwrap(Figures.trainingChart(history).panels.first)
        let average = try XCTUnwrap(loss.series.first { $0.name.contains("moving average") })
        XCTAssertEqual(average.name, "mini-batch loss, moving average (β = \(Figures.batchLossSmoothing))")
        XCTAssertEqual(average.y, Smoothing.exponentialMovingAverage(history.batchLoss, factor: Figures.batchLossSmoothing))
        XCTAssertFalse(loss.series.contains { $0.emphasis == .faint }, "no raw trace under it")
    }
}
