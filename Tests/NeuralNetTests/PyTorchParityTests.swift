import Foundation
import XCTest
@testable import NeuralNet

/// The engine against PyTorch 2.15 on a network that uses every layer kind (`ParityNet` in
/// `scripts/pytorch_reference.py`, read from that file by the class reader): the training-mode
/// output, the loss, every parameter gradient and the running statistics of one step on a batch of
/// three shards, the weights and buffers after three Adam steps, and the evaluation-mode output.
/// A wrong backward pass fails here even where a finite-difference check would be loose.
final class PyTorchParityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func reference() throws -> [String: Safetensors.Tensor] {
        let url = root.appendingPathComponent("Tests/NeuralNetTests/Reference/parity.safetensors")
        return try Safetensors.decode(Array(try Data(contentsOf: url))).tensors
    }

    static func architecture() throws -> NetworkArchitecture {
        let file = root.appendingPathComponent("scripts/pytorch_reference.py")
        return try PythonClassReader.architecture(file: file.path, text: try String(contentsOf: file, encoding: .utf8), className: "ParityNet")
    }

    /// Fails when any element of `actual` is further than `tolerance` from `expected`, relative to
    /// max(1, |expected|); reports the largest difference.
    func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(name): sizes", file: file, line: line)
        var worst: Float = 0, at = 0
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            let difference = abs(a - e) / max(1, abs(e))
            if !(difference <= worst) { worst = difference; at = index }
        }
        XCTAssertLessThanOrEqual(worst, tolerance, "\(name): largest difference \(worst) at \(at) (\(actual[at]) against \(expected[at]))",
                                 file: file, line: line)
    }

    /// The (classes, B) output as PyTorch's (B, classes).
    func batchMajor(_ pointer: UnsafePointer<Float>, classes: Int, batch: Int) -> [Float] {
        (0..<(batch * classes)).map { pointer[($0 % classes) * batch + $0 / classes] }
    }

    /// Loads the reference's starting weights and buffers into `network`; returns its input batch.
    static func startingPoint(_ reference: [String: Safetensors.Tensor], _ network: ShardedNetwork) throws -> InputBatch {
        var initial: [String: Safetensors.Tensor] = [:]
        for (name, tensor) in reference where name.hasPrefix("init.") { initial[String(name.dropFirst(5))] = tensor }
        try Safetensors.load(initial, into: network.parameters, buffers: network.buffers, network: "ParityNet")
        let input = try XCTUnwrap(reference["input"]), labels = try XCTUnwrap(reference["labels"])
        let batch = InputBatch(capacity: 40, imageSize: 784)
        batch.fill { images, targets in
            for index in 0..<images.count { images[index] = input.values[index] }
            for index in 0..<targets.count { targets[index] = UInt8(labels.values[index]) }
        }
        return batch
    }

    func testEveryKindMatchesPyTorch() throws {
        let reference = try Self.reference()
        let architecture = try Self.architecture()
        XCTAssertTrue(Set(architecture.forward.map { $0.layer.kind.moduleType }).isSuperset(of: [
            "Conv2d", "BatchNorm2d", "BatchNorm1d", "ReLU", "MaxPool2d", "AvgPool2d", "ELU", "Tanh", "Sigmoid", "LeakyReLU", "GELU",
            "Softmax", "LogSoftmax", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "Dropout", "Dropout2d", "Flatten", "Linear",
        ]), "the reference covers every kind")
        for threads in [1, 2] {
            let network = try ShardedNetwork(architecture: architecture, maxBatch: 40, compute: ComputeSettings(threads: threads))
            let batch = try Self.startingPoint(reference, network)
            let optimizer = Optimizer(settings: OptimizerSettings(kind: .adam), parameterCount: network.parameters.count)
            for step in 1...3 {
                let result = network.trainingStep(batch, count: 40, dropoutKey: UInt64(step))
                if step == 1 {
                    assertClose(batchMajor(network.primary.lastOutputs, classes: 10, batch: 40), reference["step1.logits"]!.values,
                                tolerance: 2e-5, "\(threads) threads: training-mode output")
                    assertClose([Float(result.lossSum / 40)], reference["step1.loss"]!.values, tolerance: 1e-5, "loss")
                    for tensor in network.parameters.tensors {
                        let gradient = Array(UnsafeBufferPointer(start: network.parameters.gradients + tensor.offset, count: tensor.count))
                        assertClose(gradient, try XCTUnwrap(reference["step1.grad." + tensor.name], tensor.name).values, tolerance: 2e-5,
                                    "\(threads) threads: gradient of \(tensor.name)")
                    }
                    for tensor in network.buffers.tensors where tensor.element == .float32 {
                        assertClose(network.buffers.floatValues(tensor), try XCTUnwrap(reference["step1." + tensor.name]).values, tolerance: 1e-5,
                                    "\(threads) threads: \(tensor.name) after one step")
                    }
                }
                optimizer.step(network.parameters, learningRate: 1e-3)
            }
            for tensor in network.parameters.tensors {
                let values = Array(UnsafeBufferPointer(start: network.parameters.values + tensor.offset, count: tensor.count))
                // Adam divides each gradient by its own magnitude, so where a gradient is near zero a rounding
                // difference becomes a step difference; a tenth of the learning rate still catches a wrong update.
                assertClose(values, try XCTUnwrap(reference["step3." + tensor.name]).values, tolerance: 1e-4, "\(threads) threads: \(tensor.name) after 3 Adam steps")
            }
            for tensor in network.buffers.tensors {
                let expected = try XCTUnwrap(reference["step3." + tensor.name])
                if tensor.element == .int64 {
                    XCTAssertEqual(network.buffers.integerValues(tensor), expected.integers, tensor.name)
                } else {
                    assertClose(network.buffers.floatValues(tensor), expected.values, tolerance: 1e-5, "\(threads) threads: \(tensor.name) after 3 steps")
                }
            }
            _ = network.evaluate(batch, count: 40)
            assertClose(batchMajor(network.primary.lastOutputs, classes: 10, batch: 40), reference["eval.logits"]!.values,
                        tolerance: 2e-5, "\(threads) threads: evaluation-mode output")
        }
    }

    /// `F.nll_loss` on the log-softmax output: the loss and every parameter gradient of one step from
    /// the starting weights.
    func testNLLLossMatchesPyTorch() throws {
        let reference = try Self.reference()
        let architecture = try Self.architecture()
        XCTAssertTrue(architecture.returnsLogProbabilities)
        let network = try ShardedNetwork(architecture: architecture, maxBatch: 40, compute: ComputeSettings(threads: 2), lossFunction: .nll)
        let batch = try Self.startingPoint(reference, network)
        let result = network.trainingStep(batch, count: 40, dropoutKey: 1)
        assertClose([Float(result.lossSum / 40)], reference["nll.loss"]!.values, tolerance: 1e-5, "nll loss")
        for tensor in network.parameters.tensors {
            let gradient = Array(UnsafeBufferPointer(start: network.parameters.gradients + tensor.offset, count: tensor.count))
            assertClose(gradient, try XCTUnwrap(reference["nll.grad." + tensor.name], tensor.name).values, tolerance: 2e-5,
                        "nll gradient of \(tensor.name)")
        }
    }
}
