import Foundation
import XCTest

/// The `digits` executable as a user runs it: exit statuses, one-line errors, no traps, outputs kept.
final class CommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dataDirectory = root.appendingPathComponent("data/mnist").path
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The executable built next to the test bundle.
    static var executable: URL { Bundle.main.bundleURL.appendingPathComponent("digits") }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs digits; `interruptAfter` sends `signal` once that many seconds have passed.
    @discardableResult
    func digits(_ arguments: [String], interruptAfter: Double? = nil, signal: Int32 = SIGINT) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        if let interruptAfter {
            Thread.sleep(forTimeInterval: interruptAfter)
            kill(process.processIdentifier, signal)
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                       error: String(decoding: errData, as: UTF8.self))
    }

    /// A failure as issue #7 wants it: non-zero status below 128, exactly one line on standard error
    /// that mentions each of `words`, and no Swift runtime trap.
    func expectCleanFailure(_ arguments: [String], mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try digits(arguments)
        XCTAssertNotEqual(outcome.status, 0, "\(arguments) should fail", file: file, line: line)
        XCTAssertLessThan(outcome.status, 128, "\(arguments): no crash", file: file, line: line)
        // A note on which params file was read may come first; the error itself is one line.
        let lines = outcome.error.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("digits: note: ") }
        XCTAssertEqual(lines.count, 1, "one line on stderr, got: \(outcome.error)", file: file, line: line)
        XCTAssertTrue(lines.first?.hasPrefix("digits: error: ") == true, outcome.error, file: file, line: line)
        XCTAssertFalse(outcome.error.contains("Fatal error"), outcome.error, file: file, line: line)
        for word in words {
            XCTAssertTrue(outcome.error.contains(word), "\"\(outcome.error)\" should mention \(word)", file: file, line: line)
        }
    }

    func testCheckGuardsTheParameterCountsOfTheCommittedParamsFile() throws {
        let committed = Self.root.appendingPathComponent("report/params.yaml").path
        let passed = try digits(["check", "--params", committed])
        XCTAssertEqual(passed.status, 0, passed.error)
        XCTAssertEqual(passed.output, "ConvNet: 44,426 parameters, as expected\nMyNet: 431,080 parameters, as expected\n")
        // An edited count fails with both numbers and the per-layer table.
        let text = try String(contentsOfFile: committed, encoding: .utf8).replacingOccurrences(of: "expected_parameters: 44426", with: "expected_parameters: 44000")
        let edited = folder.appendingPathComponent("params.yaml")
        try Data(text.utf8).write(to: edited)
        let failed = try digits(["check", "--params", edited.path])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.output.contains("ConvNet: MISMATCH: expected 44,000 parameters, the architecture has 44,426"), failed.output)
        XCTAssertTrue(failed.output.contains("conv1 (Conv2d)"), "the per-layer table: \(failed.output)")
        // digits report refuses before anything trains or is written.
        let report = folder.appendingPathComponent("report")
        try expectCleanFailure(["report", "--params", edited.path, "--dir", report.path], mentioning: ["convnet.expected_parameters", "44,000", "44,426"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: report.path))
    }

    /// A report folder without a params file takes the project's `report/params.yaml` and says so; with
    /// neither, the built-in networks are used and that is said too.
    func testAQuickLookInAnotherFolderUsesTheProjectsParamsFileAndSaysSo() throws {
        let project = folder.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try Data("convnet:\n  modules:\n    fc: Linear(784, 10)\n  forward: flatten, fc\n".utf8).write(to: project.appendingPathComponent("params.yaml"))
        let quick = try digits(["summary", "--net", "convnet", "--dir", "/tmp/quick-\(UUID().uuidString)"])
        XCTAssertEqual(quick.status, 0, quick.error)
        XCTAssertTrue(quick.error.contains("has no params.yaml: using report/params.yaml (pass --params FILE to use another)"), quick.error)
        XCTAssertTrue(quick.output.contains("Linear-1"), "the project's ConvNet, not the built-in one: " + quick.output)
        try FileManager.default.removeItem(at: project)
        let none = try digits(["summary", "--net", "convnet"])
        XCTAssertEqual(none.status, 0, none.error)
        XCTAssertTrue(none.error.contains("digits: note: no params file (report/params.yaml does not exist): using the built-in ConvNet and MyNet"), none.error)
        XCTAssertTrue(none.output.contains("Conv2d-1"), none.output)
    }

    /// From a folder outside the repository: the committed params file finds the data beside it (data_dir
    /// is relative to the file), and the manifest records the checkout's commit, its state and the file's SHA-256.
    func testAReportOutsideTheRepositoryFindsTheDataAndRecordsTheCheckout() throws {
        let committed = Self.root.appendingPathComponent("report/params.yaml").path
        let outcome = try digits(["report", "--params", committed, "--dir", "quick", "--epochs", "2", "--train-limit", "256",
                                  "--validation-size", "500", "--seed", "1"])
        XCTAssertEqual(outcome.status, 0, outcome.error)
        // A pipe gets one line per epoch, with the run's time left and the command's.
        XCTAssertNotNil(outcome.output.range(of: #"MyNet epoch  1/2 .*\([0-9]+s left; all runs: about [0-9]+s left\)\n"#, options: .regularExpression), outcome.output)
        XCTAssertNotNil(outcome.output.range(of: #"ConvNet epoch  2/2 .*\(done; all runs: about 0s left\)\n"#, options: .regularExpression), outcome.output)
        let report = try String(contentsOfFile: folder.appendingPathComponent("quick/record.md").path, encoding: .utf8)
        XCTAssertTrue(report.contains("| Data | `\(Self.dataDirectory)`"), "the data beside the params file")
        XCTAssertNotNil(report.range(of: #"\| Git commit \| `[0-9a-f]{40}` \((clean working tree|working tree had uncommitted changes)\) \|"#,
                                     options: .regularExpression), "the checkout digits was built from")
        let sha = SHA256Hex.of(try Data(contentsOf: URL(fileURLWithPath: committed)))
        XCTAssertTrue(report.contains("| Params file | `\(committed)`, SHA-256 `\(sha)` |"), report)
    }

    /// Settings refused against the data say where they are written, before anything trains; a data
    /// folder that is not there names data_dir, the file and the line.
    func testSettingsAndTheDataFolderAreRefusedWhereTheyAreWritten() throws {
        let params = folder.appendingPathComponent("params.yaml")
        try Data("data_dir: \(Self.dataDirectory)\nepochs: 1\nvalidation_size: 60000\n".utf8).write(to: params)
        try expectCleanFailure(["report", "--params", params.path, "--dir", "out"],
                               mentioning: ["params.yaml: validation_size: must be below the 60000 images", "(line 3)"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/runs").path), "nothing trained")
        try expectCleanFailure(["report", "--params", params.path, "--dir", "out", "--validation-size", "70000"],
                               mentioning: ["--validation-size: must be below"])
        try Data("data_dir: data/mnist\n".utf8).write(to: params)
        try expectCleanFailure(["report", "--params", params.path, "--dir", "out"],
                               mentioning: ["data_dir: data folder \(folder.path)/data/mnist does not exist", "relative to the params file", "line 1"])
    }

    /// Two reports on one folder: the second stops at once naming the first (pid, command); the first
    /// finishes and its report is right. The lock of a killed command is taken over.
    func testASecondReportOnTheSameFolderStopsAndNamesTheFirst() throws {
        let params = folder.appendingPathComponent("params.yaml")
        try Data("data_dir: \(Self.dataDirectory)\nseed: 1\nepochs: 3\ntrain_limit: 6000\nvalidation_size: 500\n".utf8).write(to: params)
        let first = Process()
        first.executableURL = Self.executable
        first.arguments = ["report", "--params", params.path, "--dir", "shared"]
        first.currentDirectoryURL = folder
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let lock = folder.appendingPathComponent("shared/.digits.lock").path
        let deadline = Date().addingTimeInterval(20)
        while (FileManager.default.contents(atPath: lock)?.count ?? 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try expectCleanFailure(["report", "--params", params.path, "--dir", "shared"],
                               mentioning: ["shared is being written by another digits", "pid \(first.processIdentifier): digits report --params", "wait for it to finish"])
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        let record = try String(contentsOfFile: folder.appendingPathComponent("shared/record.md").path, encoding: .utf8)
        XCTAssertTrue(record.contains("This is the first report in this folder"), "the second writer changed nothing")
        // A command killed while it holds the lock leaves it to the next one.
        let killed = try digits(["report", "--params", params.path, "--dir", "shared", "--force"], interruptAfter: 1.5, signal: SIGKILL)
        XCTAssertEqual(killed.status, SIGKILL)
        let next = try digits(["figures", "--dir", "shared"])
        XCTAssertEqual(next.status, 0, next.error)
    }

    func testCheckFailsWhenAModuleIsEdited() throws {
        let committed = Self.root.appendingPathComponent("report/params.yaml").path
        // One accidental edit: conv2 with 64 filters instead of 50 (fc1's input must follow: 64×4×4).
        let text = try String(contentsOfFile: committed, encoding: .utf8)
            .replacingOccurrences(of: "conv2: Conv2d(20, 50, 5)", with: "conv2: Conv2d(20, 64, 5)")
            .replacingOccurrences(of: "fc1: Linear(800, 500)", with: "fc1: Linear(1024, 500)")
        let edited = folder.appendingPathComponent("params.yaml")
        try Data(text.utf8).write(to: edited)
        let failed = try digits(["check", "--params", edited.path])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.output.contains("ConvNet: 44,426 parameters, as expected"), failed.output)
        XCTAssertTrue(failed.output.contains("MyNet: MISMATCH: expected 431,080 parameters, the architecture has 550,094"), failed.output)
        XCTAssertTrue(failed.output.contains("conv2 (Conv2d)          [64, 20, 5, 5]"), "the per-layer table: \(failed.output)")
        // A shape error is caught before anything runs, naming the layer, the numbers and the line.
        let mismatched = try String(contentsOfFile: committed, encoding: .utf8)
            .replacingOccurrences(of: "conv2: Conv2d(20, 50, 5)", with: "conv2: Conv2d(20, 50, 3)")
        try Data(mismatched.utf8).write(to: edited)
        try expectCleanFailure(["check", "--params", edited.path],
                               mentioning: ["mynet: fc1 expects 800 inputs but the forward order gives it 50×5×5 = 1,250", "(line "])
        try expectCleanFailure(["summary", "--params", edited.path], mentioning: ["fc1 expects 800 inputs"])
        let unsupported = try String(contentsOfFile: committed, encoding: .utf8)
            .replacingOccurrences(of: "conv2: Conv2d(20, 50, 5)", with: "conv2: Transformer(20)")
        try Data(unsupported.utf8).write(to: edited)
        try expectCleanFailure(["check", "--params", edited.path], mentioning: ["mynet.modules.conv2", "Transformer is not supported", "(line "])
    }

    func testSummaryAndExportFollowTheParamsFile() throws {
        let custom = folder.appendingPathComponent("custom.yaml")
        try Data("""
        mynet:
          modules:
            conv1: Conv2d(1, 32, 3, padding=1)
            conv2: Conv2d(32, 64, 3, padding=1)
            pool: MaxPool2d(2)
            dropout: Dropout(0.25)
            fc1: Linear(3136, 128)
            fc2: Linear(128, 10)
          forward: conv1, relu, pool, conv2, relu, pool, dropout, flatten, fc1, relu, fc2

        """.utf8).write(to: custom)
        let summary = try digits(["summary", "--net", "mynet", "--params", custom.path])
        XCTAssertEqual(summary.status, 0, summary.error)
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Tests/ReportTests/Golden/PaddedNet.txt"), encoding: .utf8)
        XCTAssertEqual(summary.output, golden.replacingOccurrences(of: "PaddedNet(", with: "MyNet("), "PyTorch + torchsummary's text")
        let export = try digits(["export-pytorch", "--net", "mynet", "--params", custom.path])
        XCTAssertTrue(export.output.contains("        self.dropout = nn.Dropout(0.25)\n"), export.output)
        let check = try digits(["check", "--params", custom.path])
        XCTAssertEqual(check.status, 0, check.error)
        XCTAssertTrue(check.output.contains("MyNet: 421,642 parameters (no expected_parameters stated)"), check.output)
    }

    func testExportPyTorchWritesTheClass() throws {
        let printed = try digits(["export-pytorch", "--net", "mynet"])
        XCTAssertEqual(printed.status, 0, printed.error)
        XCTAssertTrue(printed.output.contains("class MyNet(nn.Module):\n"), printed.output)
        let file = folder.appendingPathComponent("mynet.py")
        let written = try digits(["export-pytorch", "--net", "mynet", "--out", file.path])
        XCTAssertEqual(written.status, 0, written.error)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), printed.output)
    }

    func testSummaryPrintsBothNetworks() throws {
        let outcome = try digits(["summary"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(outcome.output.hasPrefix("ConvNet(\n  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n"))
        XCTAssertTrue(outcome.output.contains("Total params: 44,426\n"))
        XCTAssertTrue(outcome.output.contains("Total params: 431,080\n"))
        XCTAssertTrue(outcome.output.contains("Estimated Total Size (MB): 1.76\n"))
    }

    func testBadArgumentsAreRejectedInOneLine() throws {
        let data = ["--data-dir", Self.dataDirectory]
        try expectCleanFailure(["train", "--net", "resnet"], mentioning: ["resnet", "convnet", "mynet"])
        try expectCleanFailure(["train", "--optimizer", "rmsprop"], mentioning: ["rmsprop", "adam", "sgd"])
        try expectCleanFailure(["train", "--schedule", "linear"], mentioning: ["--schedule", "linear", "cosine"])
        try expectCleanFailure(["train", "--epochs", "0"], mentioning: ["--epochs", "0"])
        // A negative number is the option's value, not another option: the message says what is wrong with it.
        try expectCleanFailure(["train", "--epochs", "-3"], mentioning: ["--epochs", "must be a positive whole number", "-3"])
        try expectCleanFailure(["train", "--lr", "-0.1"], mentioning: ["--lr", "above 0", "-0.1"])
        try expectCleanFailure(["report", "--train-limit", "-5"], mentioning: ["--train-limit", "-5"])
        try expectCleanFailure(["bench", "--threads", "-2"], mentioning: ["--threads", "between 1 and 256", "-2"])
        try expectCleanFailure(["train", "--batch-size", "0"], mentioning: ["--batch-size"])
        try expectCleanFailure(["train", "--lr", "0"], mentioning: ["--lr"])
        try expectCleanFailure(["train", "--lr", "nan"], mentioning: ["--lr", "nan"])
        try expectCleanFailure(["train", "--lr", "inf"], mentioning: ["--lr", "inf"])
        try expectCleanFailure(["train", "--train-limit", "0"], mentioning: ["--train-limit"])
        try expectCleanFailure(["train", "--validation-size", "60000"] + data, mentioning: ["--validation-size", "must be below the 60000 images", "60000"])
        try expectCleanFailure(["train", "--train-limit", "10", "--batch-size", "64"] + data, mentioning: ["--batch-size", "64", "10 training images"])
        try expectCleanFailure(["train", "--data-dir", folder.appendingPathComponent("missing").path], mentioning: ["missing", "--data-dir"])
        try expectCleanFailure(["report", "--epochs", "0"], mentioning: ["--epochs"])
        try expectCleanFailure(["frobnicate"], mentioning: ["frobnicate"])
        // Flags are the keys' names; a near miss names the flag meant.
        try expectCleanFailure(["train", "--learning-rate", "0"], mentioning: ["--learning-rate", "above 0"])
        try expectCleanFailure(["report", "--learning_rate", "0.01"], mentioning: ["--learning_rate", "did you mean --learning-rate?"])
        try expectCleanFailure(["train", "--batchsize", "32"], mentioning: ["--batchsize", "did you mean --batch-size?"])
        try expectCleanFailure(["train", "--frobnicate", "3"], mentioning: ["--frobnicate", "unknown option"])
    }

    func testVersionNamesTheCommitAndTheTrainingCodeVersion() throws {
        let outcome = try digits(["--version"])
        XCTAssertEqual(outcome.status, 0, outcome.error)
        let line = outcome.output.trimmingCharacters(in: .newlines)
        XCTAssertTrue(line.hasPrefix("digits 1.0.0 ("), line)
        XCTAssertNotNil(line.range(of: #"; training code version [0-9]+\)$"#, options: .regularExpression), line)
        // The tests run from a checkout: its commit, found from the executable's path, not the temporary working folder.
        XCTAssertNotNil(line.range(of: #"commit [0-9a-f]{40}"#, options: .regularExpression), line)
    }

    func testDivergingLossStopsWithTheEpochAndAHint() throws {
        let out = folder.appendingPathComponent("out")
        try expectCleanFailure(["train", "--optimizer", "sgd", "--lr", "1e12", "--train-limit", "640", "--validation-size", "500",
                                "--data-dir", Self.dataDirectory, "--out", out.path],
                               mentioning: ["NaN or infinite", "epoch 1", "smaller learning rate", "--learning-rate"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written for a failed run")
    }

    func testBadParamsFileLeavesTheReportFolderUntouched() throws {
        let report = folder.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: report, withIntermediateDirectories: true)
        let marker = report.appendingPathComponent("report.md")
        try Data("previous report\n".utf8).write(to: marker)
        let params = folder.appendingPathComponent("params.yaml")
        try Data("convnet:\n  epochz: 3\n".utf8).write(to: params)
        try expectCleanFailure(["report", "--dir", report.path, "--params", params.path], mentioning: ["epochz", "params.yaml"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: report.path), ["report.md"])
        XCTAssertEqual(FileManager.default.contents(atPath: marker.path), Data("previous report\n".utf8))
    }

    func testOutputFolderThatIsAFileIsRejected() throws {
        let file = folder.appendingPathComponent("taken")
        try Data("x".utf8).write(to: file)
        try expectCleanFailure(["report", "--dir", file.path], mentioning: ["taken", "file"])
        XCTAssertEqual(FileManager.default.contents(atPath: file.path), Data("x".utf8))
    }

    /// A trial `digits train` writes ./runs/<net>/, never into the report folder the hand-in lives in.
    func testTrainNeverWritesIntoTheReportFolderUnlessAsked() throws {
        let trained = try digits(["train", "--net", "convnet", "--epochs", "1", "--train-limit", "256", "--validation-size", "500",
                                  "--data-dir", Self.dataDirectory])
        XCTAssertEqual(trained.status, 0, trained.error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs/convnet/metrics.json").path), trained.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report/runs").path))
        XCTAssertTrue(trained.output.contains("wrote ./runs/convnet/"), trained.output)
    }

    /// `train --params FILE` trains with the file's settings for the network (flags override) and says so.
    func testTrainUsesTheParamsFilesSettingsAndSaysSo() throws {
        let params = folder.appendingPathComponent("params.yaml")
        try Data("seeds: [4, 5]\nconvnet:\n  learning_rate: 0.002\n  batch_size: 32\n  epochs: 3\n".utf8).write(to: params)
        let trained = try digits(["train", "--net", "convnet", "--params", params.path, "--epochs", "1", "--train-limit", "256",
                                  "--validation-size", "500", "--data-dir", Self.dataDirectory])
        XCTAssertEqual(trained.status, 0, trained.error)
        XCTAssertTrue(trained.output.hasPrefix("ConvNet: \(params.path)'s settings (1 epoch, batch 32, learning rate 0.002, adam, cosine, seed 4, "
                                               + "first 256 training images); flags given: --epochs 1 --train-limit 256 --validation-size 500\n"), trained.output)
        let metrics = try String(contentsOfFile: folder.appendingPathComponent("runs/convnet/metrics.json").path, encoding: .utf8)
        for recorded in ["\"batch_size\" : 32", "\"learning_rate\" : 0.002", "\"seed\" : 4", "\"epochs\" : 1"] {
            XCTAssertTrue(metrics.contains(recorded), "\(recorded) in \(metrics)")
        }
    }

    func testEvalRejectsForeignAndBrokenWeights() throws {
        let out = folder.appendingPathComponent("out").path
        let trained = try digits(["train", "--net", "convnet", "--epochs", "1", "--train-limit", "640", "--validation-size", "500",
                                  "--data-dir", Self.dataDirectory, "--out", out])
        XCTAssertEqual(trained.status, 0, trained.error)
        let weights = out + "/runs/convnet/model.safetensors"
        let evaluated = try digits(["eval", "--net", "convnet", "--weights", weights, "--data-dir", Self.dataDirectory])
        XCTAssertEqual(evaluated.status, 0, evaluated.error)
        XCTAssertTrue(evaluated.output.contains("ConvNet: the architecture recorded in \(out)/runs/convnet/metrics.json\nConvNet test loss "), evaluated.output)
        // Weights apart from their run folder are read as --net's; another network's are refused.
        let alone = folder.appendingPathComponent("alone.safetensors")
        try FileManager.default.copyItem(atPath: weights, toPath: alone.path)
        try expectCleanFailure(["eval", "--net", "mynet", "--weights", alone.path, "--data-dir", Self.dataDirectory],
                               mentioning: ["alone.safetensors", "another network"])
        let truncated = folder.appendingPathComponent("truncated.safetensors")
        try (FileManager.default.contents(atPath: weights) ?? Data()).prefix(1000).write(to: truncated)
        try expectCleanFailure(["eval", "--net", "convnet", "--weights", truncated.path], mentioning: ["truncated.safetensors", "truncated"])
        try expectCleanFailure(["eval", "--net", "convnet", "--weights", folder.appendingPathComponent("none").path], mentioning: ["none"])
    }

    func testInterruptStopsQuicklyAndKeepsThePreviousRun() throws {
        let out = folder.appendingPathComponent("out").path
        let common = ["train", "--net", "mynet", "--train-limit", "640", "--validation-size", "500", "--data-dir", Self.dataDirectory, "--out", out]
        XCTAssertEqual(try digits(common + ["--epochs", "1"]).status, 0)
        let run = out + "/runs/mynet"
        let before = try FileManager.default.contentsOfDirectory(atPath: run).sorted().map { FileManager.default.contents(atPath: run + "/" + $0) }
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let started = Date()
            let outcome = try digits(common + ["--epochs", "50", "--train-limit", "20000"], interruptAfter: 3, signal: signal)
            XCTAssertEqual(outcome.status, status, outcome.error)
            XCTAssertLessThan(Date().timeIntervalSince(started), 3 + 2, "stops within a second or so of the signal")
            XCTAssertTrue(outcome.error.contains("interrupted"), outcome.error)
            let after = try FileManager.default.contentsOfDirectory(atPath: run).sorted().map { FileManager.default.contents(atPath: run + "/" + $0) }
            XCTAssertEqual(after, before, "the previous run is untouched")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/runs"), ["mynet"], "no temporary files left")
        }
    }
}

/// SHA-256 of a file's bytes as lowercase hex, with the system's sha256sum (the tests do not link Checksum).
enum SHA256Hex {
    static func of(_ data: Data) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
