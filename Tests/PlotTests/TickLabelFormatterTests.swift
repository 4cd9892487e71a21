import XCTest
@testable import Plot

final class TickLabelFormatterTests: XCTestCase {
    func testFloatNoiseIsNotPrinted() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [0, 0.1, 0.2, 0.1 + 0.2], format: .automatic), ["0.0", "0.1", "0.2", "0.3"])
        XCTAssertEqual(TickLabelFormatter.decimalsNeeded(for: 0.1 + 0.2), 1)
    }

    func testWholeNumbersHaveNoDecimals() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [0, 5, 10], format: .automatic), ["0", "5", "10"])
        XCTAssertEqual(TickLabelFormatter.labels(for: [1, 50, 100, 200], format: .integer), ["1", "50", "100", "200"])
    }

    func testLabelsShareTheDecimalsTheFinestTickNeeds() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [0.02, 0.04, 0.06, 0.08, 0.1], format: .automatic),
                       ["0.02", "0.04", "0.06", "0.08", "0.10"])
    }

    func testPercentFormatScalesFractions() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [0.92, 0.94, 0.96], format: .percent), ["92%", "94%", "96%"])
        XCTAssertEqual(TickLabelFormatter.labels(for: [0.985, 0.99, 0.995], format: .percent), ["98.5%", "99.0%", "99.5%"])
    }

    func testNegativeZeroHasNoSign() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [-0.0, 0.5], format: .automatic), ["0.0", "0.5"])
        XCTAssertEqual(TickLabelFormatter.labels(for: [-1, -0.5, -0.0], format: .automatic), ["-1.0", "-0.5", "0.0"])
    }

    func testExtremeMagnitudesUseShortScientificNotation() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [1e-9, 1.5e-9, 2e-9], format: .automatic), ["1e-9", "1.5e-9", "2e-9"])
        XCTAssertEqual(TickLabelFormatter.labels(for: [0, 5e8, 1e9], format: .automatic), ["0", "5e8", "1e9"])
    }

    func testCustomFormatterIsUsed() {
        XCTAssertEqual(TickLabelFormatter.labels(for: [1, 2], format: .custom { "<\($0)>" }), ["<1.0>", "<2.0>"])
    }

    func testGeneratedTicksFormatCleanly() {
        let labels = TickLabelFormatter.labels(for: TickGenerator.ticks(lower: 0.006, upper: 0.314), format: .automatic)
        XCTAssertEqual(labels, ["0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
    }
}
