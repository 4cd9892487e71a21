import Foundation
import XCTest
@testable import Pipeline
@testable import Training

/// `digits verify`'s comparison of a saved run with its retraining, on synthetic metrics (no training).
final class RunVerificationTests: XCTestCase {
    /// A small but complete run: three epochs of four mini-batches each.
    static func sampleMetrics() -> RunMetrics {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 3
        config.trainLimit = 256
        config.validationSize = 500
        let epochs = (1...3).map { (epoch: Int) -> EpochRecord in
            let number = Double(epoch)
            let valLoss = epoch == 2 ? 0.0412345 : 0.9 / number
            return EpochRecord(epoch: epoch, trainLoss: 1 / number, trainAccuracy: 0.5 + 0.1 * number, valLoss: valLoss,
                               valAccuracy: 0.55 + 0.1 * number, learningRate: 1e-3 / number, seconds: 1.5,
                               valLossStandardError: 0.002 / number, valWorstImagesLossShare: 0.3 + 0.01 * number)
        }
        let confusion: [[Int]] = (0..<10).map { row in (0..<10).map { column in row == column ? 980 : (row + column) % 3 } }
        let hashes = ["train-images-idx3-ubyte": String(repeating: "a1", count: 32), "t10k-labels-idx1-ubyte": String(repeating: "b2", count: 32)]
        return RunMetrics(
            network: .convnet, title: "ConvNet (LeNet-5)", parameters: 44_426, seed: 1, config: config, epochs: epochs,
            batchLosses: (0..<12).map { (index: Int) -> Double in 2.3 - 0.1 * Double(index) }, batchesPerEpoch: 4,
            test: LossAccuracy(loss: 0.0321, accuracy: 0.9876), confusion: confusion,
            misclassified: [Misclassification(index: 7, label: 3, predicted: 5, probability: 0.91, pixels: "AAAA"),
                            Misclassification(index: 42, label: 9, predicted: 4, probability: 0.6, pixels: "BBBB")],
            data: DataRecord(directory: "data/mnist", sha256: hashes, checksumsVerified: true, trainImages: 256, valImages: 500, testImages: 10_000),
            timing: TimingRecord(trainSeconds: 4.5, evaluationSeconds: 0.2, trainImagesPerSecond: 170, threads: 2, kernels: "avx2", cpu: "Test CPU"),
            codeVersion: TrainingRun.codeVersion,
            weightsSha256: "547850989386ce22995a0ffca0df2a99e91fdc02060e0834d4a6f1cedf728ce9")
    }

    /// Every field of metrics.json is either compared by digits verify or left out on purpose: a new
    /// field that is in neither list fails here until someone decides which it is.
    func testEveryRecordedFieldIsComparedOrDeliberatelyLeftOut() throws {
        var metrics = Self.sampleMetrics()
        (metrics.testErrors, metrics.testErrorPredictions) = ([7, 42], [1, 9])
        metrics = Self.withValidationImages(metrics)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try RunFolder.encodeMetrics(metrics))) as? [String: Any])
        XCTAssertEqual(Set(object.keys), RunVerification.comparedFields.union(RunVerification.uncomparedFields))
        XCTAssertTrue(RunVerification.comparedFields.isDisjoint(with: RunVerification.uncomparedFields))
        let epoch = try XCTUnwrap((object["epochs"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(epoch.keys), RunVerification.comparedEpochFields.union(RunVerification.uncomparedEpochFields))
        // Each compared top-level field, edited, is reported.
        var edited = metrics
        edited.title = "Other"
        XCTAssertFalse(RunVerification.compare(saved: metrics, reproduced: edited).isEmpty, "title")
        edited = metrics
        edited.config.architecture.className = "Net"
        XCTAssertEqual(RunVerification.compare(saved: metrics, reproduced: edited).map(\.metric), ["config architecture class"])
    }

    func testIdenticalRunsMatch() {
        let saved = Self.sampleMetrics()
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: saved), [])
    }

    func testEditedValidationLossIsReportedWithItsEpochAndBothValues() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.epochs[1].valLoss = 0.0412346
        let mismatches = RunVerification.compare(saved: saved, reproduced: reproduced)
        XCTAssertEqual(mismatches, [RunMismatch(metric: "epoch 2 val_loss", saved: "0.0412345", reproduced: "0.0412346")])
        XCTAssertEqual(mismatches.first?.description, "epoch 2 val_loss: saved 0.0412345, reproduced 0.0412346")
        XCTAssertEqual(mismatches.first?.isAboutWeights, false)
    }

    func testOtherTestErrorsAreReportedAndMissingOnesIgnored() {
        var saved = Self.sampleMetrics()
        saved.testErrors = [7, 42, 99]
        var reproduced = saved
        reproduced.testErrors = [7, 41, 42, 99]
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced),
                       [RunMismatch(metric: "test_errors (first difference at or after test image 41)", saved: "3 misclassified", reproduced: "4 misclassified")])
        saved.testErrors = nil   // recorded before the errors were kept: nothing to compare
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced), [])
    }

    func testOtherGuessesForTheTestErrorsAreReportedWithTheirImage() {
        var saved = Self.sampleMetrics()
        (saved.testErrors, saved.testErrorPredictions) = ([7, 42, 99], [1, 9, 4])
        var reproduced = saved
        reproduced.testErrorPredictions = [1, 7, 4]
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced),
                       [RunMismatch(metric: "test_error_predictions (test image 42)", saved: "9", reproduced: "7")])
        saved.testErrorPredictions = nil   // recorded before the guesses were kept: nothing to compare
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced), [])
    }

    /// `metrics` with per-image validation losses and errors recorded for its 500 validation images.
    static func withValidationImages(_ metrics: RunMetrics) -> RunMetrics {
        var metrics = metrics
        for index in metrics.epochs.indices { metrics.epochs[index].valErrors = [3, 17 + index] }
        metrics.validationLosses = ValidationLosses.encode(metrics.epochs.indices.map { epoch in (0..<500).map { Double($0 + epoch) / 1000 } })
        metrics.testLosses = ValidationLosses.encode([(0..<metrics.data.testImages).map { Double($0 % 97) / 100 }])
        return metrics
    }

    func testOtherValidationErrorsAndLossesAreReported() {
        let saved = Self.withValidationImages(Self.sampleMetrics())
        var reproduced = saved
        reproduced.epochs[1].valErrors = [3, 12, 18]
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced),
                       [RunMismatch(metric: "epoch 2 val_errors (first difference at or after validation image 12)", saved: "2 misclassified", reproduced: "3 misclassified")])
        reproduced = saved
        var losses = saved.validationLossMatrix ?? []
        losses[2][250] = losses[2][250].nextUp
        reproduced.validationLosses = ValidationLosses.encode(losses.map { $0.map(Double.init) })
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced).map(\.metric), ["validation_losses (epoch 3, validation image 250)"])
        // One test image's loss one float step apart is a mismatch too, named by its image.
        reproduced = saved
        var testLosses = saved.testLossVector ?? []
        testLosses[4_321] = testLosses[4_321].nextDown
        reproduced.testLosses = ValidationLosses.encode([testLosses.map(Double.init)])
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced).map(\.metric), ["test_losses (test image 4321)"])
        var old = saved
        old.testLosses = nil
        old.validationLosses = nil   // recorded before they were kept: nothing to compare
        for index in old.epochs.indices { old.epochs[index].valErrors = nil }
        XCTAssertEqual(RunVerification.compare(saved: old, reproduced: reproduced), [])
    }

    func testOneUnitInTheLastPlaceIsAMismatch() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.epochs[2].learningRate = saved.epochs[2].learningRate.nextUp
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced).map(\.metric), ["epoch 3 learning_rate"])
    }

    func testEditedTestAccuracyIsReported() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.test.accuracy = 0.9877
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced),
                       [RunMismatch(metric: "test accuracy", saved: "0.9876", reproduced: "0.9877")])
    }

    func testEditedWeightsHashIsReported() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.weightsSha256 = "0123456789ab" + String(saved.weightsSha256.dropFirst(12))
        let mismatches = RunVerification.compare(saved: saved, reproduced: reproduced)
        XCTAssertEqual(mismatches, [RunMismatch(metric: "weights_sha256", saved: "547850989386…", reproduced: "0123456789ab…")])
        XCTAssertEqual(mismatches.first?.isAboutWeights, true)
    }

    func testTimingsThreadsKernelsAndEpochSecondsDoNotCount() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.timing = TimingRecord(trainSeconds: 99, evaluationSeconds: 9, trainImagesPerSecond: 1e6, threads: 64,
                                         kernels: "avx512", cpu: "Another CPU")
        for index in reproduced.epochs.indices { reproduced.epochs[index].seconds = Double(index) + 0.25 }
        // Where the data was read from does not count either: its hashes say whether it is the same data.
        reproduced.data.directory = "/elsewhere/mnist"
        reproduced.data.checksumsVerified = false
        XCTAssertEqual(RunVerification.compare(saved: saved, reproduced: reproduced), [])
    }

    func testTheFirstDifferenceIsWhereTrainingParted() {
        // Diverging at the second mini-batch of epoch 2 changes everything after it; the first mismatch
        // names that batch, and each later metric appears once, in training order.
        let saved = Self.sampleMetrics()
        var reproduced = saved
        for index in 5..<reproduced.batchLosses.count { reproduced.batchLosses[index] += 0.01 }
        for index in 1..<3 {
            reproduced.epochs[index].trainLoss += 0.01
            reproduced.epochs[index].valLoss += 0.01
        }
        reproduced.test.loss += 0.01
        reproduced.weightsSha256 = String(repeating: "f", count: 64)
        let metrics = RunVerification.compare(saved: saved, reproduced: reproduced).map(\.metric)
        XCTAssertEqual(metrics, ["epoch 2 batch_losses[5]", "epoch 2 train_loss", "epoch 2 val_loss",
                                 "epoch 3 batch_losses[8]", "epoch 3 train_loss", "epoch 3 val_loss",
                                 "test loss", "weights_sha256"])
    }

    func testConfusionMisclassifiedParametersAndEpochCountAreCompared() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.confusion[3][5] += 1
        reproduced.misclassified.removeLast()
        reproduced.parameters = 44_427
        reproduced.epochs.removeLast()
        reproduced.batchLosses.removeLast(4)
        let mismatches = RunVerification.compare(saved: saved, reproduced: reproduced)
        XCTAssertEqual(mismatches.map(\.description), [
            "epochs: saved 3 epochs, reproduced 2 epochs",
            "batch_losses: saved 12 mini-batches, reproduced 8 mini-batches",
            "confusion[3][5] (label 3, predicted 5): saved 2, reproduced 3",
            "misclassified[1]: saved test image 42 (label 9, predicted 4, probability 0.6), reproduced none",
            "parameters: saved 44426, reproduced 44427",
        ])
    }

    func testMisclassifiedPixelsAreCompared() {
        let saved = Self.sampleMetrics()
        var reproduced = saved
        reproduced.misclassified[0].pixels = "AAAB"
        let mismatch = RunVerification.compare(saved: saved, reproduced: reproduced).first
        XCTAssertEqual(mismatch?.metric, "misclassified[0]")
        XCTAssertTrue(mismatch?.saved.contains("pixels SHA-256") ?? false, "\(String(describing: mismatch))")
        XCTAssertNotEqual(mismatch?.saved, mismatch?.reproduced)
    }

    func testWeightsFileMustHoldTheReproducedWeights() {
        let reproduced = Self.sampleMetrics()
        XCTAssertNil(RunVerification.compareWeightsFile(savedFileSha256: reproduced.weightsSha256, reproduced: reproduced))
        let mismatch = RunVerification.compareWeightsFile(savedFileSha256: String(repeating: "0", count: 64), reproduced: reproduced)
        XCTAssertEqual(mismatch, RunMismatch(metric: "model.safetensors SHA-256", saved: "000000000000…", reproduced: "547850989386…"))
        XCTAssertEqual(mismatch?.isAboutWeights, true)
    }

    func testRunsOfOtherCodeOrAnotherNetworkAreRefusedBeforeTraining() {
        var saved = Self.sampleMetrics()
        XCTAssertNoThrow(try RunVerification.checkReproducible(saved, path: "report/runs/convnet", network: .convnet))
        XCTAssertThrowsError(try RunVerification.checkReproducible(saved, path: "report/runs/mynet", network: .mynet)) { error in
            XCTAssertEqual(error as? RunVerificationError, .wrongNetwork(path: "report/runs/mynet", expected: .mynet, found: .convnet))
        }
        saved.codeVersion = "0"
        XCTAssertThrowsError(try RunVerification.checkReproducible(saved, path: "report/runs/convnet", network: .convnet)) { error in
            let text = "\(error)"
            XCTAssertEqual(error as? RunVerificationError, .otherCodeVersion(path: "report/runs/convnet", recorded: "0", current: TrainingRun.codeVersion))
            for word in ["report/runs/convnet", "version 0", "version \(TrainingRun.codeVersion)", "bit for bit", "digits report --force"] {
                XCTAssertTrue(text.contains(word), "\"\(text)\" should mention \(word)")
            }
        }
    }

    func testReadingSavedRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = RunFolder.path(output: folder.path, network: .convnet)
        XCTAssertThrowsError(try RunVerification.readSavedRun(at: path)) { error in
            XCTAssertEqual(error as? RunVerificationError, .noRun(path: path))
        }
        let saved = Self.sampleMetrics()
        try RunFolder.write(saved, weights: [1, 2, 3], to: path)
        XCTAssertEqual(try RunVerification.readSavedRun(at: path), saved)
        XCTAssertEqual(try RunVerification.savedWeightsSha256(runFolder: path),
                       "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81")
        // A run written by older code in an older format is named by its code version.
        let metricsFile = path + "/" + RunFolder.metricsFile
        try Data("{\"code_version\": \"3\", \"timing\": {}}".utf8).write(to: URL(fileURLWithPath: metricsFile))
        XCTAssertThrowsError(try RunVerification.readSavedRun(at: path)) { error in
            XCTAssertEqual(error as? RunVerificationError, .otherCodeVersion(path: path, recorded: "3", current: TrainingRun.codeVersion))
        }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: metricsFile))
        XCTAssertThrowsError(try RunVerification.readSavedRun(at: path)) { error in
            XCTAssertTrue("\(error)".contains("not a metrics file"), "\(error)")
        }
        try FileManager.default.removeItem(atPath: path + "/" + RunFolder.weightsFile)
        XCTAssertThrowsError(try RunVerification.savedWeightsSha256(runFolder: path)) { error in
            XCTAssertEqual(error as? RunVerificationError, .missingWeights(path: path + "/" + RunFolder.weightsFile))
        }
    }
}
