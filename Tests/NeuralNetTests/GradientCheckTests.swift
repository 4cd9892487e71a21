import XCTest
@testable import NeuralNet

/// Every layer's backward pass against central finite differences of its forward pass.
/// Float32 forward passes limit the precision of a numeric derivative to about 1e-4 here, so a
/// gradient passes when |analytic − numeric| ≤ 2e-3 + 2e-2·|numeric|. ReLU and max-pooling have
/// kinks where a finite difference means nothing; single-layer tests use inputs spaced far apart
/// from each other and from zero, and the whole-network test skips (and counts) the few parameters
/// whose derivative changes between two step sizes.
final class GradientCheckTests: XCTestCase {
    static let step: Float = 1e-2
    static func close(_ analytic: Float, _ numeric: Float) -> Bool {
        abs(analytic - numeric) <= 2e-3 + 2e-2 * abs(numeric)
    }

    /// A small net of the same family: 1×10×10 → conv 3@3×3 → pool → conv 4@3×3 → pool → 4 → 5 → 3.
    static let tiny = NetworkArchitecture(
        className: "Tiny", title: "Tiny", inputShape: ImageShape(channels: 1, height: 10, width: 10),
        convolutions: [ConvolutionSpec(name: "conv1", inChannels: 1, outChannels: 3, kernelSize: 3),
                       ConvolutionSpec(name: "conv2", inChannels: 3, outChannels: 4, kernelSize: 3)],
        linears: [LinearSpec(name: "fc1", inFeatures: 4, outFeatures: 5), LinearSpec(name: "fc2", inFeatures: 5, outFeatures: 3)])

    static func randomArray(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.nextFloat(in: -scale, scale) }
    }

    func testWholeNetworkParameterGradientsMatchFiniteDifferences() throws {
        let batch = 3
        let network = try Network(architecture: Self.tiny, maxBatch: batch)
        var generator = SplitMix64(seed: 7)
        network.initialize(using: &generator)
        let images = Self.randomArray(batch * 100, seed: 11)
        let labels: [UInt8] = [0, 2, 1]
        func loss() -> Float {
            Float(network.evaluate(images, labels: labels, batch: batch).lossSum) / Float(batch)
        }
        _ = network.trainingStep(images, labels: labels, batch: batch)
        let analytic = Array(UnsafeBufferPointer(start: network.parameters.gradients, count: network.parameters.count))
        func numericDerivative(_ index: Int, step: Float) -> Float {
            let original = network.parameters.values[index]
            network.parameters.values[index] = original + step
            let plus = loss()
            network.parameters.values[index] = original - step
            let minus = loss()
            network.parameters.values[index] = original
            return (plus - minus) / (2 * step)
        }
        var failures: [String] = []
        var kinks = 0
        for tensor in network.parameters.tensors {
            for element in 0..<tensor.count {
                let index = tensor.offset + element
                let numeric = numericDerivative(index, step: 1e-3)
                if !Self.close(numericDerivative(index, step: 2e-3), numeric) {
                    kinks += 1
                    continue
                }
                if !Self.close(analytic[index], numeric) {
                    failures.append("\(tensor.name)[\(element)]: analytic \(analytic[index]) numeric \(numeric)")
                }
            }
        }
        XCTAssertLessThanOrEqual(kinks, network.parameters.count / 30, "too many parameters sit on a kink for the check to mean much")
        XCTAssertEqual(network.parameters.count, 3 * 9 + 3 + 4 * 27 + 4 + 4 * 5 + 5 + 5 * 3 + 3)
        XCTAssertTrue(failures.isEmpty, "gradients off:\n" + failures.prefix(10).joined(separator: "\n"))
        XCTAssertTrue(analytic.contains { $0 != 0 }, "all gradients are zero: the check would prove nothing")
    }

    /// `count` values 0.05 apart and at least 0.025 from zero, in random order: no finite-difference
    /// step of 0.01 can reorder two of them or change a sign.
    static func separatedValues(_ count: Int, seed: UInt64) -> [Float] {
        var order = Array(0..<count)
        var generator = SplitMix64(seed: seed)
        generator.shuffle(&order)
        return order.map { (Float($0) - Float(count / 2)) * 0.05 + 0.025 }
    }

    func testConv2dInputGradient() {
        let batch = 2
        let spec = ConvolutionSpec(name: "conv", inChannels: 2, outChannels: 3, kernelSize: 3)
        let store = ParameterStore(shapes: [("conv.weight", [3, 2, 3, 3]), ("conv.bias", [3])])
        let values = Self.randomArray(store.count, seed: 3, scale: 0.5)
        store.values.update(from: values, count: store.count)
        let input = ImageShape(channels: 2, height: 6, width: 5)
        let conv = Conv2d(spec: spec, input: input, maxBatch: batch, parameters: store, isFirstLayer: false)
        checkInputGradient(inputCount: input.count * batch, outputCount: conv.output.count * batch, seed: 5, name: "Conv2d",
                           forward: { conv.forward($0, batch: batch); return UnsafePointer(conv.outputs) },
                           backward: { conv.backward(outputGradient: $1, batch: batch); return UnsafePointer(conv.inputGradient!) })
    }

    func testReLUMaxPoolInputGradient() {
        let batch = 2
        let pool = ReLUMaxPool(input: ImageShape(channels: 3, height: 6, width: 7), maxBatch: batch)
        checkInputGradient(inputCount: 3 * 6 * 7 * batch, outputCount: pool.output.count * batch, seed: 9, name: "ReLUMaxPool",
                           input: Self.separatedValues(3 * 6 * 7 * batch, seed: 9),
                           forward: { pool.forward($0, batch: batch); return UnsafePointer(pool.outputs) },
                           backward: { pool.backward(outputGradient: $1, batch: batch); return UnsafePointer(pool.inputGradient!) })
    }

    /// Wide enough for the four-window SIMD steps (8 windows a row) plus an odd, ignored column.
    func testReLUMaxPoolInputGradientSIMDWidth() {
        let batch = 2
        let pool = ReLUMaxPool(input: ImageShape(channels: 2, height: 4, width: 17), maxBatch: batch)
        checkInputGradient(inputCount: 2 * 4 * 17 * batch, outputCount: pool.output.count * batch, seed: 11, name: "ReLUMaxPool SIMD",
                           input: Self.separatedValues(2 * 4 * 17 * batch, seed: 11),
                           forward: { pool.forward($0, batch: batch); return UnsafePointer(pool.outputs) },
                           backward: { pool.backward(outputGradient: $1, batch: batch); return UnsafePointer(pool.inputGradient!) })
    }

    func testFlattenInputGradient() {
        let batch = 3
        let flatten = Flatten(input: ImageShape(channels: 2, height: 2, width: 3), maxBatch: batch, inputIsBatchMajor: false)
        checkInputGradient(inputCount: 12 * batch, outputCount: 12 * batch, seed: 13, name: "Flatten",
                           forward: { flatten.forward($0, batch: batch); return UnsafePointer(flatten.outputs) },
                           backward: { flatten.backward(outputGradient: $1, batch: batch); return UnsafePointer(flatten.inputGradient) })
    }

    func testLinearWithReLUInputGradient() {
        let batch = 4
        let store = ParameterStore(shapes: [("fc.weight", [5, 7]), ("fc.bias", [5])])
        store.values.update(from: Self.randomArray(store.count, seed: 17), count: store.count)
        let linear = Linear(spec: LinearSpec(name: "fc", inFeatures: 7, outFeatures: 5), appliesReLU: true, maxBatch: batch,
                            parameters: store, needsInputGradient: true)
        checkInputGradient(inputCount: 7 * batch, outputCount: 5 * batch, seed: 19, name: "Linear",
                           forward: { linear.forward($0, batch: batch); return UnsafePointer(linear.outputs) },
                           backward: { linear.backward($0, outputGradient: $1, batch: batch); return UnsafePointer(linear.inputGradient!) })
    }

    func testLossGradientsMatchFiniteDifferences() {
        for function in LossFunction.allCases { checkLossGradient(function) }
    }

    func checkLossGradient(_ function: LossFunction) {
        let batch = 3, classes = 4
        let loss = ClassificationLoss(function, classCount: classes, maxBatch: batch)
        let labels: [UInt8] = [1, 3, 0]
        var logits = Self.randomArray(batch * classes, seed: 23, scale: 3)
        func mean() -> Float { Float(loss.forward(logits: logits, labels: labels, batch: batch).lossSum) / Float(batch) }
        _ = mean()
        loss.backward(labels: labels, batch: batch)
        for index in 0..<(batch * classes) {
            let original = logits[index]
            logits[index] = original + Self.step
            let plus = mean()
            logits[index] = original - Self.step
            let minus = mean()
            logits[index] = original
            let numeric = (plus - minus) / (2 * Self.step)
            XCTAssertTrue(Self.close(loss.logitGradient[index], numeric), "\(function) logit \(index): \(loss.logitGradient[index]) vs \(numeric)")
        }
    }

    func testLogSumExpSurvivesHugeLogits() {
        let loss = ClassificationLoss(.crossEntropy, classCount: 3, maxBatch: 1)
        let result = loss.forward(logits: [1000, 0, -1000], labels: [1], batch: 1)
        XCTAssertEqual(result.lossSum, 1000, accuracy: 1e-3)
        XCTAssertEqual(result.correct, 0)
    }
}

extension XCTestCase {
    /// Checks d(Σ output·weights)/d(input) of a layer given as forward and backward closures.
    func checkInputGradient(
        inputCount: Int, outputCount: Int, seed: UInt64, name: String, input initialInput: [Float]? = nil,
        forward: (UnsafePointer<Float>) -> UnsafePointer<Float>,
        backward: (_ input: UnsafePointer<Float>, _ outputGradient: UnsafeMutablePointer<Float>) -> UnsafePointer<Float>
    ) {
        var input = initialInput ?? GradientCheckTests.randomArray(inputCount, seed: seed)
        let weights = GradientCheckTests.randomArray(outputCount, seed: seed + 1)
        func objective() -> Float {
            let output = forward(input)
            var sum: Float = 0
            for index in 0..<outputCount { sum += output[index] * weights[index] }
            return sum
        }
        _ = forward(input)
        var outputGradient = weights
        let analyticPointer = input.withUnsafeBufferPointer { inputBuffer in
            outputGradient.withUnsafeMutableBufferPointer { backward(inputBuffer.baseAddress!, $0.baseAddress!) }
        }
        let analytic = Array(UnsafeBufferPointer(start: analyticPointer, count: inputCount))
        var failures: [String] = []
        for index in 0..<inputCount {
            let original = input[index]
            input[index] = original + GradientCheckTests.step
            let plus = objective()
            input[index] = original - GradientCheckTests.step
            let minus = objective()
            input[index] = original
            let numeric = (plus - minus) / (2 * GradientCheckTests.step)
            if !GradientCheckTests.close(analytic[index], numeric) { failures.append("[\(index)] analytic \(analytic[index]) numeric \(numeric)") }
        }
        XCTAssertTrue(failures.isEmpty, "\(name) input gradient off:\n" + failures.prefix(10).joined(separator: "\n"))
        XCTAssertTrue(analytic.contains { $0 != 0 }, "\(name): all input gradients are zero")
    }
}
