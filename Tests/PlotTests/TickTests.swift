import XCTest
@testable import Plot

/// Tick positions (1-2-5 steps, epochs, decades) and how their labels are written.
final class TickTests: XCTestCase {
    /// The step between ticks, checked to be 1, 2 or 5 times a power of ten and the same throughout.
    private func assertNiceSteps(_ ticks: [Double], file: StaticString = #filePath, line: UInt = #line) {
        guard ticks.count >= 2 else { return XCTFail("need two ticks to have a step, got \(ticks)", file: file, line: line) }
        let step = ticks[1] - ticks[0]
        let mantissa = step / pow(10, floor(log10(step)))
        XCTAssertTrue([1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-6 }, "step \(step) of \(ticks)", file: file, line: line)
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            XCTAssertEqual(b - a, step, accuracy: abs(step) * 1e-6, "uneven ticks \(ticks)", file: file, line: line)
        }
    }

    func testUnitRangeGivesExactFifthsWithoutFloatNoise() {
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: 1), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    }

    func testTicksUseOneTwoFiveStepsAndFourToEightTicksOverManyRanges() {
        var random = SeededGenerator(seed: 42)
        var outsidePreferredWindow = 0
        for _ in 0..<2000 {
            let span = pow(10, random.uniform() * 20 - 10)
            let lower = (random.uniform() - 0.5) * span * 10
            let ticks = TickGenerator.ticks(lower: lower, upper: lower + span)
            XCTAssertTrue((4...10).contains(ticks.count), "\(ticks.count) ticks for \(lower)...\(lower + span)")
            if !(4...8).contains(ticks.count) { outsidePreferredWindow += 1 }
            assertNiceSteps(ticks)
            XCTAssertTrue(ticks.allSatisfy { $0 >= lower - span * 1e-6 && $0 <= lower + span * (1 + 1e-6) }, "ticks outside range: \(ticks)")
        }
        // Only the rare ranges where the 2 → 5 step jump skips the window may fall back to 9 or 10 ticks.
        XCTAssertLessThan(outsidePreferredWindow, 100)
    }

    func testWhenNoStepFitsTheWindowTheDenserTicksWinAndAShortAxisCapsTheCount() {
        // Step 0.02 gives 9 ticks, step 0.05 only 3.
        let ticks = TickGenerator.ticks(lower: 0.903, upper: 1.097)
        XCTAssertEqual(ticks.count, 9)
        XCTAssertEqual(ticks.first ?? 0, 0.92, accuracy: 1e-12)
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: 1e-3, maximumCount: 3), [0, 5e-4, 1e-3])
    }

    func testConstantSeriesStillGetsSeveralTicksAroundTheValue() {
        for value in [0.5, 0.0, -3.0, 1e-8, 7e9] {
            let ticks = TickGenerator.ticks(lower: value, upper: value)
            XCTAssertTrue(TickGenerator.acceptableCounts.contains(ticks.count), "\(ticks) for constant \(value)")
            assertNiceSteps(ticks)
            XCTAssertLessThanOrEqual(ticks.first ?? .infinity, value)
            XCTAssertGreaterThanOrEqual(ticks.last ?? -.infinity, value)
        }
        let (low, high) = TickGenerator.widenedIfDegenerate(lower: 2, upper: 2)
        XCTAssertEqual(low, 1.8, accuracy: 1e-12)
        XCTAssertEqual(high, 2.2, accuracy: 1e-12)
    }

    func testNegativeReversedHugeAndNonFiniteRanges() {
        XCTAssertEqual(TickGenerator.ticks(lower: -3.7, upper: -0.2), [-3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5])
        XCTAssertEqual(TickGenerator.ticks(lower: 1, upper: 0), TickGenerator.ticks(lower: 0, upper: 1))
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: 3e9), [0, 5e8, 1e9, 1.5e9, 2e9, 2.5e9, 3e9])
        XCTAssertEqual(TickGenerator.ticks(lower: .nan, upper: 1), [])
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: .infinity), [])
    }

    func testEpochTicksLabelEveryEpochUpToTwelveThenEveryMultipleOfOneRoundStep() {
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 1), [1])
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 10), Array(1...10))
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 0), [])
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 12), Array(1...12))
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 14), [2, 4, 6, 8, 10, 12, 14])
        // Step 5 would leave three labels (5, 10, 15), so the denser step 2 wins with nine.
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 18), [2, 4, 6, 8, 10, 12, 14, 16, 18])
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 200), [50, 100, 150, 200])
        for lastEpoch in 13...2000 {
            let ticks = TickGenerator.epochTicks(lastEpoch: lastEpoch)
            let step = ticks.first ?? 0
            XCTAssertTrue([1.0, 2.0, 5.0].contains(Double(step) / pow(10, floor(log10(Double(step))))), "step \(step) for \(lastEpoch) epochs")
            XCTAssertEqual(ticks, Array(stride(from: step, through: lastEpoch, by: step)), "\(lastEpoch) epochs")
            XCTAssertTrue((4...10).contains(ticks.count), "\(ticks) for \(lastEpoch) epochs")
        }
    }

    func testLogTicksAreDecadesOrOneTwoFiveOnAShortRange() {
        XCTAssertEqual(TickGenerator.logTicks(lower: 5e-5, upper: 3), [1e-4, 1e-3, 0.01, 0.1, 1])
        // Fewer than three powers of ten: the 2× and 5× values are labelled too.
        XCTAssertEqual(TickGenerator.logTicks(lower: 0.03, upper: 4), [0.05, 0.1, 0.2, 0.5, 1, 2])
        // Thirteen decades on a short axis: every third power of ten.
        XCTAssertEqual(TickGenerator.logTicks(lower: 1e-12, upper: 1, maximumCount: 5), [1e-12, 1e-9, 1e-6, 1e-3, 1])
        // Within one decade and no 1-2-5 value twice: linear ticks.
        XCTAssertEqual(TickGenerator.logTicks(lower: 0.021, upper: 0.049), TickGenerator.ticks(lower: 0.021, upper: 0.049))
        XCTAssertEqual(TickGenerator.logTicks(lower: 0, upper: 1), [])
        XCTAssertEqual(TickGenerator.logMinorTicks(lower: 0.05, upper: 1, labelled: [0.1, 1]), [0.05, 0.06, 0.07, 0.08, 0.09, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    }

    func testNegativeTicksHaveATrueMinusSign() {
        XCTAssertEqual(TickLabelFormatter.powerOfTenLabels([-0.1, 0, 0.1, -2]), ["−0.1", "0", "0.1", "−2"])
    }

    func testPercentLabelsShareTheDecimalsTheFinestTickNeeds() {
        XCTAssertEqual(TickLabelFormatter.percentLabels([0.92, 0.94, 0.96]), ["92%", "94%", "96%"])
        XCTAssertEqual(TickLabelFormatter.percentLabels([0.985, 0.99, 0.995]), ["98.5%", "99.0%", "99.5%"])
        XCTAssertEqual(TickLabelFormatter.percentLabels([0.1 + 0.2, 0.4]), ["30%", "40%"], "no float noise")
    }

    func testErrorRatesOnALogAxisAreWrittenAsPercentagesEachWithItsOwnDecimals() {
        XCTAssertEqual(TickLabelFormatter.percentOfDecadesLabels([1e-5, 1e-4, 1e-3, 0.01, 0.1]), ["0.001%", "0.01%", "0.1%", "1%", "10%"])
        XCTAssertEqual(TickLabelFormatter.percentOfDecadesLabels([0.002, 0.005, 0.02]), ["0.2%", "0.5%", "2%"], "no float noise, no shared zeros")
    }

    func testAnAxisNeedingAPowerOfTenWritesEveryTickSoAndOneWithinPlainRangeWritesDecimals() {
        XCTAssertEqual(TickLabelFormatter.powerOfTenLabels([0.01, 0.1, 1, 10]), ["0.01", "0.1", "1", "10"])
        XCTAssertEqual(TickLabelFormatter.powerOfTenLabels([1e-4, 1e-3, 0.01, 0.1, 1]), ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        // A linear axis of learning rates in units of the largest's power of ten, which the axis label names once.
        XCTAssertEqual(TickLabelFormatter.unitExponent([1e-3, 5e-4, 1.7e-5, 0]), -3)
        XCTAssertEqual(TickLabelFormatter.unitExponent([0.05, 0.01]), -2)
        XCTAssertEqual(TickLabelFormatter.unitExponent([0, .nan]), 0)
        XCTAssertEqual(TickLabelFormatter.labels(inUnitsOf: -3)([0, 2.5e-4, 5e-4, 1e-3]), ["0.00", "0.25", "0.50", "1.00"])
        XCTAssertEqual(TickLabelFormatter.powerOfTen(-4), "10⁻⁴")
        XCTAssertEqual(TickLabelFormatter.powerOfTenLabels([1e3, 5e-4, 2.5e-7, 0.5, 20, 0]), ["10³", "5×10⁻⁴", "2.5×10⁻⁷", "5×10⁻¹", "2×10¹", "0"])
    }
}
