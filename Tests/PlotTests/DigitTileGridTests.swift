import XCTest
@testable import Plot

final class DigitTileGridTests: XCTestCase {
    private func tile(_ pixels: [UInt8], _ trueLabel: Int = 4, _ predicted: Int = 9, _ probability: Double = 0.87) -> DigitTile {
        DigitTile(pixels: pixels, trueLabel: trueLabel, predictedLabel: predicted, probability: probability)
    }

    func testCaptionNamesTrueAndPredictedLabels() {
        XCTAssertEqual(tile([]).caption, "true 4 → pred 9 (0.87)")
        XCTAssertEqual(tile([], 1, 7, .nan).caption, "true 1 → pred 7")
    }

    func testFullInkIsDarkAndNoInkIsWhite() throws {
        let grid = DigitTileGrid(tiles: [tile(Array(repeating: 255, count: 784)), tile(Array(repeating: 0, count: 784))], title: "Ink")
        let (raster, _) = try Rendering.render(grid)
        func centre(_ index: Int) -> RGBA8? {
            let rect = grid.imageRect(forTileAt: index)
            return raster.pixel(x: Int(rect.midX * 2), y: Int(rect.midY * 2))
        }
        XCTAssertEqual(centre(0), RGBA8(red: 0, green: 0, blue: 0))
        XCTAssertEqual(centre(1), RGBA8(red: 255, green: 255, blue: 255))
    }

    func testPixelsAreScaledWithoutBlur() throws {
        let checkerboard = (0..<784).map { index -> UInt8 in ((index / 28 + index % 28) % 2 == 0) ? 255 : 0 }
        let grid = DigitTileGrid(tiles: [tile(checkerboard)], title: "Checkerboard")
        let (raster, _) = try Rendering.render(grid)
        let rect = grid.imageRect(forTileAt: 0)
        // Stay clear of the frame drawn on the image border.
        let interior = rect.insetBy(1.5)
        var grays = 0
        var sampled = 0
        for y in Int(interior.y * 2)..<Int(interior.maxY * 2) {
            for x in Int(interior.x * 2)..<Int(interior.maxX * 2) {
                guard let pixel = raster.pixel(x: x, y: y) else { continue }
                sampled += 1
                if pixel.red != 0 && pixel.red != 255 { grays += 1 }
            }
        }
        XCTAssertGreaterThan(sampled, 40_000)
        XCTAssertEqual(grays, 0)
    }

    func testAtMostThirtySixTilesInSixColumns() {
        let tiles = SampleData.misclassifiedTiles(count: 40)
        let grid = DigitTileGrid(tiles: tiles, title: "Many")
        XCTAssertEqual(grid.shownTiles.count, 36)
        XCTAssertEqual(grid.rowCount, 6)
        XCTAssertEqual(grid.subtitle, "first 36 of 40 images")
        XCTAssertEqual(grid.imageRect(forTileAt: 6).x, grid.imageRect(forTileAt: 0).x)
        XCTAssertGreaterThan(grid.imageRect(forTileAt: 6).y, grid.imageRect(forTileAt: 0).maxY)
        XCTAssertLessThanOrEqual(grid.imageRect(forTileAt: 35).maxY, grid.size.height)
        XCTAssertLessThanOrEqual(grid.imageRect(forTileAt: 5).maxX, grid.size.width)
    }

    func testTheLineUnderTheTitleSaysWhatTheCaptionNumberIs() throws {
        let grid = DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 3), title: "Mistakes")
        XCTAssertEqual(grid.subtitleLine, "3 images · in brackets: the probability the network gave its (wrong) prediction")
        // Captions without a probability need no key.
        let bare = DigitTileGrid(tiles: [tile(Array(repeating: 0, count: 784), 1, 7, .nan)], title: "Bare")
        XCTAssertNil(bare.probabilityKey)
        XCTAssertEqual(bare.subtitleLine, "1 image")
        XCTAssertEqual(DigitTileGrid(tiles: [], title: "None").subtitleLine, "")
        // The key is drawn in the header, above the first row of tiles, reaching well beyond a centred "3 images".
        let (raster, _) = try Rendering.render(grid)
        let secondary = RGBA8(Ink.secondaryText)
        let centre = grid.size.width / 2
        let headerAwayFromCentre = { (x: Int, y: Int) -> Bool in
            Double(y) / 2 < DigitTileGrid.headerHeight && abs(Double(x) / 2 - centre) > 100
        }
        XCTAssertGreaterThan(raster.count(of: secondary, tolerance: 30, where: headerAwayFromCentre), 200)
    }

    func testSharedMistakesAreFramedAndTheKeySaysSo() throws {
        var tiles = SampleData.misclassifiedTiles(count: 3)
        tiles[1].isShared = true
        let grid = DigitTileGrid(tiles: tiles, title: "Mistakes", sharedMeaning: "MyNet (seed 1) misclassifies it too")
        XCTAssertEqual(grid.sharedKey, "dark frame (1 of 3): MyNet (seed 1) misclassifies it too")
        XCTAssertTrue(grid.subtitleLine.hasSuffix(" · dark frame (1 of 3): MyNet (seed 1) misclassifies it too"))
        XCTAssertNil(DigitTileGrid(tiles: tiles, title: "Mistakes").sharedKey, "no meaning, no key (and no frame)")
        // The frame lies just outside the image: dark around the shared tile, not around the others.
        let (raster, _) = try Rendering.render(grid)
        let frameColor = RGBA8(DigitTileGrid.sharedFrameColor)
        func frameCount(_ index: Int) -> Int {
            let image = grid.imageRect(forTileAt: index)
            return raster.count(of: frameColor, tolerance: 20) { x, y in
                let px = Double(x) / 2, py = Double(y) / 2
                let outside = px < image.x || px > image.maxX || py < image.y || py > image.maxY
                return outside && px > image.x - DigitTileGrid.sharedFrameWidth && px < image.maxX + DigitTileGrid.sharedFrameWidth
                    && py > image.y - DigitTileGrid.sharedFrameWidth && py < image.maxY + DigitTileGrid.sharedFrameWidth
            }
        }
        XCTAssertGreaterThan(frameCount(1), 1_000)
        XCTAssertEqual(frameCount(0), 0)
        XCTAssertEqual(frameCount(2), 0)
    }

    func testNoTilesGivesAMessageInsteadOfAGrid() throws {
        let grid = DigitTileGrid(tiles: [], title: "Nothing wrong")
        XCTAssertEqual(grid.rowCount, 0)
        let (raster, _) = try Rendering.render(grid)
        let messageBand = { (_: Int, y: Int) -> Bool in Double(y) / 2 > DigitTileGrid.headerHeight }
        XCTAssertGreaterThan(raster.count(of: RGBA8(red: 0x55, green: 0x55, blue: 0x55), tolerance: 40, where: messageBand), 50)
    }

    func testWrongPixelCountIsRejected() {
        let grid = DigitTileGrid(tiles: [tile(Array(repeating: 0, count: 700))], title: "Bad")
        XCTAssertThrowsError(try grid.renderRaster(scale: 1)) { error in
            guard case PlotError.invalidData(_, let reason) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(reason.contains("700"))
        }
    }

    func testSVGTilesAreDrawnAsSquaresNotSmoothedImages() throws {
        let svg = String(decoding: try DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 2), title: "SVG").encoded(as: .svg),
                         as: UTF8.self)
        XCTAssertFalse(svg.contains("<image"))
        XCTAssertTrue(svg.hasPrefix("<?xml"))
    }
}
