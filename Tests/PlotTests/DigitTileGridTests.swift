import XCTest
@testable import Plot

final class DigitTileGridTests: XCTestCase {
    private func tile(_ pixels: [UInt8], _ trueLabel: Int = 4, _ predicted: Int = 9, _ probability: Double = 0.87) -> DigitTile {
        DigitTile(pixels: pixels, trueLabel: trueLabel, predictedLabel: predicted, probability: probability)
    }

    func testCaptionNamesTrueAndPredictedLabelsAndTheProbability() {
        XCTAssertEqual(tile([]).caption, "true 4 → pred 9 (0.8700)")
        XCTAssertEqual(tile([], 4, 9, 0.9995).caption, "true 4 → pred 9 (0.9995)", "one precision for every tile")
        XCTAssertEqual(tile([], 4, 9, 0.99996).caption, "true 4 → pred 9 (>0.9999)", "the most confident mistakes stay apart from 1.0000")
        var indexed = tile([])
        indexed.index = 2118
        XCTAssertEqual(indexed.captionLines, ["#2118", "true 4 → pred 9 (0.8700)"], "the index on a line of its own, so that the caption can be set larger")
        XCTAssertEqual(tile([]).captionLines, ["true 4 → pred 9 (0.8700)"])
    }

    func testFullInkIsBlackNoInkIsWhiteAndPixelsAreScaledWithoutBlur() throws {
        let checkerboard = (0..<784).map { index -> UInt8 in ((index / 28 + index % 28) % 2 == 0) ? 255 : 0 }
        let grid = DigitTileGrid(tiles: [tile(Array(repeating: 255, count: 784)), tile(Array(repeating: 0, count: 784)), tile(checkerboard)], title: "Ink")
        let pixels = try Pixels(grid)
        // Inside the frame drawn on each image's border.
        let (full, none, checks) = (grid.imageRect(forTileAt: 0).insetBy(1.5), grid.imageRect(forTileAt: 1).insetBy(1.5), grid.imageRect(forTileAt: 2).insetBy(1.5))
        let area = Int(full.width * 2) * Int(full.height * 2)
        XCTAssertGreaterThanOrEqual(pixels.count(of: Color(hex: 0x000000), tolerance: 0, in: full), area)
        XCTAssertGreaterThanOrEqual(pixels.count(of: .white, tolerance: 0, in: none), area)
        let black = pixels.count(of: Color(hex: 0x000000), tolerance: 0, in: checks), white = pixels.count(of: .white, tolerance: 0, in: checks)
        XCTAssertGreaterThanOrEqual(black + white, area, "no grey: every pixel of the checkerboard is black or white")
        XCTAssertEqual(Double(black) / Double(black + white), 0.5, accuracy: 0.05)
    }

    func testAtMostThirtySixTilesInSixColumnsAndTheLineUnderTheTitleSaysSo() {
        let grid = DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 40), title: "Many")
        XCTAssertEqual(grid.shownTiles.count, 36)
        XCTAssertEqual(grid.imageRect(forTileAt: 6).x, grid.imageRect(forTileAt: 0).x)
        XCTAssertGreaterThan(grid.imageRect(forTileAt: 6).y, grid.imageRect(forTileAt: 0).maxY)
        XCTAssertLessThanOrEqual(grid.imageRect(forTileAt: 35).maxY, grid.size.height)
        XCTAssertLessThanOrEqual(grid.imageRect(forTileAt: 5).maxX, grid.size.width)
        XCTAssertTrue(grid.subtitleLine.hasPrefix("first 36 of 40 images · in brackets: the probability"))
        XCTAssertEqual(DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 1), title: "One").subtitleLine,
                       "1 image · in brackets: the probability the network gave its (wrong) prediction")
        XCTAssertEqual(DigitTileGrid(tiles: [], title: "None").subtitleLine, "")
    }

    /// A note in brackets replaces the probability; an empty note leaves the caption without brackets, and the line under
    /// the title then says what every tile shares.
    func testNotesReplaceTheProbabilityAndAnEmptyOneDropsTheBrackets() {
        let pixels = [UInt8](repeating: 0, count: 784)
        XCTAssertEqual(DigitTile(pixels: pixels, trueLabel: 4, predictedLabel: 9, note: "5 of 6").caption, "true 4 → pred 9 (5 of 6)")
        let plain = DigitTile(pixels: pixels, trueLabel: 4, predictedLabel: 9, note: "")
        XCTAssertEqual(plain.caption, "true 4 → pred 9")
        XCTAssertEqual(DigitTileGrid(tiles: [plain, plain], title: "Every run", noteMeaning: "every recorded guess is the digit shown").subtitleLine,
                       "2 images · every recorded guess is the digit shown")
    }

    func testSharedMistakesAreFramedAndTheKeySaysSo() throws {
        var tiles = SampleData.misclassifiedTiles(count: 3)
        tiles[1].isShared = true
        let grid = DigitTileGrid(tiles: tiles, title: "Mistakes", sharedMeaning: "MyNet (seed 1) misclassifies it too")
        XCTAssertTrue(grid.subtitleLine.hasSuffix(" · thick frame (1 of 3): MyNet (seed 1) misclassifies it too"))
        XCTAssertFalse(DigitTileGrid(tiles: tiles, title: "Mistakes").subtitleLine.contains("frame"), "no meaning, no key (and no frame)")
        // The frame lies just outside the image: dark around the shared tile, not around the others.
        let pixels = try Pixels(grid)
        func frameCount(_ index: Int) -> Int {
            let image = grid.imageRect(forTileAt: index), outer = image.insetBy(-DigitTileGrid.sharedFrameWidth)
            return pixels.count(of: grid.sharedFrameColor, tolerance: 20) { outer.contains(Point(x: $0, y: $1)) && !image.contains(Point(x: $0, y: $1)) }
        }
        XCTAssertGreaterThan(frameCount(1), 1_000)
        XCTAssertEqual(frameCount(0), 0)
        XCTAssertEqual(frameCount(2), 0)
    }

    func testNoTilesGivesAMessageAndAWrongPixelCountIsRejected() throws {
        let empty = DigitTileGrid(tiles: [], title: "Nothing wrong")
        XCTAssertGreaterThan(try Pixels(empty).count(of: Ink.secondaryText, tolerance: 40) { _, y in y > DigitTileGrid.headerHeight }, 50)
        XCTAssertThrowsError(try DigitTileGrid(tiles: [tile(Array(repeating: 0, count: 700))], title: "Bad").encoded(as: .png)) { error in
            guard case PlotError.invalidData(_, let reason) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(reason.contains("700"))
        }
    }

    func testSVGTilesAreDrawnAsSquaresNotSmoothedImages() throws {
        let svg = String(decoding: try DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 2), title: "SVG").encoded(as: .svg), as: UTF8.self)
        XCTAssertFalse(svg.contains("<image"))
        XCTAssertTrue(svg.contains("<path") || svg.contains("<rect"))
    }
}
