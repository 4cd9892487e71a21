import Foundation
import XCTest
import Training
@testable import Pipeline
import Report

/// Inputs from fuzzing the params-file parser (Fuzz/run.sh params) and hand-made ones at the
/// boundaries it explored: each must be rejected with a one-line ParametersError (or read), never trap
/// or hang.
final class ParametersFuzzRegressionTests: XCTestCase {
    private func assertRejected(_ text: String, mentioning words: [String] = [],
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ReportParameters.parse(text, file: "fuzz.yaml"), file: file, line: line) { error in
            guard let error = error as? ParametersError else {
                return XCTFail("not a ParametersError: \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.file, "fuzz.yaml", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), "one line: \(error)", file: file, line: line)
            for word in words {
                XCTAssertTrue(error.message.contains(word), "\"\(error.message)\" should mention \(word)", file: file, line: line)
            }
        }
    }

    /// Seven levels of ten aliases each, the last used as a mapping key: Yams hashes keys in full
    /// (10^7 scalars here), which took 7 s for six levels and grows tenfold per level.
    static let aliasBomb: String = {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...7 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\nconvnet: {? *a7 : 1, ? *a7 : 2}\n"
    }()

    func testAliasBombIsRejectedBeforeYamsExpandsIt() {
        let start = Date()
        assertRejected(Self.aliasBomb, mentioning: ["aliases", "line 2"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 1, "the alias bomb must be refused at once")
        assertRejected("convnet: &c {epochs: 3}\nmynet: *c\n", mentioning: ["aliases", "line 2"])
        assertRejected("convnet: {epochs: 3, batch_size:*b}\n", mentioning: ["aliases", "line 1"])
        assertRejected("convnet: [*first, 2]\n", mentioning: ["aliases", "line 1"])
    }

    func testStarsInCommentsAndQuotesAreNotAliases() throws {
        let parameters = try ReportParameters.parse("seed: 1 # see *this*\ndata_dir: '*data*'\n", file: "p.yaml")
        XCTAssertEqual(parameters.dataDirectory, "*data*")
        XCTAssertEqual(parameters.config(for: .convnet).seed, 1)
    }

    func testAnchorsWithoutAliasesAndStarsInsideWordsStillParse() throws {
        let parameters = try ReportParameters.parse("seed: &s 3\ndata_dir: \"runs/a*b\"\nconvnet: &c\n  epochs: 2 # 2*1\n", file: "p.yaml")
        XCTAssertEqual(parameters.dataDirectory, "runs/a*b")
        XCTAssertEqual(parameters.config(for: .convnet).epochs, 2)
        XCTAssertEqual(parameters.config(for: .mynet).seed, 3)
    }

    func testDeepNestingIsInvalidYAMLNotAStackOverflow() {
        assertRejected("convnet: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
                       mentioning: ["not valid YAML"])
        assertRejected("convnet: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000),
                       mentioning: ["not valid YAML"])
        var indented = "convnet:\n"
        for depth in 1...2_000 { indented += String(repeating: " ", count: depth) + "k\(depth):\n" }
        assertRejected(indented)
    }

    func testNumbersOutOfRangeAreRejectedNotConverted() {
        assertRejected("seed: 1e300\n", mentioning: ["seed", "whole number"])
        assertRejected("seed: 18446744073709551616\n", mentioning: ["seed", "whole number"])
        assertRejected("seed: -1\n", mentioning: ["seed"])
        assertRejected("threads: 99999999999999999999\n", mentioning: ["threads", "whole number"])
        assertRejected("validation_size: -9223372036854775808\n", mentioning: ["validation_size", "positive"])
        assertRejected("convnet:\n  epochs: 1e300\n", mentioning: ["convnet.epochs", "whole number"])
        assertRejected("convnet:\n  step_size: ___\n", mentioning: ["convnet.step_size", "whole number"])
        assertRejected("mynet:\n  learning_rate: 1e400\n", mentioning: ["mynet.learning_rate"])
        assertRejected("mynet:\n  gamma: -0.0\n", mentioning: ["mynet.gamma"])
    }

    /// Found by the params fuzzer: a batch size the parser accepts but no memory holds. The check across settings
    /// (`TrainingConfig.validate`) refuses it, and the pipeline's `locate` says it at its line in the file, as for any value.
    func testABatchTooLargeForMemoryIsRefusedAtItsLine() throws {
        var parameters = try ReportParameters.parse("batch_size: 641000\n", file: "fuzz.yaml")
        // As `ReportParameters.load` records the file it read.
        parameters.source = "fuzz.yaml"
        for (network, config) in parameters.networks {
            XCTAssertThrowsError(try config.validate()) { error in
                guard let located = parameters.locate(error as! ConfigError, network: network) as? ParametersError else {
                    return XCTFail("not located in the file: \(error)")
                }
                XCTAssertEqual(located.file, "fuzz.yaml")
                XCTAssertTrue(located.message.contains("batch_size") && located.message.contains("(line 1)") && located.message.contains("lower batch_size"), located.message)
                XCTAssertFalse(located.description.contains("\n"), "one line: \(located)")
            }
        }
    }

    func testLargestValuesThatFitAreAccepted() throws {
        let parameters = try ReportParameters.parse("""
        seed: 18446744073709551615
        validation_size: 9_223_372_036_854_775_807
        convnet: {epochs: 9223372036854775807, train_limit: 9223372036854775807, step_size: 9223372036854775807}
        mynet: {train_limit: null, weight_decay: 1e308}
        """, file: "p.yaml")
        let convnet = parameters.config(for: .convnet)
        XCTAssertEqual(convnet.seed, .max)
        XCTAssertEqual(convnet.epochs, .max)
        XCTAssertEqual(convnet.validationSize, .max)
        XCTAssertNil(parameters.config(for: .mynet).trainLimit)
    }

    func testOddDocumentsAreRejected() {
        assertRejected("? [complex, key]\n: 1\n", mentioning: ["plain names"])
        assertRejected("convnet:\n  ? {a: 1}\n  : 2\n", mentioning: ["unknown key", "convnet"])
        assertRejected("seed: 1\nseed: 2\n", mentioning: ["not valid YAML"])
        assertRejected("seed: 1\n---\nseed: 2\n", mentioning: ["not valid YAML"])
        assertRejected("convnet:\n\tepochs: 1\n", mentioning: ["not valid YAML"])
        assertRejected("~\n", mentioning: ["mapping"])
        assertRejected("data_dir: \"\"\n", mentioning: ["data_dir"])
        assertRejected("\u{0}\u{1}\u{feff}seed: 1\n")
    }

    func testNonUTF8FileIsRejected() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-params-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data([0x73, 0x65, 0x65, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x31, 0x0a])))
        XCTAssertThrowsError(try ReportParameters.load(from: path)) { error in
            XCTAssertEqual((error as? ParametersError)?.message, "the file is not UTF-8 text")
        }
    }
}
