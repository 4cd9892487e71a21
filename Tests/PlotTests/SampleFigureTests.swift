import Foundation
import XCTest
@testable import Plot

/// Renders every product figure from realistic data; set PLOT_SAMPLES_DIR to keep the PNGs for review.
final class SampleFigureTests: XCTestCase {
    func testRealisticFiguresRenderAtTwiceTheirLogicalSize() throws {
        let curves = SampleData.learningCurves()
        let tiles = SampleData.misclassifiedTiles()
        let figures: [(name: String, png: [UInt8])] = [
            ("convnet_train", try Figures.training(curves, format: .png)),
            ("convnet_val", try Figures.validation(curves, format: .png)),
            ("convnet_curves", try Figures.comparison(curves, format: .png)),
            ("convnet_confusion", try Figures.confusion(SampleData.confusionCounts(), title: "ConvNet (LeNet-5): test confusion matrix",
                                                        format: .png)),
            ("convnet_misclassified", try Figures.misclassified(tiles, title: "ConvNet (LeNet-5): misclassified test digits", format: .png)),
            ("empty_misclassified", try Figures.misclassified([], title: "Perfect network: misclassified test digits", format: .png)),
        ]
        if let directory = ProcessInfo.processInfo.environment["PLOT_SAMPLES_DIR"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, png) in figures {
                try Data(png).write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).png"))
            }
        }
        let rasters = try figures.map { try Raster(png: $0.png) }
        for raster in rasters.prefix(3) {
            XCTAssertEqual(raster.width, 2000)
            XCTAssertEqual(raster.height, 800)
        }
        let confusion = ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "")
        XCTAssertEqual(rasters[3].width, Int(confusion.size.width * 2))
        XCTAssertEqual(rasters[4].height, Int(DigitTileGrid(tiles: tiles, title: "").size.height * 2))
        XCTAssertEqual(rasters[5].height, Int(DigitTileGrid(tiles: [], title: "").size.height * 2))
    }
}
