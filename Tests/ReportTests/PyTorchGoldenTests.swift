import Foundation
import XCTest
import NeuralNet
@testable import Report

/// Described architectures against what PyTorch 2.15 and torchsummary 1.5.1 print for the equivalent
/// classes (`Golden/<Class>.txt`, `.count`, `.state_dict`, written by `scripts/golden_architectures.py`):
/// padding, stride, bias=False, module and functional ReLU, pooling and dropout, a module called twice.
final class PyTorchGoldenTests: XCTestCase {
    /// The descriptions of the classes the script defines, as a params file gives them.
    static let descriptions: [String: (modules: [(String, String)], forward: String)] = [
        "PaddedNet": ([("conv1", "Conv2d(1, 32, 3, padding=1)"), ("conv2", "Conv2d(32, 64, 3, padding=1)"), ("pool", "MaxPool2d(2)"),
                       ("dropout", "Dropout(0.25)"), ("fc1", "Linear(3136, 128)"), ("fc2", "Linear(128, 10)")],
                      "conv1, relu, pool, conv2, relu, pool, dropout, flatten, fc1, relu, fc2"),
        "StridedNet": ([("conv1", "Conv2d(1, 16, kernel_size=3, stride=2)"), ("relu", "ReLU()"),
                        ("conv2", "Conv2d(16, 32, 3, stride=2, padding=1, bias=False)"), ("pool", "AvgPool2d(2)"),
                        ("flatten", "Flatten()"), ("fc", "Linear(288, 10, bias=False)")],
                       "conv1, relu, conv2, relu, pool, flatten, fc"),
        "MLPNet": ([("flatten", "Flatten()"), ("fc1", "Linear(784, 100)"), ("drop", "Dropout(p=0.2)"), ("fc2", "Linear(100, 10)")],
                   "flatten, fc1, relu, drop, fc2"),
        "PoolNet": ([("conv1", "Conv2d(1, 8, 5, padding=2)"), ("pool1", "MaxPool2d(3, stride=2)"), ("conv2", "Conv2d(8, 16, 3)"),
                     ("fc1", "Linear(400, 10)")],
                    "conv1, relu, pool1, conv2, relu, avg_pool2d(2), dropout(0.1), flatten, fc1"),
    ]

    static func architecture(_ name: String) throws -> NetworkArchitecture {
        let description = try XCTUnwrap(descriptions[name])
        return try NetworkArchitecture.described(className: name, title: name,
                                                 modules: description.modules.map { (name: $0.0, constructor: $0.1) },
                                                 forward: DescriptionSyntax.splitSteps(description.forward))
    }

    static func golden(_ file: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(file)
        return try String(contentsOf: url, encoding: .utf8)
    }

    func testPrintoutsAreWhatPyTorchAndTorchsummaryPrint() throws {
        for name in Self.descriptions.keys.sorted() {
            let facts = try SummaryTable(architecture: try Self.architecture(name))
            XCTAssertEqual(facts.moduleRepr + facts.torchSummary, try Self.golden(name + ".txt"), name)
        }
    }

    func testParametersAreTheStateDictOfPyTorch() throws {
        for name in Self.descriptions.keys.sorted() {
            let network = try Network(architecture: try Self.architecture(name), maxBatch: 1)
            XCTAssertEqual("\(network.parameters.count)\n", try Self.golden(name + ".count"), name)
            let stateDict = network.parameters.tensors.map { "\($0.name) \(PythonFormat.list($0.shape))\n" }.joined()
            XCTAssertEqual(stateDict, try Self.golden(name + ".state_dict"), name)
        }
    }

    func testExtendedTableAndWordsFollowTheForwardOrder() throws {
        let facts = try SummaryTable(architecture: try Self.architecture("PoolNet"))
        XCTAssertEqual(facts.forwardPassInWords,
                       "1×28×28 → `conv1` 5×5 conv, padding 2 → 8×28×28 → ReLU → `pool1` max-pool 3 stride 2 → 8×13×13 → `conv2` 3×3 conv → "
                       + "16×11×11 → ReLU, avg-pool 2 → 16×5×5 → dropout 0.1 → flatten → 400 → `fc1` → 10 logits (softmax in the loss)")
        XCTAssertEqual(facts.rows.map(\.name), ["conv1", "relu", "pool1", "conv2", "relu + avg_pool2d(2)", "dropout(0.1)", "flatten", "fc1"])
        XCTAssertEqual(facts.rows.first?.multiplyAdds, 8 * 28 * 28 * 25, "weights × inputs, bias additions not counted")
        XCTAssertTrue(facts.extendedTable.contains("torchinfo also counts the bias additions"))
    }
}
