import Foundation
import XCTest
@testable import Plot

/// Renders every product figure from realistic data; set PLOT_SAMPLES_DIR to keep the PNGs for review.
final class SampleFigureTests: XCTestCase {
    func testRealisticFiguresRenderAtTwiceTheirLogicalSize() throws {
        let curves = SampleData.learningCurves()
        let tiles = SampleData.misclassifiedTiles()
        let figures: [(name: String, png: [UInt8], size: Size)] = [
            ("convnet_train", try FigureRenderer.training(curves, format: .png), Size(width: 1000, height: 400)),
            ("convnet_val", try FigureRenderer.validation(curves, format: .png), Size(width: 1000, height: 400)),
            ("convnet_curves", try FigureRenderer.comparison(curves, format: .png), Size(width: 1000, height: 400)),
            ("convnet_confusion", try FigureRenderer.confusion(SampleData.confusionCounts(), title: "ConvNet (LeNet-5): test confusion matrix", format: .png),
             ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "").size),
            ("convnet_misclassified", try FigureRenderer.misclassified(tiles, title: "ConvNet (LeNet-5): misclassified test digits", format: .png),
             DigitTileGrid(tiles: tiles, title: "").size),
            ("empty_misclassified", try FigureRenderer.misclassified([], title: "Perfect network: misclassified test digits", format: .png),
             DigitTileGrid(tiles: [], title: "").size),
        ]
        if let directory = ProcessInfo.processInfo.environment["PLOT_SAMPLES_DIR"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, png, _) in figures {
                try Data(png).write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).png"))
            }
        }
        for (name, png, size) in figures {
            XCTAssertEqual(Rendering.pngSize(png).width, Int(size.width * 2), name)
            XCTAssertEqual(Rendering.pngSize(png).height, Int(size.height * 2), name)
        }
    }
}
