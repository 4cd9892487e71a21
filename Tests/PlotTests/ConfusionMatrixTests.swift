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
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 1135), [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1135], "1-2-5 steps; the maximum in place of 1,000")
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 6), [0, 1, 2, 6], "a handful of mistakes gets its maximum labelled, in place of 5")
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 21), [0, 1, 2, 5, 10, 21])
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 45), [0, 1, 2, 5, 10, 20, 45], "twice the last step: beside it")
        XCTAssertEqual(ConfusionMatrixChart.colorBarTicks(maximum: 30), [0, 1, 2, 5, 10, 20], "between: the last step alone")
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

    /// A network's own matrix shades its mistakes in the network's colour, white to dark, as its curves are drawn; a cell
    /// without mistakes is left blank.
    func testANetworksMatrixShadesInItsColourAndLeavesZeroCellsBlank() throws {
        var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
        for index in 0..<10 { counts[index][index] = 1000 }
        counts[4][9] = 7
        var tinted = ConfusionMatrixChart(counts: counts, title: "Confusion")
        tinted.tint = FigureRenderer.networkColors[1]
        let top = tinted.shade(at: 1)
        XCTAssertEqual(top.relativeLuminance, FigureRenderer.differenceLuminance, accuracy: 0.01, "as dark as the difference chart's ends")
        XCTAssertGreaterThan(top.red, top.green, "the reddish purple's hue kept")
        XCTAssertEqual(tinted.shade(at: 0), .white)
        XCTAssertEqual(ConfusionMatrixChart(counts: counts, title: "Confusion").shade(at: 1), ConfusionMatrixChart.rampColor(at: 1), "no tint: the greys")
        let pixels = try Pixels(tinted)
        XCTAssertGreaterThan(pixels.count(of: top, tolerance: 3), 3 * 40 * 40, "the largest mistake cell in the network's dark shade")
        // Zero mistake cells are blank, as in the difference chart; counts and the diagonal (even an empty one) are written.
        XCTAssertNil(ConfusionMatrixChart.cellText(0, onDiagonal: false))
        XCTAssertEqual(ConfusionMatrixChart.cellText(7, onDiagonal: false), "7")
        XCTAssertEqual(ConfusionMatrixChart.cellText(0, onDiagonal: true), "0")
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

    /// A difference chart: each mistake cell is the first matrix's count minus the second's, shaded towards the colour of
    /// the network that makes more of that mistake on a square-root scale (white where they tie), rows labelled with both totals.
    func testDifferenceChartShadesEachCellTowardsTheNetworkWithMoreOfThatMistake() throws {
        var first = Array(repeating: Array(repeating: 0, count: 10), count: 10), second = first
        for index in 0..<10 { first[index][index] = 1000; second[index][index] = 1000 }
        first[4][9] = 12; second[4][9] = 2   // +10: the first network's colour at full strength
        first[7][2] = 1; second[7][2] = 6    // −5: half way to the second's
        first[3][5] = 4; second[3][5] = 4    // a tie: white
        let colors = (minuend: Color(hex: 0x000000), subtrahend: Color(hex: 0xCC79A7))
        let chart = ConfusionMatrixChart(counts: first, title: "Difference",
                                         subtracted: .init(counts: second, names: ("ConvNet", "MyNet"), colors: colors))
        XCTAssertEqual(chart.maximum, 10, "the largest difference in either direction, not the largest count")
        XCTAssertEqual(chart.rowAxisLabel, "True (mistakes: MyNet, ConvNet)", "the subtracted network, the reference, first")
        XCTAssertEqual(chart.colorBarLabel, "ConvNet − MyNet mistakes (square-root scale)")
        XCTAssertEqual(ConfusionMatrixChart.rowLabels(first, subtracted: second)[4], "4 (2, 12)")
        XCTAssertEqual(ConfusionMatrixChart.rowLabels(first, subtracted: second)[7], "7 (6, 1)")
        XCTAssertEqual(ConfusionMatrixChart.differencePosition(10, maximum: 10), 1)
        XCTAssertEqual(ConfusionMatrixChart.differencePosition(-5, maximum: 10), -(0.5).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(ConfusionMatrixChart.differencePosition(0, maximum: 10), 0)
        XCTAssertEqual(ConfusionMatrixChart.divergingColor(at: 0, colors: colors), .white)
        XCTAssertEqual(ConfusionMatrixChart.divergingColor(at: 1, colors: colors), colors.minuend)
        XCTAssertEqual(ConfusionMatrixChart.divergingColor(at: -0.5, colors: colors), Color.white.mixed(with: colors.subtrahend, fraction: 0.5))
        XCTAssertEqual(ConfusionMatrixChart.signed(3), "+3")
        XCTAssertEqual(ConfusionMatrixChart.signed(-2), "−2")
        XCTAssertEqual(ConfusionMatrixChart.signed(0), "0")

        let pixels = try Pixels(chart)
        // The +10 cell (about 50 × 50 units at twice the size, less its label) and the top of the colour bar are black;
        // the −5 cell is pink √½ of the way, which nothing else in the grid is; the tie is blank.
        XCTAssertGreaterThan(pixels.count(of: colors.minuend, tolerance: 3), 3 * 40 * 40)
        XCTAssertGreaterThan(pixels.count(of: Color.white.mixed(with: colors.subtrahend, fraction: (0.5).squareRoot()), tolerance: 2), 3 * 40 * 40)

        // A framed row (one the caption names as differing beyond chance) gets a dark frame the width of the grid: at twice
        // the size, two edges of about 10 × 52 units each, 2.5 units thick, in the text's ink.
        var framed = chart
        framed.framedRows = [4]
        let ink = { (pixels: Pixels) in pixels.count(of: Ink.text, tolerance: 8) }
        XCTAssertGreaterThan(ink(try Pixels(framed)) - ink(pixels), 2 * 2 * 10 * 52 * 4)
    }

    func testDifferenceTicksAreRoundSymmetricAndEndAtTheMaximum() {
        XCTAssertEqual(ConfusionMatrixChart.differenceTicks(maximum: 15), [-15, -10, -5, -2, -1, 0, 1, 2, 5, 10, 15], "1 and 2 name the shades most cells have")
        XCTAssertEqual(ConfusionMatrixChart.differenceTicks(maximum: 11), [-11, -5, -2, -1, 0, 1, 2, 5, 11], "10 would crowd 11")
        XCTAssertEqual(ConfusionMatrixChart.differenceTicks(maximum: 3), [-3, -2, -1, 0, 1, 2, 3])
        XCTAssertEqual(ConfusionMatrixChart.differenceTicks(maximum: 1), [-1, 0, 1])
        XCTAssertEqual(ConfusionMatrixChart.differenceTicks(maximum: 0), [0])
    }

    func testADifferenceOfMatricesOfDifferentShapesIsRejected() {
        let subtrahend = ConfusionMatrixChart.Subtrahend(counts: [[1, 0], [0, 1]], names: ("a", "b"), colors: (.white, .white))
        let chart = ConfusionMatrixChart(counts: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], title: "bad", subtracted: subtrahend)
        XCTAssertThrowsError(try chart.encoded(as: .png)) { error in
            XCTAssertEqual(error as? PlotError, .invalidData(figure: "confusion matrix 'bad'", reason: "the subtracted matrix differs in shape or has a negative count"))
        }
    }
}

extension ConfusionMatrixTests {
    /// The ends of a diverging scale weigh the same: black becomes a grey, a colour keeps its hue, both at the luminance asked for.
    func testColoursAreBroughtToOneLuminanceKeepingTheirHue() {
        let grey = Color(hex: 0x000000).withLuminance(0.12)
        XCTAssertEqual(grey.relativeLuminance, 0.12, accuracy: 1e-9)
        XCTAssertEqual(grey.red, grey.green, accuracy: 1e-12)
        let pink = Color(hex: 0xCC79A7).withLuminance(0.12)
        XCTAssertEqual(pink.relativeLuminance, 0.12, accuracy: 1e-9)
        XCTAssertGreaterThan(pink.red, pink.blue)
        XCTAssertGreaterThan(pink.blue, pink.green, "still reddish purple")
    }
}
