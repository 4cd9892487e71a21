import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Plot

/// The bytes the renderers return: PNG, SVG and PDF well-formed, sized and reproducible.
final class EncodingTests: XCTestCase {
    private let curves = SampleData.learningCurves(epochs: 5, batchesPerEpoch: 20)
    private var chart: LineChart { Figures.comparisonChart(curves) }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Every public renderer with the same data, so each property is checked for all six figures.
    private func renderers() -> [(name: String, render: (OutputFormat) throws -> [UInt8])] {
        let counts = SampleData.confusionCounts()
        let tiles = SampleData.misclassifiedTiles(count: 3)
        var scheduled = curves
        scheduled.learningRate = (0..<scheduled.epochCount).map { 1e-3 / Double($0 + 1) }
        var other = SampleData.learningCurves(epochs: 4, batchesPerEpoch: 20, seed: 9)
        other.networkTitle = "MyNet"
        return [
            ("training", { try Figures.training(self.curves, format: $0) }),
            ("validation", { try Figures.validation(self.curves, format: $0) }),
            ("comparison", { try Figures.comparison(self.curves, format: $0) }),
            ("comparison with learning rate", { try Figures.comparison(scheduled, format: $0) }),
            ("networks", { try Figures.networks([self.curves, other], format: $0) }),
            ("confusion", { try Figures.confusion(counts, title: "c", format: $0) }),
            ("misclassified", { try Figures.misclassified(tiles, title: "m", format: $0) }),
            ("no misclassified", { try Figures.misclassified([], title: "none", format: $0) }),
        ]
    }

    private func assertValidSVG(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("<?xml"), message, file: file, line: line)
        XCTAssertTrue(text.contains("<svg"), message, file: file, line: line)
        XCTAssertTrue(text.hasSuffix("</svg>\n"), message, file: file, line: line)
        // Well-formed XML whose root element is <svg>, as an XML parser (and so a browser) reads it.
        let root = RootElementRecorder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = root
        XCTAssertTrue(parser.parse(), "\(message): \(parser.parserError.map(String.init(describing:)) ?? "parse error")", file: file, line: line)
        XCTAssertEqual(root.name, "svg", message, file: file, line: line)
    }

    private func assertValidPDF(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(String(decoding: bytes.prefix(5), as: UTF8.self), "%PDF-", message, file: file, line: line)
        XCTAssertTrue(String(decoding: bytes.suffix(8), as: UTF8.self).contains("%%EOF"), message, file: file, line: line)
        let trailer = String(decoding: bytes.suffix(7), as: UTF8.self)
        XCTAssertTrue(trailer.hasSuffix("%%EOF") || trailer.hasSuffix("%%EOF\n"), "\(message): ends with \(trailer.debugDescription)",
                      file: file, line: line)
    }

    func testFormatsAndTheirExtensions() {
        XCTAssertEqual(OutputFormat.allCases, [.png, .svg, .pdf])
        XCTAssertEqual(OutputFormat.allCases.map(\.fileExtension), ["png", "svg", "pdf"])
        XCTAssertEqual(OutputFormat.png.deviceScale, 2)
        XCTAssertEqual(OutputFormat.svg.deviceScale, 1)
        XCTAssertEqual(OutputFormat.pdf.deviceScale, 1)
    }

    func testPNGHasSignatureAndDoubleResolution() throws {
        let png = try chart.encoded(as: .png)
        XCTAssertEqual(Array(png.prefix(8)), Self.pngSignature)
        let raster = try Raster(png: png)
        XCTAssertEqual(raster.width, 2000)
        XCTAssertEqual(raster.height, 800)
    }

    func testEveryRendererGivesAValidDocumentInEveryFormat() throws {
        for (name, render) in renderers() {
            XCTAssertEqual(Array(try render(.png).prefix(8)), Self.pngSignature, name)
            assertValidSVG(try render(.svg), name)
            assertValidPDF(try render(.pdf), name)
        }
    }

    func testSameInputGivesByteIdenticalPNGs() throws {
        XCTAssertEqual(try chart.encoded(as: .png), try chart.encoded(as: .png))
        let counts = SampleData.confusionCounts()
        XCTAssertEqual(try Figures.confusion(counts, title: "c", format: .png), try Figures.confusion(counts, title: "c", format: .png))
        for (name, render) in renderers() {
            XCTAssertEqual(try render(.png), try render(.png), name)
        }
    }

    func testSVGAndPDFHaveValidHeaders() throws {
        assertValidSVG(try chart.encoded(as: .svg), "svg")
        assertValidPDF(try chart.encoded(as: .pdf), "pdf")
    }

    func testPDFIsReproducibleBecauseItsDateIsFixed() throws {
        let first = try chart.encoded(as: .pdf)
        XCTAssertEqual(first, try chart.encoded(as: .pdf))
        XCTAssertTrue(String(decoding: first, as: UTF8.self).contains("20000101000000"), "the fixed creation date")
        for (name, render) in renderers() {
            XCTAssertEqual(try render(.pdf), try render(.pdf), name)
        }
    }

    func testSVGIsReproducibleAlthoughCairoNumbersSurfacesPerProcess() throws {
        let first = try chart.encoded(as: .svg)
        // Surfaces created in between advance cairo's process-wide counter that named the SVG's drawing group.
        _ = try chart.renderRaster(scale: 1)
        XCTAssertEqual(first, try chart.encoded(as: .svg))
        XCTAssertTrue(String(decoding: first, as: UTF8.self).contains("<g id=\"surface1\">"))
        for (name, render) in renderers() {
            XCTAssertEqual(try render(.svg), try render(.svg), name)
        }
    }

    func testSurfaceIDsAreRenumberedInOrderOfFirstUseAndNothingElseChanges() {
        let svg = ##"<g id="surface57"><use xlink:href="#surface9"/><g id="surface9" clip-path="url(#surface57)"/>surface3 "surface" #surfaces</g>"##
        let expected = ##"<g id="surface1"><use xlink:href="#surface2"/><g id="surface2" clip-path="url(#surface1)"/>surface3 "surface" #surfaces</g>"##
        XCTAssertEqual(String(decoding: SVGCanonicalizer.renumberSurfaceIDs(Array(svg.utf8)), as: UTF8.self), expected)
        XCTAssertEqual(SVGCanonicalizer.renumberSurfaceIDs([]), [])
        XCTAssertEqual(SVGCanonicalizer.renumberSurfaceIDs(Array("\"surface".utf8)), Array("\"surface".utf8))
    }

    func testOneClassConfusionMatrixRendersAtItsOwnSize() throws {
        let png = try Figures.confusion([[1]], title: "one class", format: .png)
        XCTAssertEqual(try Raster(png: png).width, Int(ConfusionMatrixChart(counts: [[1]], title: "").size.width * 2))
    }

    func testBadInputIsRejectedInEveryFormat() {
        let malformed: [(counts: [[Int]], reason: String)] = [
            ([], "the confusion matrix is empty"),
            ([[1, 2], [3]], "confusion matrix row 1 has 1 entries; expected 2"),
            ([[1, -1], [0, 1]], "confusion matrix row 0 has a negative count"),
        ]
        let shortTile = DigitTile(pixels: Array(repeating: 0, count: 700), trueLabel: 4, predictedLabel: 9, probability: 0.5)
        let tiles = SampleData.misclassifiedTiles(count: 2) + [shortTile]
        for format in OutputFormat.allCases {
            for (counts, reason) in malformed {
                XCTAssertThrowsError(try Figures.confusion(counts, title: "bad", format: format), "\(counts) as \(format)") { error in
                    XCTAssertEqual(error as? PlotError, .invalidData(figure: "confusion matrix 'bad'", reason: reason))
                }
            }
            XCTAssertThrowsError(try Figures.misclassified(tiles, title: "short", format: format), "\(format)") { error in
                XCTAssertEqual(error as? PlotError,
                               .invalidData(figure: "digit grid 'short'", reason: "tile 2 has 700 pixels; expected 784 (28x28)"))
            }
        }
    }

    func testErrorMessagesAreOneLineAndNameTheFigure() {
        let errors: [PlotError] = [
            .cairoFailure(figure: "line chart 'Net: training'", operation: "encode the PNG", status: "out of memory"),
            .invalidData(figure: "line chart 'Net: training'", reason: "bad"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertTrue(error.description.contains("line chart 'Net: training'"), error.description)
        }
        XCTAssertEqual(PlotError.invalidData(figure: "digit grid 'short'", reason: "tile 2 has 700 pixels; expected 784 (28x28)").description,
                       "Cannot draw the digit grid 'short': tile 2 has 700 pixels; expected 784 (28x28).")
        XCTAssertEqual(PlotError.cairoFailure(figure: "line chart", operation: "encode the PNG", status: "out of memory").description,
                       "Cannot draw the line chart: cairo failed to encode the PNG (out of memory).")
    }

    func testInvalidFigureSizeThrows() {
        let tiny = LineChart(panels: chart.panels, size: Size(width: 0, height: 100))
        for format in OutputFormat.allCases {
            XCTAssertThrowsError(try tiny.encoded(as: format), "\(format)") { error in
                guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
            }
        }
        let huge = LineChart(panels: chart.panels, size: Size(width: 40_000, height: 100))
        XCTAssertThrowsError(try huge.renderRaster()) { error in
            guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testBytesThatAreNotAPNGCannotBeDecoded() throws {
        let png = try chart.encoded(as: .png)
        for bytes in [[], Array("not a png".utf8), Array(png.prefix(png.count / 2))] {
            XCTAssertThrowsError(try Raster(png: bytes)) { error in
                guard case PlotError.cairoFailure = error else { return XCTFail("unexpected \(error)") }
            }
        }
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
