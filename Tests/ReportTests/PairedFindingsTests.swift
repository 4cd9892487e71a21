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
    /// worse (2 → 6): the mean rises beyond two paired standard errors, all of it on the mistakes.
    func testARiseCarriedByTheMistakesIsConfidentMistakes() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.01], wrong: [0.1, 2, 6], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        let change = try XCTUnwrap(findings.seedChanges.first)
        XCTAssertEqual(change.fromEpoch, 2)
        XCTAssertEqual(change.toEpoch, 3)
        // Differences: 990 × −0.01 and 10 × +4; mean 0.0301.
        let mean = (990 * -0.01 + 10 * 4.0) / 1000
        XCTAssertEqual(change.lossTo - change.lossFrom, mean, accuracy: 1e-6)
        let sd = ((990 * (-0.01 - mean) * (-0.01 - mean) + 10 * (4 - mean) * (4 - mean)) / 999).squareRoot()
        XCTAssertEqual(change.standardError, sd / 1000.0.squareRoot(), accuracy: 1e-6)
        XCTAssertGreaterThan(change.z, 2)
        XCTAssertEqual(change.mistakenImages, 10)
        XCTAssertEqual(change.changeFromMistaken, 0.04, accuracy: 1e-6)
        XCTAssertEqual(change.changeFromRest, -0.0099, accuracy: 1e-6)
        XCTAssertEqual(change.turnedWrong, 0)
        XCTAssertEqual(change.turnedRight, 0)
        XCTAssertEqual(findings.diagnosis, .riseFromFewImages)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        let table = writeUp.seedTable(findings, first: true)
        XCTAssertTrue(table.contains("| 1 | 0.0398 (2) | 0.0699 | +75.6% (2.4) | +0.0400 (10 images) | −0.0099 | 0 / 0 (1.00) | confident mistakes |"), table)
        let text = writeUp.results(group)
        XCTAssertTrue(text.contains("The validation loss was lowest in epoch 2, then rose 75.6% by the last epoch (z = 2.4, 1.96 needed: beyond noise). "
                                    + "No more validation images turned wrong than right between those epochs."), text)
        let curves = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(curves.hasPrefix("In every seed the late rise sits on images misclassified at either epoch"), curves)
        XCTAssertEqual(change.persistentMistakes, 10, "the ten images wrong at both epochs")
        XCTAssertEqual(change.persistentLossFrom, 2, accuracy: 1e-6)
        XCTAssertEqual(change.persistentLossTo, 6, accuracy: 1e-6)
        // z = 2.4 beyond 1.96: the rise is read, and on how many images it sits.
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise; it is over-confidence on the 10 validation images "
                                                  + "wrong at either epoch, not a net rise in mistakes."), writeUp.conclusion)
    }

    /// The same shape with a small rise on the mistakes (2 → 2.5) stays within two paired standard errors.
    func testASmallRiseOnTheMistakesIsLevellingOff() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.015], wrong: [0.1, 2, 2.5], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertLessThan(try XCTUnwrap(findings.seedChanges.first).z, 2)
        XCTAssertEqual(findings.diagnosis, .levelledOff)
        let writeUp = WriteUp(groups: [group], facts: try FindingsTests.facts())
        XCTAssertTrue(writeUp.results(group).contains("then rose 0.1% by the last epoch (z = 0.0, 1.96 needed: not distinguishable from noise)"), writeUp.results(group))
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
        XCTAssertTrue(conclusion.contains("is over-confidence on the 12 validation images wrong at either epoch, not significantly more mistakes."), conclusion)
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
        XCTAssertTrue(writeUp.conclusion.contains("keeping the weights of the lowest validation loss (epoch 2 for ConvNet)"), writeUp.conclusion)
        XCTAssertFalse(writeUp.curvesText?.contains("the rise comes from") ?? true, "the new mistakes are not confidence")
    }

    /// The images it gets right lose ground too (0.02 → 0.03): worse probabilities, not only confident mistakes.
    func testARiseOnTheRightImagesTooIsWorseProbabilities() throws {
        let group = FindingsTests.group(Self.run(right: [0.1, 0.02, 0.03], wrong: [0.1, 2, 2.5], errors: [30, 10, 10]))
        let findings = try XCTUnwrap(CurveFindings(group))
        let change = try XCTUnwrap(findings.seedChanges.first)
        XCTAssertGreaterThan(change.changeFromRest, 0)
        XCTAssertGreaterThan(change.z, 2)
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
        XCTAssertTrue(writeUp.seedTable(findings, first: true).contains("| 1 | 0.0269 (3) | – | – | – | – | – | still improving |"))
        XCTAssertTrue(writeUp.results(group).contains("The validation loss is lowest in the last epoch: no sign of overfitting"), writeUp.results(group))
    }

    /// Seeds that disagree: the reading most share leads, the others are named with their seeds, and
    /// the conclusion says how many seeds carry it; more images turned right is said as such. Three seeds
    /// share the 5% level: a rise needs z above 2.39 (the single-seed shape of z = 2.38 would not do).
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
        let text = writeUp.results(group)
        // One story for the network, the seeds on either side of the threshold named in it.
        XCTAssertTrue(text.contains("Each seed's validation loss was lowest in epoch 2, then rose 100.8%, 100.8% and 9.5% by the last epoch "
                                    + "(z = 2.5, 2.5 and 0.4, 2.39 needed: beyond noise in seeds 1 and 2 only)"), text)
        XCTAssertTrue(text.contains("No more validation images turned wrong than right between those epochs (significantly more right in seed 3, McNemar p < 0.0001)."), text)
        XCTAssertTrue(writeUp.setup.contains("a test repeated for each of a network's 3 seeds must pass 5%/3 (Bonferroni: p < 0.017, |z| > 2.39). "
                                             + "z is the mean per-image change in validation loss between two epochs divided by its paired standard error."), writeUp.setup)
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise only in seeds 1 and 2; it is over-confidence on the 10 to 40 validation images "
                                                  + "wrong at either epoch, not a net rise in mistakes."), writeUp.conclusion)
    }

    /// The method is explained once, in the discussion (and at the record's first table); the readings
    /// of two networks that read alike are said once in the conclusion.
    func testTheMethodIsExplainedOnce() throws {
        let shape = (right: [Float](arrayLiteral: 0.1, 0.02, 0.01), wrong: [Float](arrayLiteral: 0.1, 2, 6), errors: [30, 10, 10])
        let groups = [FindingsTests.group(Self.run(right: shape.right, wrong: shape.wrong, errors: shape.errors)),
                      FindingsTests.group(Self.run(right: shape.right, wrong: shape.wrong, errors: shape.errors, title: "MyNet", network: .mynet))]
        let writeUp = WriteUp(groups: groups, facts: try FindingsTests.facts())
        for group in groups { XCTAssertFalse(writeUp.results(group).contains("z compares"), writeUp.results(group)) }
        XCTAssertFalse(try XCTUnwrap(writeUp.curvesText).contains("z compares"))
        XCTAssertEqual(writeUp.setup.components(separatedBy: "z is the mean per-image change").count, 2, "said once, in the setup")
        let findings = try XCTUnwrap(writeUp.findings[.mynet])
        XCTAssertTrue(writeUp.seedTable(findings, first: false).hasPrefix("The same comparison for MyNet, seed by seed:"))
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise; it is over-confidence on the 10 validation images "
                                                  + "wrong at either epoch, not a net rise in mistakes."), writeUp.conclusion)
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
        XCTAssertTrue(table.hasPrefix("| Validation curve | ConvNet | MyNet |"), table)
        XCTAssertTrue(table.contains("| Per seed, from its own lowest epoch: contribution to the change of the mean loss of the images wrong at either epoch | +0.0050 | +0.0400 |"), table)
        let text = try XCTUnwrap(writeUp.curvesText)
        XCTAssertTrue(text.hasPrefix("In every seed of both networks the late rise sits on images misclassified at either epoch"), text)
        XCTAssertTrue(text.contains("Each rise is measured from the seed's lowest of 3 noisy epochs, a selected low point, so it is overstated if anything (the mean curves rise less)."), text)
        XCTAssertFalse(text.contains("fragile"), "the worst images' share was not recorded")
        XCTAssertTrue(table.contains("| … the images wrong at both epochs: how many, their mean loss then → at the end (mean over seeds) | 10, 2.0 → 2.5 | 10, 2.0 → 6.0 |"), table)
        // When the 10 worst images carry more than half the last epoch's loss, z is said to be fragile (the largest share).
        var heavy = groups
        heavy[1].runs[0].epochs[2].valWorstImagesLossShare = 0.64
        heavy[0].runs[0].epochs[2].valWorstImagesLossShare = 0.52
        let heavyText = try XCTUnwrap(WriteUp(groups: heavy, facts: try FindingsTests.facts()).curvesText)
        XCTAssertTrue(heavyText.hasSuffix("With up to 64% of the loss on 10 images, z is fragile near its threshold."), heavyText)
        // One network's rise beyond noise, the other's within: the seeds that pass are named with their network.
        XCTAssertTrue(writeUp.conclusion.contains("The late rise in validation loss passes its noise only in MyNet's seed 1; it is over-confidence on the 10 validation images wrong at "
                                                  + "either epoch, not a net rise in mistakes."), writeUp.conclusion)
    }

    /// The thresholds the readings use: the normal quantile of the level the seeds' tests share.
    func testTheSeedsTestsShareTheFivePercentLevel() {
        XCTAssertEqual(Statistics.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-9)
        XCTAssertEqual(Statistics.normalQuantile(1 - 0.025 / 3), 2.393979, accuracy: 1e-5)
        XCTAssertEqual(Statistics.normalQuantile(0.025), -1.959963984540054, accuracy: 1e-9)
        XCTAssertEqual(Statistics.normalQuantile(0.5), 0, accuracy: 1e-12)
        var change = PairedEpochChange(seed: 1, fromEpoch: 2, toEpoch: 3, losses: ([1, 1, 1, 1], [1, 1, 1, 1]), errors: ([], []))
        XCTAssertEqual(change.zThreshold, 1.96, accuracy: 0.001, "a run on its own: 5%")
        change.testLevel = 0.05 / 3
        XCTAssertEqual(change.zThreshold, 2.394, accuracy: 0.001, "one of three seeds: 5% shared")
    }
}
