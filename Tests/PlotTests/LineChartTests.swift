import XCTest
@testable import Plot

/// The line figures: what each draws, on which axes, and where the lines, bands, markers and legends land.
final class LineChartTests: XCTestCase {
    private func curves(valLoss: [Double] = [0.25, 0.2], valAccuracy: [Double], batchLoss: [Double] = [], batchesPerEpoch: Int = 0) -> LearningCurves {
        LearningCurves(networkTitle: "Net", trainLoss: [0.3, 0.2], trainAccuracy: [0.9, 0.95], valLoss: valLoss,
                       valAccuracy: valAccuracy, batchLoss: batchLoss, batchesPerEpoch: batchesPerEpoch)
    }

    /// A cosine schedule from 1e-3 down towards 1e-5, as the runs use.
    private func cosineSchedule(epochs: Int) -> [Double] {
        (0..<epochs).map { epoch in 1e-3 * (0.5 + 0.5 * cos(Double.pi * Double(epoch) / Double(epochs))) + 1e-5 }
    }

    func testBestEpochsAreTheFirstFiniteBestAndBatchesSitOnTheirEpochs() {
        XCTAssertEqual(curves(valAccuracy: [0.9, 0.97, 0.95, 0.97]).bestValidationEpoch, 2)
        XCTAssertEqual(curves(valAccuracy: [.nan, 0.5, .infinity]).bestValidationEpoch, 2)
        XCTAssertNil(curves(valAccuracy: [.nan]).bestValidationEpoch)
        XCTAssertEqual(curves(valLoss: [0.3, 0.2, 0.25, 0.2], valAccuracy: []).lowestValidationLossEpoch, 2, "a tie goes to the first epoch")
        XCTAssertEqual(curves(valLoss: [.nan, 0.4, .nan, 0.1, -.infinity], valAccuracy: []).lowestValidationLossEpoch, 4)
        let positions = curves(valAccuracy: [0.9, 0.9], batchLoss: Array(repeating: 1, count: 8), batchesPerEpoch: 4).batchPositions
        XCTAssertEqual(positions, [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0], "the last batch of an epoch sits on that epoch")
        XCTAssertEqual(curves(valAccuracy: [0.9, 0.9], batchLoss: Array(repeating: 1, count: 6)).batchPositions.last, 2.0)
    }

    /// A line's end label (a seed's number) is drawn just right of its last point; two lines ending at the same value get their
    /// labels a line of text apart, so that neither covers the other.
    func testEndLabelsSitBesideTheLastPointsAndApart() throws {
        var first = LineSeries(name: "", x: [1, 2, 3], y: [0.3, 0.1, 0.2], color: FigureRenderer.networkColors[1])
        var second = LineSeries(name: "", x: [1, 2, 3], y: [0.4, 0.3, 0.2], color: FigureRenderer.networkColors[1])
        (first.endLabel, second.endLabel) = ("1", "2")
        let chart = LineChart(title: "t", panels: [LinePanel(title: "p", yLabel: "y", series: [first, second], yLabels: TickLabelFormatter.decimalLabels)])
        let geometry = try XCTUnwrap(Rendering.geometries(chart).first)
        let pixels = try Pixels(chart)
        let end = geometry.position(x: 3, y: 0.2)
        let color = FigureRenderer.networkColors[1]
        func ink(_ dy: Double) -> Int { pixels.count(of: color, tolerance: 60, in: Rect(x: end.x + 4, y: end.y + dy - 6, width: 12, height: 12)) }
        XCTAssertGreaterThan(ink(0), 0, "the first label at its line's end")
        XCTAssertGreaterThan(ink(16), 0, "the second a line of text below it")
    }

    func testTheGreyLineMarksTheLowestLossInBothPanelsAndIsDrawnThereOnly() throws {
        var history = LearningCurves(networkTitle: "Net", trainLoss: [0.5, 0.3, 0.2, 0.1, 0.05], trainAccuracy: [0.9, 0.95, 0.97, 0.98, 0.99],
                                     valLoss: [0.4, 0.3, 0.1, 0.2, 0.15], valAccuracy: [0.9, .nan, 0.98, 0.991, 0.97])
        // The second network's colour, so that the dark marker is told from the curves by colour alone.
        history.networkIndex = 1
        // The titles say what the grey lines mark, so no label box sits over the data.
        let validation = FigureRenderer.validationChart(history)
        XCTAssertEqual(validation.panels[0].marker?.x, 3)
        XCTAssertEqual(validation.panels[0].title, "Loss (grey line: lowest, epoch 3)")
        // The grey line marks one epoch in both panels: the error rate is read at the lowest loss, the lowest error said in the title.
        XCTAssertEqual(validation.panels[1].marker?.x, 3)
        XCTAssertEqual(validation.panels[1].title, "Error rate (2.00% at epoch 3; lowest: epoch 4, 0.90%)")
        var lastBest = history
        lastBest.valAccuracy = [0.9, .nan, 0.98, 0.97, 0.991]
        XCTAssertEqual(FigureRenderer.validationChart(lastBest).panels[1].marker?.x, 3)
        XCTAssertEqual(FigureRenderer.validationChart(lastBest).panels[1].title, "Error rate (2.00% at epoch 3; last: 0.90%)")
        // A lowest loss at the last epoch gets no grey line on the accuracy frame's edge.
        var lastLowest = history
        lastLowest.valLoss = [0.4, 0.3, 0.2, 0.15, 0.1]
        XCTAssertNil(FigureRenderer.validationChart(lastLowest).panels[1].marker)
        XCTAssertEqual(FigureRenderer.validationChart(lastLowest).panels[1].title, "Error rate (lowest: epoch 4, 0.90%)")
        let gap = FigureRenderer.comparisonChart(history)
        XCTAssertEqual(gap.panels.count, 1, "training against validation: the loss only, the accuracy is in the other figures")
        XCTAssertEqual(gap.panels[0].marker?.x, 3)
        XCTAssertEqual(gap.panels[0].title, "Loss (grey line: lowest validation loss, epoch 3)")
        XCTAssertNil(FigureRenderer.trainingChart(history).panels[0].marker, "training figures mark no validation epoch")
        let chart = FigureRenderer.validationChart(history)
        let (pixels, geometries) = (try Pixels(chart), try Rendering.geometries(chart))
        func markerPixels(panel index: Int, epoch: Double) -> Int {
            let geometry = geometries[index]
            let x = geometry.position(x: epoch, y: geometry.yDomain.lowerBound).x
            let strip = Rect(x: x - 1, y: geometry.plotArea.y, width: 2, height: geometry.plotArea.height)
            return pixels.count(of: Color(hex: 0x888888), tolerance: 6) { strip.contains(Point(x: $0, y: $1)) }
        }
        // A full-height line is hundreds of pixels; a stray grey pixel or two (a legend's border) is no line.
        XCTAssertGreaterThan(markerPixels(panel: 0, epoch: 3), 200)
        XCTAssertLessThan(markerPixels(panel: 0, epoch: 5), 10)
        XCTAssertGreaterThan(markerPixels(panel: 1, epoch: 3), 200)
        XCTAssertLessThan(markerPixels(panel: 1, epoch: 4), 10)
    }

    /// Each epoch's mean at the middle of its epoch, over the mini-batches it averages; the mini-batch losses' moving
    /// average (not the raw trace, whose decades would set the axis) only in the record's figure, where no seed band of the
    /// same tint lies under it.
    func testTrainingFigureDrawsTheEpochMeansAtTheirEpochsMiddleAndTheRecordTheMovingAverage() {
        let history = curves(valAccuracy: [0.9, 0.9], batchLoss: [2, 1, 0.5, 0.4], batchesPerEpoch: 2)
        let chart = FigureRenderer.trainingChart(history)
        XCTAssertEqual(chart.title, "Net: training against validation")
        XCTAssertEqual(chart.panels[0].series.map(\.name), ["training, epoch mean (mid-epoch)", "validation"])
        XCTAssertEqual(chart.panels[0].series[0].x, [0.5, 1.5], "epoch means at their epoch's middle")
        XCTAssertEqual(chart.panels[1].series[0].x, [0.5, 1.5], "training accuracy too")
        let record = FigureRenderer.comparisonChart(history)
        XCTAssertEqual(record.panels[0].series.map(\.name),
                       ["mini-batch loss, exponential average (β = 0.98)", "training (epoch mean, mid-epoch)", "validation"])
        XCTAssertEqual(record.panels[0].series[0].x, [0.5, 1, 1.5, 2], "the average is drawn where its batches are")
        XCTAssertEqual(record.panels[0].series[0].y, FigureRenderer.exponentialMovingAverage([2, 1, 0.5, 0.4], factor: 0.98))
        XCTAssertEqual(FigureRenderer.comparisonChart(curves(valAccuracy: [0.9, 0.9])).panels[0].series.map(\.name),
                       ["training (epoch mean, mid-epoch)", "validation"], "no batches, no average")
    }

    func testMovingAverageIsBiasCorrectedAndSkipsNonFiniteValues() {
        // β = 0.5 from s = 0, divided by the weight 1 − βⁿ of the n values seen: 4; (0.5·4 + 2) / 1.5; 12/7; NaN skipped; 2.4.
        let smoothed = FigureRenderer.exponentialMovingAverage([4, 2, 1, .nan, 3], factor: 0.5)
        for (value, want) in zip(smoothed, [4, 8.0 / 3, 12.0 / 7, 12.0 / 7, 2.4]) { XCTAssertEqual(value, want, accuracy: 1e-12) }
        for value in FigureRenderer.exponentialMovingAverage(Array(repeating: 5, count: 50), factor: 0.98) {
            XCTAssertEqual(value, 5, accuracy: 1e-12, "a constant stays constant from the first value")
        }
        XCTAssertTrue(FigureRenderer.exponentialMovingAverage([.nan, 2], factor: 0.9)[0].isNaN)
    }

    /// One rule for loss axes, whatever the values: a panel holding training loss is logarithmic, a panel of validation
    /// loss alone linear, in every figure and for every network.
    func testTrainingLossAxesAreLogarithmicValidationLossAxesLinearAndTheTrainingErrorRateLogarithmic() throws {
        let history = LearningCurves(networkTitle: "Net", trainLoss: [2, 0.3, 0.02, 0.004, 0.0007], trainAccuracy: Array(repeating: 0.9, count: 5),
                                     valLoss: [2, 0.3, 0.02, 0.004, 0.0007], valAccuracy: Array(repeating: 0.9, count: 5), batchLoss: [2, 1, 0.5, 0.4, 0.3])
        var narrow = history
        narrow.valLoss = [0.05, 0.04, 0.035, 0.04, 0.045]
        for curves in [history, narrow] {
            for chart in [FigureRenderer.comparisonChart(curves), FigureRenderer.trainingChart(curves), FigureRenderer.networksComparedChart([curves])] {
                XCTAssertEqual(chart.panels[0].yScale, .logarithmic, chart.title)
                XCTAssertEqual(chart.panels[0].yLabel, "loss (nats, log scale)", chart.title)
            }
            for panel in [FigureRenderer.validationChart(curves).panels[0]] {
                XCTAssertEqual(panel.yScale, .linear, panel.title)
                XCTAssertEqual(panel.yLabel, "loss (nats)", panel.title)
            }
        }
        XCTAssertEqual(try Rendering.geometries(FigureRenderer.validationChart(narrow))[0].yTickLabels.map(\.count).reduce(into: Set<Int>()) { $0.insert($1) }.count, 1,
                       "the linear axis's labels share their decimals")
        XCTAssertEqual(FigureRenderer.validationChart(history).panels[1].yScale, .linear, "validation error rate")
        XCTAssertEqual(FigureRenderer.validationChart(history).panels[1].series.last?.y.map { ($0 * 1e6).rounded() / 1e6 }, Array(repeating: 0.1, count: 5),
                       "validation read as the error rate the training figure gives it")
        // Training accuracy runs into 100%: its error rate on a log axis, validation's beside it in the same unit; an
        // errorless epoch is a ring on the floor, which the title explains.
        var perfect = history
        perfect.trainAccuracy = [0.9, 0.99, 0.999, 1, 0.9999]
        let training = FigureRenderer.trainingChart(perfect)
        let errors = training.panels[1]
        XCTAssertEqual(errors.yScale, .logarithmic)
        XCTAssertEqual(errors.series.map(\.name), ["training, epoch mean (mid-epoch)", "validation"], "named as in the loss panel beside")
        XCTAssertEqual(errors.series.map(\.pattern), [.solid, .dashed], "validation dashed, as everywhere")
        XCTAssertEqual(errors.series[1].y, perfect.valAccuracy.map { 1 - $0 })
        XCTAssertEqual(errors.series[1].x.first, 1, "validation after its epoch")
        XCTAssertEqual(errors.series[0].y.map { ($0 * 1e6).rounded() / 1e6 }, [0.1, 0.01, 0.001, 0, 0.0001])
        XCTAssertEqual(errors.series[0].drawableRuns(on: .logarithmic).map(\.count), [3, 1], "the errorless epoch breaks the line")
        // What a ring on the floor means is the caption's: the title stays as short as the loss panel's beside.
        XCTAssertEqual(errors.title, "Error rate")
        XCTAssertFalse(errors.series[0].showsMarkers, "training without dots: where the curves cross, the dots are validation's")
        XCTAssertTrue(errors.series[1].showsMarkers)
        // The loss the same way: training (the epoch means) against validation, dashed.
        XCTAssertEqual(training.panels[0].series.map(\.name), ["training, epoch mean (mid-epoch)", "validation"])
        XCTAssertEqual(training.panels[0].series[1].y, perfect.valLoss)
        XCTAssertEqual(training.panels[0].series[1].pattern, .dashed)
        XCTAssertEqual(training.title, "Net: training against validation")
        XCTAssertEqual(errors.series[0].floorZeros(on: .logarithmic), [3.5], "the errorless epoch's mean, at its middle, ringed on the floor")
        XCTAssertEqual(errors.series[0].floorZeros(on: .linear), [], "a linear axis draws the zero itself")
        // A seed without errors puts the band's lower edge at 0: drawn at the floor, so the band does not just stop.
        perfect.seedCount = 3
        perfect.ranges = (trainLoss: (perfect.trainLoss, perfect.trainLoss), trainAccuracy: ([0.9, 0.99, 0.997, 0.9999, 0.9997], [0.9, 0.99, 1, 1, 1]),
                          valLoss: (perfect.valLoss, perfect.valLoss), valAccuracy: (perfect.valAccuracy, perfect.valAccuracy))
        // The seeds' band on every mean curve, as in every figure, said once in the figure's title.
        let seeded = FigureRenderer.trainingChart(perfect)
        XCTAssertNotNil(seeded.panels[1].series[0].band)
        XCTAssertEqual(seeded.panels[1].series[0].name, "training, epoch mean (mid-epoch)")
        XCTAssertNotNil(seeded.panels[1].series[1].band, "validation carries its band too")
        XCTAssertEqual(seeded.title, "Net: training against validation (mean of 3 seeds; bands: their range)")
        XCTAssertEqual(seeded.panels[1].series[0].bandRuns(on: .logarithmic).map(\.count), [2], "without a floor the zero edges break the band")
        XCTAssertEqual(seeded.panels[1].series[0].bandRuns(on: .logarithmic, floor: 1e-6).map { $0.map(\.lower) }.first?.suffix(3).map { $0 == 1e-6 }, [true, true, true],
                       "with one, the seeds without errors take the band to the floor")
        XCTAssertTrue(seeded.panels[0].series.filter { $0.name == "validation" || $0.name.hasPrefix("training") }.allSatisfy { $0.band != nil && !$0.name.contains("band") },
                      "the loss panel's epoch curves banded, the legend not saying it again")
        let geometry = try Rendering.geometries(FigureRenderer.comparisonChart(history))[0]
        XCTAssertEqual(geometry.yTicks, [1e-3, 0.01, 0.1, 1])
        XCTAssertEqual(geometry.yTickLabels, ["10⁻³", "10⁻²", "10⁻¹", "10⁰"], "one notation per axis")
        let heights = geometry.yTicks.map { geometry.position(x: 1, y: $0).y }
        let gaps = zip(heights, heights.dropFirst()).map { $0 - $1 }
        for gap in gaps { XCTAssertEqual(gap, gaps[0], accuracy: 1e-9, "every decade is as tall as the next") }
        XCTAssertFalse(geometry.yMinorTicks.isEmpty, "2×…9× marks between the decades")
    }

    func testZeroAndNegativeLossesAreLeftOffTheLogAxisAndBreakTheLine() throws {
        var losses = curves(valLoss: [1, 0, 0.001, -2, 0.1], valAccuracy: [0.9])
        losses.trainLoss = losses.valLoss
        let chart = FigureRenderer.trainingChart(losses)
        XCTAssertEqual(chart.panels[0].series[0].drawableRuns(on: .logarithmic).map(\.count), [1, 1, 1])
        let geometry = try Rendering.geometries(chart)[0]
        XCTAssertTrue(geometry.yDomain.lowerBound > 0 && geometry.yDomain.lowerBound < 0.001)
        XCTAssertNoThrow(try chart.encoded(as: .png))
    }

    func testPanelsShareTheEpochRangeAndTheLearningRateIsAShortStepPanelUnderneath() throws {
        var history = SampleData.learningCurves(epochs: 12, batchesPerEpoch: 30)
        for chart in [FigureRenderer.trainingChart(history), FigureRenderer.validationChart(history)] {
            let geometries = try Rendering.geometries(chart)
            XCTAssertEqual(geometries.count, 2)
            XCTAssertEqual(geometries[0].xDomain, geometries[1].xDomain, chart.title)
            XCTAssertEqual(geometries[0].xTicks, (1...12).map(Double.init), chart.title)
            XCTAssertEqual(geometries[1].xTicks, geometries[0].xTicks, chart.title)
        }
        // Mini-batches start inside epoch 1, so the training figure's range starts at 0, not below it.
        XCTAssertEqual(try Rendering.geometries(FigureRenderer.trainingChart(history))[1].xDomain.lowerBound, 0, accuracy: 1e-12)
        XCTAssertNil(FigureRenderer.comparisonChart(history).footer, "no learning rate, no panel")
        XCTAssertEqual(FigureRenderer.comparisonChart(history).size, Size(width: 1000, height: 400))

        history.learningRate = cosineSchedule(epochs: 12)
        let chart = FigureRenderer.comparisonChart(history)
        let footer = try XCTUnwrap(chart.footer)
        XCTAssertEqual(footer.series[0].y, history.learningRate.flatMap { [$0, $0] }, "each epoch's rate from its start to its end")
        XCTAssertEqual(footer.series[0].x, (0..<12).flatMap { [Double($0), Double($0 + 1)] })
        XCTAssertEqual(chart.size, Size(width: 1000, height: 400 + LineChart.footerHeight))
        let geometries = try Rendering.geometries(chart)
        let rate = geometries[1]
        XCTAssertEqual(rate.xDomain, geometries[0].xDomain)
        XCTAssertEqual(rate.xTicks, geometries[0].xTicks)
        XCTAssertEqual(rate.frame.width, geometries[0].frame.width, "as wide as the loss panel above it, so the epochs line up")
        XCTAssertGreaterThan(rate.plotArea.y, geometries[0].frame.maxY, "under the loss panel")
        XCTAssertLessThan(rate.plotArea.height, geometries[0].plotArea.height / 2, "a thin panel")
        XCTAssertEqual(rate.yTickLabels, ["0.0", "0.5", "1.0"], "few labels for the short axis, in one unit, not powers of ten that read as a log axis")
        XCTAssertEqual(chart.footer?.yLabel, "rate (×10⁻³)", "the unit named once")
        XCTAssertGreaterThan(try Pixels(chart).count(of: FigureRenderer.learningRateColor, in: rate.plotArea), 300)
    }

    func testEstimatesFigureDrawsEachValueAsADotOnItsIntervalBarOverNamedCategories() throws {
        let categories = ["seed 1", "seed 2", "all seeds"]
        let accuracy = EstimatePanel(title: "Test accuracy", yLabel: "test accuracy", categories: categories, series: [
            (name: "ConvNet", estimates: [(0.991, 0.989, 0.993), (0.993, 0.991, 0.995), (0.992, 0.980, 1.0)]),
            (name: "MyNet", estimates: [(0.994, 0.992, 0.996), nil, (0.994, 0.993, 0.995)]),
        ], isPercent: true)
        let difference = EstimatePanel(title: "MyNet minus ConvNet", yLabel: "difference (points)", categories: categories,
                                       series: [(name: "", estimates: [(0.3, 0.1, 0.5), (-0.05, -0.2, 0.1), (0.2, -0.1, 0.5)])], isPercent: false, reference: 0)
        let chart = FigureRenderer.estimatesChart(title: "Test accuracy", panels: [accuracy, difference])
        let geometries = try Rendering.geometries(chart)
        for geometry in geometries {
            XCTAssertEqual(geometry.xTicks, [1, 2, 3])
            XCTAssertEqual(geometry.xTickLabels, categories, "categories, not epochs, along the x axis")
            XCTAssertEqual(geometry.xDomain, 0.5...3.5)
        }
        // ConvNet's three estimates and MyNet's two, each a two-point bar from lower to upper and a dot at the value.
        let bars = chart.panels[0].series.filter { $0.x.count == 2 }
        let dots = chart.panels[0].series.filter { $0.x.count == 1 }
        XCTAssertEqual(bars.map(\.y), [[0.989, 0.993], [0.991, 0.995], [0.980, 1.0], [0.992, 0.996], [0.993, 0.995]])
        XCTAssertEqual(dots.map(\.y), [[0.991], [0.993], [0.992], [0.994], [0.994]])
        XCTAssertTrue(bars.allSatisfy { $0.x[0] == $0.x[1] }, "bars are vertical")
        XCTAssertTrue(bars.allSatisfy { $0.pattern == .solid }, "no divider: every bar one kind")
        // With a divider after the seeds, the summary's intervals (another kind) are translucent boxes, as the seeds' range is a
        // band everywhere else: no line of their own, the band from lower to upper.
        var divided = accuracy
        divided.divider = 2
        let dividedBars = FigureRenderer.estimatesChart(title: "t", panels: [divided]).panels[0].series.filter { $0.x.count == 2 }
        XCTAssertEqual(dividedBars.map(\.drawsLine), [true, true, false, true, false])
        XCTAssertEqual(dividedBars.map(\.pattern), Array(repeating: .solid, count: 5), "dashed means validation in the other figures")
        XCTAssertEqual(dividedBars[2].band?.lower, [0.980, 0.980])
        XCTAssertEqual(dividedBars[2].band?.upper, [1.0, 1.0])
        XCTAssertEqual(dividedBars[2].x.map { ($0 * 1000).rounded() / 1000 }, [2.87, 2.99], "a narrow box (a thick bar) around the ConvNet summary's place")
        // Each panel names its own two kinds of bar, in the colour of its marks: neutral grey beside two networks' marks, the
        // difference's blue beside the difference.
        var dividedDifference = difference
        dividedDifference.divider = 2
        dividedDifference.intervalNames = ("bar: a seed's difference", "box: the mean difference")
        let explained = FigureRenderer.estimatesChart(title: "t", panels: [divided, dividedDifference])

        // The divider between the seeds and their summary: solid and light, as a dotted line marks an epoch in the other figures.
        XCTAssertEqual(explained.panels.map { $0.marker?.x }, [2.5, 2.5])
        XCTAssertEqual(explained.panels.map { $0.marker?.pattern }, [.solid, .solid])
        XCTAssertEqual(explained.panels[0].series.map(\.name).filter { !$0.isEmpty },
                       ["ConvNet", "MyNet", divided.intervalNames.perCategory, divided.intervalNames.summary])
        XCTAssertEqual(explained.panels[0].series.filter { $0.name.hasPrefix(divided.intervalNames.perCategory) || $0.name == divided.intervalNames.summary }.map(\.color),
                       [Ink.secondaryText, Ink.secondaryText], "two networks' marks keyed in a neutral grey")
        XCTAssertEqual(explained.panels[1].series.map(\.name).filter { !$0.isEmpty }, ["bar: a seed's difference", "box: the mean difference"])
        XCTAssertEqual(explained.panels[1].series.filter { !$0.name.isEmpty }.map(\.color),
                       [FigureRenderer.differenceColor, FigureRenderer.differenceColor], "the difference's marks keyed in their colour")
        XCTAssertEqual(dots.map(\.name), ["ConvNet", "", "", "MyNet", ""], "each network named once, in the legend")
        XCTAssertLessThan(dots[0].x[0], 1, "the first series left of its category")
        XCTAssertGreaterThan(dots[3].x[0], 1, "the second right of it")
        XCTAssertNotEqual(dots[0].color, dots[3].color)
        XCTAssertFalse(chart.panels.flatMap(\.series).contains { $0.color == FigureRenderer.learningRateColor }, "that colour means the learning rate")
        XCTAssertEqual(dots[0].color, FigureRenderer.networkColors[0], "each network in its colour, as in every figure")
        XCTAssertEqual(dots[3].color, FigureRenderer.networkColors[1])
        XCTAssertEqual(geometries[0].yTickLabels.last?.hasSuffix("%"), true, "accuracies as percentages")
        XCTAssertNotNil(geometries[0].legendRect)
        XCTAssertNil(geometries[1].legendRect, "one unnamed series: no legend")
        let zero = chart.panels[1].series[0]
        XCTAssertEqual(zero.y, [0, 0])
        XCTAssertEqual(zero.pattern, .solid, "the reference line: not the dashed interval over the seeds")
        XCTAssertEqual(zero.color, FigureRenderer.referenceColor)
        XCTAssertEqual(chart.panels[1].series.filter { $0.x.count == 2 && $0.y[0] != $0.y[1] }.map(\.color), Array(repeating: FigureRenderer.differenceColor, count: 3),
                       "a difference is neither network: its own colour")
        XCTAssertTrue(geometries[1].yDomain.contains(-0.2) && geometries[1].yDomain.contains(0.5), "every bar inside the axis")
        let pixels = try Pixels(chart)
        let top = geometries[1].position(x: 1, y: 0.45)
        XCTAssertGreaterThan(pixels.count(of: FigureRenderer.differenceColor, tolerance: 20, in: Rect(x: top.x - 3, y: top.y - 3, width: 6, height: 6)), 0,
                             "seed 1's difference bar drawn where it belongs, in the difference's colour (black is a network's)")
    }

    /// The runs a summary is made of, as rings beside its box on the side away from the other series, a little apart so
    /// that two equal runs show as two, drawn where they belong and named once in the legend.
    func testTheRunsOfASummaryAreRingsBesideItsBox() throws {
        var panel = EstimatePanel(title: "Test accuracy", yLabel: "test accuracy", categories: ["seed 1", "seed 2", "all seeds"], series: [
            (name: "ConvNet", estimates: [(0.991, 0.989, 0.993), (0.991, 0.989, 0.993), (0.991, 0.99, 0.992)]),
            (name: "MyNet", estimates: [(0.994, 0.992, 0.996), (0.996, 0.994, 0.998), (0.995, 0.99, 1.0)]),
        ], isPercent: true, divider: 2)
        panel.summaryPoints = [[0.991, 0.991], [0.994, 0.996]]
        let chart = FigureRenderer.estimatesChart(title: "t", panels: [panel])
        // Each run in its seed's column is an open marker too, each mean a filled one named by its network: filled means one thing.
        let open = chart.panels[0].series.filter { $0.ringsAtPoints && $0.x.count == 1 }
        XCTAssertEqual(open.map(\.y), [[0.991], [0.991], [0.994], [0.996]], "every run in its seed's column, open")
        let filled = chart.panels[0].series.filter { $0.showsMarkers && $0.x.count == 1 }
        XCTAssertEqual(filled.map(\.y), [[0.991], [0.995]], "each network's mean, filled")
        XCTAssertEqual(filled.map(\.name), ["ConvNet", "MyNet"], "the legend names each network by its filled mean")
        let rings = chart.panels[0].series.filter { $0.ringsAtPoints && $0.x.count != 1 }
        XCTAssertEqual(rings.map(\.y), [[0.991, 0.991], [0.994, 0.996], []], "each network's runs, then the legend's key")
        XCTAssertEqual(rings.map(\.name), ["", "", "the runs, beside their mean"])
        XCTAssertEqual(rings[0].color, FigureRenderer.networkColors[0])
        // ConvNet's thick bar spans 2.87–2.99 around 2.93, MyNet's 3.01–3.13: the rings sit outside both, 0.16 beyond the
        // bar's middle, 0.05 apart, the first nearest; each network's in its own marker's shape.
        XCTAssertEqual(rings[0].x.map { ($0 * 1000).rounded() / 1000 }, [2.795, 2.745])
        XCTAssertEqual(rings[1].x.map { ($0 * 1000).rounded() / 1000 }, [3.205, 3.255])
        XCTAssertEqual(rings.prefix(2).map(\.marker), [.circle, .square])
        XCTAssertTrue(rings.allSatisfy { !$0.drawsLine })
        let geometry = try XCTUnwrap(Rendering.geometries(chart).first)
        let pixels = try Pixels(chart)
        let ring = geometry.position(x: rings[1].x[1], y: 0.996)
        XCTAssertGreaterThan(pixels.count(of: FigureRenderer.networkColors[1], tolerance: 40, in: Rect(x: ring.x - 5, y: ring.y - 5, width: 10, height: 10)), 0,
                             "MyNet's second run drawn where it belongs")
        XCTAssertGreaterThan(pixels.count(of: .white, tolerance: 5, in: Rect(x: ring.x - 1, y: ring.y - 1, width: 2, height: 2)), 0, "open: white inside")
    }

    /// A title wider than its room shrinks to fit rather than running off the figure; one that fits keeps its size.
    func testALongTitleShrinksToFitItsRoom() throws {
        let canvas = try Canvas(format: .svg, size: Size(width: 100, height: 100), figureName: "fit")
        let long = String(repeating: "Training error rate ", count: 5)
        let fitted = FontStyle.panelTitle.fitting(long, width: 300, on: canvas)
        XCTAssertLessThan(fitted.size, FontStyle.panelTitle.size)
        XCTAssertEqual(canvas.measure(long, font: fitted).width, 300, accuracy: 3)
        XCTAssertEqual(FontStyle.panelTitle.fitting("Loss", width: 300, on: canvas), FontStyle.panelTitle)
    }

    func testAnErrorRateShortOfOrAtZeroIsNeverLabelledBelowIt() throws {
        let short = try Rendering.geometries(FigureRenderer.validationChart(curves(valAccuracy: [0.97, 0.995])))[1]
        XCTAssertGreaterThanOrEqual(short.yDomain.lowerBound, 0, "no padding below 0%")
        let perfect = LearningCurves(networkTitle: "Flat", trainLoss: [0.1, 0.1], trainAccuracy: [1, 1], valLoss: [0.1, 0.1], valAccuracy: [1, 1])
        let errors = try Rendering.geometries(FigureRenderer.validationChart(perfect))[1]
        XCTAssertLessThan(errors.yDomain.lowerBound, 0, "the dots at 0% need room below them")
        XCTAssertEqual(errors.yTickLabels.first, "0%")
        XCTAssertTrue(errors.yTicks.allSatisfy { $0 >= 0 })
        // The accuracies of the comparison figure, the same way at 100%.
        let accuracy = EstimatePanel(title: "t", yLabel: "accuracy", categories: ["seed 1"], series: [(name: "A", estimates: [(0.99, 0.98, 0.995)])], isPercent: true)
        XCTAssertLessThanOrEqual(try Rendering.geometries(FigureRenderer.estimatesChart(title: "t", panels: [accuracy]))[0].yDomain.upperBound, 1)
    }

    /// The mini-batch trace is a tint of its network's colour, equally light for every network: mixed with white (each
    /// channel the same fraction of the way), not saturated.
    func testTheMiniBatchTraceIsAnEquallyLightTintOfEveryNetworksColour() {
        for color in FigureRenderer.networkColors {
            let tint = color.tinted(toLuminance: FigureRenderer.batchAverageLuminance)
            XCTAssertEqual(tint.relativeLuminance, FigureRenderer.batchAverageLuminance, accuracy: 1e-6)
            let fractions = [(color.red, tint.red), (color.green, tint.green), (color.blue, tint.blue)].map { ($1 - $0) / (1 - $0) }
            for fraction in fractions { XCTAssertEqual(fraction, fractions[0], accuracy: 1e-9, "on the line from \(color) to white") }
        }
        XCTAssertEqual(Color.white.tinted(toLuminance: 0.5), .white, "a colour already lighter stays as it is")
    }

    /// The networks compared over the schedule: the validation images that switched between right and wrong each epoch,
    /// each network in its colour, over the learning rate on the same epochs, the low-rate half shaded in both; without
    /// recorded switches, both networks' training (solid) and validation (dashed) losses on one log axis instead.
    func testTheNetworksComparedFigureShowsTheSwitchingImagesOverTheLearningRate() throws {
        var first = SampleData.learningCurves(epochs: 12, batchesPerEpoch: 30)
        first.learningRate = cosineSchedule(epochs: 12)
        first.validationSwitches = [.nan] + (1..<12).map { Double(60 - 5 * $0) }
        first.seedCount = 3
        var second = first
        second.networkTitle = "MyNet"
        second.networkIndex = 1
        second.trainLoss = first.trainLoss.map { $0 / 10 }
        second.validationSwitches = first.validationSwitches.map { $0 / 2 }
        let chart = FigureRenderer.networksComparedChart([first, second], lowRateFrom: 7)
        XCTAssertEqual(chart.panels.count, 2, "the switches, and both networks' validation error rate on one pair of axes")
        XCTAssertEqual(chart.footers.count, 1, "the learning rate under the switches")
        // The error overlay: each network's validation error rate in its colour, dashed, unnamed (the switches' legend names
        // the colours), at each epoch's end.
        let overlay = chart.panels[1]
        XCTAssertEqual(overlay.title, "Validation error rate")
        XCTAssertEqual(overlay.series.map(\.y), [first.valAccuracy.map { 1 - $0 }, second.valAccuracy.map { 1 - $0 }])
        XCTAssertEqual(overlay.series.map(\.color), [FigureRenderer.networkColors[0], FigureRenderer.networkColors[1]])
        XCTAssertTrue(overlay.series.allSatisfy { $0.name.isEmpty && $0.pattern == .dashed })
        XCTAssertEqual(overlay.series[0].x.first, 1)
        // Each network named (the panel's own legend), dashed as validation is everywhere, the switch into epoch e at e,
        // where e's validation is.
        let switches = chart.panels[0]
        XCTAssertEqual(switches.series.map { Array($0.y.dropFirst()) }, [Array(first.validationSwitches.dropFirst()), Array(second.validationSwitches.dropFirst())])
        XCTAssertEqual(switches.series.map(\.name), [first.networkTitle, "MyNet"], "without the seeds' range, no band is promised")
        // With the seeds' range, each network's switches carry it as a band, named once, at the first network.
        var (banded, bandedSecond) = (first, second)
        banded.validationSwitchRange = (first.validationSwitches.map { $0 - 5 }, first.validationSwitches.map { $0 + 5 })
        bandedSecond.validationSwitchRange = (second.validationSwitches.map { $0 - 2 }, second.validationSwitches.map { $0 + 2 })
        let bands = FigureRenderer.networksComparedChart([banded, bandedSecond], lowRateFrom: 7).panels[0].series
        XCTAssertEqual(bands.map(\.name), [first.networkTitle, "MyNet", "second half from here"], "the green line named in the legend")
        XCTAssertEqual(bands.last?.color, FigureRenderer.learningRateColor)
        XCTAssertEqual(bands.last?.x, [], "a legend entry only")
        let bandedChart = FigureRenderer.networksComparedChart([banded, bandedSecond], lowRateFrom: 7)
        XCTAssertEqual(bandedChart.panels[0].title, "Switches right↔wrong")
        XCTAssertEqual(bandedChart.title, "\(first.networkTitle) vs MyNet: validation by epoch (means of 3 seeds; bands: seeds' range)")
        XCTAssertEqual(bandedChart.allPanels.map(\.shades), [[], [], [6...12]], "bands over the shade would mix colours: only the rate is shaded")
        XCTAssertEqual(bandedChart.panels[0].marker?.x, 6, "where the shade underneath starts, marked above")
        // In the rate's colour and solid: dotted marks a lowest loss in the other figures.
        XCTAssertEqual(bandedChart.panels[0].marker?.color, FigureRenderer.learningRateColor)
        XCTAssertEqual(bandedChart.panels[0].marker?.pattern, .solid)
        XCTAssertEqual(bandedChart.panels[1].marker?.x, 6, "and beside, on the error rate the discussion reads against its lowest before it")
        XCTAssertEqual(bandedChart.panels[1].title, "Validation error rate")
        XCTAssertEqual(bands.prefix(2).map { $0.band?.upper[1] }, [first.validationSwitches[1] + 5, second.validationSwitches[1] + 2])
        XCTAssertEqual(switches.series.map(\.color), [FigureRenderer.networkColors[0], FigureRenderer.networkColors[1]])
        XCTAssertTrue(switches.series.allSatisfy { $0.pattern == .dashed })
        XCTAssertEqual(switches.series[0].x[6], 7, "the switches into epoch 7 at its end, where validation is measured")
        XCTAssertEqual(switches.title, "Switches right↔wrong")
        XCTAssertNil(switches.marker, "shaded itself, the panel needs no line")
        XCTAssertEqual(chart.title, "\(first.networkTitle) vs MyNet: validation by epoch (means of 3 seeds)")
        // Epochs 7–12 span 6…12 on the epoch axis, shaded in the switches and the rate under them and named once, under the
        // rate; no dotted line, which marks one epoch in the other figures.
        XCTAssertEqual(chart.allPanels.map(\.shades), [[6...12], [], [6...12]])
        XCTAssertNil(chart.allPanels.first { $0.marker != nil })
        let footer = try XCTUnwrap(chart.footer)
        XCTAssertEqual(footer.series[0].y, first.learningRate.flatMap { [$0, $0] })
        XCTAssertEqual(footer.title, "Learning rate (shaded: epochs 7–12)")
        let geometries = try Rendering.geometries(chart)
        XCTAssertEqual(geometries.count, 3)
        XCTAssertEqual(geometries[2].plotArea.x, geometries[0].plotArea.x, accuracy: 1e-9, "epochs lined up")
        XCTAssertEqual(geometries[2].plotArea.maxX, geometries[0].plotArea.maxX, accuracy: 1e-9)
        XCTAssertGreaterThan(geometries[1].plotArea.x, geometries[0].plotArea.maxX, "the accuracy overlay beside the switches")
        XCTAssertNil(FigureRenderer.trainingChart(first).footer, "the training figure leaves the rate to this one")
        let legend = try XCTUnwrap(geometries[0].legendRect)
        XCTAssertFalse(geometries[0].dataObstacles(panel: chart.panels[0]).contains { legend.contains($0) }, "the legend covers no data")
        // The shade is drawn: its grey fills the half's part of the plot.
        let pixels = try Pixels(chart)
        XCTAssertGreaterThan(pixels.count(of: LinePanelGeometry.shadeColor, tolerance: 2, in: geometries[0].plotArea), 1000)

        // Runs that did not record their validation errors: the losses, training solid and validation dashed.
        var unrecorded = [first, second]
        for index in unrecorded.indices { unrecorded[index].validationSwitches = [] }
        let losses = FigureRenderer.networksComparedChart(unrecorded, lowRateFrom: 7)
        let series = losses.panels[0].series
        XCTAssertEqual(series.map(\.pattern), [.solid, .dashed, .solid, .dashed], "training solid, validation dashed")
        XCTAssertEqual(series.map(\.color), [FigureRenderer.networkColors[0], FigureRenderer.networkColors[0], FigureRenderer.networkColors[1], FigureRenderer.networkColors[1]])
        XCTAssertEqual(series[2].y, second.trainLoss)
        XCTAssertEqual(series[0].x.first, 0.5, "an epoch's training mean at its middle")
        XCTAssertEqual(series[1].x.first, 1, "validation after the epoch")
        XCTAssertEqual(losses.panels[0].yScale, .logarithmic)
        XCTAssertEqual(losses.footers.count, 1)
    }

    func testLegendsCoverNoDataInRealisticCurves() throws {
        var history = SampleData.learningCurves()
        func shifted(_ values: [Double], _ delta: Double) -> [Double] { values.map { $0 + delta } }
        history.seedCount = 3
        history.ranges = ((shifted(history.trainLoss, -0.01), shifted(history.trainLoss, 0.01)),
                          (shifted(history.trainAccuracy, -0.002), shifted(history.trainAccuracy, 0.002)),
                          (shifted(history.valLoss, -0.005), shifted(history.valLoss, 0.005)),
                          (shifted(history.valAccuracy, -0.002), shifted(history.valAccuracy, 0.002)))
        for chart in [FigureRenderer.comparisonChart(history), FigureRenderer.validationChart(history), FigureRenderer.trainingChart(history)] {
            for (panel, geometry) in zip(chart.allPanels, try Rendering.geometries(chart)) {
                let data = geometry.dataObstacles(panel: panel)
                if let legend = geometry.legendRect {
                    XCTAssertFalse(data.contains { legend.contains($0) }, "legend covers data in '\(chart.title)' '\(panel.title)'")
                }
            }
        }
    }

    /// Legends sit in rows above their plots, inside their panels, covering nothing; panels side by side start their plots
    /// at one height; three panels in a row at the figures' one width label every other epoch rather than run labels together.
    func testLegendsAboveThePlotsAndEpochLabelsThatNeverTouch() throws {
        let twelve = (1...12).map(Double.init)
        func panel(_ names: [String]) -> LinePanel {
            LinePanel(title: "p", yLabel: "y", series: names.enumerated().map { index, name in
                LineSeries(name: name, x: twelve, y: twelve.map { $0 * Double(index + 1) }, color: FigureRenderer.networkColors[index % 2])
            }, yLabels: TickLabelFormatter.decimalLabels)
        }
        let chart = LineChart(title: "t", panels: [panel(["one"]), panel(["a longer name", "and another longer name", "third entry"]), panel([])])
        let canvas = try Canvas(format: .png, size: chart.size, figureName: chart.name)
        let geometries = chart.geometries(measuringWith: canvas)
        XCTAssertEqual(chart.size.width, 1000)
        XCTAssertEqual(Set(geometries.map(\.plotArea.y)).count, 1, "one top for the plots of a row")
        for (panel, geometry) in zip(chart.panels, geometries) {
            if let legend = geometry.legendRect {
                XCTAssertLessThanOrEqual(legend.maxY, geometry.plotArea.y, "above the plot")
                XCTAssertTrue(geometry.frame.contains(Point(x: legend.x, y: legend.y)) && geometry.frame.contains(Point(x: legend.maxX, y: legend.maxY)))
                // The data sets the y range alone: no headroom above the highest value's padding.
                let values = panel.series.flatMap(\.y)
                XCTAssertLessThan(geometry.yDomain.upperBound, (values.max() ?? 0) * 1.1)
            } else {
                XCTAssertTrue(panel.series.allSatisfy { $0.name.isEmpty })
            }
            let positions = geometry.xTicks.map { geometry.position(x: $0, y: geometry.yDomain.lowerBound).x }
            let widest = geometry.xTickLabels.map { canvas.measure($0, font: .tickLabel).width }.max() ?? 0
            XCTAssertTrue(zip(positions, positions.dropFirst()).allSatisfy { $1 - $0 >= widest }, "epoch labels apart: \(geometry.xTickLabels)")
        }
        XCTAssertEqual(geometries[0].xTickLabels, ["2", "4", "6", "8", "10", "12"], "every other epoch where twelve would crowd")
        // Two panels of a 1000-wide figure keep every epoch.
        let pair = try Rendering.geometries(LineChart(title: "t", panels: [panel(["one"]), panel(["two"])]))
        XCTAssertEqual(pair[0].xTickLabels.count, 12)
    }

    func testLegendGetsABandOfItsOwnWhenEveryCornerHasData() throws {
        // A zig-zag touching all four corners leaves no free corner until the y range is raised.
        let zigzag = LineSeries(name: "zig", x: [0, 1, 2, 3, 4, 5, 6], y: [0, 1, 0, 1, 0, 1, 0], color: FigureRenderer.networkColors[0])
        let flat = LineSeries(name: "zag", x: [0, 6], y: [1, 1], color: FigureRenderer.networkColors[1], pattern: .dashed)
        let raised = LineChart(title: "Zig-zag", panels: [LinePanel(title: "Zig-zag", yLabel: "y", series: [zigzag, flat], yLabels: TickLabelFormatter.powerOfTenLabels,
                                                                    legendOutside: false)])
        let up = try Rendering.geometries(raised)[0]
        let upLegend = try XCTUnwrap(up.legendRect)
        XCTAssertGreaterThan(up.yDomain.upperBound, 1.2)
        XCTAssertFalse(up.dataObstacles(panel: raised.panels[0]).contains { upLegend.contains($0) })
    }

    /// Two networks' panels span one range each: each is drawn over its own values and the other's.
    func testTheNetworksPanelsShareTheirRanges() throws {
        let low = LearningCurves(networkTitle: "A", trainLoss: [0.2, 0.1], trainAccuracy: [0.9, 0.95], valLoss: [0.05, 0.03], valAccuracy: [0.98, 0.99])
        let high = LearningCurves(networkTitle: "B", trainLoss: [0.5, 0.3], trainAccuracy: [0.8, 0.9], valLoss: [0.2, 0.08], valAccuracy: [0.95, 0.97])
        let a = FigureRenderer.sharingAxes(FigureRenderer.validationChart(low), with: [FigureRenderer.validationChart(high)])
        let b = FigureRenderer.sharingAxes(FigureRenderer.validationChart(high), with: [FigureRenderer.validationChart(low)])
        let (ga, gb) = (try Rendering.geometries(a), try Rendering.geometries(b))
        XCTAssertEqual(ga[0].yDomain, gb[0].yDomain, "one loss range for both")
        XCTAssertLessThanOrEqual(ga[0].yDomain.lowerBound, 0.03)
        XCTAssertGreaterThanOrEqual(ga[0].yDomain.upperBound, 0.2)
        XCTAssertEqual(ga[1].yDomain, gb[1].yDomain, "and one accuracy range")
        XCTAssertEqual(ga[0].xDomain.lowerBound, 0, "every epoch axis starts at 0, as the training figure's does")
        // A legend that needs headroom in one figure (a zig-zag through every corner) gets it in the other too: equal ranges,
        // not the same values padded alike.
        let zigzag = LineSeries(name: "zig", x: [0, 1, 2, 3, 4, 5, 6], y: [0, 1, 0, 1, 0, 1, 0], color: FigureRenderer.networkColors[0])
        let flat = LineSeries(name: "zag", x: [0, 6], y: [1, 1], color: FigureRenderer.networkColors[1], pattern: .dashed)
        let calm = LineSeries(name: "calm", x: [0, 6], y: [0.5, 0.5], color: FigureRenderer.networkColors[1])
        func chart(_ series: [LineSeries]) -> LineChart {
            LineChart(title: "t", panels: [LinePanel(title: "p", yLabel: "y", series: series, yLabels: TickLabelFormatter.decimalLabels, legendOutside: false)])
        }
        let alone = try Rendering.geometries(FigureRenderer.sharingAxes(chart([calm]), with: []))[0]
        let raised = try Rendering.geometries(FigureRenderer.sharingAxes(chart([zigzag, flat]), with: [chart([calm])]))[0]
        let beside = try Rendering.geometries(FigureRenderer.sharingAxes(chart([calm]), with: [chart([zigzag, flat])]))[0]
        XCTAssertGreaterThan(raised.yDomain.upperBound, 1.2, "the zig-zag's legend has its band")
        XCTAssertEqual(beside.yDomain, raised.yDomain)
        XCTAssertLessThan(alone.yDomain.upperBound, 1, "alone, the calm line needs no such range")
    }

    func testABandWidensTheAxisAndTintsTheAreaBetweenItsBounds() throws {
        let series = LineSeries(name: "", x: [1, 2, 3, 4], y: [0.5, 0.5, 0.5, 0.5], color: FigureRenderer.networkColors[1],
                                band: ([0.2, 0.2, 0.2, 0.2], [0.8, 0.8, 0.8, 0.8]))
        let chart = LineChart(title: "Band", panels: [LinePanel(title: "Band", yLabel: "y", series: [series], yLabels: TickLabelFormatter.percentLabels)])
        let geometry = try Rendering.geometries(chart)[0]
        XCTAssertLessThanOrEqual(geometry.yDomain.lowerBound, 0.2)
        XCTAssertGreaterThanOrEqual(geometry.yDomain.upperBound, 0.8)
        // The series colour at the band's alpha over white, inside the band and nowhere above it: as light as every band.
        let pink = FigureRenderer.networkColors[1], alpha = LinePanelGeometry.bandAlpha(for: pink)
        let tint = Color(red: pink.red * alpha + 1 - alpha, green: pink.green * alpha + 1 - alpha, blue: pink.blue * alpha + 1 - alpha)
        XCTAssertEqual(tint.relativeLuminance, LinePanelGeometry.bandLuminance, accuracy: 1e-6)
        let pixels = try Pixels(chart)
        let (inside, above) = (geometry.position(x: 2.5, y: 0.65), geometry.position(x: 2.5, y: 0.9))
        XCTAssertGreaterThan(pixels.count(of: tint, tolerance: 3, in: Rect(x: inside.x - 2, y: inside.y - 2, width: 4, height: 4)), 10)
        XCTAssertEqual(pixels.count(of: tint, tolerance: 3, in: Rect(x: above.x - 2, y: above.y - 2, width: 4, height: 4)), 0)
    }

    /// Every network's band and every network's seed line come out equally light on white, whatever the hue, so that
    /// neither network's spread looks the larger for its colour.
    func testBandsAndSeedLinesAreEquallyLightForEveryNetwork() {
        for color in FigureRenderer.networkColors {
            let alpha = LinePanelGeometry.bandAlpha(for: color)
            let onWhite = color.mixed(with: .white, fraction: 1 - alpha)
            XCTAssertEqual(onWhite.relativeLuminance, LinePanelGeometry.bandLuminance, accuracy: 1e-6)
            XCTAssertEqual(color.tinted(toLuminance: FigureRenderer.seedLineLuminance).relativeLuminance, FigureRenderer.seedLineLuminance, accuracy: 1e-6)
        }
    }

    /// Every epoch curve of several seeds gets their band, in every figure: one encoding of the seeds' spread.
    func testSeveralRunsGiveEveryEpochCurveABand() {
        var history = SampleData.learningCurves(epochs: 6, batchesPerEpoch: 10)
        let range = { (values: [Double]) in (values.map { $0 - 0.01 }, values.map { $0 + 0.01 }) }
        history.ranges = (range(history.trainLoss), range(history.trainAccuracy), range(history.valLoss), range(history.valAccuracy))
        for (chart, isTraining) in [(FigureRenderer.trainingChart(history), true), (FigureRenderer.validationChart(history), false), (FigureRenderer.comparisonChart(history), false)] {
            let epochLines = chart.panels.flatMap(\.series).filter { $0.x.count == 6 }
            XCTAssertFalse(epochLines.isEmpty, chart.title)
            for line in epochLines {
                XCTAssertNotNil(line.band, "\(chart.title): \(line.name)\(isTraining ? " (training figure)" : "")")
            }
        }
    }

    func testCurveColourAppearsInsideThePlotAreaOnlyAndNonFiniteValuesBreakTheLine() throws {
        let values = [0.3, 0.18, .nan, 0.07, .infinity, 0.04, 0.03]
        let chart = Rendering.chart(values)
        let (pixels, geometry) = (try Pixels(chart), try Rendering.geometries(chart)[0])
        XCTAssertEqual(pixels.width, 2000, "twice the logical size")
        XCTAssertEqual(pixels.height, 800)
        XCTAssertGreaterThan(pixels.count(of: Rendering.orange, in: geometry.plotArea), 200)
        XCTAssertEqual(pixels.count(of: Rendering.orange, tolerance: 60, in: geometry.plotArea, margin: 1, outside: true), 0)
        func colourBetween(_ from: Double, _ to: Double) -> Int {
            let (left, right) = (geometry.position(x: from, y: 0).x, geometry.position(x: to, y: 0).x)
            return pixels.count(of: Rendering.orange, in: Rect(x: left, y: geometry.plotArea.y, width: right - left, height: geometry.plotArea.height))
        }
        XCTAssertGreaterThan(colourBetween(1.2, 1.8), 10, "segment 1-2")
        XCTAssertEqual(colourBetween(2.3, 3.7), 0, "the gap around the NaN at epoch 3")
        XCTAssertEqual(colourBetween(4.3, 5.7), 0, "the gap around the infinity at epoch 5")
        XCTAssertGreaterThan(colourBetween(3.9, 4.1), 10, "the isolated epoch 4 is a dot")
        let single = Rendering.chart([0.42])
        let dot = try Rendering.geometries(single)[0].position(x: 1, y: 0.42)
        XCTAssertGreaterThan(try Pixels(single).count(of: Rendering.orange, in: Rect(x: dot.x - 5, y: dot.y - 5, width: 10, height: 10)), 100)
    }

    func testEdgeCaseHistoriesAllRenderAtTheirSize() throws {
        let histories = [
            LearningCurves(networkTitle: "One", trainLoss: [0.3], trainAccuracy: [0.9], valLoss: [0.2], valAccuracy: [0.95], batchLoss: [2.3, 1.0, 0.5], batchesPerEpoch: 3),
            LearningCurves(networkTitle: "Flat", trainLoss: Array(repeating: 0.1, count: 5), trainAccuracy: Array(repeating: 1, count: 5),
                           valLoss: Array(repeating: 0.1, count: 5), valAccuracy: Array(repeating: 1, count: 5), learningRate: Array(repeating: 1e-3, count: 5)),
            LearningCurves(networkTitle: "NaN", trainLoss: [0.3, .nan, 0.1, .infinity], trainAccuracy: [0.9, 0.95, .nan, 0.97],
                           valLoss: [.nan, .nan, .nan, .nan], valAccuracy: [0.9, -.infinity, 0.95, 0.96], batchLoss: [1, .nan, 0.5, 0.4], batchesPerEpoch: 1),
            SampleData.learningCurves(epochs: 200, batchesPerEpoch: 10),
            LearningCurves(networkTitle: "Empty", trainLoss: [], trainAccuracy: [], valLoss: [], valAccuracy: []),
        ]
        for history in histories {
            for png in [try FigureRenderer.training(history, format: .png), try FigureRenderer.validation(history, format: .png),
                        try FigureRenderer.comparison(history, format: .png)] {
                XCTAssertEqual(Rendering.pngSize(png).width, 2000, history.networkTitle)
            }
        }
        XCTAssertEqual(try Rendering.geometries(FigureRenderer.trainingChart(histories[3]))[0].xTickLabels, ["50", "100", "150", "200"])
    }

    func testWiderTickLabelsMoveThePlotAreaRightByTheirExtraWidth() throws {
        let canvas = try Canvas(format: .png, size: Size(width: 500, height: 400), figureName: "layout")
        let panel = LinePanel(title: "Loss", yLabel: "loss", series: [], yLabels: TickLabelFormatter.percentLabels)
        let frame = Rect(x: 0, y: 0, width: 500, height: 400)
        let narrow = LinePanelGeometry.plotArea(frame: frame, panel: panel, xTickLabels: ["1", "10"], yTickLabels: ["1"], measurer: canvas)
        let wide = LinePanelGeometry.plotArea(frame: frame, panel: panel, xTickLabels: ["1", "10"], yTickLabels: ["100000"], measurer: canvas)
        let extra = canvas.measure("100000", font: .tickLabel).width - canvas.measure("1", font: .tickLabel).width
        XCTAssertEqual(wide.x - narrow.x, extra, accuracy: 1e-9)
        XCTAssertEqual(wide.maxX, narrow.maxX, accuracy: 1e-9)
        XCTAssertGreaterThan(narrow.y, canvas.measure("Loss", font: .panelTitle).height, "the title above the plot area")
        XCTAssertTrue(frame.contains(Point(x: wide.maxX, y: wide.maxY)))
    }
}
