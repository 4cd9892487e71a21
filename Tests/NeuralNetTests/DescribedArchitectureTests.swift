import XCTest
@testable import NeuralNet

/// Architectures described as PyTorch classes: parsing the constructor syntax, shape errors before
/// anything runs, and the layers only a description brings (padding, stride, no bias, pooling of any
/// window, dropout, module-form ReLU) checked against finite differences and for thread independence.
final class DescribedArchitectureTests: XCTestCase {
    static let mnist = ImageShape(channels: 1, height: 28, width: 28)

    static func describe(_ modules: [(String, String)], _ forward: String, input: ImageShape = mnist, classes: Int = 10) throws -> NetworkArchitecture {
        try NetworkArchitecture.described(
            className: "Net", title: "Net", inputShape: input, classCount: classes, modules: modules.map { (name: $0.0, constructor: $0.1) },
            forward: DescriptionSyntax.splitSteps(forward))
    }

    func testTheBuiltInNetworksEqualTheirDescriptions() throws {
        let convNet = try NetworkArchitecture.described(
            className: "ConvNet", title: "ConvNet (LeNet-5)",
            modules: [("conv1", "Conv2d(1, 6, 5)"), ("conv2", "Conv2d(6, 16, kernel_size=5)"), ("fc1", "nn.Linear(256, 120)"),
                      ("fc2", "Linear(in_features=120, out_features=84)"), ("fc3", "Linear(84, 10, bias=True)")],
            forward: DescriptionSyntax.splitSteps("conv1, relu, max_pool2d(2), conv2, F.relu, max_pool2d(kernel_size=2), flatten, fc1, relu, fc2, relu, fc3"))
        XCTAssertEqual(convNet, .convNet)
        for builtIn in [NetworkArchitecture.convNet, .myNet] {
            let again = try NetworkArchitecture.described(className: builtIn.className, title: builtIn.title,
                                                          modules: builtIn.moduleDescriptions,
                                                          forward: DescriptionSyntax.splitSteps(builtIn.forwardDescription))
            XCTAssertEqual(again, builtIn, "\(builtIn.className) written out and read back")
        }
        XCTAssertEqual(NetworkArchitecture.myNet.forwardDescription,
                       "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), flatten, fc1, relu, fc2")
    }

    func testForwardMayBeTheLinesOfForward() throws {
        let architecture = try NetworkArchitecture.described(
            className: "Net", title: "MyNet",
            modules: [("block", "nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(inplace=True))"), ("fc", "nn.Linear(4 * 26 * 26, 10)")],
            forward: ["features = self.block(x)", "flat = features.view(features.shape[0], -1)", "logits = self.fc(flat)",
                      "return F.log_softmax(logits, dim=1)", "return 0"])
        XCTAssertEqual(architecture.forwardDescription, "block.0, block.1, block.2, flatten, fc, log_softmax(dim=1)",
                       "variables are the tensor's names; what follows return never runs")
    }

    func testConstructorSyntaxFollowsPython() throws {
        func layer(_ text: String) throws -> Layer { try DescriptionSyntax.module(named: "m", from: text).layer }
        XCTAssertEqual(try layer("Conv2d(1, 32, 3, padding=1)").as(ConvolutionSpec.self),
                       ConvolutionSpec(name: "m", inChannels: 1, outChannels: 32, kernelSize: 3, padding: 1))
        XCTAssertEqual(try layer("Conv2d(in_channels=1, out_channels=8, kernel_size=(5, 5), stride=(2, 2), bias=False)").as(ConvolutionSpec.self),
                       ConvolutionSpec(name: "m", inChannels: 1, outChannels: 8, kernelSize: 5, stride: 2, hasBias: false))
        XCTAssertEqual(try layer("MaxPool2d(3, stride=2)").kind.constructor, "MaxPool2d(3, stride=2)")
        XCTAssertEqual(try layer("MaxPool2d(2)").as(PoolingSpec.self)?.stride, 2)
        XCTAssertEqual(try layer("AvgPool2d(kernel_size=2, stride=None)").kind.constructor, "AvgPool2d(2)")
        XCTAssertEqual(try layer("Dropout()").as(DropoutSpec.self)?.probability, 0.5)
        XCTAssertEqual(try layer("Dropout(p=0.25)").as(DropoutSpec.self)?.probability, 0.25)
        XCTAssertEqual(try layer("ReLU()").as(ReLUSpec.self), ReLUSpec())
        XCTAssertEqual(try layer("nn.Flatten()").as(FlattenSpec.self), FlattenSpec())
        XCTAssertEqual(try layer("Linear(10, 5, False)").as(LinearSpec.self), LinearSpec(name: "m", inFeatures: 10, outFeatures: 5, hasBias: false))
        XCTAssertEqual(try layer("Linear(64 * 7 * 7, 128)").as(LinearSpec.self)?.inFeatures, 3136, "sizes written as products")
        XCTAssertThrowsError(try layer("Linear(3136.0, 128)"), "a float size, as PyTorch refuses it")
        // Written back in the short canonical form.
        XCTAssertEqual(DescriptionSyntax.constructor(of: try layer("Conv2d(in_channels=1, out_channels=8, kernel_size=(5, 5), stride=2)")),
                       "Conv2d(1, 8, 5, stride=2)")
    }

    func testUnsupportedOrMalformedModulesAreRefusedByName() throws {
        func message(_ text: String) -> String {
            do {
                _ = try DescriptionSyntax.module(named: "m", from: text)
                return "accepted"
            } catch {
                return error.message
            }
        }
        XCTAssertEqual(message("Transformer(20)"), "Transformer is not supported; the modules that are: " + DescriptionSyntax.supportedModules.joined(separator: ", "))
        for module in ["Conv2d", "Linear", "MaxPool2d", "AvgPool2d", "ReLU", "Dropout", "BatchNorm2d", "Sequential", "LogSoftmax"] {
            XCTAssertTrue(DescriptionSyntax.supportedModules.contains(module), module)
        }
        XCTAssertEqual(message("Conv2d(1, 20)"), "Conv2d needs kernel_size")
        XCTAssertEqual(message("Conv2d(1, 20, 5, dilation=2)"), "Conv2d: dilation=2 is not supported (only 1)")
        XCTAssertEqual(message("Conv2d(1, 20, (3, 5))"), "Conv2d: kernel_size=(3, 5) is not supported; only square sizes (k or (k, k))")
        XCTAssertEqual(message("Conv2d(1, 20, 5, kernel=3)"), "Conv2d has no argument kernel; it takes in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype")
        XCTAssertEqual(message("Linear(800, -5)"), "Linear: out_features must be a whole number from 1 to 100,000,000, got -5")
        XCTAssertEqual(message("Dropout(1.5)"), "Dropout: p must be in [0, 1), got 1.5")
        XCTAssertEqual(message("ReLU(inplace=1)"), "ReLU: inplace must be True or False, got 1")
        XCTAssertEqual(message("MaxPool2d(2, ceil_mode=1)"), "MaxPool2d: ceil_mode must be True or False, got 1")
        XCTAssertEqual(message("MaxPool2d((2, 3))"), "MaxPool2d: kernel_size=(2, 3) is not supported; only square sizes (k or (k, k))")
        XCTAssertEqual(message("Linear(800, 500"), "cannot read \"Linear(800, 500\": missing )")
        XCTAssertEqual(message("Conv2d(1, 2, " + String(repeating: "(", count: 100_000)),
                       "cannot read \"Conv2d(1, 2, \(String(repeating: "(", count: 100_000))\": nested more than 40 levels deep")
        XCTAssertEqual(message("Linear(in_features=800, 500)"), "Linear: a positional argument follows a keyword argument")
        // A module named like a functional step: the bare name calls the module, `F.relu` the function,
        // and the written-out order keeps the difference.
        let shadowing = try NetworkArchitecture.described(
            className: "Net", title: "Net", modules: [("relu", "ReLU()"), ("fc", "Linear(784, 10)")],
            forward: DescriptionSyntax.splitSteps("flatten, relu, F.relu, fc"))
        XCTAssertEqual(shadowing.forward.map(\.module), [nil, "relu", nil, "fc"])
        XCTAssertEqual(shadowing.forwardDescription, "flatten, relu, F.relu, fc")
        XCTAssertEqual(try NetworkArchitecture.described(className: "Net", title: "Net", modules: shadowing.moduleDescriptions,
                                                         forward: DescriptionSyntax.splitSteps(shadowing.forwardDescription)), shadowing)
        for name in ["class", "training", "2conv", "conv-1", "_modules", "extra_repr"] {
            XCTAssertThrowsError(try DescriptionSyntax.module(named: name, from: "ReLU()"), "\(name) would break the exported class")
        }
        XCTAssertThrowsError(try DescriptionSyntax.forward(["lstm"], modules: [])) { error in
            XCTAssertEqual("\(error)", "lstm in forward is not a supported function (\(DescriptionSyntax.supportedFunctions.joined(separator: ", ")))")
        }
    }

    func testShapeErrorsNameTheLayerAndTheNumbers() {
        func failure(_ modules: [(String, String)], _ forward: String) -> String {
            do {
                _ = try Self.describe(modules, forward)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let myNetModules = [("conv1", "Conv2d(1, 20, 5)"), ("conv2", "Conv2d(20, 50, 5)"), ("fc1", "Linear(800, 500)"), ("fc2", "Linear(500, 10)")]
        // One pooling left out: fc1 sees 50×10×10 features.
        XCTAssertEqual(failure(myNetModules, "conv1, relu, max_pool2d(2), conv2, relu, flatten, fc1, relu, fc2"),
                       "fc1 expects 800 inputs but the forward order gives it 50×8×8 = 3,200")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 20, 5)"), ("conv2", "Conv2d(20, 50, 3)"), ("fc1", "Linear(800, 500)"), ("fc2", "Linear(500, 10)")],
                               "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), flatten, fc1, relu, fc2"),
                       "fc1 expects 800 inputs but the forward order gives it 50×5×5 = 1,250")
        XCTAssertEqual(failure(myNetModules, "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), fc1, relu, fc2"),
                       "fc1 needs flattened features; add flatten before it in the forward order")
        XCTAssertEqual(failure(myNetModules, "conv2, conv1, flatten, fc1, fc2"), "conv2 expects 20 input channels but the forward order gives it 1")
        XCTAssertEqual(failure(myNetModules, "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), flatten, fc1, relu"),
                       "the forward order must end with 10 features (one per digit), got 500",
                       "a module never called is kept, as PyTorch keeps it; the output is then fc1's")
        XCTAssertEqual(failure(myNetModules + [("fc3", "Linear(10, 7)")], "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), flatten, fc1, relu, fc2, fc3"),
                       "the forward order must end with 10 features (one per digit), got 7")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 4, 5)"), ("fc", "Linear(64, 10)")], "conv1, conv1, flatten, fc"),
                       "conv1 expects 1 input channels but the forward order gives it 4")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 1, 5)"), ("fc", "Linear(400, 10)")], "conv1, conv1, flatten, fc"),
                       "conv1 has parameters and is used twice in the forward order; sharing weights is not supported")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 4, 29)"), ("fc", "Linear(4, 10)")], "conv1, flatten, fc"),
                       "conv1 has a 29×29 window but its input is only 28×28")
        // Sizes that would not fit in memory are refused before anything is allocated.
        XCTAssertEqual(failure([("fc1", "Linear(784, 2000000)"), ("fc2", "Linear(2000000, 10)")], "flatten, fc1, relu, fc2"),
                       "the network has 1,590,000,010 parameters; at most 1,000,000,000 are supported")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 1000000, 10000, padding=10000)"), ("fc", "Linear(10, 10)")], "conv1, flatten, fc"),
                       "the network has 10,058,084,100,000,000 values in the im2col columns of conv1 per image; at most 16,000,000 are supported")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 1, 7000, padding=3500)"), ("fc", "Linear(841, 10)")], "conv1, flatten, fc"),
                       "the network has 41,209,000,000 values in the im2col columns of conv1 per image; at most 16,000,000 are supported")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 1000, 5, padding=2)"), ("conv2", "Conv2d(1000, 1000, 3, padding=1)"), ("fc", "Linear(784000, 10)")],
                               "conv1, conv2, flatten, fc"),
                       "the network has 7,083,440,000 multiply-adds per image; at most 2,000,000,000 are supported")
        XCTAssertEqual(failure([("conv1", "Conv2d(1, 3000, 1)"), ("fc", "Linear(1000, 10)")], "conv1, flatten, fc"),
                       "the network has 2,352,000 values per image after conv1; at most 2,000,000 are supported")
        XCTAssertEqual(failure([("fc", "Linear(784, 10)")], "flatten, " + String(repeating: "relu, ", count: 200) + "fc"),
                       "the network has 202 steps in its forward order; at most 200 are supported")
    }

    // MARK: Gradients of the layers only a description brings

    /// 1×9×9 → conv 3@3×3 stride 2 padding 1 (no bias) → 3×5×5 → module ReLU → conv 4@3×3 padding 1 →
    /// module ReLU again → max-pool 3 stride 2 → 4×2×2 → dropout → flatten → fc 5 → ReLU → dropout → fc 3 (no bias).
    static func stridedPaddedDropout() throws -> NetworkArchitecture {
        try describe([("conv1", "Conv2d(1, 3, 3, stride=2, padding=1, bias=False)"), ("act", "ReLU()"),
                      ("conv2", "Conv2d(3, 4, 3, padding=1)"), ("pool", "MaxPool2d(3, stride=2)"), ("drop", "Dropout(0.3)"),
                      ("fc1", "Linear(16, 5)"), ("fc2", "Linear(5, 3, bias=False)")],
                     "conv1, act, conv2, act, pool, drop, flatten, fc1, relu, dropout(0.2), fc2",
                     input: ImageShape(channels: 1, height: 9, width: 9), classes: 3)
    }

    /// 1×8×8 → dropout(0.1) on the input → conv 2@3×3 padding 2 → avg-pool 2 → ReLU → avg_pool2d(3, 2) → fc 3.
    static func averagePooled() throws -> NetworkArchitecture {
        try describe([("conv", "Conv2d(1, 2, 3, padding=2)"), ("pool", "AvgPool2d(2)"), ("fc", "Linear(8, 3)")],
                     "dropout(0.1), conv, pool, relu, avg_pool2d(3, stride=2), flatten, fc",
                     input: ImageShape(channels: 1, height: 8, width: 8), classes: 3)
    }

    /// Every parameter's gradient against central differences of the training-mode loss (the same
    /// dropout masks on both sides: they are a function of the key, not of a draw order).
    func checkParameterGradients(_ architecture: NetworkArchitecture, batch: Int, seed: UInt64) throws {
        let network = try Network(architecture: architecture, maxBatch: batch)
        var generator = SplitMix64(seed: seed)
        network.initialize(using: &generator)
        let images = GradientCheckTests.randomArray(batch * architecture.inputShape.count, seed: seed + 1)
        let labels = (0..<batch).map { UInt8($0 % architecture.classCount) }
        let key: UInt64 = 0xFEED
        let training = StepContext.training(dropoutKey: key)
        func loss() -> Float { Float(network.evaluate(images, labels: labels, batch: batch, context: training).lossSum) / Float(batch) }
        _ = network.trainingStep(images, labels: labels, batch: batch, dropoutKey: key)
        let analytic = network.parameters.gradientsArray()
        func numeric(_ index: Int, step: Float) -> Float {
            let original = network.parameters.values[index]
            network.parameters.values[index] = original + step
            let plus = loss()
            network.parameters.values[index] = original - step
            let minus = loss()
            network.parameters.values[index] = original
            return (plus - minus) / (2 * step)
        }
        var failures: [String] = [], kinks = 0
        for index in 0..<network.parameters.count {
            let estimate = numeric(index, step: 1e-3)
            guard GradientCheckTests.close(numeric(index, step: 2e-3), estimate) else { kinks += 1; continue }
            if !GradientCheckTests.close(analytic[index], estimate) { failures.append("[\(index)] analytic \(analytic[index]) numeric \(estimate)") }
        }
        XCTAssertEqual(network.parameters.count, architecture.parameterShapes.map { $0.shape.reduce(1, *) }.reduce(0, +))
        XCTAssertLessThanOrEqual(kinks, network.parameters.count / 20, "too many kinks for the check to mean much")
        XCTAssertTrue(failures.isEmpty, "\(architecture.forwardDescription): gradients off:\n" + failures.prefix(10).joined(separator: "\n"))
        XCTAssertGreaterThan(analytic.filter { $0 != 0 }.count, analytic.count / 2, "most gradients should be non-zero")
    }

    func testStridePaddingMaxPoolAndDropoutGradientsMatchFiniteDifferences() throws {
        try checkParameterGradients(try Self.stridedPaddedDropout(), batch: 3, seed: 31)
    }

    func testAveragePoolingAndInputDropoutGradientsMatchFiniteDifferences() throws {
        try checkParameterGradients(try Self.averagePooled(), batch: 3, seed: 37)
    }

    /// The strided path (any stride and padding) and the padded stride-1 path (row copies), each against
    /// finite differences.
    func testStridedAndPaddedConvolutionInputGradients() {
        let batch = 2
        let input = ImageShape(channels: 2, height: 7, width: 6)
        for (stride, padding, output) in [(2, 1, ImageShape(channels: 3, height: 4, width: 3)), (1, 1, ImageShape(channels: 3, height: 7, width: 6)),
                                          (1, 2, ImageShape(channels: 3, height: 9, width: 8))] {
            let spec = ConvolutionSpec(name: "conv", inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: padding)
            let store = ParameterStore(shapes: [("conv.weight", [3, 2, 3, 3]), ("conv.bias", [3])])
            store.values.update(from: GradientCheckTests.randomArray(store.count, seed: 41, scale: 0.5), count: store.count)
            let conv = Conv2d(spec: spec, input: input, maxBatch: batch, parameters: store, isFirstLayer: false)
            XCTAssertEqual(conv.output, output)
            checkInputGradient(
                inputCount: input.count * batch, outputCount: conv.output.count * batch, seed: 43, name: "Conv2d stride \(stride) padding \(padding)",
                forward: { conv.forward($0, batch: batch); return UnsafePointer(conv.outputs) },
                backward: { conv.backward(outputGradient: $1, batch: batch); return UnsafePointer(conv.inputGradient!) })
        }
    }

    func testOverlappingMaxPoolAndAveragePoolInputGradients() {
        let batch = 2, input = ImageShape(channels: 2, height: 7, width: 7)
        for takesMaximum in [true, false] {
            let pool = Pooling(name: "pool", windows: PoolingSpec(kernelSize: 3, stride: 2).windows(for: input), takesMaximum: takesMaximum,
                               input: input, maxBatch: batch, needsInputGradient: true)
            XCTAssertEqual(pool.output, ImageShape(channels: 2, height: 3, width: 3))
            checkInputGradient(
                inputCount: input.count * batch, outputCount: pool.output.count * batch, seed: 47, name: takesMaximum ? "MaxPool2d(3, 2)" : "AvgPool2d(3, 2)",
                input: GradientCheckTests.separatedValues(input.count * batch, seed: 47),
                forward: { pool.forward($0, batch: batch, context: .evaluation); return UnsafePointer(pool.outputs) },
                backward: { pool.backward($0, outputGradient: $1, batch: batch); return UnsafePointer(pool.inputGradient!) })
        }
    }

    func testDropoutIsSeededScaledAndTheIdentityInEvaluation() {
        let batch = 4, shape = ActivationShape.image(ImageShape(channels: 3, height: 10, width: 10))
        let dropout = Dropout(name: "drop", probability: 0.25, salt: 0, shape: shape, maxBatch: batch, needsInputGradient: true)
        let input = GradientCheckTests.randomArray(shape.count * batch, seed: 53)
        dropout.forward(input, batch: batch, context: .evaluation)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: dropout.outputs, count: input.count)), input, "evaluation: the identity")
        dropout.forward(input, batch: batch, context: StepContext.training(dropoutKey: 7))
        let first = Array(UnsafeBufferPointer(start: dropout.outputs, count: input.count))
        let zeroed = zip(first, input).filter { $0.0 == 0 && $0.1 != 0 }.count
        XCTAssertEqual(Double(zeroed) / Double(input.count), 0.25, accuracy: 0.05, "about p of the elements dropped")
        for (output, value) in zip(first, input) where output != 0 {
            XCTAssertEqual(output, value * Float(1 / 0.75), "kept elements are scaled by 1 / (1 − p)")
        }
        dropout.forward(input, batch: batch, context: StepContext.training(dropoutKey: 7))
        XCTAssertEqual(Array(UnsafeBufferPointer(start: dropout.outputs, count: input.count)), first, "same key, same mask")
        dropout.forward(input, batch: batch, context: StepContext.training(dropoutKey: 8))
        XCTAssertNotEqual(Array(UnsafeBufferPointer(start: dropout.outputs, count: input.count)), first, "another step, another mask")
        let another = Dropout(name: "drop2", probability: 0.25, salt: 1, shape: shape, maxBatch: batch, needsInputGradient: true)
        another.forward(input, batch: batch, context: StepContext.training(dropoutKey: 7))
        let second = Array(UnsafeBufferPointer(start: another.outputs, count: input.count))
        let bothDropped = zip(first, second).filter { $0.0 == 0 && $0.1 == 0 }.count
        XCTAssertEqual(Double(bothDropped) / Double(input.count), 0.25 * 0.25, accuracy: 0.03,
                       "two dropout layers of one step draw independent masks")
        checkInputGradient(
            inputCount: input.count, outputCount: input.count, seed: 59, name: "Dropout",
            forward: { dropout.forward($0, batch: batch, context: StepContext.training(dropoutKey: 9)); return UnsafePointer(dropout.outputs) },
            backward: { dropout.backward($0, outputGradient: $1, batch: batch); return UnsafePointer(dropout.inputGradient!) })
    }

    /// Dropout in the trunk (run per shard) and in the head (run on the whole batch): any thread count
    /// gives the same bits, and the sharded gradient is the one-network gradient.
    func testDropoutNetworksGiveTheSameBitsOnAnyThreadCount() throws {
        let architecture = try Self.describe(
            [("conv1", "Conv2d(1, 4, 3, padding=1)"), ("drop", "Dropout(0.3)"), ("fc1", "Linear(784, 16)"), ("fc2", "Linear(16, 10)")],
            "conv1, relu, drop, max_pool2d(2), flatten, fc1, relu, dropout(0.5), fc2")
        let batch = 37
        let images = GradientCheckTests.randomArray(batch * 784, seed: 61)
        let labels = (0..<batch).map { UInt8($0 % 10) }
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            let sharded = try ShardedNetwork(architecture: architecture, maxBatch: batch, compute: ComputeSettings(threads: threads))
            var generator = SplitMix64(seed: 5)
            sharded.primary.initialize(using: &generator)
            _ = sharded.trainingStep(images, labels: labels, batch: batch, dropoutKey: 1234)
            results.append(sharded.parameters.gradientsArray())
        }
        XCTAssertEqual(results[1].map(\.bitPattern), results[0].map(\.bitPattern), "2 threads")
        XCTAssertEqual(results[2].map(\.bitPattern), results[0].map(\.bitPattern), "3 threads")
        let single = try Network(architecture: architecture, maxBatch: batch)
        var generator = SplitMix64(seed: 5)
        single.initialize(using: &generator)
        _ = single.trainingStep(images, labels: labels, batch: batch, dropoutKey: 1234)
        let reference = single.parameters.gradientsArray()
        let scale = reference.map(abs).max() ?? 1
        for (index, (a, b)) in zip(results[0], reference).enumerated() {
            XCTAssertEqual(a, b, accuracy: 1e-4 * scale, "gradient \(index): the same masks whether sharded or not")
        }
    }
}
