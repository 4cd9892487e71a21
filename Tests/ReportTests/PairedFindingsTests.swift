import XCTest
@testable import Report
@testable import Training

/// Runs that recorded every validation image's loss are read seed by seed, image by image: made-up
/// per-image losses with known shapes get the right reading and words.
final class PairedFindingsTests: XCTestCase {
    static let images = 1_000

    /// A run of 3 epochs over `images` validation images: after epoch 1 every image has loss 0.1 and
    /// the first `errors[0]` are wrong; after epochs 2 and 3 the images right at that epoch have loss
    /// `right[k]` and the first `errors[k]` (wrong) have loss `wrong[k]`.
    static func run(right: [Float], wrong: [Float], errors: [Int], seed: UInt64 = 1, title: String = "ConvNet (LeNet-5)",
                    network: NetworkName = .convnet) -> RunMetrics {
        let losses: [[Float]] = zip(zip(right, wrong), errors).map { pair, count in
            (0..<images).map { $0 < count ? pair.1 : pair.0 }
        }
        let valLoss = losses.map { epoch in epoch.reduce(0.0) { $0 + Double($1) } / Double(images) }
        var run = FindingsTests.run(valLoss: valLoss, valAccuracy: errors.map { 1 - Double($0) / Double(images) }, seed: seed, title: title, network: network)
        for index in run.epochs.indices { run.epochs[index].valErrors = Array(0..<errors[index]) }
        run.data.valImages = images
        run.validationLosses = ValidationLosses.encode(losses.map { $0.map(Double.init) })
        return run
    }

    func testValidationLossesRoundTripBitForBit() {
        let losses: [[Double]] = [[0, 1e-7, 2.5, 0.1], [3.25, 1e-30, 7, .infinity]]
        let text = ValidationLosses.encode(losses)
        XCTAssertEqual(ValidationLosses.decode(text, epochs: 2, images: 4), losses.map { $0.map(Float.init) })
        XCTAssertNil(ValidationLosses.decode(text, epochs: 2, images: 5), "the wrong shape is refused")
        XCTAssertNil(ValidationLosses.decode("not base64", epochs: 2, images: 4))
    }

    /// The images right at both epochs grow surer (0.02 → 0.01) while the same 10 mistakes grow far
    /// worse (2 → 6): the mean rises beyond its noise (the sign-flip test), all of it on the mistakes.
    func testARiseCarriedByTheMistakesIsConfidentMistakes() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.01], wrong: [0.1, 2, 6], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        let change = try XCTUnwrap(findings.seedChanges.first)
        XCTAssertEqual(change.fromEpoch, 2)
        XCTAssertEqual(change.toEpoch, 3)
        // Differences: 990 × −0.01 and 10 × +4; mean 0.0301.
        let mean = (990 * -0.01 + 10 * 4.0) / 1000
        XCTAssertEqual(change.lossTo - change.lossFrom, mean, accuracy: 1e-6)
        // The ten changes of 4 decide the sign-flip test: the sum (30.1) is reached when at most one of them, or all but
        // at most one, keep their sign, 2 · 11 / 1,024 = 0.021 of the patterns (the 990 small changes move it by ±0.3).
        XCTAssertEqual(change.signFlipP, 22.0 / 1024, accuracy: 0.006)
        XCTAssertTrue(change.riseBeyondNoise)
        XCTAssertEqual(change.imagesLower, 990)
        XCTAssertEqual(change.imagesHigher, 10)
        XCTAssertEqual(change.mistakenImages, 10)
        XCTAssertEqual(change.changeFromMistaken, 0.04, accuracy: 1e-6)
        XCTAssertEqual(change.changeFromRest, -0.0099, accuracy: 1e-6)
        XCTAssertEqual(change.turnedWrong, 0)
        XCTAssertEqual(change.turnedRight, 0)
        XCTAssertEqual(findings.diagnosis, .riseFromFewImages)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        let table = WriteUp.seedTable(findings, first: true)
        let p = Format.signFlip(change.signFlipP)
        XCTAssertTrue(table.contains("| 1 | 0.0398 (2) | 0.0699 | +75.6% (\(p)) | 990 / 10 | +0.0400 (10 images) | −0.0099 | 10: 2.0 → 6.0 | 0 / 0 (1.00) | confident mistakes |"), table)
        // The results read the curves the figures draw; whether the rise is more than noise is tested once, in the discussion.
        let text = writeUp.results(group)
        XCTAssertTrue(text.hasSuffix("Training loss (epoch mean) ends at 3.3e-01; validation loss is lowest in epoch 2 (0.0398) and ends at 0.0699; "
                                     + "validation accuracy peaks in epoch 2 (99.00%) and ends at 99.00%."), text)
        XCTAssertFalse(text.contains("sign-flip"), text)
        let curvesTable = try XCTUnwrap(writeUp.curvesTable)
        // One seed: its own start is the only one, so its test is shown; how many images' loss fell and rose is in the record.
        XCTAssertEqual(curvesTable, "| Change in validation loss to the last epoch | ConvNet |\n|---| ---: |\n| Change from the lowest epoch (epoch; sign-flip p) | +75.6% (2; \(p)) |\n"
                       + "| Images turned right / wrong from the lowest epoch to the last | 0 / 0 |\n| Mean loss of the images wrong at both | 2.0 → 6.0 |")
        let curves = try XCTUnwrap(writeUp.curvesText)
        // One seed: no other seeds to take a start from, so the rise from its own lowest epoch is read, and said to be overstated.
        XCTAssertTrue(curves.hasPrefix("After its lowest epoch the validation loss rose (table); the rise passes its noise (sign-flip p < 0.05). "
                                       + "Each rise is measured from the network's lowest of 3 noisy epochs, a selected low point, so it is overstated if anything "
                                       + "(the mean curves rise less). The images wrong at both epochs grew more confidently wrong."), curves)
        XCTAssertEqual(change.persistentMistakes, 10, "the ten images wrong at both epochs")
        XCTAssertEqual(change.persistentLossFrom, 2, accuracy: 1e-6)
        XCTAssertEqual(change.persistentLossTo, 6, accuracy: 1e-6)
        // Beyond its noise: the rise is read.
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise: the loss overfits through surer mistakes while the accuracy holds."), writeUp.conclusion)
        // A training loss that ends below the validation loss is read against it: 0.0035 against 0.0699 is 20× below.
        // A training error rate that reaches zero is said plainly.
        var fitted = group
        fitted.runs[0].epochs[2].trainLoss = 0.0035
        let fit = WriteUp(groups: [fitted], facts: try FindingsTests.facts()).results(fitted)
        XCTAssertTrue(fit.hasSuffix("Training loss (epoch mean) ends at 3.5e-03, 20× below the validation loss (0.0699), which was lowest in epoch 2 (0.0398); "
                                    + "validation accuracy peaks in epoch 2 (99.00%) and ends at 99.00%."), fit)
        fitted.runs[0].epochs[2].trainAccuracy = 1
        XCTAssertTrue(WriteUp(groups: [fitted], facts: try FindingsTests.facts()).results(fitted)
            .hasSuffix("and ends at 99.00%. During its last epoch it misclassified none of the 55,000 training images."))
    }

    /// The same shape with a small rise on the mistakes (2 → 2.5) stays within its noise.
    func testASmallRiseOnTheMistakesIsLevellingOff() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.015], wrong: [0.1, 2, 2.5], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        let change = try XCTUnwrap(findings.seedChanges.first)
        // A sum of 0.05 that almost every sign pattern exceeds.
        XCTAssertGreaterThan(change.signFlipP, 0.5)
        XCTAssertFalse(change.riseBeyondNoise)
        XCTAssertEqual(findings.diagnosis, .levelledOff)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        XCTAssertTrue(try XCTUnwrap(writeUp.curvesTable).contains("| Change from the lowest epoch (epoch; sign-flip p) | +0.1% (2; \(Format.signFlip(change.signFlipP))) |"))
        XCTAssertTrue(try XCTUnwrap(writeUp.curvesText).hasPrefix("After its lowest epoch the validation loss rose (table); the rise does not pass its noise (sign-flip p < 0.05)."),
                      writeUp.curvesText ?? "")
        // Within noise: no mechanism is claimed for a rise that may not be there.
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss is not distinguishable from noise."), writeUp.conclusion)
        XCTAssertFalse(writeUp.conclusion.contains("over-confidence"), writeUp.conclusion)
    }

    /// Two more images wrong at the end than at the lowest loss, far from significant: still confidence in mistakes,
    /// and the conclusion does not claim that no image turned wrong.
    func testAFewMoreMistakesAreNotCalledNone() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.01], wrong: [0.1, 2, 6], errors: [30, 10, 12]))
        let change = try XCTUnwrap(try XCTUnwrap(CurveFindings(group)).seedChanges.first)
        XCTAssertEqual(change.turnedWrong, 2)
        XCTAssertEqual(change.turnedRight, 0)
        XCTAssertNotEqual(change.reading, .overfitting)
        let conclusion = WriteUp(groups: [group], facts: try FindingsTests.facts()).conclusion
        XCTAssertTrue(conclusion.contains("The late rise in validation loss passes its noise: the loss overfits through surer mistakes while the accuracy falls, though not significantly."), conclusion)
    }

    /// Thirty more images wrong at the end than at the lowest loss: McNemar rejects equal accuracy.
    func testMoreImagesTurnedWrongIsOverfitting() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.02], wrong: [0.1, 2, 2.2], errors: [30, 10, 40]))
        let change = try XCTUnwrap(CurveFindings(group)?.seedChanges.first)
        XCTAssertEqual(change.turnedWrong, 30)
        XCTAssertEqual(change.turnedRight, 0)
        XCTAssertEqual(change.mcNemarP, 2 * pow(0.5, 30), accuracy: 1e-15)
        XCTAssertEqual(change.reading, .overfitting)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        XCTAssertTrue(writeUp.results(group).contains("Significantly more validation images turned wrong than right after the lowest loss (McNemar p < 0.0001): the network overfits."),
                      writeUp.results(group))
        XCTAssertTrue(writeUp.conclusion.contains("Keeping the weights of the lowest validation loss (epoch 2 for ConvNet)"), writeUp.conclusion)
        XCTAssertFalse(writeUp.curvesText?.contains("the rise comes from") ?? true, "the new mistakes are not confidence")
    }

    /// The images it gets right lose ground too (0.02 → 0.03): worse probabilities, not only confident mistakes.
    func testARiseOnTheRightImagesTooIsWorseProbabilities() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.03], wrong: [0.1, 2, 2.5], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        let change = try XCTUnwrap(findings.seedChanges.first)
        XCTAssertGreaterThan(change.changeFromRest, 0)
        // Every image's loss rose: no sign pattern but the observed one (and its mirror) reaches the sum.
        XCTAssertEqual(change.signFlipP, 1.0 / Double(PairedEpochChange.signFlips + 1))
        XCTAssertEqual(Format.signFlip(change.signFlipP), "≤ 0.0001")
        XCTAssertEqual(findings.diagnosis, .overconfident)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        let text = writeUp.results(group)
        XCTAssertTrue(text.contains("The rise reaches the correctly classified images too, while no more images turned wrong than right"), text)
        XCTAssertFalse(writeUp.curvesText?.contains("the rise comes from") ?? true, "the rise is not only on the mistakes")
    }

    func testAFallingLossIsStillImproving() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.015], wrong: [0.1, 2, 1.5], errors: [30, 10, 8]))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertEqual(findings.diagnosis, .stillImproving)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        XCTAssertTrue(WriteUp.seedTable(findings, first: true).contains("| 1 | 0.0269 (3) | – | – | – | – | – | – | – | still improving |"))
        XCTAssertTrue(writeUp.results(group).contains("The validation loss is lowest in the last epoch: no sign of overfitting"), writeUp.results(group))
    }

    /// Seeds that disagree: the reading most share leads, the others are named with their seeds, and
    /// the conclusion says how many seeds carry it. Three seeds share the 5% level: a rise needs p below 0.017.
    func testSeedsThatDisagreeAreNamed() throws {
        let confident = (right: [Float](arrayLiteral: 0.1, 0.02, 0.01), wrong: [Float](arrayLiteral: 0.1, 2, 7))
        let group = FindingsTests.group(
            Self.run(right: confident.right, wrong: confident.wrong, errors: [30, 10, 10], seed: 1),
            Self.run(right: confident.right, wrong: confident.wrong, errors: [30, 10, 10], seed: 2),
            // 30 images turn right, 10 grow much worse: a rise within its (wide) paired noise.
            Self.run(right: [0.1, 0.02, 0.015], wrong: [0.1, 1, 5], errors: [30, 40, 10], seed: 3))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertEqual(findings.seedChanges.map(\.reading), [.riseFromFewImages, .riseFromFewImages, .levelledOff])
        XCTAssertEqual(findings.diagnosis, .riseFromFewImages)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        // Seeds 1 and 2: five-fold rises on ten images (a sum of 40.1 that only |2k − 10| = 10 of the 1,024 patterns of
        // ten, and a third of those of 8, reach: p ≈ 0.009); seed 3: a rise of 5.65 that most patterns exceed.
        let p = findings.seedChanges.map(\.signFlipP)
        XCTAssertLessThan(p[0], 0.05 / 3)
        XCTAssertLessThan(p[1], 0.05 / 3)
        XCTAssertGreaterThan(p[2], 0.05)
        // Three epochs are too few for the second half's windows: each seed is read from its own lowest epoch, the table in the
        // hand-in, one cell a seed, and the seeds on either side of the threshold named.
        let f = { Format.signFlip($0) }
        XCTAssertFalse(writeUp.readsSecondHalf)
        XCTAssertEqual(writeUp.curvesTable, "| Change in validation loss to the last epoch, seeds 1, 2 and 3 | ConvNet |\n|---| ---: |\n"
                       + "| Change from the lowest epoch (epoch; sign-flip p) | +100.8% (2; \(f(p[0]))), +100.8% (2; \(f(p[1]))), +9.5% (2; \(f(p[2]))) |\n"
                       + "| Images turned right / wrong from the lowest epoch to the last | 0 / 0, 0 / 0, 30 / 0 |\n"
                       + "| Mean loss of the images wrong at both | 2.0 → 7.0, 2.0 → 7.0, 1.0 → 5.0 |")
        XCTAssertFalse(writeUp.curvesTableIsRecorded)
        XCTAssertEqual(writeUp.curvesText, "After each seed's lowest epoch the validation loss rose (table); the rise passes its noise (sign-flip p < 0.017) only in seeds 1 and 2. "
                       + "Each rise is measured from the seed's lowest of 3 noisy epochs, a selected low point, so it is overstated if anything (the mean curves rise less). "
                       + "In every seed the images wrong at both epochs grew more confidently wrong.")
        // The test the table names is defined in the appendix, with the level the seeds share; the setup says the rule.
        XCTAssertTrue(writeUp.setup.hasSuffix(" A difference is called significant at p < 0.05, two-sided, with Bonferroni's correction where a test is repeated; "
                                              + "the appendix defines each test."), writeUp.setup)
        XCTAssertEqual(writeUp.testingAppendix, "A difference is significant at p < 0.05 (two-sided); a test asked of each of k seeds, pairings or digits must pass "
                       + "p < 0.05 / k (Bonferroni): 0.017 over a network's 3 seeds.\n\n- Sign-flip test, for a change between epochs: were the change chance, each "
                       + "validation image's change (in loss, or in being right) would be as likely negative as positive. The test negates them at random 9,999 times; "
                       + "p is the share of mean changes at least as far from 0 as the one observed (itself counted, so no p is below 0.0001).")
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise only in seeds 1 and 2, where the loss overfits through surer mistakes "
                                                  + "while the accuracy holds."), writeUp.conclusion)
        XCTAssertFalse(writeUp.conclusion.contains("2.0 → 7.0"), writeUp.conclusion)
    }

    /// The method is explained once, in the discussion (and at the record's first table); the readings
    /// of two networks that read alike are said once in the conclusion.
    func testTheMethodIsExplainedOnce() throws {
        let shape = (right: [Float](arrayLiteral: 0.1, 0.02, 0.01), wrong: [Float](arrayLiteral: 0.1, 2, 6), errors: [30, 10, 10])
        let groups = [FindingsTests.group(Self.run(right: shape.right, wrong: shape.wrong, errors: shape.errors)),
                      FindingsTests.group(Self.run(right: shape.right, wrong: shape.wrong, errors: shape.errors, title: "MyNet", network: .mynet))]
        let writeUp = WriteUp(groups: groups, facts: try FindingsTests.facts())
        for group in groups { XCTAssertFalse(writeUp.results(group).contains("sign-flip"), writeUp.results(group)) }
        XCTAssertFalse(try XCTUnwrap(writeUp.curvesText).contains("negated at random"))
        XCTAssertFalse(writeUp.setup.contains("negates them at random"), writeUp.setup)
        XCTAssertEqual(writeUp.testingAppendix?.components(separatedBy: "negates them at random").count, 2, "said once, in the appendix")
        let findings = try XCTUnwrap(writeUp.findings[.mynet])
        XCTAssertTrue(WriteUp.seedTable(findings, first: false).hasPrefix("The same comparison for MyNet, seed by seed:"))
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise: the loss overfits through surer mistakes while the accuracy holds."), writeUp.conclusion)
    }

    /// Two networks whose rises sit on their mistakes, one within its paired noise and one beyond it:
    /// the discussion shows both curves side by side and says once that they differ in size, not kind.
    func testTwoNetworksWithTheSameMechanismAreComparedOnce() throws {
        let groups = [FindingsTests.group(Self.run(right: [0.1, 0.02, 0.015], wrong: [0.1, 2, 2.5], errors: [30, 10, 10])),
                      FindingsTests.group(Self.run(right: [0.1, 0.02, 0.01], wrong: [0.1, 2, 6], errors: [30, 10, 10], title: "MyNet", network: .mynet))]
        let writeUp = WriteUp(groups: groups, facts: try FindingsTests.facts())
        XCTAssertEqual(writeUp.findings[.convnet]?.diagnosis, .levelledOff)
        XCTAssertEqual(writeUp.findings[.mynet]?.diagnosis, .riseFromFewImages)
        let table = try XCTUnwrap(writeUp.curvesTable)
        XCTAssertTrue(table.hasPrefix("| Change in validation loss to the last epoch | ConvNet | MyNet |"), table)
        // Where the change sits, split between the mistakes and the rest, is in the record's per-seed table, not the hand-in's.
        XCTAssertFalse(table.contains("from the rest"), table)
        XCTAssertTrue(WriteUp.seedTable(try XCTUnwrap(writeUp.findings[.mynet]), first: false).contains("| 990 / 10 | +0.0400 (10 images) | −0.0099 | 10: 2.0 → 6.0 |"))
        let text = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(text.hasPrefix("After each network's lowest epoch the validation loss rose (table); the rise passes its noise (sign-flip p < 0.05) only in MyNet. "
                                     + "Each rise is measured from the network's lowest of 3 noisy epochs"), text)
        XCTAssertTrue(text.contains("In both networks the images wrong at both epochs grew more confidently wrong."), text)
        XCTAssertTrue(text.contains("Each rise is measured from the network's lowest of 3 noisy epochs, a selected low point, so it is overstated if anything (the mean curves rise less)."), text)
        XCTAssertTrue(table.contains("| Mean loss of the images wrong at both | 2.0 → 2.5 | 2.0 → 6.0 |"), table)
        // One network's rise beyond noise, the other's within: the seeds that pass are named with their network.
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise only in MyNet, where the loss overfits through surer mistakes while the accuracy holds."),
                      writeUp.conclusion)
    }

    /// The hand-in's late-rise tables' headers, one value a cell: each run from its own lowest epoch, then from where its
    /// other seeds were lowest.
    static let crossCheckHeader = "| Run, from where the other seeds were lowest | That epoch | Change of its validation loss to the last | Sign-flip p, over its images |\n"
        + "| --- | ---: | ---: | ---: |\n"

    /// The sign-flip test against exact answers: a sum every image shares (p = 2/2¹² for twelve equal changes), one
    /// that half the patterns exceed, no change at all, and the same p for the same seed on every call.
    func testTheSignFlipTestMatchesItsExactDistribution() {
        let twelve = [Double](repeating: 0.5, count: 12) + [Double](repeating: 0, count: 100)
        let p = PairedEpochChange.signFlipP(twelve, seed: 1)
        // Exactly 2/4,096 = 0.00049; 9,999 draws put the estimate within ±0.0007 of it (three binomial standard errors).
        XCTAssertEqual(p, 2.0 / 4096, accuracy: 0.0007)
        XCTAssertEqual(PairedEpochChange.signFlipP(twelve, seed: 1), p, "one seed, one p")
        XCTAssertEqual(PairedEpochChange.signFlipP([0, 0, 0], seed: 1), 1, "no change: nothing to test")
        // Changes of +1 and −1 cancel: every pattern's sum is at least as far from 0.
        XCTAssertEqual(PairedEpochChange.signFlipP([1, -1, 2, -2], seed: 7), 1)
        // Ten changes of 4 against 990 of −0.01 (sum 30.1): |2k − 10| ≥ 8 of the ten, 22/1,024 = 0.0215 (± 0.0044).
        let mistakes = [Double](repeating: 4, count: 10) + [Double](repeating: -0.01, count: 990)
        XCTAssertEqual(PairedEpochChange.signFlipP(mistakes, seed: 3), 22.0 / 1024, accuracy: 0.0044)
        // Digits as far as 9,999 patterns support them: the standard error of 0.009 is 0.00094, of 0.30 0.0046.
        XCTAssertEqual(Format.signFlip(0.021), "0.021")
        XCTAssertEqual(Format.signFlip(0.0090), "0.009")
        XCTAssertEqual(Format.signFlip(0.3021), "0.30")
        XCTAssertEqual(Format.signFlip(1.0 / 10_000), "≤ 0.0001")
    }

    /// The normal quantiles the power calculation and the Bonferroni-widened intervals use.
    func testNormalQuantiles() {
        XCTAssertEqual(Statistics.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-9)
        XCTAssertEqual(Statistics.normalQuantile(1 - 0.025 / 3), 2.393979, accuracy: 1e-5)
        XCTAssertEqual(Statistics.normalQuantile(0.025), -1.959963984540054, accuracy: 1e-9)
        XCTAssertEqual(Statistics.normalQuantile(0.5), 0, accuracy: 1e-12)
    }

    /// A more accurate network with the higher test loss: on the validation images both networks get wrong in the last
    /// epoch (the same ten in every seed) its loss is 6 against 2.5, which says why fewer mistakes cost more; the comparison
    /// gives the numbers, the conclusion reads them against MyNet's stated design.
    func testAHigherTestLossIsExplainedBySurerMistakes() throws {
        // Three seeds each, MyNet clearly the more accurate (every seed, a Welch interval above zero).
        func runs(_ network: NetworkName, wrong: Float, accuracy: Double, loss: Double) -> [RunMetrics] {
            (1...3).map { seed in
                var run = Self.run(right: [0.1, 0.02, 0.02, 0.02, 0.015, 0.015, 0.01, 0.01], wrong: [0.1, 2, 2, 2, 2, 2, wrong, wrong],
                                   errors: [30, 10, 10, 10, 10, 10, 10, 10], seed: UInt64(seed),
                                   title: network == .convnet ? "ConvNet (LeNet-5)" : "MyNet", network: network)
                (run.test.accuracy, run.test.loss) = (accuracy + 0.0001 * Double(seed), loss)
                return run
            }
        }
        let conv = runs(.convnet, wrong: 2.5, accuracy: 0.98, loss: 0.03)
        var my = runs(.mynet, wrong: 6, accuracy: 0.99, loss: 0.04)
        let writeUp = WriteUp(groups: [FindingsTests.group(conv[0], conv[1], conv[2]), FindingsTests.group(my[0], my[1], my[2])], facts: try FindingsTests.facts())
        let comparison = try XCTUnwrap(writeUp.comparison)
        let shared = try XCTUnwrap(writeUp.sharedMistakeLoss(comparison))
        XCTAssertEqual(shared.first, 2.5, accuracy: 1e-6)
        XCTAssertEqual(shared.second, 6, accuracy: 1e-6)
        XCTAssertEqual(shared.images, 10)
        let better = try XCTUnwrap(writeUp.betterSharedMistakeLoss(comparison))
        XCTAssertGreaterThan(better.better, better.other, "MyNet, the better network, is surer in its mistakes")
        // Every seed's test loss is the same, so the Welch interval is the difference itself: higher, and surer mistakes say why.
        XCTAssertTrue(writeUp.comparisonText.hasSuffix("MyNet's test loss is higher despite its fewer errors (MyNet minus ConvNet: +0.0100, 95% Welch interval +0.0100 to +0.0100). "
                                                       + "Surer mistakes could offset them. Per-image losses were recorded for validation only; there, on the 10 validation images every run of both networks "
                                                       + "misclassifies at the end, MyNet gives the true digit a probability of 0.25% against ConvNet's 8.21% (geometric means, e to the minus mean loss). "
                                                       + "Every MyNet run gives it less than any ConvNet run."), writeUp.comparisonText)
        // The answer first: which is more accurate and how sure, its cost, and the late epochs' verdict, worded apart from the conclusion.
        XCTAssertEqual(writeUp.keyFindings, "MyNet classified 99.02% of the test images correctly and ConvNet 98.02% (means over 3 seeds). The gap holds "
                       + "beyond the seeds' noise; every MyNet run beat every ConvNet run. MyNet needs 8.1× the computation per image. Late in training neither "
                       + "network lost accuracy. MyNet's validation loss drifted up, in no run significantly: its few persistent mistakes grew more confident while "
                       + "its loss on the other images fell.")
        // Said once, in the comparison: the conclusion does not repeat it.
        XCTAssertFalse(writeUp.conclusion.contains("test loss"), writeUp.conclusion)
        XCTAssertFalse(writeUp.conclusion.contains("meant"), "the design's intent is said once, in its introduction")
        XCTAssertTrue(writeUp.conclusion.contains("wall-clock time to train, about 2 min 0 s against 20.0 s per run here. MyNet is worth its cost wherever 1.00 points of accuracy justify it."), writeUp.conclusion)
        // Eight epochs: the second half on its windows, 3–4 against 7–8. No image changed sides, so no accuracy moved; ConvNet's
        // loss fell ((10 · 2.5 + 990 · 0.01) / 1,000 = 0.0349 against 0.0398), MyNet's rose (0.0699) through its ten mistakes
        // (2 → 6), p ≈ 0.02 on ten images, above the 0.017 the seeds share.
        let text = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(text.contains("Between the windows the training loss fell 2.2× (ConvNet) and 2.2× (MyNet). Meanwhile ConvNet's validation loss fell in all 3 and "
                                    + "MyNet's rose in all 3, significantly in every ConvNet run. Against epochs 5–6 instead of 3–4, the mean validation loss moved "
                                    + "0.0348 → 0.0349 (ConvNet) and 0.0348 → 0.0699 (MyNet): ConvNet's moved the other way, so this reading depends on the windows."), text)
        // The accuracy, then what carried the loss, a paragraph each; the verdict once.
        XCTAssertTrue(text.contains("\n\nYet neither network lost validation accuracy. No run's fell significantly.\n\nIn every run the images wrong in all four window "
                                    + "epochs, its persistent mistakes, grew more confidently wrong (each significantly). Over epochs 7–8 these few persistent mistakes carried 72–86% of each run's validation loss. "
                                    + "The other images' loss fell in every run (each significantly). MyNet's rise (+75.6%), in no run significant, comes from its persistent "
                                    + "mistakes growing surer; without them its loss fell in every run. "
                                    + "That is at most a mild overfitting in the loss, not in the decisions: growing overconfidence on a few images."), text)
        // The design's introduction named the risk (fc1's weights with nothing restraining them): no second hypothesis here.
        XCTAssertFalse(text.contains("A possible cause"), text)
        // Each run's numbers are the record's: the hand-in reads them in words and points there.
        XCTAssertFalse(text.contains("| MyNet, seed 1 |"), text)
        XCTAssertTrue(text.contains("by sign-flip tests; [record.md](record.md) has each run's numbers."), text)
        let record = try XCTUnwrap(writeUp.secondHalfRecord)
        XCTAssertTrue(record.contains("| MyNet, seed 1 | 0.0398 → 0.0699, +75.6% ("), record)
        XCTAssertTrue(record.contains("| 99.00% → 99.00% (1.00) | 10: 2.0 → 6.0 ("), record)
        XCTAssertTrue(record.hasPrefix("The report's reading of the second half: each run's validation images over epochs 7–8 against epochs 3–4"), record)
        // A mean test loss higher by less than the seeds vary is "no lower", and needs no reason.
        var varied = my
        for (index, loss) in [0.02, 0.04, 0.06].enumerated() { varied[index].test.loss = loss }
        let open = WriteUp(groups: [FindingsTests.group(conv[0], conv[1], conv[2]), FindingsTests.group(varied[0], varied[1], varied[2])], facts: try FindingsTests.facts())
        XCTAssertTrue(open.comparisonText.hasSuffix("MyNet's test loss is no lower despite its fewer errors (MyNet minus ConvNet: +0.0100, 95% Welch interval −0.0397 to +0.0597). "
                                                    + "Surer mistakes could offset them. Per-image losses were recorded for validation only; there, on the 10 validation images every run of both networks "
                                                    + "misclassifies at the end, MyNet gives the true digit a probability of 0.25% against ConvNet's 8.21% (geometric means, e to the minus mean loss). "
                                                    + "Every MyNet run gives it less than any ConvNet run."), open.comparisonText)
        // Without one run's per-image losses the loss is still said, without a reason.
        my[0].validationLosses = nil
        let unexplained = WriteUp(groups: [FindingsTests.group(conv[0], conv[1], conv[2]), FindingsTests.group(my[0], my[1], my[2])], facts: try FindingsTests.facts())
        XCTAssertNil(unexplained.sharedMistakeLoss(try XCTUnwrap(unexplained.comparison)))
        XCTAssertTrue(unexplained.comparisonText.hasSuffix("MyNet's test loss is higher despite its fewer errors (MyNet minus ConvNet: +0.0100, 95% Welch interval +0.0100 to +0.0100)."),
                      unexplained.comparisonText)
        XCTAssertFalse(unexplained.conclusion.contains("confident"), unexplained.conclusion)
        // With every test image's loss recorded, the mistakes are weighed on the test images themselves: ConvNet misses 20 of its
        // 1,000 test images at 2.5 nats and more, MyNet 10 at 6 and more; the right ones cost 0.01 each.
        func tested(_ network: NetworkName, errors: Int, wrong: Float, accuracy: Double) -> [RunMetrics] {
            (1...3).map { seed in
                var run = FindingsTests.run(valLoss: [0.3, 0.2, 0.1], seed: UInt64(seed), title: network == .convnet ? "ConvNet (LeNet-5)" : "MyNet", network: network,
                                            errors: Array(0..<errors), testAccuracy: accuracy + 0.0001 * Double(seed))
                let losses = (0..<1_000).map { $0 < errors ? Double(wrong) + 0.1 * Double(seed) : 0.01 }
                run.testLosses = ValidationLosses.encode([losses])
                run.test.loss = losses.reduce(0, +) / 1_000
                return run
            }
        }
        let (testedConv, testedMy) = (tested(.convnet, errors: 20, wrong: 2.5, accuracy: 0.98), tested(.mynet, errors: 10, wrong: 6, accuracy: 0.99))
        let measured = WriteUp(groups: [FindingsTests.group(testedConv[0], testedConv[1], testedConv[2]), FindingsTests.group(testedMy[0], testedMy[1], testedMy[2])],
                               facts: try FindingsTests.facts())
        let costs = try XCTUnwrap(measured.testMistakeLosses(measured.groups[1]))
        for (cost, expected) in zip(costs.map(\.meanLoss), [6.1, 6.2, 6.3]) { XCTAssertEqual(cost, expected, accuracy: 1e-5) }
        XCTAssertEqual(costs.count, 3)
        // Seed 1: 10 · 6.1 = 61 of 61 + 990 · 0.01 = 70.9.
        XCTAssertEqual(costs[0].share, 61 / 70.9, accuracy: 1e-5)
        // Like for like first (the 10 images both runs of each pairing miss), then what all the mistakes add up to.
        XCTAssertTrue(measured.comparisonText.hasSuffix(" Its mistakes are surer: on the test images both runs of a pairing miss (10 a pairing), MyNet's loss "
                                                        + "averaged 6.10–6.30 nats against ConvNet's 2.60–2.80, higher in all 9 pairings. MyNet made 50% fewer test errors, but "
                                                        + "each cost 2.3× as much, so its mistakes' summed loss is about 1.15× ConvNet's; the mistakes carry 84–86% of each run's "
                                                        + "test loss."), measured.comparisonText)
        let paired = try XCTUnwrap(measured.pairedMistakeLosses(measured.groups[1], measured.groups[0]))
        XCTAssertEqual(paired.count, 9)
        XCTAssertEqual(paired[0].mine, 6.1, accuracy: 1e-5)
        XCTAssertEqual(paired[0].theirs, 2.6, accuracy: 1e-5)
        XCTAssertEqual(paired.map(\.images), Array(repeating: 10, count: 9))
        XCTAssertFalse(measured.comparisonText.contains("recorded for validation only"), "measured on the test images, not inferred from validation")
        // A run without its test losses leaves the network unmeasured: the validation images speak instead, when they can.
        var partly = testedMy
        partly[2].testLosses = nil
        XCTAssertNil(WriteUp(groups: [FindingsTests.group(testedConv[0], testedConv[1], testedConv[2]), FindingsTests.group(partly[0], partly[1], partly[2])],
                             facts: try FindingsTests.facts()).testMistakeLosses(FindingsTests.group(partly[0], partly[1], partly[2])))
        // Losses that vary with the seed as much as they differ: no lower, not higher.
        var spread = my
        for (index, loss) in [0.02, 0.04, 0.06].enumerated() { spread[index].test.loss = loss }
        let noisy = WriteUp(groups: [FindingsTests.group(conv[0], conv[1], conv[2]), FindingsTests.group(spread[0], spread[1], spread[2])], facts: try FindingsTests.facts())
        XCTAssertTrue(noisy.comparisonText.contains("MyNet's test loss is no lower despite its fewer errors (MyNet minus ConvNet: "), noisy.comparisonText)
    }
}
