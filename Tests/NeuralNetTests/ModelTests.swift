import XCTest
@testable import NeuralNet

final class ModelTests: XCTestCase {
    func testParameterCountsComeFromTheTensors() throws {
        let convNet = try Network(architecture: .convNet, maxBatch: 1)
        XCTAssertEqual(convNet.parameters.count, 44_426)
        XCTAssertEqual(convNet.parameters.tensors.map(\.count).reduce(0, +), 44_426)
        XCTAssertEqual(convNet.parameters.tensors.map(\.name),
                       ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                        "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
        XCTAssertEqual(convNet.parameters.tensor(named: "fc1.weight")?.shape, [120, 256])
        let myNet = try Network(architecture: .myNet, maxBatch: 1)
        XCTAssertEqual(myNet.parameters.count, 431_080)
        XCTAssertEqual(myNet.parameters.tensors.last?.name, "fc2.bias")
        XCTAssertEqual(myNet.parameters.tensor(named: "conv2.weight")?.shape, [50, 20, 5, 5])
    }

    func testMismatchedArchitecturesAreRejected() {
        let convNet = NetworkArchitecture.convNet
        var linears = convNet.linears
        linears[0].inFeatures = 400
        let broken = NetworkArchitecture(className: "ConvNet", title: "ConvNet", inputShape: convNet.inputShape,
                                         convolutions: convNet.convolutions, linears: linears)
        XCTAssertThrowsError(try Network(architecture: broken, maxBatch: 1)) { error in
            XCTAssertEqual(error as? ArchitectureError, .featureMismatch(layer: "fc1", expected: 256, found: 400, featuresText: "16×4×4 = 256"))
            XCTAssertEqual("\(error)", "fc1 expects 400 inputs but the forward order gives it 16×4×4 = 256")
        }
        var convolutions = NetworkArchitecture.myNet.convolutions
        convolutions[1].inChannels = 6
        let wrongChannels = NetworkArchitecture(className: "MyNet", title: "MyNet", inputShape: convNet.inputShape,
                                                convolutions: convolutions, linears: NetworkArchitecture.myNet.linears)
        XCTAssertThrowsError(try wrongChannels.validate()) { error in
            XCTAssertEqual("\(error)", "conv2 expects 6 input channels but the forward order gives it 20")
        }
    }

    func testInitialisationFollowsPyTorchBoundsAndSeed() throws {
        let network = try Network(architecture: .convNet, maxBatch: 1)
        var generator = SplitMix64(seed: 42)
        network.initialize(using: &generator)
        for tensor in network.parameters.tensors {
            let fanIn: Int
            switch tensor.name {
            case "conv1.weight", "conv1.bias": fanIn = 25
            case "conv2.weight", "conv2.bias": fanIn = 150
            case "fc1.weight", "fc1.bias": fanIn = 256
            case "fc2.weight", "fc2.bias": fanIn = 120
            default: fanIn = 84
            }
            let bound = 1 / Float(fanIn).squareRoot()
            let values = (0..<tensor.count).map { network.parameters.values[tensor.offset + $0] }
            XCTAssertTrue(values.allSatisfy { abs($0) <= bound }, tensor.name)
            XCTAssertGreaterThan(values.map(abs).max() ?? 0, bound * 0.5, "\(tensor.name) should fill its range")
        }
        let again = try Network(architecture: .convNet, maxBatch: 1)
        var sameSeed = SplitMix64(seed: 42)
        again.initialize(using: &sameSeed)
        XCTAssertEqual(again.parameters.valuesArray(), network.parameters.valuesArray())
    }

    func testShuffleIsASeededPermutation() {
        var first = SplitMix64(seed: 5), second = SplitMix64(seed: 5), third = SplitMix64(seed: 6)
        var a = Array(0..<1000), b = Array(0..<1000), c = Array(0..<1000)
        first.shuffle(&a)
        second.shuffle(&b)
        third.shuffle(&c)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(a, Array(0..<1000))
        XCTAssertEqual(a.sorted(), Array(0..<1000))
    }
}
