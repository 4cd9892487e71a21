import Foundation
import XCTest
@testable import Plot

final class FileOutputTests: XCTestCase {
    private var directory: URL!

    override func setUp() {
        super.setUp()
        directory = TestFiles.temporaryDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    private var chart: LineChart { Figures.comparisonChart(SampleData.learningCurves(epochs: 5, batchesPerEpoch: 20)) }

    private func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func testPNGHasSignatureAndDoubleResolution() throws {
        let path = directory.appendingPathComponent("chart.png").path
        try chart.write(to: path)
        XCTAssertEqual(Array(try bytes(path).prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let raster = try Raster(pngFile: path)
        XCTAssertEqual(raster.width, 2000)
        XCTAssertEqual(raster.height, 800)
        XCTAssertEqual(TestFiles.contents(of: directory), ["chart.png"], "no temporary file may remain")
    }

    func testSameInputGivesByteIdenticalPNGs() throws {
        let first = directory.appendingPathComponent("a.png").path
        let second = directory.appendingPathComponent("b.png").path
        try chart.write(to: first)
        try chart.write(to: second)
        XCTAssertEqual(try bytes(first), try bytes(second))

        let counts = SampleData.confusionCounts()
        try Figures.writeConfusion(counts, title: "c", path: directory.appendingPathComponent("c1.png").path)
        try Figures.writeConfusion(counts, title: "c", path: directory.appendingPathComponent("c2.png").path)
        XCTAssertEqual(try bytes(directory.appendingPathComponent("c1.png").path), try bytes(directory.appendingPathComponent("c2.png").path))
    }

    func testSVGAndPDFHaveValidHeaders() throws {
        let svg = directory.appendingPathComponent("chart.svg").path
        let pdf = directory.appendingPathComponent("chart.pdf").path
        try chart.write(to: svg)
        try chart.write(to: pdf)
        let svgText = try XCTUnwrap(String(data: try bytes(svg), encoding: .utf8))
        XCTAssertTrue(svgText.hasPrefix("<?xml"))
        XCTAssertTrue(svgText.contains("<svg"))
        XCTAssertTrue(svgText.hasSuffix("</svg>\n"))
        let pdfData = try bytes(pdf)
        XCTAssertEqual(String(decoding: pdfData.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertTrue(String(decoding: pdfData.suffix(8), as: UTF8.self).contains("%%EOF"))
    }

    func testPDFIsReproducibleBecauseItsDateIsFixed() throws {
        let first = directory.appendingPathComponent("a.pdf").path
        let second = directory.appendingPathComponent("b.pdf").path
        try chart.write(to: first)
        try chart.write(to: second)
        XCTAssertEqual(try bytes(first), try bytes(second))
    }

    func testExtensionIsCaseInsensitive() throws {
        let path = directory.appendingPathComponent("UPPER.PNG").path
        try chart.write(to: path)
        XCTAssertEqual(try Raster(pngFile: path).width, 2000)
    }

    func testUnknownOrMissingExtensionThrows() {
        for name in ["chart.jpg", "chart", ".png", "chart.png.bak"] {
            let path = directory.appendingPathComponent(name).path
            XCTAssertThrowsError(try chart.write(to: path), name) { error in
                XCTAssertEqual(error as? PlotError, .unsupportedExtension(path: path))
            }
        }
        XCTAssertEqual(TestFiles.contents(of: directory), [])
    }

    func testParentThatIsAFileThrows() throws {
        let blocker = directory.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let path = blocker.appendingPathComponent("chart.png").path
        XCTAssertThrowsError(try chart.write(to: path)) { error in
            guard case PlotError.cannotCreateDirectory(let reported, _) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(reported, path)
        }
    }

    func testTargetThatIsAFolderThrowsAndLeavesNoTemporaryFile() throws {
        let target = directory.appendingPathComponent("taken.png")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        XCTAssertThrowsError(try chart.write(to: target.path)) { error in
            guard case PlotError.cannotMoveIntoPlace = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertEqual(TestFiles.contents(of: directory), ["taken.png"])
    }

    func testMissingFoldersAreCreatedAndExistingFilesReplaced() throws {
        let path = directory.appendingPathComponent("a/b/c/chart.png").path
        try Data("old".utf8).write(to: directory.appendingPathComponent("old.txt"))
        try chart.write(to: path)
        try Figures.writeConfusion([[1]], title: "one class", path: path)
        XCTAssertEqual(try Raster(pngFile: path).width, Int(ConfusionMatrixChart(counts: [[1]], title: "").size.width * 2))
        XCTAssertEqual(TestFiles.contents(of: directory.appendingPathComponent("a/b/c")), ["chart.png"])
    }

    func testErrorMessagesAreOneLineAndNameTheFile() {
        let errors: [PlotError] = [
            .unsupportedExtension(path: "/x/fig.jpg"),
            .cannotCreateDirectory(path: "/x/fig.png", reason: "denied"),
            .cairoFailure(path: "/x/fig.png", operation: "write the PNG", status: "error while writing to output stream"),
            .cannotMoveIntoPlace(path: "/x/fig.png", reason: "Is a directory"),
            .invalidData(path: "/x/fig.png", reason: "bad"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertTrue(error.description.contains("/x/fig."), error.description)
        }
    }

    func testInvalidFigureSizeThrows() {
        let tiny = LineChart(panels: chart.panels, size: Size(width: 0, height: 100))
        XCTAssertThrowsError(try tiny.write(to: directory.appendingPathComponent("zero.png").path)) { error in
            guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
        }
        let huge = LineChart(panels: chart.panels, size: Size(width: 40_000, height: 100))
        XCTAssertThrowsError(try huge.renderRaster()) { error in
            guard case PlotError.invalidData = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertEqual(TestFiles.contents(of: directory), [])
    }

    func testMissingPNGCannotBeRead() {
        XCTAssertThrowsError(try Raster(pngFile: directory.appendingPathComponent("missing.png").path)) { error in
            guard case PlotError.cairoFailure = error else { return XCTFail("unexpected \(error)") }
        }
    }
}
