import Foundation
import XCTest
@testable import Plot
@testable import Report
@testable import Training

/// The figures of runs, from synthetic metrics (no training): names, formats, and what reaches the figures.
final class ReportFiguresTests: XCTestCase {
    /// A small complete run: `epochs` epochs of four mini-batches, a cosine learning-rate schedule.
    static func metrics(_ network: NetworkName, title: String, epochs: Int = 4) -> RunMetrics {
        let records = (1...epochs).map { (epoch: Int) -> EpochRecord in
            let number = Double(epoch)
            let rate = 1e-3 * (0.5 + 0.5 * cos(Double.pi * (number - 1) / Double(epochs)))
            return EpochRecord(epoch: epoch, trainLoss: 1 / (number * number * number), trainAccuracy: 0.9 + 0.02 * number,
                               valLoss: 0.1 + 0.01 * abs(number - 2), valAccuracy: 0.95 + 0.001 * number, learningRate: rate, seconds: 1)
        }
        let confusion: [[Int]] = (0..<10).map { row in (0..<10).map { column in row == column ? 980 : (row + column) % 3 } }
        let pixels = Data((0..<784).map { UInt8($0 % 256) }).base64EncodedString()
        return RunMetrics(
            network: network, title: title, parameters: 1000, seed: 1, config: TrainingConfig.defaults(for: network), epochs: records,
            batchLosses: (0..<(4 * epochs)).map { 2.3 * exp(-Double($0)) }, batchesPerEpoch: 4,
            test: LossAccuracy(loss: 0.03, accuracy: 0.99), confusion: confusion,
            misclassified: [Misclassification(index: 7, label: 3, predicted: 5, probability: 0.91, pixels: pixels)],
            data: DataRecord(directory: "data/mnist", sha256: [:], checksumsVerified: true, trainImages: 100, valImages: 10, testImages: 10_000),
            timing: TimingRecord(trainSeconds: 1, evaluationSeconds: 1, trainImagesPerSecond: 100, threads: 1, kernels: "generic", cpu: "Test CPU"),
            codeVersion: TrainingRun.codeVersion, weightsSha256: String(repeating: "0", count: 64))
    }

    private let runs = [metrics(.convnet, title: "ConvNet (LeNet-5)"), metrics(.mynet, title: "MyNet", epochs: 6)]

    private func assertIsDocument(_ bytes: [UInt8], _ format: OutputFormat, _ message: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        switch format {
        case .png:
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], message, file: file, line: line)
        case .svg:
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("<?xml") && text.contains("<svg") && text.hasSuffix("</svg>\n"), message, file: file, line: line)
        case .pdf:
            XCTAssertEqual(String(decoding: bytes.prefix(5), as: UTF8.self), "%PDF-", message, file: file, line: line)
            XCTAssertTrue(String(decoding: bytes.suffix(7), as: UTF8.self).contains("%%EOF"), message, file: file, line: line)
        }
    }

    /// Height in pixels from a PNG's IHDR chunk.
    private func pngHeight(_ png: [UInt8]) -> Int {
        png[20..<24].reduce(0) { $0 << 8 | Int($1) }
    }

    func testComparisonFiguresAreNamedOnlyByComparisonFigureAndDrawnInEveryFormat() throws {
        XCTAssertEqual(OutputFormat.allCases.map { ComparisonFigure.accuracy.fileName(format: $0) },
                       ["comparison.png", "comparison.svg", "comparison.pdf"])
        XCTAssertEqual(ComparisonFigure.allCases.map { $0.fileName() }, ["comparison.png", "curves_compared.png", "confusion_difference.png", "unequal_misses.png", "mistakes_every_run.png"])
        // Both runs miss test image 7, whose pixels they keep: the grid of the images every run misses is drawn too.
        let missing = runs.map { run in var run = run; run.testErrors = [7]; return [run] }
        for format in OutputFormat.allCases {
            let figures = try ReportFigures.renderComparison(groups: missing, format: format)
            // The images the networks miss unequally need the test images and a digit that differs (see below).
            XCTAssertEqual(figures.map(\.name), ComparisonFigure.allCases.filter { $0 != .unequalMisses }.map { $0.fileName(format: format) },
                           "two networks of the same seed: every other figure")
            for figure in figures { assertIsDocument(figure.bytes, format, figure.name) }
            XCTAssertEqual(try ReportFigures.renderComparison(groups: missing, format: format).map(\.bytes), figures.map(\.bytes), "reproducible")
        }
        XCTAssertFalse(try ReportFigures.renderComparison(groups: runs.map { [$0] }, format: .png).map(\.name).contains("mistakes_every_run.png"),
                       "without the runs' test errors no image is known to be missed by all")
    }

    /// The comparison figure's legends, with the names the report gives its intervals, fit inside their panels over
    /// three seeds of each network: none reaches over the tick labels beside the plot.
    func testTheComparisonFiguresLegendsStayInsideTheirPanels() throws {
        let groups = [(NetworkName.convnet, "ConvNet (LeNet-5)", [0.9911, 0.9933, 0.9911]), (.mynet, "MyNet", [0.9944, 0.9942, 0.994])].map { network, title, accuracies in
            accuracies.enumerated().map { index, accuracy in
                var run = Self.metrics(network, title: title)
                (run.seed, run.test.accuracy, run.data.testImages) = (UInt64(index + 1), accuracy, 10_000)
                return run
            }
        }
        let (panels, title) = ReportFigures.accuracyPanels(groups: groups)
        let chart = FigureRenderer.estimatesChart(title: title, panels: panels)
        let canvas = try Canvas(format: .png, size: chart.size, figureName: chart.name)
        let geometries = chart.geometries(measuringWith: canvas)
        XCTAssertEqual(geometries.count, 2)
        for geometry in geometries {
            // Above the plot, under the title, inside the panel: it hides no data and stretches no axis.
            let legend = try XCTUnwrap(geometry.legendRect)
            XCTAssertTrue(geometry.frame.contains(Point(x: legend.x, y: legend.y)) && geometry.frame.contains(Point(x: legend.maxX, y: legend.maxY)),
                          "legend \(legend) outside the panel \(geometry.frame)")
            XCTAssertLessThanOrEqual(legend.maxY, geometry.plotArea.y, "legend \(legend) over the plot \(geometry.plotArea)")
        }
    }

    /// The test images every run of both networks misses: only those in every run's errors, each with the digit most
    /// of the runs that kept it chose and how many chose it, most such runs first; an image no run kept is left out.
    func testTheImagesEveryRunMissesAreFoundWithTheirCommonestPrediction() throws {
        let pixels = runs[0].misclassified[0].pixels
        func run(_ network: NetworkName, seed: UInt64, errors: [Int], kept: [(index: Int, predicted: Int)]) -> RunMetrics {
            var run = runs[network == .convnet ? 0 : 1]
            run.seed = seed
            run.testErrors = errors
            run.misclassified = kept.map { Misclassification(index: $0.index, label: 4, predicted: $0.predicted, probability: 0.9, pixels: pixels) }
            return run
        }
        // Missed by all four runs: 3 (kept by all, two say 9, two say 7: the smaller digit wins the tie), 5 (kept by one,
        // which says 9) and 8 (kept by none); 6 is missed by three runs only.
        let conv = [run(.convnet, seed: 1, errors: [3, 5, 6, 8], kept: [(3, 9), (5, 9)]), run(.convnet, seed: 2, errors: [3, 5, 6, 8], kept: [(3, 9), (6, 1)])]
        let my = [run(.mynet, seed: 1, errors: [3, 5, 6, 8], kept: [(3, 7)]), run(.mynet, seed: 2, errors: [3, 5, 8], kept: [(3, 7)])]
        let found = ReportFigures.everyRunMistakes([conv, my])
        XCTAssertEqual(found.map(\.index), [3, 5])
        XCTAssertEqual(found.map(\.predicted), [7, 9])
        XCTAssertEqual(found.map(\.runs), [2, 1])
        XCTAssertEqual(found.map(\.kept), [4, 1])
        XCTAssertEqual(found.map(\.label), [4, 4])
        XCTAssertEqual(ReportFigures.everyRunMistakes([conv]).count, 0, "one network: no comparison")
        var unrecorded = my
        unrecorded[1].testErrors = nil
        XCTAssertTrue(ReportFigures.everyRunMistakes([conv, unrecorded]).isEmpty, "a run without its errors knows of none")
        // With every run's guess for each of its errors recorded, every run votes, not only those that kept the image: on
        // 3 three say 9, one 7; on 5 two say 2, two 9 (the smaller wins).
        var guessed = [conv, my]
        guessed[0][0].testErrorPredictions = [9, 2, 0, 5]
        guessed[0][1].testErrorPredictions = [9, 2, 0, 5]
        guessed[1][0].testErrorPredictions = [9, 9, 0, 5]
        guessed[1][1].testErrorPredictions = [7, 9, 5]
        let voted = ReportFigures.everyRunMistakes(guessed)
        XCTAssertEqual(voted.map(\.index), [3, 5], "an image no run kept the pixels of is still left out")
        XCTAssertEqual(voted.map(\.predicted), [9, 2])
        XCTAssertEqual(voted.map(\.runs), [3, 2])
        XCTAssertEqual(voted.map(\.kept), [4, 4], "every run's guess is known")
        guessed[1][1].testErrorPredictions = nil
        XCTAssertEqual(ReportFigures.everyRunMistakes(guessed).map(\.kept), [4, 1], "one run without its guesses: only the kept ones vote")
    }

    /// The test images of a digit whose errors differ beyond chance that one network misses in more of its runs than the
    /// other: each with both networks' miss counts and the guess of the network that misses it more, the widest gap first.
    func testTheImagesOfADifferingDigitMissedUnequallyAreFound() throws {
        // 40 test images: 0–19 are 4s, 20–39 are 1s. ConvNet's two runs miss 4s 0–15 (both runs) and 16 (one run); MyNet's
        // miss 16 (both) and 17 (one): 16 4s ConvNet misses more often, 2 MyNet does, p = 2 · 172 / 2^18 = 0.0013 over the 4s,
        // under the 0.005 the ten digits share.
        let labels = [UInt8](repeating: 4, count: 20) + [UInt8](repeating: 1, count: 20)
        func run(_ network: NetworkName, seed: UInt64, errors: [Int], guess: Int) -> RunMetrics {
            var run = runs[network == .convnet ? 0 : 1]
            (run.seed, run.data.testImages) = (seed, labels.count)
            (run.testErrors, run.testErrorPredictions) = (errors, errors.map { _ in guess })
            return run
        }
        let conv = [run(.convnet, seed: 1, errors: Array(0...16) + [20], guess: 9), run(.convnet, seed: 2, errors: Array(0...15), guess: 9)]
        let my = [run(.mynet, seed: 1, errors: [16, 17], guess: 7), run(.mynet, seed: 2, errors: [16], guess: 7)]
        let tested = try XCTUnwrap(WriteUp.significantDigits(conv, my, labels: labels))
        XCTAssertEqual(tested.significant, [4])
        let unequal = try XCTUnwrap(ReportFigures.unequalMisses([conv, my], labels: labels, digits: tested.significant))
        XCTAssertEqual(unequal.digitsWords, "4s")
        XCTAssertEqual(unequal.images.map(\.index), Array(0...15) + [16, 17], "ConvNet's 2–0 first, then the gaps of one run")
        XCTAssertEqual(unequal.images.map(\.misses.first), Array(repeating: 2, count: 16) + [1, 0])
        XCTAssertEqual(unequal.images.map(\.misses.second), Array(repeating: 0, count: 16) + [2, 1])
        XCTAssertEqual(unequal.images.map(\.guesses), Array(repeating: [9, 9], count: 16) + [[7, 7], [7]],
                       "every guess of the network that misses it more, one a run that misses it")
        XCTAssertFalse(unequal.images.contains { $0.label == 1 }, "the 1s do not differ")
        var unguessed = my
        unguessed[0].testErrorPredictions = nil
        XCTAssertNil(ReportFigures.unequalMisses([conv, unguessed], labels: labels, digits: tested.significant), "without every guess, no figure")
        // The figure, given the pixels: one tile a image, its brackets the two counts.
        let pixels = [UInt8](repeating: 0, count: labels.count * 784)
        let figures = try ReportFigures.renderComparison(groups: [conv, my], format: .svg, testLabels: labels, testPixels: pixels)
        XCTAssertFalse(try XCTUnwrap(figures.first { $0.name == "unequal_misses.svg" }).bytes.isEmpty)
        XCTAssertFalse(try ReportFigures.renderComparison(groups: [conv, my], format: .svg, testLabels: labels).map(\.name).contains("unequal_misses.svg"),
                       "without the pixels, no figure")
    }

    /// How many of a run's shown mistakes the other network's run of the same seed makes too: the dark frames.
    func testFramedMistakesCountTheOtherNetworksErrorsAmongTheShownOnes() throws {
        var conv = runs[0], my = runs[1]
        let pixels = conv.misclassified[0].pixels
        conv.misclassified = (0..<20).map { Misclassification(index: $0, label: 1, predicted: 7, probability: 0.9, pixels: pixels) }
        my.testErrors = [0, 5, 19, 300]
        // 0 and 5 are among the 18 shown; 19 is not shown.
        let framed = try XCTUnwrap(ReportFigures.framedMistakes(of: [conv], other: [my]))
        XCTAssertEqual(framed.framed, 2)
        XCTAssertEqual(framed.shown, 18)
        my.seed = 2
        XCTAssertNil(ReportFigures.framedMistakes(of: [conv], other: [my]), "another seed is no partner")
        XCTAssertNil(ReportFigures.framedMistakes(of: [conv], other: nil))
    }

    /// Each network's curves are drawn in its colour in every figure (training solid, validation dashed), the colour
    /// it has in the figures comparing the networks.
    func testEachNetworksCurvesAreInItsOwnColour() {
        for (run, index) in zip(runs, [0, 1]) {
            let curves = ReportFigures.curves(of: [run])
            XCTAssertEqual(curves.networkIndex, index)
            let training = FigureRenderer.trainingChart(curves).panels[0].series.first { $0.name.hasPrefix("training") }
            let validation = FigureRenderer.validationChart(curves).panels[0].series[0]
            XCTAssertEqual(training?.color, FigureRenderer.networkColors[index])
            XCTAssertEqual(training?.pattern, .solid)
            XCTAssertEqual(validation.color, FigureRenderer.networkColors[index])
            XCTAssertEqual(validation.pattern, .dashed)
        }
    }

    /// Several seeds: the validation figure draws each run as a thin dotted line under the dashed mean, numbered at its end,
    /// marked by a diamond at the run's own lowest loss in the loss panel (on the error rate it would read as the lowest
    /// error), the first named once in each legend; no band.
    func testEachSeedIsAThinLineMarkedAtItsLowestLoss() throws {
        var runs = [Self.metrics(.mynet, title: "MyNet", epochs: 5), Self.metrics(.mynet, title: "MyNet", epochs: 5)]
        runs[1].seed = 2
        // Seed 1 lowest in epoch 2 (the template's), seed 2 in epoch 4.
        for (epoch, loss) in [0.2, 0.15, 0.12, 0.05, 0.09].enumerated() { runs[1].epochs[epoch].valLoss = loss }
        let curves = ReportFigures.curves(of: runs)
        XCTAssertEqual(curves.seedValLoss, runs.map { $0.epochs.map(\.valLoss) })
        XCTAssertEqual(curves.seedValAccuracy, runs.map { $0.epochs.map(\.valAccuracy) })
        let chart = FigureRenderer.validationChart(curves)
        for (index, panel) in chart.panels.enumerated() {
            XCTAssertEqual(panel.series.count, 3, panel.title)
            let (seeds, mean) = (panel.series.prefix(2), panel.series[2])
            XCTAssertEqual(seeds.map(\.diamondPoints), index == 0 ? [[1], [3]] : [[], []], panel.title)
            XCTAssertEqual(seeds.map(\.name), [index == 0 ? "a seed (diamond: its lowest loss)" : "a seed", ""], "named once in the legend")
            XCTAssertEqual(seeds.map(\.endLabel), ["1", "2"], "each run numbered at its end")
            XCTAssertEqual(seeds.map(\.pattern), [.dotted, .dotPairs], "dotted, as solid means training in the figure above; each seed its own dots")
            XCTAssertTrue(seeds.allSatisfy { $0.width == FigureRenderer.seedLineWidth && $0.band == nil }, panel.title)
            XCTAssertEqual(mean.name, "mean of 2 seeds")
            XCTAssertEqual(mean.pattern, .dashed)
            XCTAssertNil(mean.band, "the runs themselves, not their range")
            XCTAssertNil(mean.width)
        }
        XCTAssertEqual(chart.panels[1].series[0].y, runs[0].epochs.map { 1 - $0.valAccuracy }, "the error panel draws the runs' error rates")
        // One run: no thin lines, nothing marked.
        let single = FigureRenderer.validationChart(ReportFigures.curves(of: [runs[0]]))
        XCTAssertEqual(single.panels.map(\.series.count), [1, 1])
        XCTAssertTrue(single.panels.allSatisfy { $0.series[0].diamondPoints.isEmpty })
        // Drawn: a diamond is opaque where a thin line is pale, so the figure differs from one without the diamonds.
        var undiamonded = chart
        for index in undiamonded.panels.indices { for series in undiamonded.panels[index].series.indices { undiamonded.panels[index].series[series].diamondPoints = [] } }
        XCTAssertNotEqual(try chart.encoded(as: .png), try undiamonded.encoded(as: .png))
    }

    func testEveryRunFigureIsDrawnInTheRequestedFormatUnderItsOwnName() throws {
        for format in [OutputFormat.svg, .pdf] {
            let figures = try ReportFigures.render([runs[0]], format: format)
            XCTAssertEqual(figures.map(\.name), ReportFigures.fileNames(for: .convnet, format: format))
            XCTAssertTrue(figures.allSatisfy { $0.name.hasSuffix(".\(format.fileExtension)") })
            for figure in figures { assertIsDocument(figure.bytes, format, figure.name) }
        }
    }

    func testTheLearningRateAndMiniBatchesReachTheFigures() throws {
        let curves = ReportFigures.curves(of: runs[1])
        XCTAssertEqual(curves.learningRate, runs[1].epochs.map(\.learningRate))
        XCTAssertEqual(curves.batchLoss, runs[1].batchLosses)
        XCTAssertEqual(curves.batchesPerEpoch, 4)
        XCTAssertEqual(curves.networkTitle, "MyNet")
        // The learning-rate panel makes the curves figure taller than the validation figure: 2 × (400 + 190) pixels.
        let curvesPNG = try ReportFigures.render(.curves, of: [runs[1]], format: .png)
        XCTAssertEqual(pngHeight(curvesPNG), 1180)
        XCTAssertEqual(pngHeight(try ReportFigures.render(.val, of: [runs[1]], format: .png)), 800)
    }
}
