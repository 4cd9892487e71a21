import CCairo
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Plot

/// The bytes the renderers return: PNG, SVG and PDF well-formed, sized and reproducible.
final class EncodingTests: XCTestCase {
    private let curves = SampleData.learningCurves(epochs: 5, batchesPerEpoch: 20)

    /// Every public renderer with the same data, so each property is checked for all six figures.
    private func renderers() -> [(name: String, render: (OutputFormat) throws -> [UInt8])] {
        let counts = SampleData.confusionCounts()
        let tiles = SampleData.misclassifiedTiles(count: 3)
        var scheduled = curves
        scheduled.learningRate = (0..<scheduled.epochCount).map { 1e-3 / Double($0 + 1) }
        var other = SampleData.learningCurves(epochs: 4, batchesPerEpoch: 20, seed: 9)
        other.networkTitle = "MyNet"
        return [
            ("training", { try FigureRenderer.training(self.curves, format: $0) }),
            ("validation", { try FigureRenderer.validation(self.curves, format: $0) }),
            ("comparison with learning rate", { try FigureRenderer.comparison(scheduled, format: $0) }),
            ("estimates", { try FigureRenderer.estimates([EstimatePanel(title: "e", yLabel: "y", categories: ["seed 1", "all seeds"], series: [(name: other.networkTitle, estimates: [(0.99, 0.98, 1), nil])], isPercent: true)], title: "t", format: $0) }),
            ("confusion", { try FigureRenderer.confusion(counts, title: "c", format: $0) }),
            ("misclassified", { try FigureRenderer.misclassified(tiles, title: "m", sharedMeaning: "MyNet misclassifies it too", format: $0) }),
            ("no misclassified", { try FigureRenderer.misclassified([], title: "none", format: $0) }),
        ]
    }

    private func assertValidSVG(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n"), message, file: file, line: line)
        // Well-formed XML whose root element is <svg>, as an XML parser (and so a browser) reads it.
        let root = RootElementRecorder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = root
        XCTAssertTrue(parser.parse(), "\(message): \(parser.parserError.map(String.init(describing:)) ?? "parse error")", file: file, line: line)
        XCTAssertEqual(root.name, "svg", message, file: file, line: line)
    }

    func testFormatsAndTheirExtensions() {
        XCTAssertEqual(OutputFormat.allCases, [.png, .svg, .pdf])
        XCTAssertEqual(OutputFormat.allCases.map(\.fileExtension), ["png", "svg", "pdf"])
    }

    func testEveryRendererGivesAValidDocumentInEveryFormat() throws {
        for (name, render) in renderers() {
            let png = try render(.png)
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
            XCTAssertEqual(Rendering.pngSize(png).width % 2, 0, "\(name): drawn at twice its logical size")
            assertValidSVG(try render(.svg), name)
            let pdf = try render(.pdf)
            XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-", name)
            XCTAssertTrue(String(decoding: pdf.suffix(7), as: UTF8.self).contains("%%EOF"), name)
        }
        XCTAssertEqual(Rendering.pngSize(try FigureRenderer.validation(curves, format: .png)).width, 2000)
        XCTAssertEqual(Rendering.pngSize(try FigureRenderer.validation(curves, format: .png)).height, 800)
    }

    /// The report's figures are compared byte for byte between runs, so the same input must give the same bytes
    /// in every format: the PDF's date is fixed and the SVG's surface ids do not follow cairo's process-wide counter.
    func testSameInputGivesByteIdenticalDocumentsInEveryFormat() throws {
        for format in OutputFormat.allCases {
            for (name, render) in renderers() {
                XCTAssertEqual(try render(format), try render(format), "\(name) as \(format)")
            }
        }
        let chart = FigureRenderer.comparisonChart(curves)
        XCTAssertTrue(String(decoding: try chart.encoded(as: .pdf), as: UTF8.self).contains("20000101000000"), "the fixed creation date")
        XCTAssertTrue(String(decoding: try chart.encoded(as: .svg), as: UTF8.self).contains("<g id=\"surface1\">"))
    }

    func testSurfaceIDsAreRenumberedInOrderOfFirstUseAndNothingElseChanges() {
        let svg = ##"<g id="surface57"><use xlink:href="#surface9"/><g id="surface9" clip-path="url(#surface57)"/>surface3 "surface" #surfaces</g>"##
        let expected = ##"<g id="surface1"><use xlink:href="#surface2"/><g id="surface2" clip-path="url(#surface1)"/>surface3 "surface" #surfaces</g>"##
        XCTAssertEqual(String(decoding: Canvas.renumberingSurfaceIDs(Array(svg.utf8)), as: UTF8.self), expected)
        XCTAssertEqual(Canvas.renumberingSurfaceIDs([]), [])
    }

    /// The in-memory PNG must be exactly what cairo's own file writer gives, which is what the committed figures were made with.
    func testStreamedPNGEqualsCairosFileWriterByteForByte() throws {
        let charts: [any Chart] = [
            FigureRenderer.trainingChart(SampleData.learningCurves()),
            ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "Confusion"),
            DigitTileGrid(tiles: SampleData.misclassifiedTiles(count: 7), title: "Tiles"),
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("PlotTests-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chart in charts {
            let canvas = try Canvas(format: .png, size: chart.size, figureName: chart.name)
            try chart.draw(on: canvas)
            let streamed = try canvas.encoded()
            XCTAssertEqual(cairo_surface_write_to_png(canvas.surface, path), CAIRO_STATUS_SUCCESS)
            XCTAssertEqual(streamed, Array(try Data(contentsOf: URL(fileURLWithPath: path))), chart.name)
            XCTAssertEqual(streamed, try chart.encoded(as: .png), chart.name)
        }
    }

    func testBadInputIsRejectedInEveryFormatWithAOneLineMessageNamingTheFigure() {
        let shortTile = DigitTile(pixels: Array(repeating: 0, count: 700), trueLabel: 4, predictedLabel: 9, probability: 0.5)
        for format in OutputFormat.allCases {
            XCTAssertThrowsError(try FigureRenderer.confusion([[1, 2], [3]], title: "bad", format: format), "\(format)") { error in
                XCTAssertEqual(error as? PlotError, .invalidData(figure: "confusion matrix 'bad'", reason: "the matrix is empty, not square, or has a negative count"))
            }
            XCTAssertThrowsError(try FigureRenderer.misclassified(SampleData.misclassifiedTiles(count: 2) + [shortTile], title: "short", format: format)) { error in
                XCTAssertEqual("\(error)", "Cannot draw the digit grid 'short': tile 2 has 700 pixels; expected 784 (28x28).")
            }
        }
        XCTAssertEqual(PlotError.cairoFailure(figure: "line chart 'Net'", operation: "encode the PNG", status: "out of memory").description,
                       "Cannot draw the line chart 'Net': cairo failed to encode the PNG (out of memory).")
    }
}

/// Remembers the name of the first element an XML parser meets: the document's root.
private final class RootElementRecorder: NSObject, XMLParserDelegate {
    var name: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == nil { name = elementName }
    }
}
