import XCTest
import Training
@testable import Pipeline
import Report

final class ParametersTests: XCTestCase {
    func testCommittedParamsFileParsesToTheDefaults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let parameters = try ReportParameters.load(from: root.appendingPathComponent("report/params.yaml").path)
        let defaults = ReportParameters.defaults
        XCTAssertEqual(parameters.networks, defaults.networks, "report/params.yaml and the built-in defaults must agree")
        XCTAssertEqual(parameters.seedLists, defaults.seedLists)
        XCTAssertEqual(parameters.expectedParameters, defaults.expectedParameters)
        XCTAssertEqual(parameters.threads, defaults.threads)
        // data_dir is relative to the file, so the project's data is found from any working folder.
        XCTAssertEqual(parameters.dataDirectory, root.appendingPathComponent("data/mnist").path)
        XCTAssertEqual(parameters.source, root.appendingPathComponent("report/params.yaml").path)
    }

    func testPathsAreRelativeToTheParamsFile() throws {
        let text = "data_dir: ../data/mnist\n"
        XCTAssertEqual(try ReportParameters.parse(text, file: "report/params.yaml").dataDirectory, "data/mnist")
        XCTAssertEqual(try ReportParameters.parse(text, file: "/home/s/project/report/params.yaml").dataDirectory, "/home/s/project/data/mnist")
        XCTAssertEqual(try ReportParameters.parse(text, file: "params.yaml").dataDirectory, "../data/mnist")
        XCTAssertEqual(try ReportParameters.parse("data_dir: ./mnist/\n", file: "a/b/params.yaml").dataDirectory, "a/b/mnist")
        XCTAssertEqual(try ReportParameters.parse("data_dir: /data\n", file: "a/params.yaml").dataDirectory, "/data")
        XCTAssertEqual(try ReportParameters.parse("seed: 1\n", file: "a/params.yaml").dataDirectory, "data/mnist", "no data_dir: the working folder's")
    }

    func testAValueRefusedLaterIsReportedWhereItIsWritten() throws {
        var parameters = try ReportParameters.parse("epochs: 2\nvalidation_size: 60000\nmynet:\n  batch_size: 128\n", file: "p.yaml")
        parameters.source = "p.yaml"
        let config = parameters.config(for: .mynet)
        XCTAssertThrowsError(try config.validate(trainingFileImages: 60_000)) { error in
            let located = "\(parameters.locate(error as! ConfigError, network: .mynet))"
            XCTAssertTrue(located.hasPrefix("p.yaml: validation_size: must be below the 60000 images"), located)
            XCTAssertTrue(located.hasSuffix("got 60000 (line 2)"), located)
        }
        let small = try ReportParameters.parse("train_limit: 100\nmynet:\n  batch_size: 128\n", file: "p.yaml")
        XCTAssertThrowsError(try small.config(for: .mynet).validate(trainingFileImages: 60_000)) { error in
            XCTAssertEqual("\(small.locate(error as! ConfigError, network: .mynet))", "mynet.batch_size: 128 is larger than the 100 training images",
                           "without a source file: the place only")
        }
        var flagged = small
        flagged.source = "p.yaml"
        XCTAssertThrowsError(try flagged.config(for: .mynet).validate(trainingFileImages: 60_000)) { error in
            XCTAssertEqual("\(flagged.locate(error as! ConfigError, network: .mynet))", "p.yaml: mynet.batch_size: 128 is larger than the 100 training images (line 3)")
        }
        flagged.keysSetByFlags = ["batch_size"]
        XCTAssertThrowsError(try flagged.config(for: .mynet).validate(trainingFileImages: 60_000)) { error in
            XCTAssertEqual("\(flagged.locate(error as! ConfigError, network: .mynet))", "--batch-size: 128 is larger than the 100 training images")
        }
    }

    func testYAMLErrorsAreWholeAndNameTheTab() {
        expectRejection("epochs: 3\nmynet:\n  epochs: 2\n\tbatch_size: 3\n",
                        mentioning: ["line 4 is indented with a tab", "spaces only", "while scanning a plain scalar at line 3, column 11"])
        expectRejection("mynet:\n  epochs: 2\n batch_size: 3\n",
                        mentioning: ["did not find expected key at line 3, column 2", "while parsing a block mapping at line 1, column 1", "check the indentation around line 3"])
    }

    func testSectionsOverrideSharedSettingsAndDefaults() throws {
        let parameters = try ReportParameters.parse("""
        seed: 7
        threads: 1
        data_dir: elsewhere
        convnet:
          epochs: 3
          learning_rate: 5e-4
          optimizer: sgd
          momentum: 0.5
          schedule: step
          step_size: 2
          gamma: 0.5
          train_limit: 1000
        mynet:
          seed: 9
        """, file: "p.yaml")
        XCTAssertEqual(parameters.dataDirectory, "elsewhere")
        let convnet = parameters.config(for: .convnet)
        XCTAssertEqual(convnet.epochs, 3)
        XCTAssertEqual(convnet.learningRate, 5e-4)
        XCTAssertEqual(convnet.optimizer, .sgd)
        XCTAssertEqual(convnet.learningRateSchedule, .step(every: 2, gamma: 0.5))
        XCTAssertEqual(convnet.trainLimit, 1000)
        XCTAssertEqual(convnet.seed, 7)
        XCTAssertEqual(parameters.threads, 1, "threads is a speed setting, kept beside the configurations")
        XCTAssertEqual(parameters.config(for: .mynet).seed, 9)
        XCTAssertEqual(parameters.config(for: .mynet).epochs, TrainingConfig.defaults(for: .mynet).epochs)
    }

    func expectRejection(_ text: String, mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ReportParameters.parse(text, file: "params.yaml"), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("params.yaml: "), message, file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
            for word in words { XCTAssertTrue(message.contains(word), "\"\(message)\" should mention \(word)", file: file, line: line) }
        }
    }

    func testBadFilesAreRejectedNamingTheKey() {
        expectRejection("sed: 1\n", mentioning: ["\"sed\"", "seed", "line 1"])
        expectRejection("convnet:\n  epoch: 3\n", mentioning: ["\"epoch\"", "convnet", "epochs"])
        expectRejection("mynet:\n  epochs: three\n", mentioning: ["mynet.epochs", "whole number", "three"])
        expectRejection("mynet:\n  epochs: 0\n", mentioning: ["mynet.epochs", "positive"])
        expectRejection("convnet:\n  optimizer: rmsprop\n", mentioning: ["convnet.optimizer", "adam, sgd", "rmsprop"])
        expectRejection("convnet:\n  schedule: linear\n", mentioning: ["convnet.schedule", "constant, cosine, step"])
        expectRejection("convnet:\n  learning_rate: .nan\n", mentioning: ["learning_rate"])
        expectRejection("convnet:\n  learning_rate: -1\n", mentioning: ["learning_rate", "above 0"])
        expectRejection("convnet:\n  batch_size: -64\n", mentioning: ["batch_size"])
        expectRejection("validation_size: 0\n", mentioning: ["validation_size"])
        expectRejection("convnet: 3\n", mentioning: ["convnet", "mapping"])
        expectRejection("- a\n- b\n", mentioning: ["mapping"])
        expectRejection("convnet: [unclosed\n", mentioning: ["YAML"])
    }

    func testSeedsListsSharedOrPerNetwork() throws {
        let shared = try ReportParameters.parse("seeds: [1, 2, 3]\nmynet:\n  seeds: [7]\n", file: "p.yaml")
        XCTAssertEqual(shared.seeds(for: .convnet), [1, 2, 3])
        XCTAssertEqual(shared.seeds(for: .mynet), [7])
        XCTAssertEqual(shared.config(for: .convnet, seed: 2).seed, 2)
        let none = try ReportParameters.parse("seed: 4\n", file: "p.yaml")
        XCTAssertEqual(none.seeds(for: .convnet), [4], "a seed instead of a list: one run")
        XCTAssertTrue(none.seedLists.isEmpty)
        XCTAssertEqual(try ReportParameters.parse("", file: "p.yaml").seeds(for: .mynet), ReportParameters.defaultSeeds)
        let mixed = try ReportParameters.parse("seeds: [1, 2]\nmynet:\n  seed: 9\n", file: "p.yaml")
        XCTAssertEqual(mixed.seedLists[.convnet], [1, 2])
        XCTAssertNil(mixed.seedLists[.mynet], "a network's own seed overrides the shared list")
        XCTAssertEqual(mixed.seeds(for: .mynet), [9])
        expectRejection("seed: 1\nseeds: [1, 2]\n", mentioning: ["either seed", "seeds"])
        expectRejection("seeds: 3\n", mentioning: ["seeds", "list"])
        expectRejection("seeds: []\n", mentioning: ["seeds", "at least one"])
        expectRejection("seeds: [1, 1]\n", mentioning: ["seed 1 twice"])
        expectRejection("convnet:\n  seeds: [1, x]\n", mentioning: ["convnet.seeds", "whole numbers", "\"x\""])
        expectRejection("seeds: [" + (1...21).map(String.init).joined(separator: ", ") + "]\n", mentioning: ["21 seeds", "at most 20"])
    }

    func testExpectedParameterCounts() throws {
        let parameters = try ReportParameters.parse("mynet:\n  expected_parameters: 431_080\n", file: "p.yaml")
        XCTAssertEqual(parameters.expectedParameters[.mynet], 431_080)
        XCTAssertNoThrow(try ParameterCheck.verify(parameters))
        var wrong = parameters
        wrong.expectedParameters[.convnet] = 44_000
        XCTAssertThrowsError(try ParameterCheck.verify(wrong)) {
            XCTAssertEqual($0 as? ParameterCountError, ParameterCountError(network: .convnet, expected: 44_000, actual: 44_426))
        }
        let counts = try ParameterCheck.outcomes(.defaults).map(\.actual)
        XCTAssertEqual(counts, [44_426, 431_080], "counted from the tensors")
        expectRejection("convnet:\n  expected_parameters: many\n", mentioning: ["convnet.expected_parameters", "positive whole number"])
        expectRejection("expected_parameters: 5\n", mentioning: ["unknown key"])
    }

    func testEmptyFileMeansDefaults() throws {
        XCTAssertEqual(try ReportParameters.parse("# nothing\n", file: "p.yaml"), ReportParameters.defaults)
    }
}
