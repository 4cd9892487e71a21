import XCTest
import NeuralNet
@testable import Report

/// The assignment's "Network architecture and number of parameters" text, byte for byte. These golden
/// texts are what PyTorch's print(model) and torchsummary 1.5.1's summary(model, (1, 28, 28)) print
/// for the assignment's classes (taken from the assignment; its ConvNet block lacks the
/// "Estimated Total Size" line that torchsummary always prints, restored here).
enum Golden {
    static let convNet = """
ConvNet(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=256, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
----------------------------------------------------------------
        Layer (type)               Output Shape         Param #
================================================================
            Conv2d-1            [-1, 6, 24, 24]             156
            Conv2d-2             [-1, 16, 8, 8]           2,416
            Linear-3                  [-1, 120]          30,840
            Linear-4                   [-1, 84]          10,164
            Linear-5                   [-1, 10]             850
================================================================
Total params: 44,426
Trainable params: 44,426
Non-trainable params: 0
----------------------------------------------------------------
Input size (MB): 0.00
Forward/backward pass size (MB): 0.04
Params size (MB): 0.17
Estimated Total Size (MB): 0.21
----------------------------------------------------------------

"""

    static let myNet = """
MyNet(
  (conv1): Conv2d(1, 20, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(20, 50, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=800, out_features=500, bias=True)
  (fc2): Linear(in_features=500, out_features=10, bias=True)
)
----------------------------------------------------------------
        Layer (type)               Output Shape         Param #
================================================================
            Conv2d-1           [-1, 20, 24, 24]             520
            Conv2d-2             [-1, 50, 8, 8]          25,050
            Linear-3                  [-1, 500]         400,500
            Linear-4                   [-1, 10]           5,010
================================================================
Total params: 431,080
Trainable params: 431,080
Non-trainable params: 0
----------------------------------------------------------------
Input size (MB): 0.00
Forward/backward pass size (MB): 0.12
Params size (MB): 1.64
Estimated Total Size (MB): 1.76
----------------------------------------------------------------

"""
}

/// A readable diff for a failing golden comparison: the first differing line of each text.
func firstDifference(_ expected: String, _ actual: String) -> String {
    let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
    for index in 0..<max(a.count, b.count) {
        let left = index < a.count ? a[index] : "<missing>", right = index < b.count ? b[index] : "<missing>"
        if left != right { return "line \(index + 1):\n  expected: \"\(left)\"\n  actual:   \"\(right)\"" }
    }
    return "texts are equal"
}

final class SummaryTests: XCTestCase {
    func summary(_ architecture: NetworkArchitecture) throws -> SummaryTable {
        try SummaryTable(architecture: architecture)
    }

    func testConvNetPrintsExactlyAsPyTorchAndTorchsummary() throws {
        let text = try summary(.convNet)
        XCTAssertEqual(text.totalParameters, 44_426, "ConvNet must have 44,426 parameters")
        let actual = text.moduleRepr + text.torchSummary
        XCTAssertEqual(actual, Golden.convNet, firstDifference(Golden.convNet, actual))
    }

    func testMyNetPrintsExactlyAsPyTorchAndTorchsummary() throws {
        let text = try summary(.myNet)
        XCTAssertEqual(text.totalParameters, 431_080, "MyNet must have 431,080 parameters")
        let actual = text.moduleRepr + text.torchSummary
        XCTAssertEqual(actual, Golden.myNet, firstDifference(Golden.myNet, actual))
    }

    /// A third network, whose table was worked out by hand: conv 1→4 (3×3) gives 26×26, pooled 13×13;
    /// conv 4→8 (4×4) gives 10×10, pooled 5×5; 200 features → 32 → 10.
    /// Params 40 + 520 + 6,432 + 330 = 7,322. Outputs 2,704 + 800 + 32 + 10 = 3,546 numbers:
    /// 2·3,546·4/1024² = 0.0271 MB; params 7,322·4/1024² = 0.0279 MB; input 784·4/1024² = 0.0030 MB;
    /// total 0.0580 MB.
    func testAThirdNetworkChangesTheTextCorrectly() throws {
        let tiny = NetworkArchitecture(
            className: "TinyNet", title: "TinyNet", inputShape: ImageShape(channels: 1, height: 28, width: 28),
            convolutions: [ConvolutionSpec(name: "conv1", inChannels: 1, outChannels: 4, kernelSize: 3),
                           ConvolutionSpec(name: "conv2", inChannels: 4, outChannels: 8, kernelSize: 4)],
            linears: [LinearSpec(name: "fc1", inFeatures: 200, outFeatures: 32), LinearSpec(name: "head", inFeatures: 32, outFeatures: 10)])
        let expected = """
        TinyNet(
          (conv1): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1))
          (conv2): Conv2d(4, 8, kernel_size=(4, 4), stride=(1, 1))
          (fc1): Linear(in_features=200, out_features=32, bias=True)
          (head): Linear(in_features=32, out_features=10, bias=True)
        )
        ----------------------------------------------------------------
                Layer (type)               Output Shape         Param #
        ================================================================
                    Conv2d-1            [-1, 4, 26, 26]              40
                    Conv2d-2            [-1, 8, 10, 10]             520
                    Linear-3                   [-1, 32]           6,432
                    Linear-4                   [-1, 10]             330
        ================================================================
        Total params: 7,322
        Trainable params: 7,322
        Non-trainable params: 0
        ----------------------------------------------------------------
        Input size (MB): 0.00
        Forward/backward pass size (MB): 0.03
        Params size (MB): 0.03
        Estimated Total Size (MB): 0.06
        ----------------------------------------------------------------

        """
        let text = try summary(tiny)
        let actual = text.moduleRepr + text.torchSummary
        XCTAssertEqual(actual, expected, firstDifference(expected, actual))
    }

    func testPythonNumberFormattingOnEdgeValues() {
        // Values and results as CPython 3.11 prints them with "%0.2f" and "{:,}".
        let cases: [(Double, String)] = [(0.005, "0.01"), (0.125, "0.12"), (1.645, "1.65"), (0.015, "0.01"), (2.675, "2.67"),
                                         (0.375, "0.38"), (0, "0.00"), (1e-9, "0.00"), (1234567.005, "1234567.00")]
        for (value, expected) in cases { XCTAssertEqual(PythonFormat.fixed(value), expected, "%0.2f of \(value)") }
        XCTAssertEqual(PythonFormat.grouped(1_234_567), "1,234,567")
        XCTAssertEqual(PythonFormat.grouped(999), "999")
        XCTAssertEqual(PythonFormat.grouped(1000), "1,000")
        XCTAssertEqual(PythonFormat.grouped(0), "0")
        XCTAssertEqual(PythonFormat.grouped(-1234), "-1,234")
        XCTAssertEqual(PythonFormat.list([-1, 6, 24, 24]), "[-1, 6, 24, 24]")
    }

    func testExtendedTableTotalsAreTheSumOfItsRows() throws {
        for architecture in [NetworkArchitecture.convNet, .myNet] {
            let text = try summary(architecture)
            XCTAssertEqual(text.rows.map(\.parameters).reduce(0, +), text.totalParameters)
            XCTAssertEqual(text.rows.map(\.multiplyAdds).reduce(0, +), text.totalMultiplyAdds)
            let table = text.extendedTable
            let totalLine = table.split(separator: "\n").first { $0.hasPrefix("Total") }.map(String.init) ?? ""
            XCTAssertTrue(totalLine.contains(PythonFormat.grouped(text.totalParameters)), totalLine)
            XCTAssertTrue(totalLine.contains(PythonFormat.grouped(text.totalMultiplyAdds)), totalLine)
            // Sum of the Param # column as printed.
            let printed = table.split(separator: "\n").filter { $0.contains("(Conv2d)") || $0.contains("(Linear)") }
                .map { line -> Int in
                    let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                    return Int(columns[columns.count - 3].replacingOccurrences(of: ",", with: "")) ?? -1
                }
            XCTAssertEqual(printed.reduce(0, +), text.totalParameters)
        }
        XCTAssertEqual(try summary(.convNet).totalMultiplyAdds, 86_400 + 153_600 + 30_720 + 10_080 + 840)
        XCTAssertEqual(try summary(.myNet).totalMultiplyAdds, 288_000 + 1_600_000 + 400_000 + 5_000)
    }
}
