import XCTest
@testable import Plot

final class TickGeneratorTests: XCTestCase {
    /// The step between ticks, checked to be 1, 2 or 5 times a power of ten.
    private func assertNiceSteps(_ ticks: [Double], file: StaticString = #filePath, line: UInt = #line) {
        guard ticks.count >= 2 else { return XCTFail("need two ticks to have a step, got \(ticks)", file: file, line: line) }
        let step = ticks[1] - ticks[0]
        XCTAssertGreaterThan(step, 0, file: file, line: line)
        let exponent = floor(log10(step))
        let mantissa = step / pow(10, exponent)
        XCTAssertTrue([1.0, 2.0, 5.0, 10.0].contains { abs(mantissa - $0) < 1e-6 }, "step \(step) of \(ticks)", file: file, line: line)
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            XCTAssertEqual(b - a, step, accuracy: abs(step) * 1e-6, "uneven ticks \(ticks)", file: file, line: line)
        }
    }

    func testUnitRangeGivesTenthsWithoutFloatNoise() {
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: 1), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    }

    func testTicksUseOneTwoFiveStepsAndFourToEightTicksOverManyRanges() {
        var random = SeededGenerator(seed: 42)
        var outsidePreferredWindow = 0
        let trials = 2000
        for _ in 0..<trials {
            let span = pow(10, random.uniform() * 20 - 10)
            let lower = (random.uniform() - 0.5) * span * 10
            let ticks = TickGenerator.ticks(lower: lower, upper: lower + span)
            XCTAssertTrue((4...10).contains(ticks.count), "\(ticks.count) ticks for \(lower)...\(lower + span)")
            if !(4...8).contains(ticks.count) { outsidePreferredWindow += 1 }
            assertNiceSteps(ticks)
            XCTAssertTrue(ticks.allSatisfy { $0 >= lower - span * 1e-6 && $0 <= lower + span * (1 + 1e-6) }, "ticks outside range: \(ticks)")
        }
        // Only the rare ranges where the 2 → 5 step jump skips the window may fall back to 9 or 10 ticks.
        XCTAssertLessThan(outsidePreferredWindow, trials / 20)
    }

    func testWhenNoStepFitsTheWindowTheDenserTicksWin() {
        // Step 0.02 gives 9 ticks, step 0.05 only 3.
        let ticks = TickGenerator.ticks(lower: 0.903, upper: 1.097)
        XCTAssertEqual(ticks.count, 9)
        XCTAssertEqual(ticks.first ?? 0, 0.92, accuracy: 1e-12)
    }

    func testConstantSeriesStillGetsSeveralTicksAroundTheValue() {
        for value in [0.5, 0.0, -3.0, 1e-8, 7e9] {
            let ticks = TickGenerator.ticks(lower: value, upper: value)
            XCTAssertTrue(TickGenerator.acceptableCounts.contains(ticks.count), "\(ticks) for constant \(value)")
            assertNiceSteps(ticks)
            XCTAssertLessThanOrEqual(ticks.first ?? .infinity, value)
            XCTAssertGreaterThanOrEqual(ticks.last ?? -.infinity, value)
        }
    }

    func testNegativeRange() {
        let ticks = TickGenerator.ticks(lower: -3.7, upper: -0.2)
        XCTAssertEqual(ticks, [-3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5])
    }

    func testReversedBoundsAreAccepted() {
        XCTAssertEqual(TickGenerator.ticks(lower: 1, upper: 0), TickGenerator.ticks(lower: 0, upper: 1))
    }

    func testTinyAndHugeRanges() {
        let tiny = TickGenerator.ticks(lower: 1e-9, upper: 3e-9)
        XCTAssertTrue(TickGenerator.acceptableCounts.contains(tiny.count), "\(tiny)")
        assertNiceSteps(tiny)
        let huge = TickGenerator.ticks(lower: 0, upper: 3e9)
        XCTAssertEqual(huge, [0, 5e8, 1e9, 1.5e9, 2e9, 2.5e9, 3e9])
    }

    func testNonFiniteBoundsGiveNoTicks() {
        XCTAssertEqual(TickGenerator.ticks(lower: .nan, upper: 1), [])
        XCTAssertEqual(TickGenerator.ticks(lower: 0, upper: .infinity), [])
    }

    func testEpochTicksLabelEveryEpochUpToTen() {
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 1), [1])
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 10), Array(1...10))
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 0), [])
    }

    func testEpochTicksForLongRunsAreEveryMultipleOfOneRoundStep() {
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 12), [2, 4, 6, 8, 10, 12])
        // Step 5 would leave three labels (5, 10, 15), so the denser step 2 wins with nine.
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 18), [2, 4, 6, 8, 10, 12, 14, 16, 18])
        XCTAssertEqual(TickGenerator.epochTicks(lastEpoch: 200), [50, 100, 150, 200])
        for lastEpoch in 11...2000 {
            let ticks = TickGenerator.epochTicks(lastEpoch: lastEpoch)
            let step = ticks.first ?? 0
            let power = pow(10, floor(log10(Double(step))))
            XCTAssertTrue([1.0, 2.0, 5.0].contains(Double(step) / power), "step \(step) for \(lastEpoch) epochs")
            // Regular: every multiple of the step up to the last epoch, so the last label is within a step of the end.
            XCTAssertEqual(ticks, Array(stride(from: step, through: lastEpoch, by: step)), "\(lastEpoch) epochs")
            XCTAssertTrue((4...10).contains(ticks.count), "\(ticks) for \(lastEpoch) epochs")
        }
    }

    func testPaddedDomainWidensConstantsAndIgnoresNonFinite() throws {
        let domain = try XCTUnwrap(AxisDomain.padded([2, .nan, 2, .infinity]))
        XCTAssertLessThan(domain.lowerBound, 2)
        XCTAssertGreaterThan(domain.upperBound, 2)
        XCTAssertNil(AxisDomain.padded([.nan, -.infinity]))
        XCTAssertEqual(try XCTUnwrap(AxisDomain.padded([0, 10], paddingFraction: 0.1)), -1...11)
    }
}
