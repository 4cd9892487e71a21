import Foundation
import XCTest
@testable import Pipeline
import Plot
import Report
@testable import Training

/// `digits figures --format …` without training: saved runs drawn as PNG, SVG or PDF, with the networks' comparison.
final class ReportBuilderFormatTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func saveRuns(_ networks: [NetworkName]) throws {
        for network in networks {
            var metrics = RunVerificationTests.sampleMetrics()
            metrics.network = network
            metrics.title = network == .convnet ? "ConvNet (LeNet-5)" : "MyNet"
            metrics.config = TrainingConfig.defaults(for: network)
            // Both networks miss test image 7 and keep its pixels: the figure of the images every run misses is drawn too.
            metrics.testErrors = [7, 42]
            metrics.misclassified[0].pixels = Data(repeating: 128, count: 784).base64EncodedString()
            try RunFolder.write(metrics, weights: [1, 2, 3], to: RunFolder.path(output: folder.path, network: network))
        }
    }

    private func figureFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(ReportFigures.folder).path).sorted()
    }

    func testFiguresAreWrittenInTheRequestedFormatWithTheComparison() throws {
        try saveRuns(NetworkName.allCases)
        for format in [OutputFormat.svg, .pdf] {
            var wrote: [String] = []
            try ReportBuilder(directory: folder.path).writeFiguresAndReport(command: "test", format: format) { event in
                if case .wrote(let path) = event { wrote.append(path) }
            }
            let expected = NetworkName.allCases.flatMap { ReportFigures.fileNames(for: $0, format: format) }
                + ComparisonFigure.allCases.filter { $0 != .unequalMisses }.map { $0.fileName(format: format) }  // no digit differs here
            let files = try figureFiles()
            XCTAssertEqual(files, expected.sorted(), "\(format): exactly its figures; those of the format it replaces are removed")
            XCTAssertEqual(wrote.count, expected.count + 2, "every figure, record.md and report.md")
            for name in expected {
                let bytes = try XCTUnwrap(FileManager.default.contents(atPath: folder.appendingPathComponent("figures/\(name)").path))
                let head = String(decoding: bytes.prefix(5), as: UTF8.self)
                XCTAssertEqual(head, format == .svg ? "<?xml" : "%PDF-", name)
            }
        }
        XCTAssertFalse(try figureFiles().contains { $0.hasSuffix(".png") }, "no PNG was asked for")
        // A file of the student's own in figures/ is never touched.
        try Data("notes".utf8).write(to: folder.appendingPathComponent("figures/sketch.png"))
        try ReportBuilder(directory: folder.path).writeFiguresAndReport(command: "test", format: .png)
        XCTAssertTrue(try figureFiles().contains("sketch.png"))
        XCTAssertFalse(try figureFiles().contains { $0.hasSuffix(".pdf") || $0.hasSuffix(".svg") })
    }

    /// Test labels that are not the ones the runs were tested on (here a made-up hash) are not used, and the report says
    /// so in one notice instead of comparing the digits silently another way.
    func testTestLabelsThatDifferFromTheRunsAreANotice() throws {
        try saveRuns(NetworkName.allCases)
        var notices: [String] = []
        try ReportBuilder(directory: folder.path).writeFiguresAndReport(command: "test", format: .png) { event in
            if case .notice(let text) = event { notices.append(text) }
        }
        XCTAssertEqual(notices.count, 1, "\(notices)")
        XCTAssertTrue(notices.first?.hasPrefix("the digits' test errors are compared on the summed confusion matrices, not image by image: data/mnist: ") == true, "\(notices)")
        XCTAssertFalse(notices.first?.contains("\n") ?? true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path), "the report is written all the same")
    }

    func testOneRunGetsNoComparisonAndPNGIsTheDefault() throws {
        try saveRuns([.mynet])
        try ReportBuilder(directory: folder.path).writeFiguresAndReport(command: "test")
        XCTAssertEqual(try figureFiles(), ReportFigures.fileNames(for: .mynet).sorted())
    }
}
