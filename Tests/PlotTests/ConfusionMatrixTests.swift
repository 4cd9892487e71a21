import XCTest
@testable import Plot

final class ConfusionMatrixTests: XCTestCase {
    func testIntensityIsLogarithmicAndBounded() {
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 0, maximum: 1000), 0)
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 1000, maximum: 1000), 1, accuracy: 1e-12)
        XCTAssertEqual(ConfusionMatrixChart.intensity(count: 5, maximum: 0), 0)
        // A few mistakes must be visibly tinted next to a diagonal of a thousand.
        XCTAssertGreaterThan(ConfusionMatrixChart.intensity(count: 3, maximum: 1000), 0.15)
        XCTAssertLessThan(ConfusionMatrixChart.intensity(count: 3, maximum: 1000), ConfusionMatrixChart.intensity(count: 4, maximum: 1000))
    }

    func testEachRowIsLabelledWithItsMistakes() {
        XCTAssertEqual(ConfusionMatrixChart.rowLabels([[5, 1, 2], [0, 7, 0], [3, 0, 4]]), ["0 (3)", "1 (0)", "2 (3)"])
        XCTAssertEqual(ConfusionMatrixChart.rowAxisLabel, "True (its mistakes)")
    }

    func testRampRunsFromWhiteToNearBlackAndTheColourBarIsLabelledAtPowersOfTen() {
        XCTAssertEqual(ConfusionMatrixChart.rampColor(at: 0), Color(hex: 0xFFFFFF))
        XCTAssertEqual(ConfusionMatrixChart.rampColor(at: 1), Color(hex: 0x252525), "grey: blue means training in the other figures")
        XCTAssertEqual(ConfusionMatrixChart.rampColor(at: .nan), Color(hex: 0xFFFFFF))
        XCTAssertGreaterThan(ConfusionMatrixChart.rampColor(at: 0.3).relativeLuminance, ConfusionMatrixChart.rampColor(at: 0.6).relativeLuminance)
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 1135), [0, 1, 10, 100, 1000])
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 6), [0, 1, 6], "a handful of mistakes gets its maximum labelled")
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 0), [0])
    }

    /// The mistakes are shaded on their own scale (the largest off the diagonal darkest); the diagonal's counts stand on white.
    func testMistakesAreTintedOnTheirOwnScaleAndTheDiagonalIsWhite() throws {
        var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
        for index in 0..<10 { counts[index][index] = 1000 }
        counts[4][9] = 7
        counts[5][3] = 2
        let chart = ConfusionMatrixChart(counts: counts, title: "Confusion")
        XCTAssertEqual(chart.maximum, 7)
        let pixels = try Pixels(chart)
        let darkest = pixels.count(of: Color(hex: 0x252525), tolerance: 3)
        // One cell of about 50 × 50 units at twice the size (less its digit) and the top of the colour bar; the ten
        // diagonal cells would add ten times the cell.
        XCTAssertGreaterThan(darkest, 3 * 40 * 40)
        XCTAssertLessThan(darkest, 25_000)
        XCTAssertGreaterThan(pixels.count(of: ConfusionMatrixChart.rampColor(at: ConfusionMatrixChart.intensity(count: 2, maximum: 7)), tolerance: 3), 1000)
    }

    /// Two networks' matrices share one scale: the larger mistake count of the two sets both.
    func testMatricesShadeOnOneScale() {
        var few = Array(repeating: Array(repeating: 0, count: 3), count: 3), many = few
        few[0][1] = 2
        many[2][0] = 9
        XCTAssertEqual(ConfusionMatrixChart(counts: few, title: "few").maximum, 2)
        XCTAssertEqual(ConfusionMatrixChart(counts: few, title: "few", sharedMaximum: ConfusionMatrixChart.largestMistake(many)).maximum, 9)
    }

    func testMalformedMatricesAreRejectedAndAnyClassCountRenders() throws {
        for counts in [[], [[1, 2], [3]], [[1, -1], [0, 1]]] as [[[Int]]] {
            XCTAssertThrowsError(try ConfusionMatrixChart(counts: counts, title: "bad").encoded(as: .png), "\(counts)") { error in
                guard case PlotError.invalidData(let figure, _) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertEqual(figure, "confusion matrix 'bad'")
            }
        }
        for n in [1, 3, 26] {
            let chart = ConfusionMatrixChart(counts: (0..<n).map { row in (0..<n).map { $0 == row ? 100 : 1 } }, title: "\(n) classes")
            XCTAssertEqual(Rendering.pngSize(try chart.encoded(as: .png)).width, Int(chart.size.width * 2))
        }
    }
}
