import XCTest
@testable import Plot
@testable import Report
@testable import Training

/// The second half of training read on fixed windows (the last quarter of the epochs against the quarter before the half),
/// image by image: made-up runs with known per-image losses get the right numbers and the right words for each case.
final class SecondHalfTests: XCTestCase {
    /// Three seeds of one shape over 8 epochs (windows 3–4 and 7–8) on 1,000 validation images: from epoch 3 on, the first
    /// `errors[k]` images are wrong with loss `wrong[k]`, the others right with loss `right[k]`.
    static func group(right: [Float], wrong: [Float], errors: [Int], title: String = "ConvNet (LeNet-5)", network: NetworkName = .convnet) -> RunGroup {
        let runs = (1...3).map { seed in
            PairedFindingsTests.run(right: [0.1, 0.05] + right, wrong: [0.1, 1] + wrong, errors: [40, 30] + errors, seed: UInt64(seed), title: title, network: network)
        }
        return RunGroup(runs: runs, folders: runs.map { "runs/\($0.network.rawValue)/seed-\($0.seed)" })
    }

    /// Twenty mistakes at 2.0 before the half; at the end ten of them right (0.01) and ten at 9.0: the loss rises while the
    /// accuracy does too.
    static let overconfident = (right: [Float](arrayLiteral: 0.03, 0.03, 0.02, 0.02, 0.01, 0.01), wrong: [Float](arrayLiteral: 2, 2, 4, 6, 9, 9),
                                errors: [20, 20, 15, 12, 10, 10])

    func testTheWindowsAreAQuarterOfTheEpochsBeforeTheHalfAndAtTheEnd() {
        XCTAssertNil(SecondHalfChange.windows(epochs: 3), "too few epochs for two windows apart")
        XCTAssertEqual(SecondHalfChange.windows(epochs: 4)?.early, 2...2)
        XCTAssertEqual(SecondHalfChange.windows(epochs: 4)?.late, 4...4)
        XCTAssertEqual(SecondHalfChange.windows(epochs: 8)?.early, 3...4)
        XCTAssertEqual(SecondHalfChange.windows(epochs: 8)?.late, 7...8)
        XCTAssertEqual(SecondHalfChange.windows(epochs: 12)?.early, 4...6)
        XCTAssertEqual(SecondHalfChange.windows(epochs: 12)?.late, 10...12)
    }

    /// Loss up 43.9% with the accuracy up a point: overconfidence, said so, with the mistakes that carried it.
    func testALossRisingWithTheAccuracyIsOverconfidence() throws {
        let shape = Self.overconfident
        let group = Self.group(right: shape.right, wrong: shape.wrong, errors: shape.errors)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        XCTAssertTrue(writeUp.readsSecondHalf)
        let change = try XCTUnwrap(writeUp.secondHalf(group).first)
        XCTAssertEqual(change.early, 3...4)
        XCTAssertEqual(change.late, 7...8)
        // Before the half: 20 images at 2.0 and 980 at 0.03; at the end 10 at 9.0 and 990 at 0.01.
        XCTAssertEqual(change.lossEarly, (20 * 2 + 980 * 0.03) / 1000, accuracy: 1e-6)
        XCTAssertEqual(change.lossLate, (10 * 9 + 990 * 0.01) / 1000, accuracy: 1e-6)
        XCTAssertEqual(change.accuracyEarly, 0.98, accuracy: 1e-12)
        XCTAssertEqual(change.accuracyLate, 0.99, accuracy: 1e-12)
        // Ten images go from wrong in both early epochs to right in both late ones, nothing else changes sides: 2 of the 1,024
        // sign patterns of ten equal changes reach their sum.
        XCTAssertEqual(change.accuracyP, 2.0 / 1024, accuracy: 0.001)
        XCTAssertTrue(change.accuracyRoseSignificantly)
        // +7 on ten images against −1.99 on ten and −0.02 on 980: a sum of 30.5 that random signs (sd ≈ 23) often reach.
        XCTAssertGreaterThan(change.lossP, 0.05)
        XCTAssertFalse(change.lossRoseSignificantly)
        XCTAssertEqual(change.persistentMistakes, 10)
        XCTAssertEqual(change.persistentLossEarly, 2, accuracy: 1e-6)
        XCTAssertEqual(change.persistentLossLate, 9, accuracy: 1e-6)
        XCTAssertEqual(change.testLevel, 0.05 / 3, accuracy: 1e-12)
        let text = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(text.hasPrefix("The network overfit late in training if that cost it on new images: if its validation loss or accuracy got worse while its training "
                                     + "loss kept falling. We compare each run's epochs 7–8 with its epochs 3–4, before the schedule's second half, image by image, "
                                     + "by sign-flip tests; [record.md](record.md) has each run's numbers. The windows, a quarter of the epochs each, are fixed by the epoch "
                                     + "count, not chosen from the curves.\n\n"), text)
        // Each run's numbers, with what the tests are, are the record's.
        let record = try XCTUnwrap(writeUp.secondHalfRecord)
        XCTAssertTrue(record.contains("\n\n| Run | Validation loss, epochs 3–4 → 7–8 (p) | Validation accuracy (p) | Persistent mistakes (wrong in all four window epochs): count, mean loss (p) | The other images' mean loss (p) |\n"
                                       + "| --- | ---: | ---: | ---: | ---: |\n"
                                       + "| ConvNet, seed 1 | 0.0694 → 0.0999, +43.9% (\(Format.signFlip(change.lossP))) | 98.00% → 99.00% (\(Format.signFlip(change.accuracyP))) | 10: 2.0 → 9.0 (\(Format.signFlip(change.persistentP))) "
                                       + "| 0.0499 → 0.0100 (≤ 0.0001) |"), record)
        XCTAssertTrue(record.contains("significant below p = 0.017 (the 5% shared by a network's seeds)"), record)
        // The other 990 images: (10 · 2.0 + 980 · 0.03) / 990 = 0.0499 before, all right at 0.01 at the end.
        XCTAssertEqual(change.restLossEarly, (10 * 2 + 980 * Double(Float(0.03))) / 990, accuracy: 1e-6)
        // The rise split: the ten mistakes add 10 · 7 / 1,000 = 0.0700, the rest take (10 · 1.99 + 980 · 0.02) / 1,000 = 0.0395 off.
        XCTAssertEqual(change.changeFromPersistent, 0.07, accuracy: 1e-6)
        XCTAssertEqual(change.changeFromRest, -0.0395, accuracy: 1e-6)
        XCTAssertEqual(change.changeFromPersistent + change.changeFromRest, change.lossLate - change.lossEarly, accuracy: 1e-9)
        // Ten equal rises of 7: 2 of the 1,024 sign patterns reach their sum.
        XCTAssertEqual(change.persistentP, 2.0 / 1024, accuracy: 0.001)
        XCTAssertTrue(change.mistakesGrewSurerSignificantly)
        // The other 990 fell (ten by 1.99, 980 by 0.02): random signs (sd ≈ 6.3) never reach a sum of 39.5.
        XCTAssertEqual(change.restP, 1.0 / Double(PairedEpochChange.signFlips + 1))
        XCTAssertTrue(change.restFellSignificantly)
        // Training loss 1/epoch: (1/3 + 1/4) against (1/7 + 1/8), 2.2× lower while the validation loss did not fall: overfitting by
        // the loss, read first; then the accuracy, which rose; then where the loss went.
        // No rise passed its test: overfitting claimed in the confidence only, mildly, with the same rises read from each run's
        // own low beside (the windows' dependence said), and the accuracy, which rose.
        // The loss in a paragraph of its own, then the accuracy, what carried the loss and the verdict.
        XCTAssertTrue(text.contains("\n\nBetween the windows the training loss fell 2.2×. Meanwhile no run's validation loss changed significantly. Against epochs "
                                    + "5–6 instead of 3–4, the mean validation loss moved 0.0857 → 0.0999: the same direction, by less.\n\nValidation accuracy rose in "
                                    + "every run, by 1.00 points, each significantly: the network did not overfit in accuracy.\n\nIn every run the images "
                                    + "wrong in all four window epochs, its persistent mistakes, grew more confidently wrong (each significantly). Over epochs 7–8 these few persistent mistakes carried 90% of "
                                    + "each run's validation loss. The other images' loss fell in every run (each significantly). The network's rise (+43.9%), in no run significant, "
                                    + "comes from its persistent mistakes growing surer; without them its loss fell in every run. That is at most a mild overfitting in the loss, not in the "
                                    + "decisions: growing overconfidence on a few images. A possible cause, untested: without weight decay nothing "
                                    + "held the logits back, letting the wrong answers grow surer.\n\n"), text)
        // The confound said where the schedule is, with how the predictions settled meanwhile (the figure below draws it).
        XCTAssertTrue(text.contains("\n\nThe late gains may come from the lower learning rate or from the extra epochs; these runs cannot tell which. The "
                                    + "learning rate fell from 2.0e-04 (epoch 5) to 1.3e-04 (epoch 8). Meanwhile the predictions settled: the validation images "
                                    + "switching between right and wrong per run numbered 5 in epoch 5, none in epoch 8."), text)
        XCTAssertTrue(writeUp.conclusion.contains("Late in training the network lost no accuracy. The validation loss drifted up in all 3 runs, in none significantly, "
                                                  + "as the persistent mistakes grew surer: at most a mild overfitting in the loss, as overconfidence on a few images."), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("- Weight decay or label smoothing, to keep ConvNet's mistakes from growing ever surer"), writeUp.conclusion)
        // The results read the curve on the same windows: level, a little higher late in every run, the error still falling.
        XCTAssertEqual(writeUp.curveShape(group), "The validation loss fell to 0.0785 by epoch 2; it was lowest in epoch 3 (0.0694; each seed's lowest in "
                       + "epoch 3). From there it rose in every epoch, to 0.0999. Meanwhile the validation error still fell, and the training loss (each "
                       + "epoch's mean over its mini-batches) fell to 0.1250: the gap between training and validation widened, as the network kept learning its training images better than new ones.")
        // The figure's caption says what is drawn; the table gives the windows' values.
        XCTAssertEqual(writeUp.validationCaption(group), "*The validation curves above, zoomed on linear axes; dotted: each of the 3 seeds, "
                       + "a lightness of its own, numbered at both ends, a diamond at its lowest loss; yellow strips: epochs 3–4 and 7–8, the windows "
                       + "compared; one image is 0.1% of a seed's error rate.*")
    }

    /// Twenty more images wrong at the end than before the half: overfitting, whatever the loss says.
    func testAccuracyFallingBeyondChanceIsOverfitting() throws {
        let group = Self.group(right: [0.02, 0.02, 0.02, 0.02, 0.02, 0.02], wrong: [2, 2, 2, 2, 2, 2], errors: [10, 10, 15, 20, 30, 30])
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        let change = try XCTUnwrap(writeUp.secondHalf(group).first)
        XCTAssertEqual(change.accuracyChange, -0.02, accuracy: 1e-12)
        XCTAssertTrue(change.accuracyFellSignificantly)
        // Twenty equal changes: no random pattern of 9,999 reaches them.
        XCTAssertEqual(change.accuracyP, 1.0 / Double(PairedEpochChange.signFlips + 1))
        XCTAssertFalse(change.mistakesGrewSurer, "the old mistakes kept their loss")
        let text = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(text.contains("\n\nBetween the windows the training loss fell 2.2×. Meanwhile the validation loss rose in every run, each significantly: by the loss, "
                                    + "the network overfit. Against epochs 5–6 instead of 3–4, the mean validation loss moved 0.0546 → 0.0794: the same direction, by less."
                                    + "\n\nConvNet overfit: validation accuracy fell significantly in every run (−2.00 points, p ≤ 0.0001; −2.00 points, "
                                    + "p ≤ 0.0001; −2.00 points, p ≤ 0.0001).\n\n"), text)
        XCTAssertFalse(text.contains("overconfidence"), text)
        XCTAssertTrue(writeUp.conclusion.contains("ConvNet overfit: validation accuracy fell significantly in every run from epochs 3–4 to 7–8. "
                                                  + "ConvNet's validation loss rose meanwhile, significantly in every run."), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("- Stopping before the second half or regularising ConvNet (weight decay, dropout before the fully connected layers)"), writeUp.conclusion)
    }

    /// Loss down, accuracy up: still improving; no mechanism is claimed for a rise that did not happen.
    func testAFallingLossWithRisingAccuracyClaimsNoOverconfidence() throws {
        let group = Self.group(right: [0.03, 0.03, 0.02, 0.02, 0.01, 0.01], wrong: [2, 2, 2, 2, 2, 2], errors: [20, 20, 15, 12, 10, 10])
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        let text = try XCTUnwrap(writeUp.curvesText)
        // (10 · 2 + 990 · 0.01) / 1,000 = 0.0299 against 0.0694.
        XCTAssertTrue(text.contains("\n\nBetween the windows the training loss fell 2.2×. Meanwhile the validation loss rose in no run. Against epochs 5–6 instead of "
                                    + "3–4, the mean validation loss moved 0.0467 → 0.0299: the same direction, by less.\n\nThe network lost no validation "
                                    + "accuracy. It rose in every run, by 1.00 points, each significantly.\n\n"), text)
        XCTAssertTrue(writeUp.overfitByLoss.isEmpty, "a validation loss that fell significantly is no overfitting")
        XCTAssertFalse(text.contains("confidently"), text)
        XCTAssertFalse(writeUp.conclusion.contains("validation loss rose"), writeUp.conclusion)
        XCTAssertFalse(writeUp.conclusion.contains("Weight decay"), writeUp.conclusion)
    }

    /// Two networks in the hand-in: one section reads the whole second half with its table, the switching figure after it;
    /// no section of the schedule's own, and nothing of it left for the record's tables.
    func testTheHandInReadsTheSecondHalfInOneSection() throws {
        let shape = Self.overconfident
        let conv = Self.group(right: [0.03, 0.03, 0.02, 0.02, 0.01, 0.01], wrong: [2, 2, 2, 2, 2, 2], errors: [20, 20, 15, 12, 10, 10])
        let my = Self.group(right: shape.right, wrong: shape.wrong, errors: shape.errors, title: "MyNet", network: .mynet)
        let writeUp = WriteUp(groups: [conv, my], facts: try FindingsTests.facts())
        let text = try XCTUnwrap(writeUp.curvesText)
        // ConvNet's loss fell in every run between the windows: read as levelling off, on the windows.
        XCTAssertEqual(writeUp.curveShape(conv), "The validation loss fell to 0.0694 by epoch 3; it was lowest in epoch 7 (0.0299; each seed's lowest in "
                       + "epoch 7). From there it stayed at 0.0299. Meanwhile the validation error still fell, and the training loss (each epoch's mean over "
                       + "its mini-batches) fell to 0.1250: the gap between training and validation widened, as the network kept learning its training images better than new ones.")
        // ConvNet's validation loss fell beyond chance: only MyNet overfit by the loss.
        XCTAssertTrue(text.contains("Between the windows the training loss fell 2.2× (ConvNet) and 2.2× (MyNet). Meanwhile ConvNet's validation loss fell in all 3 and "
                                    + "MyNet's rose in all 3, significantly in every ConvNet run. Against epochs 5–6 instead of 3–4, the mean validation loss moved 0.0467 → "
                                    + "0.0299 (ConvNet) and 0.0857 → 0.0999 (MyNet): the same directions, by less.\n\nValidation accuracy "
                                    + "rose in every run, by 1.00 points, each significantly: neither network overfit in accuracy.\n\nIn 3 of the 6 runs the images wrong in all four window epochs, its "
                                    + "persistent mistakes, grew more confidently wrong (each significantly). Over epochs 7–8 these few persistent mistakes carried 90% of each run's validation loss. The other "
                                    + "images' loss fell in every run (each significantly)."), text)
        XCTAssertEqual(writeUp.overfitByLoss.map(\.network), [.mynet])
        let rendered = MarkdownReport(groups: [conv, my], summaries: try FindingsTests.facts()).rendered
        // The question opens on its method and table; the windows are drawn on each network's validation figure.
        // The same text, citing the validation figures that draw the windows and the figure that draws the settling.
        XCTAssertTrue(rendered.text.contains("### Does either network overfit late in training?\n\nThe networks overfit late in training"), rendered.text)
        XCTAssertTrue(rendered.text.contains("before the schedule's second half (Figures 2 and 4), image by image"), rendered.text)
        XCTAssertTrue(rendered.text.contains("Meanwhile the predictions settled (Figure 9): "), rendered.text)
        XCTAssertTrue(rendered.text.contains("in epoch 8.\n\n![curves_compared](figures/curves_compared.png)\n\n*Figure 9. "), rendered.text)
        XCTAssertFalse(rendered.text.contains("validation_compared"), "the windows are on each network's validation figure")
        XCTAssertTrue(rendered.text.contains("yellow strips: epochs 3–4 and 7–8, the windows compared"), rendered.text)
        XCTAssertFalse(rendered.text.contains("### The schedule's second half"), rendered.text)
        // The table the reading rests on goes to the record, with what it tests; the hand-in points there.
        let table = try XCTUnwrap(rendered.secondHalfTable)
        XCTAssertFalse(rendered.text.contains("| MyNet, seed 1 |"), rendered.text)
        XCTAssertTrue(rendered.text.contains("; [record.md](record.md) has each run's numbers."), rendered.text)
        XCTAssertNil(rendered.lowRateTable)
        // Nor does the record read each run from its own lowest epoch beside them.
        let record = RecordDocument(groups: [conv, my], summaries: [:], manifest: Manifest(gitCommit: "0", gitDirty: false, swiftVersion: "6", operatingSystem: "Linux",
                                    cpuModel: "x86", logicalCPUs: 2, kernelPaths: "generic", command: "make report"), secondHalfTable: table).text
        XCTAssertFalse(record.contains("## Validation loss seed by seed"), record)
        XCTAssertTrue(record.contains("## The second half run by run\n\nThe report's reading of the second half: "), record)
        XCTAssertTrue(record.contains("| MyNet, seed 1 |"), record)
        // One seed has no windows: its own lowest epoch is read, as before.
        let single = FindingsTests.group(conv.runs[0])
        XCTAssertFalse(WriteUp(groups: [single], facts: try FindingsTests.facts()).readsSecondHalf)
    }

    /// The validation figure on the discussion's basis: no single epoch marked (no dotted lowest loss), each seed a dotted line
    /// numbered at its end under the mean, a diamond at its own lowest loss in the loss panel only (on the error rate it would
    /// read as the lowest error), validation read as its error rate, and the windows compared as strips of one
    /// width along the axis of both panels.
    func testTheValidationFigureNumbersTheSeedsAndMarksTheWindows() throws {
        let shape = Self.overconfident
        let group = Self.group(right: shape.right, wrong: shape.wrong, errors: shape.errors)
        let curves = ReportFigures.curves(of: group.runs)
        XCTAssertEqual(curves.comparedWindows, [3...4, 7...8])
        XCTAssertEqual(curves.seeds, group.runs.map(\.seed))
        let chart = FigureRenderer.validationChart(curves)
        XCTAssertEqual(chart.panels.map(\.shades), [[2.7...4.3, 6.7...8.3], [2.7...4.3, 6.7...8.3]], "each window a strip of the same width around its points")
        XCTAssertTrue(chart.panels.allSatisfy(\.shadesAlongAxis), "marked along the axis, where no line is tinted")
        XCTAssertEqual(chart.panels.map(\.title), ["Loss (lowest mean: 0.0694, epoch 3)", "Error rate (lowest: epoch 7, 1.00%)"], "a tie goes to the first epoch")
        XCTAssertTrue(chart.panels.allSatisfy { $0.marker == nil }, "no dotted epoch: the discussion reads windows and each run's own low")
        XCTAssertEqual(chart.panels.map { $0.series.map(\.name) }, [["a seed (diamond: its lowest loss)", "", "", "mean of 3 seeds", "yellow: the windows compared"],
                                                                    ["a seed", "", "", "mean of 3 seeds", "yellow: the windows compared"]])
        XCTAssertTrue(chart.panels[0].series.prefix(3).allSatisfy { $0.diamondPoints.count == 1 }, "each run's lowest loss")
        XCTAssertTrue(chart.panels[1].series.allSatisfy { $0.diamondPoints.isEmpty }, "no lowest-loss diamond on the error rate")
        XCTAssertEqual(chart.panels.map { $0.series.prefix(3).map(\.endLabel) }, Array(repeating: group.runs.map { Optional("\($0.seed)") }, count: 2))
        XCTAssertTrue(chart.panels.allSatisfy { $0.series.prefix(3).map(\.pattern) == StrokePattern.seedPatterns }, "dotted, each seed its own dots")
        XCTAssertEqual(chart.panels[1].series[3].y, curves.valAccuracy.map { 1 - $0 }, "validation read as its error rate")
        XCTAssertEqual(chart.title, "ConvNet: validation after each epoch (3 seeds and their mean)")
        // One run has no windows of its own to compare: its figure keeps its marks.
        XCTAssertEqual(ReportFigures.curves(of: [group.runs[0]]).comparedWindows, [])
        var unrecorded = group.runs
        unrecorded[1].validationLosses = nil
        XCTAssertEqual(ReportFigures.curves(of: unrecorded).comparedWindows, [], "a run without its per-image losses: no windows")
    }

    /// The switching figure's right panel shows where the loss went: each network's images wrong in all four window epochs
    /// against the rest, the windows shaded there alone (yellow marks the compared windows only), and its caption reads it.
    func testTheSwitchingFigureShowsWhereTheLossWent() throws {
        let shape = Self.overconfident
        let conv = Self.group(right: [0.03, 0.03, 0.02, 0.02, 0.01, 0.01], wrong: [2, 2, 2, 2, 2, 2], errors: [20, 20, 15, 12, 10, 10])
        let my = Self.group(right: shape.right, wrong: shape.wrong, errors: shape.errors, title: "MyNet", network: .mynet)
        let curves = ReportFigures.curves(of: my.runs)
        // Images 0–9 are wrong in epochs 3, 4, 7 and 8: their loss each epoch is the wrong images'; the other 990's at epoch 3
        // are ten mistakes at 2.0 and 980 right at 0.03, at epochs 7 and 8 all right at 0.01.
        XCTAssertEqual(curves.wrongThroughoutLoss, [0.1, 1, 2, 2, 4, 6, 9, 9].map { Double(Float($0)) })
        XCTAssertEqual(curves.restLoss[2], (10 * 2 + 980 * Double(Float(0.03))) / 990, accuracy: 1e-9)
        XCTAssertEqual(curves.restLoss[6], Double(Float(0.01)), accuracy: 1e-9)
        let chart = FigureRenderer.networksComparedChart([ReportFigures.curves(of: conv.runs), curves], lowRateFrom: 5)
        // Three panels in a row on one epoch axis: the switches, then each group of images on axes of its own, named with its
        // size; the rate, a fixed schedule the setup states, is left to the record.
        XCTAssertEqual(chart.panels.map(\.title), ["Switches right↔wrong", "Persistent mistakes", "The other images"])
        XCTAssertTrue(chart.footers.isEmpty)
        XCTAssertEqual(chart.size.width, 1000, "as wide as every figure, so that its type reads at the same size on a page")
        XCTAssertEqual(chart.allPanels.map(\.shades), [[], [2.7...4.3, 6.7...8.3], [2.7...4.3, 6.7...8.3]],
                       "the windows around their validation points; the switches unshaded")
        XCTAssertTrue(chart.allPanels.allSatisfy { $0.marker == nil }, "no second-half line beside the windows")
        XCTAssertEqual(chart.panels[0].series.map(\.name), ["ConvNet", "MyNet"], "the switches' legend names the colours for all three panels")
        XCTAssertEqual(chart.panels[2].yScale, .logarithmic, "the other images' small fall beside their first epoch")
        XCTAssertEqual(chart.panels[1].series.prefix(2).map(\.y), [ReportFigures.curves(of: conv.runs).wrongThroughoutLoss, curves.wrongThroughoutLoss])
        XCTAssertEqual(chart.panels[1].series.last?.name, FigureRenderer.windowsKey.name, "the strips keyed where they first appear")
        XCTAssertEqual(chart.panels[2].series.map(\.y), [ReportFigures.curves(of: conv.runs).restLoss, curves.restLoss])
        // The seeds' range as bands: three identical seeds give bands of no width around the mean.
        let (wrongBand, restBand) = (try XCTUnwrap(chart.panels[1].series[1].band), try XCTUnwrap(chart.panels[2].series[1].band))
        for (bound, mean) in Array(zip(wrongBand.lower, curves.wrongThroughoutLoss)) + Array(zip(restBand.upper, curves.restLoss)) { XCTAssertEqual(bound, mean, accuracy: 1e-12) }
        let writeUp = WriteUp(groups: [conv, my], facts: try FindingsTests.facts())
        let caption = try XCTUnwrap(writeUp.switchingCaption)
        // Both networks' groups hold ten images a run: their levels compare, and no caveat is needed.
        XCTAssertEqual(caption, "*Left: validation images turning right or wrong in each epoch, against the epoch before. Middle: mean loss of "
                       + "each run's persistent mistakes (wrong in all four window epochs, the yellow strips; ConvNet 10, MyNet 10 a run), moving 2.0 → 2.0 (ConvNet) and 2.0 → 9.0 (MyNet). Right: the other images', which fell in every run.*")
    }

    /// The student's design introduced by what it changes against the first network, from the two summaries: the bet the
    /// comparison then tests; nothing of the kind for the first network or for one network alone.
    func testTheSecondDesignIsIntroducedByWhatItChanges() throws {
        let conv = FindingsTests.group(FindingsTests.run(valLoss: [0.3, 0.2, 0.1]))
        let my = FindingsTests.group(FindingsTests.run(valLoss: [0.3, 0.2, 0.1], title: "MyNet", network: .mynet))
        let writeUp = WriteUp(groups: [conv, my], facts: try FindingsTests.facts())
        XCTAssertEqual(writeUp.introduction(my), "MyNet is the LeNet of Caffe's MNIST example (Jia et al., 2014), with a ReLU added after each convolution. "
                       + "Against ConvNet it widens the convolutions (20 and 50 channels against 6 and 16) and "
                       + "trades the hidden fully connected layers of 120 and 84 units for one of 500: wider in every hidden layer, one hidden layer shallower. "
                       + "A risk is overfitting: its `fc1` alone holds 400,500 parameters, 7 for each of the "
                       + "55,000 training images, with neither weight decay nor dropout to restrain them.")
        // Restrained by weight decay, or by a layer as large as the training set at most, the design runs no such risk.
        var decayed = my
        decayed.runs = decayed.runs.map { run in var run = run; run.config.weightDecay = 1e-4; return run }
        XCTAssertNil(WriteUp(groups: [conv, decayed], facts: try FindingsTests.facts()).capacityRisk(decayed))
        var small = my
        small.runs = small.runs.map { run in var run = run; run.data.trainImages = 500_000; return run }
        XCTAssertNil(WriteUp(groups: [conv, small], facts: try FindingsTests.facts()).capacityRisk(small))
        XCTAssertNil(writeUp.designBet(conv))
        XCTAssertNil(WriteUp(groups: [my], facts: try FindingsTests.facts()).designBet(my))
    }
}
