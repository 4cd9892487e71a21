import Foundation
import XCTest
@testable import Plot

/// Renders every product figure from realistic data; set PLOT_SAMPLES_DIR to keep the PNGs for review.
final class SampleFigureTests: XCTestCase {
    func testRealisticFiguresRenderAtTwiceTheirLogicalSize() throws {
        let keptDirectory = ProcessInfo.processInfo.environment["PLOT_SAMPLES_DIR"]
        let directory = keptDirectory ?? TestFiles.temporaryDirectory().path
        defer {
            if keptDirectory == nil { try? FileManager.default.removeItem(atPath: directory) }
        }
        let curves = SampleData.learningCurves()
        let paths = try Figures.writeLearningCurves(curves, prefix: "convnet", directory: directory)
        XCTAssertEqual(paths.map { URL(fileURLWithPath: $0).lastPathComponent },
                       ["convnet_train.png", "convnet_val.png", "convnet_curves.png"])
        for path in paths {
            let raster = try Raster(pngFile: path)
            XCTAssertEqual(raster.width, 2000)
            XCTAssertEqual(raster.height, 800)
        }

        let confusionPath = directory + "/convnet_confusion.png"
        try Figures.writeConfusion(SampleData.confusionCounts(), title: "ConvNet (LeNet-5): test confusion matrix", path: confusionPath)
        let confusion = ConfusionMatrixChart(counts: SampleData.confusionCounts(), title: "")
        let confusionRaster = try Raster(pngFile: confusionPath)
        XCTAssertEqual(confusionRaster.width, Int(confusion.size.width * 2))

        let tilesPath = directory + "/convnet_misclassified.png"
        try Figures.writeMisclassified(SampleData.misclassifiedTiles(), title: "ConvNet (LeNet-5): misclassified test digits", path: tilesPath)
        XCTAssertEqual(try Raster(pngFile: tilesPath).height, Int(DigitTileGrid(tiles: SampleData.misclassifiedTiles(), title: "").size.height * 2))

        let emptyPath = directory + "/empty_misclassified.png"
        try Figures.writeMisclassified([], title: "Perfect network: misclassified test digits", path: emptyPath)
        XCTAssertTrue(FileManager.default.fileExists(atPath: emptyPath))
    }
}
