import Foundation
import XCTest
import NeuralNet
import Training
@testable import Pipeline
import Report

/// A network the params file describes: parsed with line numbers in its errors, trained through the
/// same engine, its weights under the module names, the cache and the changes section following it.
final class DescribedNetworkTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("described-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A small custom MyNet: padding, a pooling module used twice, module and functional dropout.
    static let customMyNet = """
    mynet:
      modules:
        conv1: Conv2d(1, 8, 3, padding=1)
        conv2: Conv2d(8, 16, 3, stride=2, padding=1)
        pool: MaxPool2d(2)
        drop: Dropout(0.25)
        fc1: Linear(144, 32)
        fc2: Linear(32, 10)
      forward: [conv1, relu, pool, conv2, relu, pool, drop, flatten, fc1, relu, "dropout(0.5)", fc2]

    """

    func expectRejection(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ReportParameters.parse(text, file: "params.yaml"), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    func testDescriptionsAreParsedAndCheckedWithTheirLines() throws {
        let parameters = try ReportParameters.parse(Self.customMyNet, file: "params.yaml")
        let architecture = parameters.config(for: .mynet).architecture
        XCTAssertEqual(architecture.className, "MyNet")
        XCTAssertEqual(architecture.title, "MyNet")
        XCTAssertFalse(parameters.config(for: .mynet).usesBuiltInArchitecture)
        XCTAssertTrue(parameters.config(for: .convnet).usesBuiltInArchitecture, "a network without a description keeps the built-in one")
        XCTAssertNil(parameters.expectedParameters[.mynet], "the built-in count says nothing about a described network")
        XCTAssertEqual(parameters.expectedParameters[.convnet], 44_426)
        XCTAssertEqual(architecture.forwardDescription, "conv1, relu, pool, conv2, relu, pool, drop, flatten, fc1, relu, dropout(0.5), fc2")

        expectRejection(Self.customMyNet.replacingOccurrences(of: "Conv2d(8, 16, 3, stride=2, padding=1)", with: "Transformer(8)"),
                        "params.yaml: mynet.modules.conv2: Transformer is not supported; the modules that are: \(DescriptionSyntax.supportedModules.joined(separator: ", ")) (line 4)")
        expectRejection(Self.customMyNet.replacingOccurrences(of: "Linear(144, 32)", with: "Linear(800, 32)"),
                        "params.yaml: mynet: fc1 expects 800 inputs but the forward order gives it 16×3×3 = 144 (line 7)")
        expectRejection(Self.customMyNet.replacingOccurrences(of: "\"dropout(0.5)\"", with: "lstm"),
                        "params.yaml: mynet.forward: lstm in forward is neither a module (conv1, conv2, pool, drop, fc1, fc2) nor a supported function (\(DescriptionSyntax.supportedFunctions.joined(separator: ", "))) (line 9)")
        expectRejection("mynet:\n  forward: conv1, fc1\n",
                        "params.yaml: mynet.forward needs mynet.modules, the modules it calls (name: Constructor(...)) (line 2)")
        expectRejection("mynet:\n  modules:\n    conv1: [1, 2]\n  forward: conv1\n",
                        "params.yaml: mynet.modules.conv1 must be a constructor such as Conv2d(1, 20, 5), got a list (line 3)")
    }

    func testBatchesThatWouldNotFitInMemoryAreRefused() throws {
        var config = try ReportParameters.parse(Self.customMyNet, file: "params.yaml").config(for: .mynet)
        config.batchSize = 20_000_000
        XCTAssertThrowsError(try config.validate()) { error in
            XCTAssertEqual((error as? ConfigError)?.key, "batch_size")
            XCTAssertTrue("\(error)".contains("GiB of buffers; at most 8 GiB: lower batch_size"), "\(error)")
        }
        config.batchSize = 64
        XCTAssertNoThrow(try config.validate())
        // The limit is memory, not a count of parameters: 95 million train, 795 million (20 GiB with
        // gradients, Adam's moments and evaluation buffers) do not.
        config.architecture = try NetworkArchitecture.described(className: "Big", title: "MyNet",
            modules: [("conv1", "Conv2d(1, 32, 3, padding=1)"), ("fc1", "Linear(32 * 28 * 28, 3800)"), ("fc2", "Linear(3800, 10)")],
            forward: ["conv1", "relu", "flatten", "fc1", "relu", "fc2"])
        XCTAssertNoThrow(try config.validate())
        config.architecture = try NetworkArchitecture.described(className: "Huge", title: "MyNet",
            modules: [("fc1", "Linear(784, 1000000)"), ("fc2", "Linear(1000000, 10)")], forward: ["flatten", "fc1", "relu", "fc2"])
        XCTAssertThrowsError(try config.validate()) { error in
            XCTAssertTrue("\(error)".contains("needs about 20 GiB of memory (its parameters, their gradients and Adam's moments"), "\(error)")
        }
    }

    /// Trains the custom MyNet (and the built-in ConvNet) on a small subset through `digits report`'s
    /// builder: its count, printouts and weight names follow the description, the architecture is
    /// recorded, and changing it retrains that network only and shows in the changes section.
    func testADescribedNetworkTrainsAndIsCachedByItsArchitecture() throws {
        var parameters = try ReportParameters.parse(Self.customMyNet + """
        seed: 3
        epochs: 3
        train_limit: 2000
        validation_size: 500
        data_dir: \(Self.root.appendingPathComponent("data/mnist").path)

        """, file: "params.yaml")
        let builder = ReportBuilder(directory: folder.path)
        let first = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertEqual(first[RunID(.mynet)], .train(reason: "no previous run"))
        let metrics = try RunFolder.readMetrics(at: folder.appendingPathComponent("runs/mynet").path)
        let expectedCount = (8 * 9 + 8) + (16 * 8 * 9 + 16) + (144 * 32 + 32) + (32 * 10 + 10)
        XCTAssertEqual(metrics.parameters, expectedCount)
        // The same bits on any machine, thread count and kernel path (measured: 1 and 2 threads, and
        // DIGITS_KERNELS=generic, all gave this): padding, stride and seeded dropout included.
        XCTAssertEqual(metrics.weightsSha256, "f3bef38ef76758a9bec1b00ea2cf41cc63f274c6039d24b039995a1b0149d0b4")
        XCTAssertEqual(metrics.config.architecture, parameters.config(for: .mynet).architecture, "metrics.json records the architecture")
        let weights = try XCTUnwrap(FileManager.default.contents(atPath: folder.appendingPathComponent("runs/mynet/model.safetensors").path))
        let names = try Safetensors.decode(Array(weights)).tensors.keys.sorted()
        XCTAssertEqual(names, ["conv1.bias", "conv1.weight", "conv2.bias", "conv2.weight", "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"])
        XCTAssertGreaterThan(metrics.test.accuracy, 0.5, "it learns from 2,000 images (chance is 0.1)")
        let report = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: folder.appendingPathComponent("report.md").path)), as: UTF8.self)
        XCTAssertTrue(report.contains("  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"), report)
        XCTAssertTrue(report.contains("         MaxPool2d-4             [-1, 16, 3, 3]               0\n"), "the second call of pool has its own row")
        XCTAssertTrue(report.contains("Total params: \(PythonFormat.grouped(expectedCount))\n"))

        // The same run again: trained the same from scratch (dropout seeded), reused from the cache.
        let again = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 1), force: false, command: "test")
        guard case .reuse = again[RunID(.mynet)] else { return XCTFail("expected reuse, got \(again)") }
        let convnetWeights = FileManager.default.contents(atPath: folder.appendingPathComponent("runs/convnet/model.safetensors").path)
        let retrained = folder.appendingPathComponent("forced")
        _ = try ReportBuilder(directory: retrained.path).build(parameters: parameters, compute: ComputeSettings(threads: 1), force: true, command: "test")
        XCTAssertEqual(FileManager.default.contents(atPath: retrained.appendingPathComponent("runs/mynet/model.safetensors").path), weights,
                       "one thread gives the weights two threads gave, dropout included")

        // An architecture change retrains that network only and is listed as a change.
        parameters = try ReportParameters.parse(Self.customMyNet.replacingOccurrences(of: "Linear(144, 32)", with: "Linear(144, 48)")
            .replacingOccurrences(of: "Linear(32, 10)", with: "Linear(48, 10)") + """
        seed: 3
        epochs: 3
        train_limit: 2000
        validation_size: 500
        data_dir: \(Self.root.appendingPathComponent("data/mnist").path)

        """, file: "params.yaml")
        let changed = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertEqual(changed[RunID(.mynet)], .train(reason: "hyperparameters changed (modules.fc1 Linear(144, 32) → Linear(144, 48), modules.fc2 Linear(32, 10) → Linear(48, 10))"))
        guard case .reuse = changed[RunID(.convnet)] else { return XCTFail("ConvNet should be reused") }
        XCTAssertEqual(FileManager.default.contents(atPath: folder.appendingPathComponent("runs/convnet/model.safetensors").path), convnetWeights)
        let section = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: folder.appendingPathComponent("record.md").path)), as: UTF8.self)
        XCTAssertTrue(section.contains("| MyNet | `modules.fc1` | `Linear(144, 32)` | `Linear(144, 48)` |"), section)
        XCTAssertTrue(section.contains("| MyNet | `modules.fc2` | `Linear(32, 10)` | `Linear(48, 10)` |"), section)
        XCTAssertFalse(section.contains("| ConvNet (LeNet-5) | `modules."), "ConvNet's architecture did not change")
    }
}

/// Seeded mutations of a described network's lines (tokens a typo or a fuzzer would insert): each file
/// is read or rejected with a one-line ParametersError, and whatever is read builds without trapping.
final class DescribedNetworkMutationTests: XCTestCase {
    static let tokens = ["(", ")", ",", "=", "0", "-1", "99999999", "1e309", "nan", "True", "None", "stride=", "padding=", "bias=False",
                         "Conv2d", "Linear", "MaxPool2d(", "Dropout(", "relu", "max_pool2d(", "flatten", ":", "\n", " ", "'", "\"", "[", "]",
                         "(3, 3)", "((", "p=", "0.5", "2", "conv1", "fc1"]

    func testMutatedDescriptionsAreReadOrRejectedCleanly() throws {
        let base = DescribedNetworkTests.customMyNet
        let characters = Array(base)
        var generator = SplitMix64(seed: 2026)
        var read = 0, rejected = 0
        for _ in 0..<1500 {
            var text = characters
            for _ in 0..<(1 + generator.nextIndex(below: 3)) {
                let position = generator.nextIndex(below: text.count)
                switch generator.nextIndex(below: 3) {
                case 0: text.insert(contentsOf: Self.tokens[generator.nextIndex(below: Self.tokens.count)], at: position)
                case 1: text.remove(at: position)
                default: text[position] = Self.tokens[generator.nextIndex(below: Self.tokens.count)].first ?? "x"
                }
            }
            let mutated = String(text)
            do {
                let parameters = try ReportParameters.parse(mutated, file: "mutated.yaml")
                read += 1
                let architecture = parameters.config(for: .mynet).architecture
                XCTAssertNoThrow(try architecture.validate(), mutated)
                if architecture.parameterShapes.map({ $0.shape.reduce(1, *) }).reduce(0, +) < 5_000_000 {
                    let facts = try SummaryTable(architecture: architecture)
                    XCTAssertFalse(facts.moduleRepr.isEmpty)
                }
            } catch let error as ParametersError {
                rejected += 1
                XCTAssertFalse(error.description.contains("\n"), "one line: \(error)")
            } catch {
                XCTFail("not a ParametersError: \(error) for\n\(mutated)")
            }
        }
        XCTAssertGreaterThan(read, 10, "some mutations keep a valid file (25 of 1,500 with this seed: spaces, comments, equal values)")
        XCTAssertGreaterThan(rejected, 500, "most mutations break something")
    }
}
