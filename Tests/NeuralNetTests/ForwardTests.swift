import XCTest
@testable import NeuralNet

/// The GEMM-based layers against the textbook loops that define them.
final class ForwardTests: XCTestCase {
    func testConv2dMatchesNaiveCrossCorrelation() {
        let (batch, inC, outC, k, h, w) = (3, 2, 4, 3, 7, 6)
        let store = ParameterStore(shapes: [("conv.weight", [outC, inC, k, k]), ("conv.bias", [outC])])
        store.values.update(from: GradientCheckTests.randomArray(store.count, seed: 1), count: store.count)
        let input = GradientCheckTests.randomArray(batch * inC * h * w, seed: 2)   // (B, C, H, W): a first layer
        let conv = Conv2d(spec: ConvolutionSpec(name: "conv", inChannels: inC, outChannels: outC, kernelSize: k),
                          input: ImageShape(channels: inC, height: h, width: w), maxBatch: batch, parameters: store, isFirstLayer: true)
        conv.forward(input, batch: batch)
        let (oh, ow) = (h - k + 1, w - k + 1)
        var maxError: Float = 0
        for b in 0..<batch { for o in 0..<outC { for y in 0..<oh { for x in 0..<ow {
            var sum = store.values[outC * inC * k * k + o]
            for c in 0..<inC { for i in 0..<k { for j in 0..<k {
                sum += store.values[((o * inC + c) * k + i) * k + j] * input[((b * inC + c) * h + y + i) * w + x + j]
            } } }
            let engine = conv.outputs[((o * batch + b) * oh + y) * ow + x]   // (outC, B, oh, ow)
            maxError = max(maxError, abs(engine - sum))
        } } } }
        XCTAssertLessThan(maxError, 1e-5)
    }

    /// The direct (column-free) path of a one-channel first layer: forward and weight/bias gradients
    /// against naive loops, with a width that exercises the 24-, 8- and 1-pixel steps and 3×3 and 5×5 kernels.
    func testSingleChannelFirstLayerMatchesNaiveLoops() {
        for k in [3, 5] {
            let (batch, outC, h, w) = (3, 3, 9, 37)
            let store = ParameterStore(shapes: [("conv.weight", [outC, 1, k, k]), ("conv.bias", [outC])])
            store.values.update(from: GradientCheckTests.randomArray(store.count, seed: 7), count: store.count)
            let input = GradientCheckTests.randomArray(batch * h * w, seed: 8)   // (B, 1, H, W)
            let conv = Conv2d(spec: ConvolutionSpec(name: "conv", inChannels: 1, outChannels: outC, kernelSize: k),
                              input: ImageShape(channels: 1, height: h, width: w), maxBatch: batch, parameters: store, isFirstLayer: true)
            XCTAssertTrue(conv.convolvesDirectly)
            conv.forward(input, batch: batch)
            let (oh, ow) = (h - k + 1, w - k + 1)
            let dY = GradientCheckTests.randomArray(outC * batch * oh * ow, seed: 9)   // (outC, B, oh, ow)
            // Stale values: backward must overwrite every gradient, not add to it (nothing zeroes them).
            store.gradients.update(repeating: 1e6, count: store.count)
            conv.backward(outputGradient: dY, batch: batch)
            var forwardError: Float = 0
            var dW = [Float](repeating: 0, count: outC * k * k), db = [Float](repeating: 0, count: outC)
            for b in 0..<batch { for o in 0..<outC { for y in 0..<oh { for x in 0..<ow {
                let index = ((o * batch + b) * oh + y) * ow + x
                var sum = store.values[outC * k * k + o]
                for i in 0..<k { for j in 0..<k {
                    sum += store.values[(o * k + i) * k + j] * input[(b * h + y + i) * w + x + j]
                    dW[(o * k + i) * k + j] += dY[index] * input[(b * h + y + i) * w + x + j]
                } }
                db[o] += dY[index]
                forwardError = max(forwardError, abs(conv.outputs[index] - sum))
            } } } }
            XCTAssertLessThan(forwardError, 1e-5, "k = \(k)")
            for index in 0..<(outC * k * k) {
                XCTAssertEqual(store.gradients[index], dW[index], accuracy: 1e-3, "dW[\(index)], k = \(k)")
            }
            for o in 0..<outC { XCTAssertEqual(store.gradients[outC * k * k + o], db[o], accuracy: 1e-3, "db[\(o)]") }
        }
    }

    func testLinearMatchesNaiveLoops() {
        let (batch, inF, outF) = (5, 9, 4)
        let store = ParameterStore(shapes: [("fc.weight", [outF, inF]), ("fc.bias", [outF])])
        store.values.update(from: GradientCheckTests.randomArray(store.count, seed: 4), count: store.count)
        let input = GradientCheckTests.randomArray(batch * inF, seed: 5)
        let linear = Linear(spec: LinearSpec(name: "fc", inFeatures: inF, outFeatures: outF), appliesReLU: false, maxBatch: batch,
                            parameters: store, needsInputGradient: false)
        linear.forward(input, batch: batch)
        for b in 0..<batch {
            for o in 0..<outF {
                var sum = store.values[outF * inF + o]
                for i in 0..<inF { sum += store.values[o * inF + i] * input[i * batch + b] }   // input (in, B)
                XCTAssertEqual(linear.outputs[o * batch + b], sum, accuracy: 1e-5)   // output (out, B)
            }
        }
    }

    func testReLUMaxPoolTakesFirstMaximumAndFloorsOddSizes() {
        // One 3×5 plane: pooling floors to 1×2 and ignores the last row and column.
        let pool = ReLUMaxPool(input: ImageShape(channels: 1, height: 3, width: 5), maxBatch: 1)
        let input: [Float] = [1, 4, -1, -2, 99,
                              4, 2, -3, -4, 99,
                              99, 99, 99, 99, 99]
        pool.forward(input, batch: 1)
        XCTAssertEqual(pool.outputs[0], 4)
        XCTAssertEqual(pool.outputs[1], 0, "ReLU clips a negative window to zero")
        pool.backward(outputGradient: [1, 1], batch: 1)
        let gradient = Array(UnsafeBufferPointer(start: pool.inputGradient, count: 15))
        XCTAssertEqual(gradient, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "gradient goes to the first maximum only")
    }

    func testFlattenKeepsChannelHeightWidthOrder() {
        // (C=2, B=2, S=2) channel-major in (value = 100·c + 10·b + s), feature-major (C·S, B) out.
        let flatten = Flatten(input: ImageShape(channels: 2, height: 1, width: 2), maxBatch: 2, inputIsBatchMajor: false)
        flatten.forward([0, 1, 10, 11, 100, 101, 110, 111], batch: 2)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: flatten.outputs, count: 8)), [0, 10, 1, 11, 100, 110, 101, 111])
    }
}
