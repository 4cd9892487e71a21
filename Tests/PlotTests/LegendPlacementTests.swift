import XCTest
@testable import Plot

final class LegendPlacementTests: XCTestCase {
    private let area = Rect(x: 0, y: 0, width: 400, height: 300)
    private let legend = Size(width: 100, height: 50)

    private func cluster(at corner: LegendCorner, count: Int = 10) -> [Point] {
        let box = LegendPlacement.rect(for: corner, legendSize: legend, plotArea: area)
        return (0..<count).map { Point(x: box.midX + Double($0 % 3), y: box.midY + Double($0 % 2)) }
    }

    func testEmptyPlotPrefersTopRight() {
        XCTAssertEqual(LegendPlacement.bestCorner(legendSize: legend, plotArea: area, obstacles: []).corner, .topRight)
    }

    func testFallingCurveSendsLegendToAnEmptyCorner() {
        // A loss curve: from top-left to bottom-right, sampled densely.
        let curve = (0...100).map { Point(x: Double($0) * 4, y: 300 - 300 * exp(-Double($0) / 15)) }
        let best = LegendPlacement.bestCorner(legendSize: legend, plotArea: area, obstacles: curve)
        XCTAssertEqual(best.corner, .topRight)
        XCTAssertEqual(best.hidden, 0)
    }

    func testCornerHidingFewestPointsWins() {
        let obstacles = cluster(at: .topRight, count: 9) + cluster(at: .topLeft, count: 5) + cluster(at: .bottomRight, count: 3)
            + cluster(at: .bottomLeft, count: 4)
        let best = LegendPlacement.bestCorner(legendSize: legend, plotArea: area, obstacles: obstacles)
        XCTAssertEqual(best.corner, .bottomRight)
        XCTAssertEqual(best.hidden, 3)
    }

    func testHiddenCountCountsOnlyPointsUnderTheBox() {
        let points = [Point(x: 350, y: 20), Point(x: 10, y: 290), Point(x: 200, y: 150)]
        XCTAssertEqual(LegendPlacement.hiddenCount(corner: .topRight, legendSize: legend, plotArea: area, obstacles: points), 1)
        XCTAssertEqual(LegendPlacement.hiddenCount(corner: .bottomLeft, legendSize: legend, plotArea: area, obstacles: points), 1)
        XCTAssertEqual(LegendPlacement.hiddenCount(corner: .topLeft, legendSize: legend, plotArea: area, obstacles: points), 0)
    }

    func testLegendBoxesStayInsideThePlotArea() {
        for corner in LegendCorner.allCases {
            let box = LegendPlacement.rect(for: corner, legendSize: legend, plotArea: area)
            XCTAssertTrue(area.contains(Point(x: box.x, y: box.y)) && area.contains(Point(x: box.maxX, y: box.maxY)), "\(corner)")
        }
    }
}
