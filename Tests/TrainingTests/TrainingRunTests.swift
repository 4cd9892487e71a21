import Foundation
import MNIST
import NeuralNet
import Pipeline
import XCTest
@testable import Training

/// Short runs on the bundled MNIST files: they must learn, and two of them must be identical.
final class TrainingRunTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    nonisolated(unsafe) static var cachedData: MNIST?
    /// Threads and kernels do not change results; two threads make the tests quicker.
    static let compute = ComputeSettings(threads: 2)

    static func data() throws -> MNIST {
        if let cachedData { return cachedData }
        let loaded = try MNIST.load(from: repositoryRoot.appendingPathComponent("data/mnist").path)
        cachedData = loaded
        return loaded
    }

    func testBundledDataMatchesItsChecksumsAndKnownFacts() throws {
        let data = try Self.data()
        XCTAssertTrue(data.checksumsVerified)
        XCTAssertEqual(data.train.count, 60_000)
        XCTAssertEqual(data.test.count, 10_000)
        XCTAssertEqual(Array(data.train.labels.prefix(10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        XCTAssertEqual(Array(data.test.labels.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    func testShortRunLearns() throws {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 1
        config.trainLimit = 5000
        let result = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        XCTAssertEqual(result.metrics.epochs.count, 1)
        XCTAssertGreaterThanOrEqual(result.metrics.epochs[0].valAccuracy, 0.90)
        XCTAssertEqual(result.metrics.data.trainImages, 5000)
        XCTAssertEqual(result.metrics.data.valImages, 5000)
        XCTAssertEqual(result.metrics.confusion.flatMap { $0 }.reduce(0, +), 10_000)
        XCTAssertEqual(result.metrics.batchLosses.count, 79)
        let wrong = result.metrics.confusion.enumerated().map { row -> Int in
            row.element.enumerated().filter { $0.offset != row.offset }.map(\.element).reduce(0, +)
        }.reduce(0, +)
        XCTAssertEqual(Double(10_000 - wrong) / 10_000, result.metrics.test.accuracy, accuracy: 1e-12)
        XCTAssertEqual(result.metrics.misclassified.count, min(36, wrong))
    }

    func testSavedWeightsEvaluateWithoutATrainer() throws {
        // The library call behind `digits eval`: weights bytes in, the run's own test figures out, to the bit.
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 1
        config.trainLimit = 1000
        config.validationSize = 500
        let data = try Self.data()
        let result = try TrainingRun.execute(TrainingPlan(config, data: data), compute: Self.compute)
        let evaluation = try Evaluator(architecture: .convNet, weights: result.weights, compute: ComputeSettings(threads: 1)).evaluate(data.test)
        XCTAssertEqual(evaluation.loss.bitPattern, result.metrics.test.loss.bitPattern)
        XCTAssertEqual(evaluation.accuracy, result.metrics.test.accuracy)
        XCTAssertEqual(evaluation.confusion, result.metrics.confusion)
        XCTAssertThrowsError(try Evaluator(architecture: .myNet, weights: result.weights, compute: Self.compute)) { error in
            XCTAssertTrue("\(error)".contains("another network"), "\(error)")
        }
        XCTAssertThrowsError(try Evaluator(architecture: .convNet, weights: Array(result.weights.prefix(100)), compute: Self.compute)) { error in
            XCTAssertTrue(error is WeightsError, "\(error)")
        }
    }

    func testTwoRunsAreIdentical() throws {
        var config = TrainingConfig.defaults(for: .mynet)
        config.epochs = 2
        config.trainLimit = 640
        config.validationSize = 1000
        let first = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        let second = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        XCTAssertEqual(first.weights, second.weights)
        var a = first.metrics, b = second.metrics
        for index in a.epochs.indices { a.epochs[index].seconds = 0; b.epochs[index].seconds = 0 }
        a.timing = b.timing
        XCTAssertEqual(try RunFolder.encodeMetrics(a), try RunFolder.encodeMetrics(b))
        config.seed = 2
        let third = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        XCTAssertNotEqual(third.weights, first.weights, "another seed gives other weights")
    }

    func testRunFolderRoundTripAndSafetensorsMatchTheNetwork() throws {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 1
        config.trainLimit = 256
        config.validationSize = 500
        let result = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = RunFolder.path(output: folder.path, network: .convnet)
        try RunFolder.write(result.metrics, weights: result.weights, to: path)
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        XCTAssertEqual(files, ["history.csv", "metrics.json", "model.safetensors"])
        XCTAssertEqual(try RunFolder.readMetrics(at: path), result.metrics)
        let history = try String(contentsOfFile: path + "/history.csv", encoding: .utf8)
        XCTAssertTrue(history.hasPrefix("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,"))
        let json = try String(contentsOfFile: path + "/metrics.json", encoding: .utf8)
        for key in ["\"network\"", "\"parameters\" : 44426", "\"seed\"", "\"config\"", "\"train_loss\"", "\"val_accuracy\"", "\"test\"", "\"confusion\""] {
            XCTAssertTrue(json.contains(key), "metrics.json lacks \(key)")
        }
        let network = try Network(architecture: .convNet, maxBatch: 1)
        try Safetensors.load(try Safetensors.decode(result.weights).tensors, into: network.parameters, network: "ConvNet")
        XCTAssertEqual(Safetensors.encode(network.parameters, metadata: [:]), Safetensors.encode(result.trainer.network.parameters, metadata: [:]))
        // Replacing an existing run leaves no temporary folders behind.
        try RunFolder.write(result.metrics, weights: result.weights, to: path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("runs").path), ["convnet"])
    }

    func testEvaluationDoesNotDependOnTheBatchOrTheThreads() throws {
        // One thread evaluates in batches of 32, three threads in batches of 96: every image is computed on
        // its own and the losses are summed image by image, so the two must agree to the bit.
        let images = try Self.data().test.slice(0..<1000)
        let config = TrainingConfig.defaults(for: .mynet)
        let plan = try TrainingPlan(config, data: try Self.data())
        let one = try Trainer(plan: plan, compute: ComputeSettings(threads: 1))
        let three = try Trainer(plan: plan, compute: ComputeSettings(threads: 3))
        XCTAssertNotEqual(Evaluator.batchSize(threads: 1), Evaluator.batchSize(threads: 3))
        let a = one.evaluate(images), b = three.evaluate(images)
        XCTAssertEqual(a.loss.bitPattern, b.loss.bitPattern)
        XCTAssertEqual(a.predictions, b.predictions)
        XCTAssertEqual(a.confidences.map(\.bitPattern), b.confidences.map(\.bitPattern))
        XCTAssertEqual(a.confusion, b.confusion)
    }

    func testBadConfigurationsAreRejectedWithTheKey() {
        var config = TrainingConfig.defaults(for: .convnet)
        config.learningRate = .nan
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? ConfigError)?.key, "learning_rate") }
        config = .defaults(for: .convnet)
        XCTAssertThrowsError(try TrainingConfig.setting(forKey: "schedule")?.assign("linear", to: &config)) {
            XCTAssertEqual($0 as? ConfigError, ConfigError(key: "schedule", message: "must be one of constant, cosine, step, got \"linear\""))
        }
        XCTAssertEqual(config.schedule, .cosine, "a refused value changes nothing")
        config = .defaults(for: .convnet)
        config.epochs = 0
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? ConfigError)?.key, "epochs") }
        config = .defaults(for: .convnet)
        XCTAssertThrowsError(try config.validate(trainingImages: 10)) { XCTAssertEqual(($0 as? ConfigError)?.key, "batch_size") }
        config = .defaults(for: .convnet)
        config.loss = .nll
        XCTAssertThrowsError(try config.validate()) {
            XCTAssertEqual($0 as? ConfigError, ConfigError(key: "loss", message: "nll needs log-probabilities, but ConvNet's forward does not end in log_softmax: "
                                                         + "end it with F.log_softmax(x, dim=1), or use loss: cross_entropy"))
        }
    }

    /// `loss: nll` on a forward pass that ends in log_softmax trains to the same results as cross-entropy
    /// (the log-softmax of log-probabilities is themselves), up to rounding; metrics.json records it only
    /// when it is not the default.
    func testNLLTrainsAsCrossEntropyOnLogProbabilities() throws {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 1
        config.trainLimit = 640
        config.validationSize = 500
        config.architecture = try NetworkArchitecture.described(
            className: "LogNet", title: "ConvNet",
            modules: [("conv1", "Conv2d(1, 4, 5)"), ("fc1", "Linear(576, 10)")],
            forward: ["conv1", "relu", "max_pool2d(2)", "flatten", "fc1", "log_softmax(dim=1)"])
        let crossEntropy = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        config.loss = .nll
        let nll = try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)
        XCTAssertEqual(nll.metrics.test.loss, crossEntropy.metrics.test.loss, accuracy: 1e-4)
        XCTAssertEqual(nll.metrics.test.accuracy, crossEntropy.metrics.test.accuracy, accuracy: 0.003)
        XCTAssertNotEqual(nll.weights, crossEntropy.weights, "a different loss, computed differently")
        let recorded = String(decoding: try RunFolder.encodeMetrics(nll.metrics), as: UTF8.self)
        XCTAssertTrue(recorded.contains(#""loss" : "nll""#), recorded)
        XCTAssertFalse(String(decoding: try RunFolder.encodeMetrics(crossEntropy.metrics), as: UTF8.self).contains(#""loss" : ""#))
        XCTAssertEqual(try RunFolder.decodeMetrics(try RunFolder.encodeMetrics(nll.metrics)).config.loss, .nll)
    }

    func testDivergenceStopsWithTheEpoch() throws {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 2
        config.trainLimit = 640
        config.validationSize = 500
        config.learningRate = 1e12
        config.optimizer = .sgd
        XCTAssertThrowsError(try TrainingRun.execute(TrainingPlan(config, data: try Self.data()), compute: Self.compute)) { error in
            XCTAssertEqual(error as? TrainingError, .diverged(epoch: 1, learningRate: 1e12))
        }
    }
}
