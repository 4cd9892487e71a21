import XCTest
import NeuralNet
@testable import Report
@testable import Training

/// The write-up's readings follow the numbers: made-up histories with known shapes get the right words.
final class FindingsTests: XCTestCase {
    /// A run whose epochs have these validation losses and accuracies (training loss falling 1/e), the
    /// worst images' share of each validation loss when given, and these test errors.
    static func run(valLoss: [Double], valAccuracy: [Double]? = nil, worstShare: [Double]? = nil, seed: UInt64 = 1,
                    title: String = "ConvNet (LeNet-5)", network: NetworkName = .convnet, errors: [Int]? = nil, testAccuracy: Double? = nil) -> RunMetrics {
        let epochs = valLoss.indices.map { index in
            EpochRecord(epoch: index + 1, trainLoss: 1 / Double(index + 1), trainAccuracy: 0.9 + 0.005 * Double(index),
                        valLoss: valLoss[index], valAccuracy: valAccuracy?[index] ?? 0.95, learningRate: 1e-3 / Double(index + 1), seconds: 1,
                        valLossStandardError: worstShare == nil ? nil : 0.001, valWorstImagesLossShare: worstShare?[index])
        }
        let matrix = (0..<10).map { row in (0..<10).map { $0 == row ? 98 : ($0 == (row + 1) % 10 ? 2 : 0) } }
        var config = TrainingConfig.defaults(for: network)
        config.seed = seed
        return RunMetrics(
            network: network, title: title, parameters: network == .convnet ? 44_426 : 431_080, seed: seed,
            config: config, epochs: epochs, batchLosses: [], batchesPerEpoch: 1,
            test: LossAccuracy(loss: 0.03, accuracy: testAccuracy ?? 0.98), confusion: matrix, misclassified: [],
            data: DataRecord(directory: "d", sha256: ["t": "x"], checksumsVerified: true, trainImages: 55_000, valImages: 5_000, testImages: 1_000),
            timing: TimingRecord(trainSeconds: network == .convnet ? 20 : 120, evaluationSeconds: 1, trainImagesPerSecond: 1,
                                 threads: 2, kernels: "avx2", cpu: "c"),
            codeVersion: "4", weightsSha256: "w", testErrors: errors)
    }

    /// ConvNet and MyNet, one run per seed 1, 2, 3, … with the given test accuracies and the same validation curve.
    static func seedGroups(_ curve: [Double], _ conv: [Double], _ my: [Double]) -> [RunGroup] {
        [RunGroup(runs: conv.indices.map { run(valLoss: curve, seed: UInt64($0 + 1), testAccuracy: conv[$0]) }, folders: conv.indices.map { "runs/convnet/seed-\($0 + 1)" }),
         RunGroup(runs: my.indices.map { run(valLoss: curve, seed: UInt64($0 + 1), title: "MyNet", network: .mynet, testAccuracy: my[$0]) },
                  folders: my.indices.map { "runs/mynet/seed-\($0 + 1)" })]
    }

    static func group(_ runs: RunMetrics...) -> RunGroup {
        RunGroup(runs: runs, folders: runs.map { "runs/\($0.network.rawValue)/seed-\($0.seed)" })
    }

    static func facts() throws -> [NetworkName: SummaryTable] {
        [.convnet: try SummaryTable(architecture: .convNet),
         .mynet: try SummaryTable(architecture: .myNet)]
    }

    /// Run against run: McNemar's test of every ConvNet run against every MyNet run (a seed pairs nothing between two designs),
    /// each at 0.05 / 9; the pairings that do not differ, all with one run, name that run and whether it is its network's best.
    func testEveryRunIsComparedWithEveryRunOfTheOtherNetwork() throws {
        let curve = [0.3, 0.2, 0.1]
        // ConvNet's seeds 1 and 3 miss images 0–39, its seed 2 only 0–11; every MyNet run misses 0–9.
        let conv = [(1, 0..<40, 0.96), (2, 0..<12, 0.988), (3, 0..<40, 0.96)].map { seed, errors, accuracy in
            Self.run(valLoss: curve, seed: UInt64(seed), errors: Array(errors), testAccuracy: accuracy)
        }
        let my = (1...3).map { Self.run(valLoss: curve, seed: UInt64($0), title: "MyNet", network: .mynet, errors: Array(0..<10), testAccuracy: 0.99) }
        let writeUp = WriteUp(groups: [Self.group(conv[0], conv[1], conv[2]), Self.group(my[0], my[1], my[2])], facts: try Self.facts())
        let comparison = try XCTUnwrap(writeUp.comparison)
        XCTAssertEqual(comparison.crossPairs.count, 9)
        // 30 images right only for MyNet against ConvNet's seeds 1 and 3 (p = 2 · 0.5³⁰); 2 against its seed 2 (p = 0.5).
        XCTAssertEqual(comparison.crossPairs.map(\.onlySecond), [30, 30, 30, 2, 2, 2, 30, 30, 30])
        XCTAssertEqual(writeUp.crossPairingSentence(comparison), "Run against run on the same test images (McNemar), MyNet's run is significantly better in 6 of the 9 "
                       + "pairings; the three others all involve ConvNet's seed 2, its most accurate run. Each run is in three pairings; "
                       + "they compare trained runs, not designs.")
        // The table gives the design-level answer, the Welch interval; the pairings, which judge runs, are the text's.
        XCTAssertFalse(writeUp.comparisonTable.contains("McNemar"), writeUp.comparisonTable)
        XCTAssertTrue(writeUp.comparisonTable.contains("| Gap in mean test accuracy (MyNet minus ConvNet, 95% Welch interval) | – | +"), writeUp.comparisonTable)
        XCTAssertTrue(writeUp.comparisonText.contains(writeUp.crossPairingSentence(comparison)))
        // Every pairing significant: all of them, and no run named.
        let apart = (1...3).map { Self.run(valLoss: curve, seed: UInt64($0), errors: Array(0..<40), testAccuracy: 0.96) }
        let clear = WriteUp(groups: [Self.group(apart[0], apart[1], apart[2]), Self.group(my[0], my[1], my[2])], facts: try Self.facts())
        XCTAssertEqual(clear.crossPairingSentence(try XCTUnwrap(clear.comparison)),
                       "Run against run on the same test images (McNemar), MyNet's run is significantly better in all 9 pairings. Each run is in three pairings; "
                       + "they compare trained runs, not designs.")
    }

    func testAStillFallingLossIsStillImproving() throws {
        let group = Self.group(Self.run(valLoss: [0.5, 0.3, 0.2, 0.15, 0.12], valAccuracy: [0.95, 0.96, 0.97, 0.975, 0.98]))
        XCTAssertEqual(CurveFindings(group)?.diagnosis, .stillImproving)
        let text = WriteUp(groups: [group], facts: try Self.facts()).results(group)
        XCTAssertTrue(text.contains("still at its lowest in the last epoch (0.1200): no sign of overfitting"), text)
        XCTAssertFalse(text.contains("overfits"), text)
    }

    /// Loss up, accuracy up: the rise is the worst images growing worse (their share rises by more than the rise).
    func testARisingLossWithRisingAccuracyIsAFewConfidentMistakes() throws {
        let group = Self.group(Self.run(valLoss: [0.30, 0.10, 0.12, 0.13], valAccuracy: [0.97, 0.985, 0.988, 0.990],
                                        worstShare: [0.2, 0.40, 0.48, 0.55]))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertEqual(findings.diagnosis, .riseFromFewImages)
        let rest = try XCTUnwrap(findings.restLoss)
        XCTAssertEqual(rest.atLowest, 0.10 * 0.60 * 5000 / 4990, accuracy: 1e-12)
        XCTAssertLessThan(rest.final, rest.atLowest, "the other images' loss fell")
        let text = WriteUp(groups: [group], facts: try Self.facts()).results(group)
        XCTAssertTrue(text.contains("lowest in epoch 2 (0.1000) and ends 30.0% higher (0.1300)"), text)
        XCTAssertTrue(text.contains("went from 98.50% to 99.00%, +0.50 points, beyond two binomial standard errors of one epoch's score (0.28 points)"), text)
        XCTAssertTrue(text.contains("a handful of mistakes made ever more confidently"), text)
        XCTAssertTrue(text.contains("overfitting of the confidence, harmless to the accuracy"), text)
    }

    /// Loss up across the images, accuracy held: overconfidence.
    func testARisingLossAcrossTheImagesWithSteadyAccuracyIsOverconfidence() throws {
        let group = Self.group(Self.run(valLoss: [0.30, 0.10, 0.12, 0.14], valAccuracy: [0.97, 0.985, 0.985, 0.984],
                                        worstShare: [0.2, 0.3, 0.3, 0.3]))
        XCTAssertEqual(CurveFindings(group)?.diagnosis, .overconfident)
        let text = WriteUp(groups: [group], facts: try Self.facts()).results(group)
        XCTAssertTrue(text.contains("The network grows more confident across the images"), text)
    }

    /// Loss up, accuracy down by more than two binomial standard errors: overfitting.
    func testARisingLossWithFallingAccuracyIsOverfitting() throws {
        // 2 × √(0.975 × 0.025 / 5000) = 0.44 points; the accuracy falls 1.0 point.
        let group = Self.group(Self.run(valLoss: [0.30, 0.10, 0.15, 0.20], valAccuracy: [0.97, 0.985, 0.980, 0.975],
                                        worstShare: [0.2, 0.3, 0.3, 0.3]))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertEqual(findings.diagnosis, .overfitting)
        XCTAssertEqual(findings.accuracyNoise, 2 * (0.975 * 0.025 / 5000).squareRoot(), accuracy: 1e-15)
        let writeUp = WriteUp(groups: [group], facts: try Self.facts())
        XCTAssertTrue(writeUp.results(group).contains("so the network overfits after epoch 2"), writeUp.results(group))
        XCTAssertTrue(writeUp.conclusion.contains("Keeping the weights of the lowest validation loss (epoch 2 for ConvNet)"), writeUp.conclusion)
        // A fall within the noise is no overfitting.
        let noisy = Self.group(Self.run(valLoss: [0.30, 0.10, 0.15, 0.20], valAccuracy: [0.97, 0.985, 0.984, 0.983], worstShare: [0.2, 0.3, 0.3, 0.3]))
        XCTAssertEqual(CurveFindings(noisy)?.diagnosis, .overconfident)
    }

    /// A reading given for the first network is referred to for the second, not repeated word for word.
    func testTheSameReadingIsNotRepeated() throws {
        let shape = (loss: [0.30, 0.10, 0.12, 0.13], accuracy: [0.97, 0.985, 0.988, 0.990], share: [0.2, 0.40, 0.48, 0.55])
        let groups = [Self.group(Self.run(valLoss: shape.loss, valAccuracy: shape.accuracy, worstShare: shape.share)),
                      Self.group(Self.run(valLoss: shape.loss, valAccuracy: shape.accuracy, worstShare: shape.share, title: "MyNet", network: .mynet))]
        let writeUp = WriteUp(groups: groups, facts: try Self.facts())
        XCTAssertTrue(writeUp.results(groups[1]).contains("As with ConvNet, the rise is confidence in a few mistakes, not more errors."), writeUp.results(groups[1]))
        // One run per network on a decaying schedule: more seeds and a constant-rate run are both suggested.
        XCTAssertTrue(writeUp.conclusion.contains("- Several seeds, to see how much of the difference is the seed\n- A constant-rate run (12 epochs at 0.001)"), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("ConvNet's and MyNet's validation losses rose after epoch 2"), writeUp.conclusion)
    }

    /// The setup states the noise every change is weighed against, from the runs' own accuracies and
    /// image counts, and the comparison table says where each network's compute and parameters sit.
    func testTheSetupGivesTheBinomialNoiseAndTheDesignsWhereTheWorkIs() throws {
        let groups = [Self.group(Self.run(valLoss: [0.3, 0.2], valAccuracy: [0.98, 0.99], testAccuracy: 0.99)),
                      Self.group(Self.run(valLoss: [0.3, 0.2], valAccuracy: [0.98, 0.99], title: "MyNet", network: .mynet, testAccuracy: 0.99))]
        let writeUp = WriteUp(groups: groups, facts: try Self.facts())
        // √(0.99 · 0.01 / 5,000) = 0.141 points; on 1,000 test images √(0.99 · 0.01 / 1,000) = 0.315 points.
        XCTAssertFalse(writeUp.setup.contains("significant"), writeUp.setup)
        XCTAssertNil(writeUp.testingAppendix, "one run per network: no test to define")
        let table = writeUp.comparisonTable
        // ConvNet: (86,400 + 153,600) / 281,640 = 85%; MyNet: (288,000 + 1,600,000) / 2,293,000 = 82%.
        // fc1 takes 800 features against 256; one hidden fully connected layer (fc1) against two (fc1, fc2).
        XCTAssertTrue(table.contains("| Multiply-adds per image | 281,640 | 2,293,000 (8.1×) |\n| Convolution channels | 6, 16 | 20, 50 |\n"
                                     + "| Features into the first fully connected layer | 256 | 800 |\n| Share of the multiply-adds in the convolutions | 85% | 82% |\n"
                                     + "| Largest layer, share of the parameters | `fc1`, 69% | `fc1`, 93% |\n| Hidden fully connected layers | 2 | 1 |\n"), table)
    }

    /// Three seeds each, MyNet ahead in every one: Welch's interval of the difference of the means, and
    /// the chance of so clean a split.
    func testSeedsGiveAWelchIntervalAndTheChanceOfACleanSplit() throws {
        let curve = [0.3, 0.2, 0.1]
        let conv = [0.990, 0.992, 0.991], my = [0.994, 0.995, 0.993]
        let groups = Self.seedGroups(curve, conv, my)
        let comparison = NetworkComparison(groups[0], groups[1], facts: try Self.facts())
        // Both sds 0.001: standard error √(2 × 0.001²/3) = 0.000816, Welch's ν = 4, t = 2.776.
        XCTAssertEqual(comparison.meanDifference, 0.003, accuracy: 1e-12)
        let interval = try XCTUnwrap(comparison.interval)
        XCTAssertEqual(interval.lower, 0.003 - 2.776 * (2 * 0.000001 / 3).squareRoot(), accuracy: 1e-9)
        XCTAssertTrue(comparison.separated)
        XCTAssertEqual(try XCTUnwrap(comparison.cleanSplitProbability), 2.0 / 20, accuracy: 1e-15, "2 / C(6, 3): either network ahead, as every test is two-sided")
        XCTAssertEqual(comparison.better?.network, .mynet, "the interval excludes zero")
        let writeUp = WriteUp(groups: groups, facts: try Self.facts())
        // The comparison figure's caption says what to see in it.
        XCTAssertEqual(writeUp.comparisonFinding, "Every MyNet run lies above every ConvNet run, and the thick bar of their difference lies above 0.")
        XCTAssertTrue(writeUp.comparisonText.hasPrefix("MyNet's test accuracy is 0.30 points higher, and every MyNet run beat every ConvNet run. These 3 runs per network "
                                                       + "establish the gap: its 95% Welch interval is +0.07 to +0.53 points. Equal designs would give so clean a split "
                                                       + "one time in 10 (p = 0.10, the least a rank test allows with 3 runs each)."),
                      writeUp.comparisonText)
        // 0.6% of the test images wrong against 0.9%: a third fewer errors.
        XCTAssertTrue(writeUp.conclusion.hasPrefix("MyNet is the more accurate network, with 33% fewer test errors (0.30 points; the 95% Welch interval over seeds excludes zero). "
                                                   + "It costs 9.7× the parameters and 8.1× the multiply-adds per image, and took about 6.0× the wall-clock time to train, about 2 min 0 s "
                                                   + "against 20.0 s per run here. MyNet is worth its cost wherever 0.30 points of accuracy justify it."), writeUp.conclusion)
        // Both sds 0.001, a difference of 0.003, 80% power (z = 0.842): 2 seeds each need (4.303 + 0.842) · √(2 · 10⁻⁶ / 2) = 0.0051,
        // 3 seeds (2.776 + 0.842) · 0.000816 = 0.00295, under 0.003.
        XCTAssertEqual(comparison.seedsForPower, 3, "the fewest seeds per network with 80% power at this difference and spread")
        // MyNet differs in three ways (wider convolutions, a larger fc1, one hidden layer fewer) and reaches the same
        // training accuracy: no capacity clause, and the swap that would tell the parts apart.
        // Where each part's cost sits (the shares) is the comparison table's.
        XCTAssertTrue(writeUp.conclusion.contains("MyNet's wider convolutions came with a 13× larger `fc1` "
                                                  + "and one hidden fully connected layer fewer, so these runs cannot tell which design difference helps."), writeUp.conclusion)
        XCTAssertFalse(writeUp.conclusion.contains("capacity"), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("Swapping MyNet's and ConvNet's convolutional parts, to tell which part buys the gain"), writeUp.conclusion)

        // Every MyNet run ahead again, but ConvNet's seeds spread wide: the interval includes zero, and the conclusion
        // weighs the architectures by the seeds (the permutation test), not by counting per-seed McNemar tests.
        let wide = [0.985, 0.995, 0.990], close = [0.996, 0.997, 0.9965]
        let spread = Self.seedGroups(curve, wide, close)
        let unsure = WriteUp(groups: spread, facts: try Self.facts())
        XCTAssertEqual(unsure.comparisonFinding, "Every MyNet run lies above every ConvNet run, yet the thick bar of their difference reaches below 0.")
        let unsureInterval = try XCTUnwrap(try XCTUnwrap(unsure.comparison).interval)
        // How sure, as the interval itself.
        XCTAssertTrue(unsureInterval.lower < 0)
        // The interval is the short answer's and the comparison's; the conclusion says it in words, and the better bet on accuracy.
        XCTAssertTrue(unsure.conclusion.hasPrefix("MyNet scored 0.65 points higher on average, with 65% fewer test errors, "
                                                  + "but these 3 runs per network do not establish the gap. "
                                                  + "It costs 9.7× the parameters and 8.1× the multiply-adds per image, and took about 6.0× the wall-clock time to train, about 2 min 0 s "
                                                  + "against 20.0 s per run here. On accuracy MyNet is the better bet, 65 fewer errors per 10,000 images. More seeds would show "
                                                  + "whether the gain is real."), unsure.conclusion)
        XCTAssertTrue(unsure.comparisonText.contains("These 3 runs per network do not establish the gap: its 95% Welch interval is "
                                                     + "\(Format.signedNumber(unsureInterval.lower)) to \(Format.signedNumber(unsureInterval.upper)) points. "
                                                     + "Equal designs would give so clean a split one time in 10"), unsure.comparisonText)
        // Power planned with ConvNet's wider spread (sd 0.005) for both: a difference of 0.0065 needs 11 seeds each,
        // (t₂₀ 2.086 + 0.842) · √(2 · 0.005² / 11) = 0.0062; 10 give (2.101 + 0.842) · √(2 · 0.005² / 10) = 0.0066.
        XCTAssertTrue(unsure.conclusion.contains("At least 11 seeds per network, for about 80% power (two-sided 5%) if the gap and ConvNet's sd (0.50 points, from 3 runs) hold for both"), unsure.conclusion)
        XCTAssertFalse(unsure.conclusion.contains("McNemar"), unsure.conclusion)
        // The answer first says the gap is not established.
        XCTAssertTrue(unsure.keyFindings?.contains("3 runs per network are too few to establish the gap (95% Welch interval −0.58 to +1.88 points).") ?? false, unsure.keyFindings ?? "nil")
        // Seeds whose time ratios differ (6.0×, 7.2×, 6.0×): the conclusion gives their range, the comparison table their mean
        // (each seed's time is in the table).
        var slower = spread
        slower[1].runs[0].timing.trainSeconds *= 1.2
        let ranged = WriteUp(groups: slower, facts: try Self.facts())
        XCTAssertTrue(ranged.conclusion.contains("8.1× the multiply-adds per image, and took 6.0–7.2× the wall-clock time to train"), ranged.conclusion)
        XCTAssertTrue(ranged.comparisonTable.contains("(6.4×, the mean of the seeds' ratios)"), ranged.comparisonTable)
        // More accurate but with a higher mean test loss: said with the accuracy, and the loss is in the table.
        var overconfident = spread
        for index in overconfident[1].runs.indices { overconfident[1].runs[index].test.loss = 0.04 }
        let calibrated = WriteUp(groups: overconfident, facts: try Self.facts())
        XCTAssertTrue(calibrated.comparisonText.hasSuffix("MyNet's test loss is higher despite its fewer errors (MyNet minus ConvNet: +0.0100, 95% Welch interval +0.0100 to +0.0100)."),
                      calibrated.comparisonText)
        // The recommendation says what the better bet on accuracy is not better at.
        XCTAssertTrue(calibrated.conclusion.contains("On accuracy MyNet is the better bet, 65 fewer errors per 10,000 images; its test loss is no lower, "
                                                     + "as its mistakes are surer."), calibrated.conclusion)
        XCTAssertTrue(calibrated.comparisonTable.contains("| Test loss (mean) | 0.0300 | 0.0400 |"), calibrated.comparisonTable)
        XCTAssertFalse(unsure.conclusion.contains("test loss"), "an equal loss is not remarked on")
        XCTAssertEqual(Statistics.t975(degreesOfFreedom: 2.5), 4.303 + (3.182 - 4.303) * (1 / 2.0 - 1 / 2.5) / (1 / 2.0 - 1 / 3.0), accuracy: 1e-12)
    }

    /// The schedule's low-rate half (the second half of the epochs): how far the training loss fell, the validation
    /// accuracy's change, and how many validation images still changed between right and wrong at its start and end.
    func testTheLowRateHalfIsDescribedAndTheSettlingCounted() throws {
        var run = Self.run(valLoss: [0.3, 0.2, 0.15, 0.14], valAccuracy: [0.9, 0.94, 0.97, 0.972])
        // Epoch 2 → 3: images 0–19 turn right and 50–59 too (30 changes); epoch 3 → 4: images 48 and 49 turn right (2).
        let errors = [Array(0..<100), Array(0..<60), Array(20..<50), Array(20..<48)]
        for index in run.epochs.indices { run.epochs[index].valErrors = errors[index] }
        XCTAssertEqual(run.config.schedule, .cosine)
        // The switches per epoch (the figure draws them): none before the first epoch, then 40, 30 and 2; a run without
        // its validation errors leaves the mean undefined, not computed over fewer seeds.
        let switches = try XCTUnwrap(RunGroup.validationSwitches([run]))
        XCTAssertTrue(switches[0].isNaN)
        XCTAssertEqual(Array(switches.dropFirst()), [40, 30, 2])
        XCTAssertEqual(RunGroup.validationSwitchesByRun([run])?.first, [nil, 40, 30, 2])
        // Two seeds: the mean, and the seeds' range the figure draws as a band (a second seed whose epoch 4 turns 6 images right).
        var second = run
        second.seed = 2
        second.epochs[3].valErrors = Array(20..<44)
        XCTAssertEqual(Array(try XCTUnwrap(RunGroup.validationSwitches([run, second])).dropFirst()), [40, 30, 4])
        let range = try XCTUnwrap(ReportFigures.curves(of: [run, second]).validationSwitchRange)
        XCTAssertEqual(Array(range.lower.dropFirst()), [40, 30, 2])
        XCTAssertEqual(Array(range.upper.dropFirst()), [40, 30, 6])
        var unrecorded = run
        unrecorded.seed = 2
        unrecorded.epochs[2].valErrors = nil
        XCTAssertNil(RunGroup.validationSwitches([run, unrecorded]))
        let writeUp = WriteUp(groups: [Self.group(run)], facts: try Self.facts())
        // Learning rates 1e-3 / epoch; training loss 1 / epoch. The training loss from the epoch before the half (2) to its last
        // (4): 1/2 → 1/4, a fall of 2.0×. The validation accuracy against its best before the half (epoch 2, 94%): 97.2% is
        // 3.20 points above; from epoch 2 to 4, 32 images turned right (0–19 and 48–59) and none wrong, McNemar p = 2 · 0.5³².
        XCTAssertEqual(writeUp.schedule, "In the schedule's second half, epochs 3 to 4 (rate 3.3e-04 → 2.5e-04), the training loss fell 2.0× from epoch 2. "
                       + "Its validation accuracy ended 3.20 points above its best before the half (epoch 2), significantly (McNemar; p = 4.7e-10; "
                       + "tests per seed in [record.md](record.md)). "
                       // The half is also the last: its gain may be the extra epochs'.
                       + "These runs cannot tell the lower rate from the extra epochs.")
        // How the predictions settled is the switching figure's caption's, over the low-rate half the rate is quoted for.
        XCTAssertEqual(writeUp.settlingClause, "30 in epoch 3, only 2 in epoch 4")
        // The low-rate half is also the last: the constant-rate run among the next steps would separate the two.
        XCTAssertTrue(writeUp.conclusion.contains("A constant-rate run (12 epochs at 0.001), to tell the lower rate from the extra epochs"), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("In epochs 3–4 the predictions settled steadily, and validation accuracy rose significantly above its best "
                                                  + "before the half."), writeUp.conclusion)
        // A run that was better before the half than at its end: measured against that best (epoch 1, 97.5%), not against the
        // epoch before the half, whose dip (90%) would pass a recovery off as a gain; from epoch 1's errors (0–24) to epoch 4's
        // (20–47), 20 images turned right and 23 wrong: no improvement.
        var earlier = run
        for (index, accuracy) in [0.975, 0.9, 0.93, 0.972].enumerated() { earlier.epochs[index].valAccuracy = accuracy }
        earlier.epochs[0].valErrors = Array(0..<25)
        let fell = WriteUp(groups: [Self.group(earlier)], facts: try Self.facts())
        let below = try XCTUnwrap(fell.schedule)
        // From epoch 2, where the half begins, the run had dipped (90%): 32 images turned right and none wrong from there, a
        // recovery the strict start does not credit, and which the hand-in leaves to the record; a fall is not tested for a gain.
        XCTAssertTrue(below.contains("Its validation accuracy ended 0.30 points below its best before the half (epoch 1). These runs cannot tell"), below)
        XCTAssertFalse(below.contains("significantly"), below)
        XCTAssertTrue(fell.conclusion.contains("the predictions settled steadily, but validation accuracy ended 0.30 points below its best before the half."), fell.conclusion)
        // The record holds each seed's test, its start and its level.
        // Its best before the half is the half's start: both tests alike.
        XCTAssertEqual(writeUp.lowRateTable?.components(separatedBy: "\n").suffix(1), ["| ConvNet, seed 1 | 2 | 94.00% | 97.20% | 32 / 0 | 4.7e-10 | 94.00% | 32 / 0 | 4.7e-10 |"])
        XCTAssertTrue(fell.lowRateTable?.hasSuffix("| ConvNet, seed 1 | 1 | 97.50% | 97.20% | 20 / 23 | 0.76 | 90.00% | 32 / 0 | 4.7e-10 |") ?? false, fell.lowRateTable ?? "")
        let rendered = MarkdownReport(groups: [Self.group(run)], summaries: [:]).rendered
        XCTAssertEqual(rendered.lowRateTable, writeUp.lowRateTable, "the table the discussion points to goes to the record")
        let record = RecordDocument(groups: [Self.group(run)], summaries: [:], manifest: Manifest(gitCommit: "0", gitDirty: false, swiftVersion: "6", operatingSystem: "Linux",
                                    cpuModel: "x86", logicalCPUs: 2, kernelPaths: "generic", command: "make report"), lowRateTable: rendered.lowRateTable).text
        XCTAssertTrue(record.contains("## The low-rate half seed by seed\n\nThe report's reading of the schedule's low-rate half, epochs 3–4: "), record)
        XCTAssertTrue(record.contains(try XCTUnwrap(writeUp.lowRateTable)), record)
        // Networks whose accuracy moved different ways are given signed.
        XCTAssertEqual(WriteUp.againstBest([0.002, -0.0005]), "+0.20 and −0.05 points against")
        // A constant rate has no low-rate half.
        var constant = run
        constant.config.schedule = .constant
        XCTAssertNil(WriteUp(groups: [Self.group(constant)], facts: try Self.facts()).schedule)
    }

    /// A rise smaller than the seeds differ is levelling off, not a finding.
    func testARiseWithinTheSeedsSpreadIsLevellingOff() throws {
        // Mean 0.095 → 0.0975 (+2.6%); the final losses 0.101 and 0.094 differ by 5.1% (sd over mean).
        let group = Self.group(Self.run(valLoss: [0.3, 0.100, 0.101], seed: 1), Self.run(valLoss: [0.3, 0.090, 0.094], seed: 2))
        let findings = try XCTUnwrap(CurveFindings(group))
        XCTAssertEqual(findings.diagnosis, .levelledOff)
        XCTAssertEqual(try XCTUnwrap(findings.riseNoise), (0.007 * 0.007 / 2).squareRoot() / 0.0975, accuracy: 1e-12)
        let text = WriteUp(groups: [group], facts: try Self.facts()).results(group)
        XCTAssertTrue(text.contains("ends 2.6% higher (0.0975), less than the seeds' final losses differ by 5.1% (sd over mean): the loss levelled off"), text)
    }

    /// Every learning-curve figure has a caption, said in full under the first network's and referred to under the
    /// second's; the switching figure's says what a point counts, where it is drawn and what the shade is.
    func testLearningCurveFiguresAreCaptionedOnceInFull() throws {
        func runs(_ network: NetworkName, _ title: String) -> [RunMetrics] {
            (1...2).map { seed in
                var run = Self.run(valLoss: [0.3, 0.2, 0.1, 0.09], seed: UInt64(seed), title: title, network: network)
                for (index, errors) in [Array(0..<40), Array(0..<20), Array(0..<15), Array(0..<14)].enumerated() { run.epochs[index].valErrors = errors }
                // MyNet fits every training image in its last epoch, in both seeds.
                if network == .mynet { run.epochs[3].trainAccuracy = 1 }
                // Seed 1 already in its third: the band reaches the log axis's floor there while the mean does not.
                if network == .mynet && seed == 1 { run.epochs[2].trainAccuracy = 1 }
                return run
            }
        }
        let groups = [RunGroup(runs: runs(.convnet, "ConvNet (LeNet-5)"), folders: ["a", "b"]), RunGroup(runs: runs(.mynet, "MyNet"), folders: ["c", "d"])]
        let text = MarkdownReport(groups: groups, summaries: [:]).text
        // The training loss never falls below the validation loss here: no finding, only how to read the figure.
        XCTAssertTrue(text.contains("![conv_train](figures/conv_train.png)\n\n*Figure 1. Solid: training, each epoch's mean over its mini-batches, drawn at mid-epoch; "
                                    + "dashed: validation, at each epoch's end; bands: the 2 seeds' range. Error rate = 1 − accuracy (one image in one seed moves the "
                                    + "mean by 0.00091% in training, 0.01% in validation); log axes, shared with MyNet's figure.*"), text)
        XCTAssertTrue(text.contains("![conv_val](figures/conv_val.png)\n\n*Figure 2. The validation curves above (Figure 1), zoomed on linear axes, "
                                    + "shared with MyNet's figure; dotted: each of the 2 seeds, a lightness of its own, numbered at both ends, a diamond at its lowest loss; pale dashed: MyNet's mean, "
                                    + "for comparison; one image is 0.02% "
                                    + "of a seed's error rate.*"), text)
        XCTAssertTrue(text.contains("![mynet_train](figures/mynet_train.png)\n\n*Figure 3. As ConvNet's figure (Figure 1), on the same axes; a hollow marker on 0: no seed made a training error that epoch; "
                                    + "a band down to 0: some seed made none.*"), text)
        XCTAssertTrue(text.contains("![mynet_val](figures/mynet_val.png)\n\n*Figure 4. As ConvNet's figure (Figure 2), on the same axes; pale dashed: ConvNet's mean.*"), text)
        // Four epochs: the low-rate half is epochs 3–4, drawn from x = 2.
        XCTAssertTrue(text.contains("![curves_compared](figures/curves_compared.png)\n\n*Figure 9. Left: validation images (of 5,000) turning right↔wrong during an epoch, "
                                    + "drawn at its middle (epoch 1 has none): per seed, 5 (ConvNet) and 5 (MyNet) in epoch 3, only 1 and 1 in epoch 4. Under it "
                                    + "the learning rate, shaded in its second half, epochs 3–4. Right: validation accuracy. Bands: the seeds' range.*"), text)
        // A network whose mean accuracy is above the other's in every epoch: the caption says what to see on the right.
        var ahead = groups
        for run in ahead[1].runs.indices { for epoch in ahead[1].runs[run].epochs.indices { ahead[1].runs[run].epochs[epoch].valAccuracy += 0.001 } }
        XCTAssertTrue(WriteUp(groups: ahead, facts: try Self.facts()).switchingCaption?.contains("Right: validation accuracy, MyNet's above ConvNet's in every epoch.") ?? false)
        // Without the validation errors the figure draws the losses instead, and the caption about switches goes.
        let unrecorded = groups.map { group in RunGroup(runs: group.runs.map { run in var run = run; for index in run.epochs.indices { run.epochs[index].valErrors = nil }; return run },
                                                        folders: group.folders) }
        XCTAssertNil(WriteUp(groups: unrecorded, facts: try Self.facts()).switchingCaption)
    }

    /// The training figure's caption says what it shows: from which epoch the training loss stays below the validation
    /// loss, where it ends (against the first network's for the second) and the validation loss's range meanwhile.
    func testTrainingCaptionSaysFromWhenTheTrainingLossStaysBelowTheValidationLoss() throws {
        func group(_ network: NetworkName, _ title: String, trainLoss: [Double]) -> RunGroup {
            var run = Self.run(valLoss: [0.3, 0.2, 0.1, 0.12], title: title, network: network)
            for (index, loss) in trainLoss.enumerated() { run.epochs[index].trainLoss = loss }
            return RunGroup(runs: [run], folders: [network.rawValue])
        }
        // ConvNet's 0.25 is above the validation loss's 0.2 in epoch 2, its 0.05 below 0.1 in epoch 3; MyNet's dips below in
        // epoch 1, is above in epoch 2 and stays below from epoch 3, ending 10× below ConvNet's.
        let groups = [group(.convnet, "ConvNet (LeNet-5)", trainLoss: [0.5, 0.25, 0.05, 0.01]), group(.mynet, "MyNet", trainLoss: [0.2, 0.25, 0.01, 0.001])]
        let writeUp = WriteUp(groups: groups, facts: try Self.facts())
        XCTAssertEqual(writeUp.trainingFinding(groups[0]),
                       "From epoch 3 on, each epoch's training loss lies below its validation loss and falls to 0.0100, while the validation loss stays within 0.1000–0.1200.")
        XCTAssertEqual(writeUp.trainingFinding(groups[1]),
                       "From epoch 3 on, each epoch's training loss lies below its validation loss and falls to 0.0010, 10× below ConvNet's, "
                        + "while the validation loss stays within 0.1000–0.1200.")
        XCTAssertTrue(writeUp.trainingCaption(groups[1]).hasSuffix("10× below ConvNet's, while the validation loss stays within 0.1000–0.1200.*"))
        // A training loss that ends above the validation loss never parted from it: the caption only says how to read the figure.
        let above = [group(.convnet, "ConvNet (LeNet-5)", trainLoss: [0.5, 0.25, 0.15, 0.13])]
        XCTAssertNil(WriteUp(groups: above, facts: try Self.facts()).trainingFinding(above[0]))
    }

    /// The results read the curves' shape on the mean curve: the epoch from which the validation loss stays within the range
    /// it then entered, the training loss's course meanwhile and the gap at the end; said as still improving when the
    /// validation loss fell every epoch. What the training loss is, is said at the first network only.
    func testTheResultsReadTheCurvesShape() throws {
        func group(_ network: NetworkName, _ title: String, valLoss: [Double], trainLoss: [Double]) -> RunGroup {
            var run = Self.run(valLoss: valLoss, title: title, network: network)
            for (index, loss) in trainLoss.enumerated() { run.epochs[index].trainLoss = loss }
            return RunGroup(runs: [run], folders: [network.rawValue])
        }
        // Epochs 1 and 2 lie above every later loss; from epoch 3 the loss stays within 0.10–0.12.
        let levelled = [group(.convnet, "ConvNet (LeNet-5)", valLoss: [0.3, 0.2, 0.1, 0.12], trainLoss: [0.5, 0.25, 0.05, 0.01]),
                        group(.mynet, "MyNet", valLoss: [0.3, 0.2, 0.1], trainLoss: [0.5, 0.2, 0.05])]
        let writeUp = WriteUp(groups: levelled, facts: try Self.facts())
        XCTAssertEqual(writeUp.curveShape(levelled[0]),
                       "The validation loss fell to its lowest by epoch 3 (0.1000) and ended at 0.1200, while the training loss (each epoch's mean over "
                        + "its mini-batches) kept falling, to 0.0100.")
        // Falling every epoch: still improving, and the training loss is not explained again.
        XCTAssertEqual(writeUp.curveShape(levelled[1]),
                       "The validation loss fell in every epoch, to 0.1000: it was still improving at the end, as was the training loss, which ended at 0.0500.")
        // Lowest in the first epoch, with a training loss that ends where it was: no fall claimed.
        let flat = [group(.convnet, "ConvNet (LeNet-5)", valLoss: [0.1, 0.12, 0.11], trainLoss: [0.2, 0.2, 0.2])]
        XCTAssertEqual(WriteUp(groups: flat, facts: try Self.facts()).curveShape(flat[0]),
                       "The validation loss was lowest in epoch 1 (0.1000) and ended at 0.1100, while the training loss (each epoch's mean over its "
                        + "mini-batches) ended at 0.2000.")
        // Into its range by epoch 2, lowest later, in epoch 4: the low and the end against it, as MyNet's curve reads.
        let later = [group(.convnet, "ConvNet (LeNet-5)", valLoss: [0.3, 0.12, 0.11, 0.1, 0.125], trainLoss: [0.3, 0.1, 0.05, 0.02, 0.01])]
        XCTAssertEqual(WriteUp(groups: later, facts: try Self.facts()).curveShape(later[0]),
                       "The validation loss fell to 0.1200 by epoch 2, was lowest in epoch 4 (0.1000) and ended at 0.1250, while the training loss "
                        + "(each epoch's mean over its mini-batches) kept falling, to 0.0100.")
        XCTAssertNil(WriteUp(groups: [group(.convnet, "ConvNet (LeNet-5)", valLoss: [0.3, 0.2], trainLoss: [0.3, 0.2])], facts: try Self.facts())
                        .curveShape(group(.convnet, "ConvNet (LeNet-5)", valLoss: [0.3, 0.2], trainLoss: [0.3, 0.2])), "two epochs are no shape")
    }

    /// Equal accuracies: neither network is called better.
    func testATieNamesNoWinner() throws {
        let groups = [Self.group(Self.run(valLoss: [0.3, 0.2, 0.1], seed: 1, testAccuracy: 0.99), Self.run(valLoss: [0.3, 0.2, 0.1], seed: 2, testAccuracy: 0.992)),
                      Self.group(Self.run(valLoss: [0.3, 0.2, 0.1], seed: 1, title: "MyNet", network: .mynet, testAccuracy: 0.992),
                                 Self.run(valLoss: [0.3, 0.2, 0.1], seed: 2, title: "MyNet", network: .mynet, testAccuracy: 0.99))]
        let writeUp = WriteUp(groups: groups, facts: try Self.facts())
        XCTAssertNil(writeUp.comparison?.better)
        XCTAssertTrue(writeUp.conclusion.hasPrefix("Neither network is clearly better"), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("\n- More seeds"), writeUp.conclusion)
    }

    /// One or two epochs get no trend read into them, and say what would give one.
    func testOneOrTwoEpochsSayTrendsNeedMoreEpochs() throws {
        for losses in [[0.2], [0.3, 0.35]] {
            let groups = [Self.group(Self.run(valLoss: losses)), Self.group(Self.run(valLoss: losses, title: "MyNet", network: .mynet))]
            let writeUp = WriteUp(groups: groups, facts: try Self.facts())
            let text = writeUp.results(groups[0])
            XCTAssertTrue(text.contains("there is no trend to read"), text)
            XCTAssertTrue(text.contains("needs at least 3 epochs"), text)
            for verdict in ["overfits", "confident mistakes", "still at its lowest"] {
                XCTAssertFalse(text.contains(verdict) || writeUp.conclusion.contains(verdict), "no trend from \(losses.count) points: \(verdict)")
            }
            XCTAssertFalse(writeUp.comparisonText.contains("different CPUs"), "one machine timed them all")
        }
    }

    func testIdenticalPredictionsGiveProbabilityOne() throws {
        let a = Self.run(valLoss: [0.1], errors: [3, 17, 42]), b = Self.run(valLoss: [0.1], title: "Other", network: .mynet, errors: [3, 17, 42])
        let paired = try XCTUnwrap(PairedComparison(a, b))
        XCTAssertEqual(paired.onlyFirst, 0)
        XCTAssertEqual(paired.onlySecond, 0)
        XCTAssertEqual(paired.pValue, 1)
        let writeUp = WriteUp(groups: [Self.group(a), Self.group(b)], facts: try Self.facts())
        XCTAssertTrue(writeUp.comparisonText.contains("Of the 1,000 test images, 0 are right only for Other and 0 only for ConvNet (McNemar's exact p = 1.00)."), writeUp.comparisonText)
    }

    func testALargeDisagreementIsSignificant() throws {
        // The first gets 12 images wrong that the second gets right, the second 2 the first gets right:
        // b = 2 (only first right), c = 12; p = 2·(1 + 14 + 91)/2^14 = 212/16384 = 0.0129.
        let firstErrors = Array(100..<112) + [1, 2, 3], secondErrors = [1, 2, 3, 200, 201]
        let a = Self.run(valLoss: [0.1], errors: firstErrors), b = Self.run(valLoss: [0.1], title: "Other", network: .mynet, errors: secondErrors)
        let paired = try XCTUnwrap(PairedComparison(a, b))
        XCTAssertEqual(paired.onlyFirst, 2)
        XCTAssertEqual(paired.onlySecond, 12)
        XCTAssertEqual(paired.pValue, 212.0 / 16384.0)
        XCTAssertTrue(paired.isSignificant)
        let writeUp = WriteUp(groups: [Self.group(a), Self.group(b)], facts: try Self.facts())
        XCTAssertTrue(writeUp.comparisonText.contains("12 are right only for Other and 2 only for ConvNet (McNemar's exact p = 0.013)."), writeUp.comparisonText)
        XCTAssertTrue(writeUp.errors?.contains("In seed 1, 3 of Other's 5 mistakes are ConvNet's too") == true, writeUp.errors ?? "")
    }

    /// The comparison figure's intervals: a mean's t interval, Welch's for a difference of means, and a paired
    /// difference of two runs' accuracies on the same images.
    func testTheComparisonFiguresIntervals() throws {
        let mean = try XCTUnwrap(Statistics.meanInterval([1, 2, 3]))
        // sd 1, t(2) = 4.303: 2 ± 4.303/√3.
        XCTAssertEqual(mean.mean, 2)
        XCTAssertEqual(mean.upper - mean.mean, 4.303 / 3.0.squareRoot(), accuracy: 1e-12)
        XCTAssertNil(Statistics.meanInterval([1]), "no spread from one value")
        let welch = try XCTUnwrap(Statistics.welchInterval([1, 2, 3], [2, 4, 6]))
        // Variances 1/3 and 4/3, ν = (5/3)² / ((1/9 + 16/9) / 2) = 2.94.
        let nu = (5.0 / 3) * (5.0 / 3) / ((1.0 / 9 + 16.0 / 9) / 2)
        XCTAssertEqual(welch.difference, 2)
        XCTAssertEqual(welch.upper - welch.difference, Statistics.t975(degreesOfFreedom: nu) * (5.0 / 3).squareRoot(), accuracy: 1e-12)
        // 12 images right only for the second run, 2 only for the first, of 1,000: +1.0 point, standard error √(14 − 10²/1,000)/1,000.
        let firstErrors = Array(100..<112) + [1, 2, 3], secondErrors = [1, 2, 3, 200, 201]
        let paired = try XCTUnwrap(PairedComparison(Self.run(valLoss: [0.1], errors: firstErrors),
                                                    Self.run(valLoss: [0.1], title: "Other", network: .mynet, errors: secondErrors)))
        let difference = paired.difference(z: 2)
        XCTAssertEqual(difference.value, 0.01, accuracy: 1e-15)
        XCTAssertEqual(difference.upper - difference.value, 2 * 13.9.squareRoot() / 1000, accuracy: 1e-12)
        let figure = try ReportFigures.renderComparison(groups: [[Self.run(valLoss: [0.1], errors: firstErrors)],
                                                                 [Self.run(valLoss: [0.1], title: "Other", network: .mynet, errors: secondErrors)]], format: .svg)[0]
        XCTAssertEqual(figure.name, "comparison.svg")
        XCTAssertTrue(String(decoding: figure.bytes, as: UTF8.self).contains("</svg>"))
    }

    /// Where the networks' test errors differ, without the test labels: a digit whose difference of summed errors
    /// exceeds 2.81√(a + b), said to be lenient; the worse network's most frequent confusion; and training times that
    /// mix thread counts shown seed by seed.
    func testTheErrorsAreComparedDigitByDigitAndTimesAreNotAveragedOverThreadCounts() throws {
        var conv = [Self.run(valLoss: [0.1], seed: 1), Self.run(valLoss: [0.1], seed: 2)]
        var my = [Self.run(valLoss: [0.1], seed: 1, title: "MyNet", network: .mynet), Self.run(valLoss: [0.1], seed: 2, title: "MyNet", network: .mynet)]
        // ConvNet takes 4 for 9 thirty times in each seed, MyNet twice: 60 against 4 errors on 4s over the seeds.
        for index in conv.indices { conv[index].confusion[4][9] = 30; conv[index].confusion[4][4] -= 30 }
        for index in my.indices { my[index].confusion[4][9] = 2; my[index].confusion[4][4] -= 2 }
        conv[1].timing.threads = 1
        my[1].timing.threads = 1
        let writeUp = WriteUp(groups: [Self.group(conv[0], conv[1]), Self.group(my[0], my[1])], facts: try Self.facts())
        let errors = try XCTUnwrap(writeUp.errors)
        // Each seed's matrix has 20 errors (2 per digit) besides: 40 + 60 = 100 against 40 + 4 = 44.
        XCTAssertTrue(errors.hasPrefix("Over the 2 seeds, ConvNet made 100 test errors and MyNet 44."), errors)
        // 4: 64 against 8 errors, 56 > 2.81√72 = 24 (Bonferroni over ten digits); every other digit 4 against 4.
        // ConvNet's commonest confusion, 4 taken for 9, is the gap's digit: said within its sentence, not again.
        // Seed by seed too (32 against 4 in each), so that a sum carried by one seed would show.
        XCTAssertTrue(errors.contains("Digit 4 shows the clearest gap: ConvNet misread test 4s 64 times and MyNet 8 times (32 and 32 against 4 and 4 per seed), 60 and 4 of them as 9, the only digit to pass "
                                      + "the bar for error counts a and b to differ, 2.81√(a + b) (sign test, Bonferroni over 10 digits; lenient, as seeds reuse the test images)."), errors)
        XCTAssertFalse(errors.contains("commonest confusion"), errors)
        XCTAssertEqual(RunGroup.summedConfusion(conv)[4][9], 60)
        XCTAssertTrue(writeUp.comparisonTable.contains("| Training time per seed (2 and 1 threads) | 20.0 s, 20.0 s | 2 min 0 s, 2 min 0 s (6.0× and 6.0× per seed) |"),
                      writeUp.comparisonTable)
        // A seed whose two runs had different threads: no thread count speaks for the seed, and the ratio is not taken.
        my[0].timing.threads = 1
        let mixed = WriteUp(groups: [Self.group(conv[0], conv[1]), Self.group(my[0], my[1])], facts: try Self.facts())
        XCTAssertTrue(mixed.comparisonTable.contains("| Training time per seed (threads differ; each run's in the record) | 20.0 s, 20.0 s | 2 min 0 s, 2 min 0 s"), mixed.comparisonTable)
    }

    /// With the test labels each test image is one observation: per digit, the images one network misses in more of its
    /// seeds than the other, against those the other way round, by a sign test at the Bonferroni level over the digits.
    func testTheDigitsAreComparedImageByImageWithTheTestLabels() throws {
        let labels = (0..<1_000).map { UInt8($0 / 100) }  // 100 images of each digit, in order
        // ConvNet misses 30 of the 4s in seed 1 and 20 of them in seed 2; MyNet two 4s in seed 1 and six 5s in seed 2.
        let conv = [Self.run(valLoss: [0.1], seed: 1, errors: Array(400..<430)), Self.run(valLoss: [0.1], seed: 2, errors: Array(400..<420))]
        let my = [Self.run(valLoss: [0.1], seed: 1, title: "MyNet", network: .mynet, errors: [400, 401]),
                  Self.run(valLoss: [0.1], seed: 2, title: "MyNet", network: .mynet, errors: Array(500..<506))]
        let writeUp = WriteUp(groups: [Self.group(conv[0], conv[1]), Self.group(my[0], my[1])], facts: try Self.facts(), testLabels: labels)
        let digits = try XCTUnwrap(writeUp.digitComparisons(try XCTUnwrap(writeUp.comparison)))
        // 4s: 400 and 401 missed in 2 of 2 ConvNet seeds against 1 of 2 MyNet seeds, 402–429 by ConvNet only: 30 against 0.
        XCTAssertEqual(digits[4].worseFirst, 30)
        XCTAssertEqual(digits[4].worseSecond, 0)
        XCTAssertEqual(digits[4].p, 2 * pow(0.5, 30), accuracy: 1e-15)
        // 5s: six images missed by MyNet only, p = 2/64 = 0.031: not below 0.05/10.
        XCTAssertEqual(digits[5].worseFirst, 0)
        XCTAssertEqual(digits[5].worseSecond, 6)
        XCTAssertEqual(digits[5].p, 2.0 / 64, accuracy: 1e-15)
        XCTAssertEqual(digits[0].p, 1)
        let errors = try XCTUnwrap(writeUp.errors)
        XCTAssertTrue(errors.contains("Of the test 4s, 30 are missed more often by one network than the other, all of them by ConvNet "
                                      + "(sign test, p < 0.0001; like McNemar's, a finding about these trained models). No other digit passes p < 0.005."), errors)
        XCTAssertFalse(errors.contains("lenient"), errors)
        // Every ConvNet run against every MyNet run (a seed pairs nothing between two designs): among the four pairings the
        // same-seed ones (seed 1: 0 against 28; seed 2: 6 against 20), each pairing tested at 0.05 / 4.
        let cross = try XCTUnwrap(writeUp.comparison).crossPairs
        XCTAssertEqual(cross.map { "\($0.seed)-\($0.secondSeed)" }, ["1-1", "1-2", "2-1", "2-2"])
        XCTAssertEqual(cross.filter { $0.seed == $0.secondSeed }.map { [$0.onlyFirst, $0.onlySecond] }, [[0, 28], [6, 20]])
        XCTAssertLessThan(Statistics.exactMcNemar(onlyFirst: 6, onlySecond: 20), 0.05 / 4, "20 against 6 passes the shared level")
        XCTAssertTrue(writeUp.comparisonTable.contains("| Gap in mean test accuracy (MyNet minus ConvNet, 95% Welch interval) | – | +"), writeUp.comparisonTable)
        XCTAssertFalse(writeUp.comparisonTable.contains("| |"), "no row leaves a network's cell empty")
        // Labels of another test set (a different count) are not used.
        let other = WriteUp(groups: writeUp.groups, facts: writeUp.facts, testLabels: Array(labels.prefix(999)))
        XCTAssertNil(other.digitComparisons(try XCTUnwrap(other.comparison)))
        XCTAssertTrue(try XCTUnwrap(other.errors).contains("lenient"))
    }

    /// When one digit carries a significant gap, the discussion says so once, with what the worse network takes it for;
    /// the conclusion leaves which design difference buys it to the swap among the next steps.
    func testAGapCarriedByOneDigitIsSaidOnceAndLeftToTheSwap() throws {
        let labels = (0..<1_000).map { UInt8($0 / 100) }
        var conv = [Self.run(valLoss: [0.1], seed: 1, errors: Array(400..<430), testAccuracy: 0.970),
                    Self.run(valLoss: [0.1], seed: 2, errors: Array(400..<420), testAccuracy: 0.971)]
        for index in conv.indices { conv[index].confusion[4][9] = 15; conv[index].confusion[4][4] -= 15 }
        let my = [Self.run(valLoss: [0.1], seed: 1, title: "MyNet", network: .mynet, errors: [400, 401], testAccuracy: 0.990),
                  Self.run(valLoss: [0.1], seed: 2, title: "MyNet", network: .mynet, errors: Array(500..<506), testAccuracy: 0.991)]
        let writeUp = WriteUp(groups: [Self.group(conv[0], conv[1]), Self.group(my[0], my[1])], facts: try Self.facts(), testLabels: labels)
        let comparison = try XCTUnwrap(writeUp.comparison)
        XCTAssertEqual(comparison.better?.network, .mynet)
        XCTAssertEqual(try XCTUnwrap(writeUp.significantDigits(comparison)).significant, [4])
        // 15 of ConvNet's 4s taken for 9 in each seed: 30 of its 50 digit-4 errors.
        let errors = try XCTUnwrap(writeUp.errors)
        XCTAssertTrue(errors.contains("Digit 4 shows the clearest gap: "), errors)
        XCTAssertTrue(errors.contains("30 and \(writeUp.groups[1].summedConfusion[4][9]) of them as 9"), errors)
        XCTAssertFalse(writeUp.conclusion.contains("4s"), "the digit is the discussion's, said once: \(writeUp.conclusion)")
        XCTAssertTrue(writeUp.conclusion.contains("MyNet's wider convolutions came with"), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains(", so these runs cannot tell which design difference helps."), writeUp.conclusion)
        XCTAssertTrue(writeUp.conclusion.contains("\n- Swapping MyNet's and ConvNet's convolutional parts, to tell which part buys the gain\n"), writeUp.conclusion)
        XCTAssertFalse((writeUp.conclusion + errors).contains("hypothesis"), "no design difference is credited before the swap")
    }

    /// Test errors over seeds: the distinct images they fall on, the core every seed gets wrong, and the rest that
    /// vary with the seed, which is where the gap between these networks lies.
    func testTheErrorsThatVaryWithTheSeedAreToldFromTheCore() throws {
        let conv = [Self.run(valLoss: [0.1], seed: 1, errors: [1, 2, 3, 4]), Self.run(valLoss: [0.1], seed: 2, errors: [1, 2, 5, 6])]
        let my = [Self.run(valLoss: [0.1], seed: 1, title: "MyNet", network: .mynet, errors: [1, 2]),
                  Self.run(valLoss: [0.1], seed: 2, title: "MyNet", network: .mynet, errors: [1, 2, 7])]
        let writeUp = WriteUp(groups: [Self.group(conv[0], conv[1]), Self.group(my[0], my[1])], facts: try Self.facts())
        let comparison = try XCTUnwrap(writeUp.comparison)
        let spread = try XCTUnwrap(writeUp.errorSpread(comparison))
        // ConvNet: 8 errors on {1…6}, {1, 2} in both seeds, 8 − 2·2 = 4 that vary; MyNet: 5 on {1, 2, 7}, {1, 2}, 1.
        XCTAssertEqual([spread.first.total, spread.first.distinct, spread.first.core, spread.first.variable], [8, 6, 2, 4])
        XCTAssertEqual([spread.second.total, spread.second.distinct, spread.second.core, spread.second.variable], [5, 3, 2, 1])
        // The gap lies in the errors that vary with the seed (4 against 1, the core 2 against 2): the usual case, left to the table.
        XCTAssertTrue(writeUp.gapLiesInVaryingErrors(spread))
        XCTAssertFalse(try XCTUnwrap(writeUp.errors).contains("every seed misses"), writeUp.errors ?? "")
        XCTAssertTrue(writeUp.comparisonTable.hasSuffix("| Test errors over the 2 seeds (distinct images) | 8 (6) | 5 (3) |\n| Test images every seed misses | 2 | 2 |"),
                      writeUp.comparisonTable)
    }

    func testStudentNotesAreSplitAtTheirHeadings() {
        let notes = StudentNotes("reminder, not copied\n## Discussion\nMine.\n\n```\n## not a heading\n```\n## Extra\n<!-- replaces the generated section -->\nMore.\n\n")
        XCTAssertEqual(notes.sections.map(\.heading), ["Discussion", "Extra"])
        XCTAssertEqual(notes.sections[0].text, "## Discussion\nMine.\n\n```\n## not a heading\n```\n")
        XCTAssertFalse(notes.sections[0].replacesGenerated)
        XCTAssertTrue(notes.sections[1].replacesGenerated)
    }

    func testWilsonIntervalsAgainstWorkedValues() {
        // 0 of 10: centre z²/(2n)/(1 + z²/n) = 0.19208/1.38415 = 0.13877, half the same: (0, 0.27753).
        let none = Statistics.wilsonInterval(successes: 0, trials: 10)
        XCTAssertEqual(none.lower, 0)
        XCTAssertEqual(none.upper, 0.27753, accuracy: 1e-5)
        // 10 of 10 mirrors it: (0.72247, 1).
        let all = Statistics.wilsonInterval(successes: 10, trials: 10)
        XCTAssertEqual(all.lower, 0.72247, accuracy: 1e-5)
        XCTAssertEqual(all.upper, 1)
        // 50 of 100: centre 0.5, half 1.96·√(0.0025 + 0.000096)/1.038415 = 0.09617.
        let half = Statistics.wilsonInterval(successes: 50, trials: 100)
        XCTAssertEqual(half.lower, 0.40383, accuracy: 1e-5)
        XCTAssertEqual(half.upper, 0.59617, accuracy: 1e-5)
    }

    func testExactMcNemarAgainstWorkedValues() {
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 0, onlySecond: 0), 1)
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 1, onlySecond: 9), 22.0 / 1024.0)   // 2·(1 + 10)/2^10
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 9, onlySecond: 1), 22.0 / 1024.0)   // symmetric
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 5, onlySecond: 5), 1)               // 2·638/1024 > 1
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 0, onlySecond: 3), 0.25)            // 2/8
        // Thousands of discordant images neither overflow nor lose the answer.
        XCTAssertEqual(Statistics.exactMcNemar(onlyFirst: 1000, onlySecond: 1000), 1)
        XCTAssertLessThan(Statistics.exactMcNemar(onlyFirst: 900, onlySecond: 1100), 1e-5)
        XCTAssertGreaterThan(Statistics.exactMcNemar(onlyFirst: 900, onlySecond: 1100), 0)
    }

    func testSummaryOnKnownNumbers() throws {
        // 99.09, 99.16, 99.21: mean 99.1533…, deviations −0.0633, 0.0067, 0.0567; squares sum 0.007267;
        // / 2 = 0.003633; sd = 0.06028.
        let summary = try XCTUnwrap(Statistics.summary([99.09, 99.16, 99.21]))
        XCTAssertEqual(summary.count, 3)
        XCTAssertEqual(summary.mean, 99.153333, accuracy: 1e-6)
        XCTAssertEqual(summary.standardDeviation, 0.060277, accuracy: 1e-6)
        XCTAssertEqual(summary.minimum, 99.09)
        XCTAssertEqual(summary.maximum, 99.21)
        XCTAssertEqual(Statistics.summary([5])?.standardDeviation, 0, "one value has no spread")
        XCTAssertNil(Statistics.summary([]))
    }

    func testNumberFormats() {
        XCTAssertEqual(Format.loss(0.03934), "0.0393")
        XCTAssertEqual(Format.loss(0.0000741), "7.4e-05")
        XCTAssertEqual(Format.percent(0.99995), "99.995%", "never 100.00% unless it is")
        XCTAssertEqual(Format.percent(1), "100.00%")
        XCTAssertEqual(Format.percent(0.9911), "99.11%")
        XCTAssertEqual(Format.percent(0.00001), "0.001%")
        XCTAssertEqual(Format.list(["a", "b", "c"]), "a, b and c")
        // Ratios: one decimal below 10, whole from there on.
        XCTAssertEqual(Format.ratio(9.7), "9.7×")
        XCTAssertEqual(Format.ratio(9.96), "10×")
        XCTAssertEqual(Format.ratio(61.9), "62×")
        XCTAssertEqual(Format.ratio(105.6), "106×")
        XCTAssertEqual(Format.ratio(1_260.4), "1,260×")
    }

    func testForwardPassInWords() throws {
        let facts = try SummaryTable(architecture: .convNet)
        XCTAssertEqual(facts.forwardPassInWords,
                       "1×28×28 → `conv1` 5×5 conv → 6×24×24 → ReLU, max-pool 2 → 6×12×12 → `conv2` 5×5 conv → 16×8×8 → "
                       + "ReLU, max-pool 2 → 16×4×4 → flatten → 256 → `fc1` → 120 → ReLU → `fc2` → 84 → ReLU → `fc3` → 10 "
                       + "logits (softmax in the loss)")
    }
}
