import Foundation
import XCTest

/// `digits verify` end to end, on a tiny run (256 training images) so that each retraining takes a second.
extension CommandLineTests {
    /// `digits train` of a tiny ConvNet run into `out`; returns the path of its metrics.json.
    func trainTinyRun(into out: String) throws -> String {
        let trained = try digits(["train", "--net", "convnet", "--epochs", "1", "--train-limit", "256", "--validation-size", "500",
                                  "--data-dir", Self.dataDirectory, "--out", out])
        XCTAssertEqual(trained.status, 0, trained.error)
        return out + "/runs/convnet/metrics.json"
    }

    func testVerifyReproducesARunAndNamesAnEditedMetric() throws {
        let out = folder.appendingPathComponent("out").path
        let metricsPath = try trainTinyRun(into: out)
        let original = try String(contentsOfFile: metricsPath, encoding: .utf8)
        let weightsHash = try XCTUnwrap(firstMatch(of: #""weights_sha256" : "([0-9a-f]{64})""#, in: original))

        let verified = try digits(["verify", "--dir", out, "--net", "convnet", "--threads", "1"])
        XCTAssertEqual(verified.status, 0, verified.output + verified.error)
        XCTAssertTrue(verified.output.contains("ConvNet: reproduced (weights SHA-256 \(weightsHash.prefix(12))…)"), verified.output)
        XCTAssertTrue(verified.output.contains("ConvNet epoch  1/1"), "shows training progress: \(verified.output)")
        XCTAssertEqual(verified.error, "")

        // One validation loss edited in the JSON text: the weights still match, the metric does not.
        let valLoss = try XCTUnwrap(firstMatch(of: #""val_loss" : ([0-9.e-]+)"#, in: original))
        let edited = original.replacingOccurrences(of: "\"val_loss\" : \(valLoss)", with: "\"val_loss\" : 0.125")
        XCTAssertNotEqual(edited, original)
        try edited.write(toFile: metricsPath, atomically: true, encoding: .utf8)
        let mismatch = try digits(["verify", "--dir", out, "--net", "convnet"])
        XCTAssertEqual(mismatch.status, 1, mismatch.output + mismatch.error)
        XCTAssertTrue(mismatch.output.contains("ConvNet: MISMATCH: epoch 1 val_loss: saved 0.125, reproduced \(valLoss)\n"), mismatch.output)
        XCTAssertFalse(mismatch.output.contains("reproduced (weights"), mismatch.output)
        XCTAssertFalse(mismatch.output.contains("weights_sha256"), "the weights are the same: \(mismatch.output)")
    }

    func testVerifyRefusesRunsItCannotCheck() throws {
        try expectCleanFailure(["verify", "--dir", "/nonexistent"], mentioning: ["no saved run", "/nonexistent/runs/convnet"])
        let out = folder.appendingPathComponent("out").path
        let metricsPath = try trainTinyRun(into: out)
        let original = try String(contentsOfFile: metricsPath, encoding: .utf8)
        // `--net all` checks every run before training any, so MyNet's missing run stops it at once.
        try expectCleanFailure(["verify", "--dir", out], mentioning: ["no saved run", "runs/mynet"])

        func expectFailure(editing edit: (String) -> String, mentioning words: [String], line: UInt = #line) throws {
            let edited = edit(original)
            XCTAssertNotEqual(edited, original, line: line)
            try edited.write(toFile: metricsPath, atomically: true, encoding: .utf8)
            try expectCleanFailure(["verify", "--dir", out, "--net", "convnet"], mentioning: words, line: line)
        }
        let version = try XCTUnwrap(firstMatch(of: #""code_version" : "([^"]+)""#, in: original))
        try expectFailure(editing: { $0.replacingOccurrences(of: "\"code_version\" : \"\(version)\"", with: "\"code_version\" : \"0\"") },
                          mentioning: ["code version 0", "version \(version)", "bit for bit", "digits report --force"])
        let dataHash = try XCTUnwrap(firstMatch(of: #""train-images-idx3-ubyte" : "([0-9a-f]{64})""#, in: original))
        try expectFailure(editing: { $0.replacingOccurrences(of: dataHash, with: String(repeating: "0", count: 64)) },
                          mentioning: ["data", "differs", "train-images-idx3-ubyte", "cannot be checked"])
        try expectFailure(editing: { _ in "{\"something\": \"else\"}\n" }, mentioning: ["metrics.json", "not a metrics file"])
    }

    /// The first capture group of `pattern` in `text`.
    private func firstMatch(of pattern: String, in text: String) throws -> String? {
        let expression = try NSRegularExpression(pattern: pattern)
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
