import Foundation
import XCTest
@testable import NeuralNet
@testable import Report

/// Class files as students write them (`Golden/classes/*.py`, fixtures of these tests) read by the
/// class reader, against what PyTorch 2.15 and torchsummary 1.5.1 print for the same files
/// (`<file>.txt` and `<file>.state_dict`, written by `scripts/golden_architectures.py`).
final class ClassFileTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/classes")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "py" }.sorted { $0.path < $1.path }
    }

    static func architecture(_ file: URL) throws -> NetworkArchitecture {
        try PythonClassReader.architecture(file: file.lastPathComponent, text: try String(contentsOf: file, encoding: .utf8))
    }

    func testPrintoutsAndStateDictAreWhatPyTorchGives() throws {
        XCTAssertGreaterThanOrEqual(Self.files.count, 5)
        for file in Self.files {
            let stem = file.deletingPathExtension()
            let architecture = try Self.architecture(file)
            let facts = try SummaryTable(architecture: architecture)
            let expected = try String(contentsOf: stem.appendingPathExtension("txt"), encoding: .utf8)
            XCTAssertEqual(facts.moduleRepr + facts.torchSummary, expected, file.lastPathComponent)
            let stateDict = architecture.stateDictShapes.map { "\($0.name) \(PythonFormat.list($0.shape))\n" }.joined()
            XCTAssertEqual(stateDict, try String(contentsOf: stem.appendingPathExtension("state_dict"), encoding: .utf8), file.lastPathComponent)
        }
    }

    func testTheClassNameAndTheFileAreTheStudents() throws {
        let architecture = try Self.architecture(Self.folder.appendingPathComponent("lenet_tabs.py"))
        XCTAssertEqual(architecture.className, "LeNet5")
        XCTAssertEqual(architecture.forwardDescription,
                       "conv1, relu, max_pool2d(2), conv2, relu, max_pool2d(2), view(-1, 400), fc1, relu, fc2, relu, fc3")
    }

    func testCommentsAndBlankLinesDoNotChangeTheDescription() throws {
        let file = Self.folder.appendingPathComponent("seq_bn.py")
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "        self.drop = nn.Dropout2d(p=dropout)\n",
                                               with: "        # regularise whole channels\n\n        self.drop = nn.Dropout2d(p=dropout)  # p from __init__\n")
        XCTAssertNotEqual(edited, text)
        XCTAssertEqual(try PythonClassReader.architecture(file: "a.py", text: edited), try Self.architecture(file))
        let changed = text.replacingOccurrences(of: "hidden = 4 * 32", with: "hidden = 4 * 16")
        XCTAssertNotEqual(try PythonClassReader.architecture(file: "a.py", text: changed).entries, try Self.architecture(file).entries,
                          "a changed constant changes the modules it sizes")
    }

    /// Inputs the fuzzer (Fuzz/run.sh python) found trapping, kept as regression cases: each is read or
    /// refused in one line.
    func testFuzzerFindingsAreRefusedCleanly() {
        let findings = [
            // A space followed by a combining mark: one Character, two unicode scalars.
            "dHQgdAkjIFNvdWE2MTJoaC5ubiBhaGgbOgogICDYm25uIGFoaBs6CiAJICBcCiAgICDYmVwKc4wKIG9yZXMK2JuaCiAgCg==",
        ]
        for finding in findings {
            let text = String(decoding: Data(base64Encoded: finding) ?? Data(), as: UTF8.self)
            XCTAssertThrowsError(try PythonClassReader.architecture(file: "fuzz.py", text: text)) { error in
                XCTAssertTrue("\(error)".hasPrefix("fuzz.py:"), "\(error)")
            }
        }
        XCTAssertThrowsError(try PythonClassReader.architecture(file: "fuzz.py", text: "x = 1 \u{301}\nclass A:\n  \u{301}pass\n"))
    }

    func testAModuleBuiltInsideForwardActsAsItsFunction() throws {
        let source = "import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            + "        self.fc = nn.Linear(784, 10)\n\n    def forward(self, x):\n        x = x.view(-1, 784)\n"
        let read = try PythonClassReader.architecture(file: "net.py", text: source + "        return nn.LogSoftmax(dim=1)(self.fc(x))\n")
        XCTAssertEqual(read.forwardDescription, "view(-1, 784), fc, log_softmax(dim=1)")
        XCTAssertEqual(read.modules.map(\.name), ["fc"], "never registered, as in PyTorch")
        XCTAssertThrowsError(try PythonClassReader.architecture(file: "net.py", text: source + "        return nn.Linear(784, 10)(x)\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("net.py:10:16: "), "\(error)")
            XCTAssertTrue("\(error)".contains("built inside forward"), "\(error)")
        }
    }

    func testExportedClassReadsBackToTheSameDescription() throws {
        for file in Self.files {
            let architecture = try Self.architecture(file)
            let exported = PyTorchExport.source(of: architecture)
            let again = try PythonClassReader.architecture(file: "exported.py", text: exported)
            XCTAssertEqual(again.entries, architecture.entries, "\(file.lastPathComponent): export, read back")
            XCTAssertEqual(again.className, architecture.className)
            let facts = try SummaryTable(architecture: again)
            XCTAssertEqual(facts.moduleRepr + facts.torchSummary,
                           try String(contentsOf: file.deletingPathExtension().appendingPathExtension("txt"), encoding: .utf8),
                           "\(file.lastPathComponent): the exported class prints as the original")
        }
    }

    /// Files a reader must refuse, each with the line and column of what is wrong.
    static let refusals: [(name: String, source: String, place: String, mentions: String)] = {
        let header = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        let modules = "        self.conv1 = nn.Conv2d(1, 8, 3)\n        self.fc = nn.Linear(8 * 26 * 26, 10)\n\n"
        func net(_ forward: String, init extra: String = "") -> String {
            header + modules + extra + "    def forward(self, x):\n" + forward
        }
        let tail = "    def forward(self, x):\n        return x\n"
        return [
            ("syntax error", net("        x = self.conv1(x\n        return x\n"), "13:", "never closed"),
            ("unclosed bracket", net("        x = F.relu(self.conv1(x)\n"), "13:", "never closed"),
            ("unclosed string", header + "        self.name = 'conv\n", "9:", "unterminated string"),
            ("mixed tabs and spaces", header + "\tself.conv1 = nn.Conv2d(1, 8, 3)\n", "9:", "tabs and spaces"),
            ("residual", net("        y = self.conv1(x)\n        x = y + x\n        return x\n"), "14:", "arithmetic on tensors"),
            ("loop", net("        for i in range(3):\n            x = self.conv1(x)\n        return x\n"), "13:", "for in forward is not supported"),
            ("branch", net("        if self.training:\n            x = self.conv1(x)\n        return x\n"), "13:", "if in forward is not supported"),
            ("unknown module", header + "        self.rnn = nn.LSTM(10, 20)\n    def forward(self, x):\n        return self.rnn(x)\n", "9:", "LSTM is not supported"),
            ("missing self", net("        x = conv1(x)\n        return x\n"), "13:", "conv1"),
            ("module never defined", net("        x = self.conv2(x)\n        return x\n"), "13:", "self.conv2, which is not a module"),
            ("torch.cat", net("        x = torch.cat([self.conv1(x), x], 1)\n        return x\n"), "13:", "one chain"),
            ("second input", header + modules + "    def forward(self, x, y):\n        return self.fc(x)\n", "12:", "a second input"),
            ("no forward", header + modules, "6:", "no forward"),
            ("no class", "import torch\nx = 1\n", "1:", "no nn.Module class"),
            ("two classes", header + modules + "    def forward(self, x):\n        return x\n\n\nclass Other(nn.Module):\n    pass\n", "16:", "several nn.Module classes"),
            ("float size", header + "        self.fc = nn.Linear(784.0, 10)\n" + tail, "9:", "float"),
            ("unknown constant", header + "        self.fc = nn.Linear(SIZE, 10)\n" + tail, "9:", "SIZE"),
            ("argument without default", header.replacingOccurrences(of: "(self):", with: "(self, classes):") + modules + tail, "7:", "classes without a default"),
            ("shape mismatch", net("        x = self.conv1(x)\n        x = x.view(-1, 100)\n        x = self.fc(x)\n        return x\n"), "12:", "view(-1, 100) makes 100 features"),
            ("wrong class count", header + "        self.fc = nn.Linear(784, 7)\n    def forward(self, x):\n        return self.fc(x.view(-1, 784))\n", "10:", "end with 10 features"),
            ("init call", header + modules + "        nn.init.kaiming_normal_(self.conv1.weight)\n" + tail, "12:", "initialisation"),
            ("shared module", header + modules + "        self.other = self.fc\n" + tail, "12:", "two names"),
            ("unsupported argument", header + "        self.conv1 = nn.Conv2d(1, 8, 3, dilation=2)\n" + tail, "9:", "dilation=2 is not supported"),
            ("view of the batch", net("        x = self.conv1(x).view(-1)\n        return self.fc(x)\n"), "13:", "view(-1)"),
            ("flatten of the batch", net("        x = torch.flatten(self.conv1(x))\n        return self.fc(x)\n"), "13:", "start_dim"),
            ("unmatched closing bracket", header + "        self.fc = nn.Linear(784, 10))\n" + tail, "9:", "unmatched"),
            ("while loop", net("        while True:\n            x = self.conv1(x)\n        return x\n"), "13:", "while in forward"),
            ("return nothing", net("        x = self.conv1(x)\n"), "12:", "never returns"),
            ("bad indentation", header + "        self.fc = nn.Linear(784, 10)\n      self.x = 1\n", "10:", "unindent"),
            // Found by the fuzzer: a parameter list that is only `=`, and brackets the wrong way round.
            ("empty parameter", header.replacingOccurrences(of: "(self):", with: "(self, =):") + modules + tail, "7:", "cannot read the parameter"),
            ("reversed brackets", header.replacingOccurrences(of: "def __init__(self):", with: "def __init__)self(:") + modules + tail, "7:", "unmatched"),
            ("unknown function", net("        x = F.softplus(self.conv1(x))\n        return self.fc(x.view(-1, 5408))\n"), "13:", "softplus"),
        ]
    }()

    func testBrokenAndUnsupportedFilesAreRefusedWithTheirPlace() {
        XCTAssertGreaterThanOrEqual(Self.refusals.count, 30)
        for refusal in Self.refusals {
            do {
                _ = try PythonClassReader.architecture(file: "net.py", text: refusal.source)
                XCTFail("\(refusal.name): accepted")
            } catch {
                let message = error.description
                XCTAssertTrue(message.hasPrefix("net.py:" + refusal.place), "\(refusal.name): \(message)")
                XCTAssertTrue(message.contains(refusal.mentions), "\(refusal.name): \(message)")
                XCTAssertFalse(message.contains("\n"), "\(refusal.name): one line")
                let parts = message.split(separator: ":")
                XCTAssertTrue(parts.count >= 4 && Int(parts[1]) != nil && Int(parts[2]) != nil, "\(refusal.name): FILE:LINE:COLUMN: \(message)")
            }
        }
    }
}
