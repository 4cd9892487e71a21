import Foundation
import XCTest

/// A student's class file (`model: mynet.py` in the params file, `--model FILE.py` on the command
/// line) through every command: report, verify with another thread count, check, summary, export,
/// and the cache, which follows what the file means rather than its bytes.
extension CommandLineTests {
    static let studentClass = """
    # My network for the assignment.
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                                          nn.Dropout2d(0.1))
            self.fc = nn.Linear(8 * 14 * 14, 10)

        def forward(self, x):
            x = self.features(x)
            x = x.view(x.size(0), -1)
            return F.log_softmax(self.fc(x), dim=1)

    """

    func testAClassFileGoesThroughReportVerifyAndCheck() throws {
        let report = folder.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: report, withIntermediateDirectories: true)
        let model = report.appendingPathComponent("mynet.py")
        try Data(Self.studentClass.utf8).write(to: model)
        try Data("""
        seed: 1
        epochs: 1
        train_limit: 256
        validation_size: 500
        data_dir: \(Self.dataDirectory)
        mynet:
          model: mynet.py
          expected_parameters: 15786

        """.utf8).write(to: report.appendingPathComponent("params.yaml"))

        let first = try digits(["report", "--dir", report.path, "--threads", "2"])
        XCTAssertEqual(first.status, 0, first.error)
        let text = try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("MyNet is the class `Net` of `mynet.py`."), text)
        XCTAssertTrue(text.contains("Net(\n  (features): Sequential(\n    (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"), text)
        XCTAssertTrue(text.contains("       BatchNorm2d-2            [-1, 8, 28, 28]              16\n"), "the BatchNorm row counts weight and bias only")

        // Trained with 2 threads, reproduced with 1: batch statistics, running statistics and channel dropout included.
        let verified = try digits(["verify", "--dir", report.path, "--net", "mynet", "--threads", "1"])
        XCTAssertEqual(verified.status, 0, verified.output + verified.error)
        XCTAssertTrue(verified.output.contains("MyNet: reproduced"), verified.output)

        let checked = try digits(["check", "--params", report.appendingPathComponent("params.yaml").path])
        XCTAssertEqual(checked.status, 0, checked.output + checked.error)
        XCTAssertTrue(checked.output.contains("Net: 15,786 parameters, as expected") || checked.output.contains("MyNet: 15,786 parameters, as expected"),
                      checked.output)

        // A comment and a blank line change nothing; a changed module retrains MyNet and is named.
        try Data(Self.studentClass.replacingOccurrences(of: "        self.fc =", with: "        # the classifier\n\n        self.fc =").utf8).write(to: model)
        let same = try digits(["report", "--dir", report.path])
        XCTAssertEqual(same.status, 0, same.error)
        XCTAssertTrue(same.output.contains("MyNet: reusing"), same.output)
        try Data(Self.studentClass.replacingOccurrences(of: "nn.Dropout2d(0.1)", with: "nn.Dropout2d(0.2)").utf8).write(to: model)
        let changed = try digits(["report", "--dir", report.path])
        XCTAssertEqual(changed.status, 0, changed.error)
        XCTAssertTrue(changed.output.contains("MyNet: training (hyperparameters changed (modules.features.4 Dropout2d(0.1) → Dropout2d(0.2)))"),
                      changed.output)
        XCTAssertTrue(changed.output.contains("ConvNet: reusing"), changed.output)

        // The class ends in log_softmax, so it may be trained with F.nll_loss, as its author's loop did.
        let params = report.appendingPathComponent("params.yaml")
        try Data(try String(contentsOf: params, encoding: .utf8).replacingOccurrences(of: "  model: mynet.py\n", with: "  model: mynet.py\n  loss: nll\n").utf8)
            .write(to: params)
        let nll = try digits(["report", "--dir", report.path])
        XCTAssertEqual(nll.status, 0, nll.error)
        XCTAssertTrue(nll.output.contains("MyNet: training (hyperparameters changed (loss cross_entropy → nll))"), nll.output)
        let nllText = try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(nllText.contains("| `loss` | – | nll |"), nllText)
        XCTAssertTrue(nllText.contains("The loss is mean softmax cross-entropy for ConvNet and mean negative log-likelihood of the log-softmax outputs (`F.nll_loss`) for MyNet."),
                      nllText)
        let exported = try digits(["export-pytorch", "--params", params.path, "--net", "mynet"])
        XCTAssertTrue(exported.output.contains("F.nll_loss(logits, y)"), exported.output + exported.error)
    }

    func testModelOptionReadsTheClassForSummaryTrainAndExport() throws {
        let model = folder.appendingPathComponent("net.py")
        try Data(Self.studentClass.utf8).write(to: model)
        let summary = try digits(["summary", "--model", model.path])
        XCTAssertEqual(summary.status, 0, summary.error)
        XCTAssertTrue(summary.output.hasPrefix("Net(\n  (features): Sequential(\n"), summary.output)
        XCTAssertFalse(summary.output.contains("ConvNet("), "the class alone")
        let out = folder.appendingPathComponent("run").path
        let trained = try digits(["train", "--net", "mynet", "--model", model.path, "--epochs", "1", "--train-limit", "256",
                                  "--validation-size", "500", "--data-dir", Self.dataDirectory, "--out", out])
        XCTAssertEqual(trained.status, 0, trained.error)
        let weights = try XCTUnwrap(FileManager.default.contents(atPath: out + "/runs/mynet/model.safetensors"))
        let header = String(decoding: weights.prefix(4096), as: UTF8.self)
        for name in ["features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked\":{\"dtype\":\"I64\""] {
            XCTAssertTrue(header.contains(name), "the state_dict's buffers are saved: \(name)")
        }
        // eval reads the architecture recorded beside the weights: no --net, no --model.
        let evaluated = try digits(["eval", "--weights", out + "/runs/mynet/model.safetensors", "--data-dir", Self.dataDirectory])
        XCTAssertEqual(evaluated.status, 0, evaluated.error)
        XCTAssertTrue(evaluated.output.contains("Net: the architecture recorded in \(out)/runs/mynet/metrics.json\nNet test loss "), evaluated.output)
        try expectCleanFailure(["eval", "--net", "convnet", "--weights", out + "/runs/mynet/model.safetensors"],
                               mentioning: ["--net convnet", "records a mynet run"])
        let export = try digits(["export-pytorch", "--net", "mynet", "--model", model.path])
        XCTAssertEqual(export.status, 0, export.error)
        XCTAssertTrue(export.output.contains("class Net(nn.Module):\n"), export.output)
        XCTAssertTrue(export.output.contains("        x = self.features[1](x)\n"), export.output)
        try expectCleanFailure(["summary", "--model", folder.appendingPathComponent("missing.py").path], mentioning: ["missing.py", "cannot read"])
        try Data(Self.studentClass.replacingOccurrences(of: "x = self.features(x)", with: "x = self.features(x) + x").utf8).write(to: model)
        try expectCleanFailure(["summary", "--model", model.path], mentioning: ["net.py:14:", "arithmetic on tensors"])
    }
}
