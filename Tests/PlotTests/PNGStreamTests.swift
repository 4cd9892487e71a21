import CCairo
import Foundation
import XCTest
@testable import Plot

/// The in-memory PNG encoder must give exactly the bytes cairo's own file writer gives, which is what
/// the project's committed figures were made with.
final class PNGStreamTests: XCTestCase {
    func testStreamedPNGEqualsCairosFileWriterByteForByte() throws {
        let figures: [any Figure] = [
            Figures.trainingChart(SampleData.learningCurves()),
            Figures.comparisonChart(SampleData.learningCurves(epochs: 5, batchesPerEpoch: 20)),
            ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "Confusion"),
            DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 7), title: "Tiles"),
        ]
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("PlotTests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for figure in figures {
            let surface = try CairoSurface.image(size: figure.size, scale: OutputFormat.png.deviceScale)
            try figure.draw(in: CairoContext(surface: surface))
            let streamed = try surface.encodePNG()
            XCTAssertEqual(cairo_surface_write_to_png(surface.pointer, path), CAIRO_STATUS_SUCCESS)
            XCTAssertEqual(streamed, Array(try Data(contentsOf: URL(fileURLWithPath: path))), figure.name)
            XCTAssertEqual(streamed, try figure.encoded(as: .png), figure.name)
        }
    }
}
