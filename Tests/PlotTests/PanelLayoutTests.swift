import XCTest
@testable import Plot

final class PanelLayoutTests: XCTestCase {
    private let frame = Rect(x: 0, y: 0, width: 500, height: 400)
    private let measurer = FixedWidthTextMeasurer(advance: 0.6)

    private func text(yTicks: [String], note: String? = nil) -> PanelText {
        PanelText(title: "Loss", note: note, xLabel: "epoch", yLabel: "loss", xTickLabels: ["1", "10"], yTickLabels: yTicks)
    }

    func testMarginsAreComputedFromMeasuredText() {
        let layout = PanelLayout.compute(frame: frame, text: text(yTicks: ["0.1", "0.25"]), measurer: measurer)
        // padding + rotated y label (13 pt line) + gap + widest tick label (4 chars × 7.2) + gap + tick
        let widestTick: Double = 4 * 0.6 * 12
        let expectedLeft: Double = 10 + 13 + 6 + widestTick + 4 + 5
        XCTAssertEqual(layout.plotArea.x, expectedLeft, accuracy: 1e-9)
        // padding + title (14 pt line) + gap
        XCTAssertEqual(layout.plotArea.y, 10 + 14 + 10, accuracy: 1e-9)
        // padding + x label + gap + tick label + gap + tick
        let expectedBottom: Double = 10 + 13 + 6 + 12 + 4 + 5
        XCTAssertEqual(frame.maxY - layout.plotArea.maxY, expectedBottom, accuracy: 1e-9)
        // padding + half of the last x tick label ("10")
        let expectedRight: Double = 10 + 0.6 * 12
        XCTAssertEqual(frame.maxX - layout.plotArea.maxX, expectedRight, accuracy: 1e-9)
    }

    func testWiderTickLabelsMoveThePlotAreaRight() {
        let narrow = PanelLayout.compute(frame: frame, text: text(yTicks: ["1"]), measurer: measurer)
        let wide = PanelLayout.compute(frame: frame, text: text(yTicks: ["100000"]), measurer: measurer)
        let extraWidth: Double = 5 * 0.6 * 12
        XCTAssertEqual(wide.plotArea.x - narrow.plotArea.x, extraWidth, accuracy: 1e-9)
        XCTAssertEqual(wide.plotArea.maxX, narrow.plotArea.maxX, accuracy: 1e-9)
    }

    func testNoteReservesALineUnderTheTitle() throws {
        let plain = PanelLayout.compute(frame: frame, text: text(yTicks: ["1"]), measurer: measurer)
        let noted = PanelLayout.compute(frame: frame, text: text(yTicks: ["1"], note: "2 non-finite values omitted"), measurer: measurer)
        XCTAssertEqual(noted.plotArea.y - plain.plotArea.y, 11 + 2, accuracy: 1e-9)
        let anchor = try XCTUnwrap(noted.noteAnchor)
        XCTAssertGreaterThan(anchor.y, noted.titleAnchor.y)
        XCTAssertLessThan(anchor.y + 11, noted.plotArea.y)
    }

    func testLabelsSitOutsideThePlotAreaAndInsideTheFrame() {
        let layout = PanelLayout.compute(frame: frame, text: text(yTicks: ["0.00", "0.05"]), measurer: measurer)
        XCTAssertLessThan(layout.titleAnchor.y, layout.plotArea.y)
        XCTAssertGreaterThan(layout.xLabelAnchor.y, layout.plotArea.maxY)
        XCTAssertLessThanOrEqual(layout.xLabelAnchor.y + 13, frame.maxY)
        XCTAssertLessThan(layout.yLabelAnchor.x, layout.plotArea.x)
        XCTAssertGreaterThanOrEqual(layout.yLabelAnchor.x - 13 / 2, frame.x)
    }

    func testTinyFrameKeepsAPositivePlotArea() {
        let layout = PanelLayout.compute(frame: Rect(x: 0, y: 0, width: 30, height: 30), text: text(yTicks: ["123456789"]), measurer: measurer)
        XCTAssertGreaterThan(layout.plotArea.width, 0)
        XCTAssertGreaterThan(layout.plotArea.height, 0)
    }
}
