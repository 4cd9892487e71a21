import XCTest
import NeuralNet
@testable import Report
@testable import Training

/// The discussion's conclusions follow the numbers: made-up histories with known shapes.
final class DiscussionTests: XCTestCase {
    /// A run whose epochs have these validation losses (training loss falling 1/e, accuracies as given).
    static func run(valLoss: [Double], valAccuracy: [Double]? = nil, trainAccuracy: [Double]? = nil,
                    title: String = "Net", network: NetworkName = .convnet, errors: [Int]? = nil,
                    confusion: [[Int]]? = nil) -> RunMetrics {
        let epochs = valLoss.indices.map { index in
            EpochRecord(epoch: index + 1, trainLoss: 1 / Double(index + 1), trainAccuracy: trainAccuracy?[index] ?? 0.9 + 0.005 * Double(index),
                        valLoss: valLoss[index], valAccuracy: valAccuracy?[index] ?? 0.95, learningRate: 1e-3, seconds: 1)
        }
        let matrix = confusion ?? (0..<10).map { row in (0..<10).map { $0 == row ? 98 : ($0 == (row + 1) % 10 ? 2 : 0) } }
        let total = matrix.flatMap { $0 }.reduce(0, +), correct = matrix.indices.map { matrix[$0][$0] }.reduce(0, +)
        return RunMetrics(
            network: network, title: title, parameters: network == .convnet ? 44_426 : 431_080, seed: 1,
            config: .defaults(for: network), epochs: epochs, batchLosses: [], batchesPerEpoch: 1,
            test: LossAccuracy(loss: 0.03, accuracy: Double(correct) / Double(total)), confusion: matrix, misclassified: [],
            data: DataRecord(directory: "d", sha256: ["t": "x"], checksumsVerified: true, trainImages: 1, valImages: 1, testImages: total),
            timing: TimingRecord(trainSeconds: network == .convnet ? 20 : 120, evaluationSeconds: 1, trainImagesPerSecond: 1,
                                 threads: 2, kernels: "avx2", cpu: "c"),
            codeVersion: "4", weightsSha256: "w", testErrors: errors)
    }

    /// A quick look of one or two epochs gets no trend read into it, and says what would give one.
    func testOneOrTwoEpochsSayTrendsNeedMoreEpochs() throws {
        for losses in [[0.2], [0.3, 0.35]] {
            let groups = [RunGroup(runs: [Self.run(valLoss: losses)], folders: ["runs/convnet"]),
                          RunGroup(runs: [Self.run(valLoss: losses, title: "MyNet", network: .mynet)], folders: ["runs/mynet"])]
            let text = DiscussionSection.text(groups: groups)
            XCTAssertTrue(text.contains("**Net**: trained for \(losses.count) epoch"), text)
            XCTAssertTrue(text.contains("too few to tell whether it was still improving or had begun to overfit"), text)
            XCTAssertTrue(text.contains("Train for at least 3 epochs"), text)
            for verdict in ["overfitting after", "levelled off", "still falling", "rule of thumb"] {
                XCTAssertFalse(text.contains(verdict), "no trend from \(losses.count) points: \(verdict)")
            }
            XCTAssertTrue(text.contains("as long to train on the machine that timed both (c)"), "the comparison stays, naming the timing machine")
        }
        let three = DiscussionSection.text(groups: [RunGroup(runs: [Self.run(valLoss: [0.3, 0.2, 0.25])], folders: ["runs/convnet"])])
        XCTAssertFalse(three.contains("too few to tell"), three)
    }

    func testFallingValidationLossIsNotOverfitting() throws {
        let findings = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.5, 0.3, 0.2, 0.15, 0.12])))
        XCTAssertEqual(findings.trend, .stillFalling)
        let text = DiscussionSection.paragraph(findings)
        XCTAssertTrue(text.contains("still falling"), text)
        XCTAssertFalse(text.contains("overfitting after"), text)
        XCTAssertFalse(text.contains("onset of overfitting"), text)
    }

    func testRisingValidationLossIsOverfittingFromItsMinimum() throws {
        // Lowest 0.10 at epoch 3; last 0.13 is 30% above it, the peak 0.14 (40%) at epoch 4.
        let findings = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.3, 0.2, 0.10, 0.14, 0.13])))
        guard case .overfitting(let epoch, let rise, let peakEpoch, let peakRise) = findings.trend else {
            return XCTFail("\(findings.trend)")
        }
        XCTAssertEqual(epoch, 3)
        XCTAssertEqual(rise, 0.3, accuracy: 1e-12)
        XCTAssertEqual(peakEpoch, 4)
        XCTAssertEqual(peakRise, 0.4, accuracy: 1e-12)
        let text = DiscussionSection.paragraph(findings)
        XCTAssertTrue(text.contains("onset of overfitting is after epoch 3"), text)
        XCTAssertTrue(text.contains("30.0% above the minimum"), text)
    }

    func testASmallRiseIsLevellingOffNotOverfitting() throws {
        // Last 0.102 is 2% above the minimum 0.100: under the 5% rule.
        let findings = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.3, 0.100, 0.101, 0.102])))
        XCTAssertEqual(findings.trend, .levelledOff(lowestEpoch: 2, rise: 0.102 / 0.100 - 1))
        XCTAssertTrue(DiscussionSection.paragraph(findings).contains("levelled off"))
    }

    func testValidationAheadOfTrainingIsExplainedOnlyWhenItHappens() throws {
        let ahead = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.3, 0.2, 0.1], valAccuracy: [0.95, 0.96, 0.97], trainAccuracy: [0.90, 0.97, 0.99])))
        XCTAssertEqual(ahead.validationAheadEpochs, [1])
        XCTAssertTrue(DiscussionSection.paragraph(ahead).contains("In epoch 1 the validation accuracy beat the training accuracy"))
        let behind = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.3, 0.2, 0.1], valAccuracy: [0.90, 0.91, 0.92], trainAccuracy: [0.95, 0.96, 0.97])))
        XCTAssertEqual(behind.validationAheadEpochs, [])
        XCTAssertFalse(DiscussionSection.paragraph(behind).contains("beat the training accuracy"))
    }

    func testTiesAreListedNotHidden() throws {
        let accuracies = [0.95, 0.97, 0.96, 0.97]
        let findings = try XCTUnwrap(RunFindings(Self.run(valLoss: [0.3, 0.2, 0.2, 0.25], valAccuracy: accuracies)))
        XCTAssertEqual(findings.bestValAccuracy.epochs, [2, 4])
        // The default matrix: every digit 98% right, each confused with the next one twice.
        XCTAssertEqual(findings.hardestDigits.digits, Array(0...9))
        XCTAssertEqual(findings.mostConfused.count, 2)
        XCTAssertEqual(findings.mostConfused.pairs.count, 10)
        let text = DiscussionSection.paragraph(findings)
        XCTAssertTrue(text.contains("epochs 2 and 4"), text)
        XCTAssertTrue(text.contains("hardest digits are 0, 1, 2, 3, 4, 5, 6, 7, 8 and 9"), text)
    }

    func testIdenticalPredictionsGiveProbabilityOne() throws {
        let a = Self.run(valLoss: [0.1], errors: [3, 17, 42]), b = Self.run(valLoss: [0.1], title: "Other", network: .mynet, errors: [3, 17, 42])
        let paired = try XCTUnwrap(PairedComparison(a, b))
        XCTAssertEqual(paired.onlyFirst, 0)
        XCTAssertEqual(paired.onlySecond, 0)
        XCTAssertEqual(paired.pValue, 1)
        let text = DiscussionSection.comparison(a, b).joined(separator: "\n")
        XCTAssertTrue(text.contains("p = 1.000"), text)
        XCTAssertTrue(text.contains("not significant"), text)
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
        XCTAssertTrue(DiscussionSection.comparison(a, b).joined().contains("p = 0.013, so the difference of"))
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
    }

    func testForwardPassInWords() throws {
        let facts = try ArchitectureFacts(network: try Network(architecture: .convNet, maxBatch: 1))
        XCTAssertEqual(facts.forwardPassInWords,
                       "1×28×28 → `conv1` 5×5 conv → 6×24×24 → ReLU, max-pool 2 → 6×12×12 → `conv2` 5×5 conv → 16×8×8 → "
                       + "ReLU, max-pool 2 → 16×4×4 → flatten → 256 → `fc1` → 120 → ReLU → `fc2` → 84 → ReLU → `fc3` → 10 "
                       + "logits (softmax in the loss)")
    }
}
