import XCTest
import NeuralNet
@testable import Report

/// The exported class: PyTorch's names and shapes for every module and the engine's forward order.
/// (Checked against PyTorch 2.15 in the session note: the exported classes load all six committed
/// runs' weights and score them as metrics.json records.)
final class PyTorchExportTests: XCTestCase {
    func testConvNetIsTheAssignmentsClass() {
        let source = PyTorchExport.source(of: .convNet)
        XCTAssertTrue(source.contains("""
        class ConvNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(1, 6, 5)
                self.conv2 = nn.Conv2d(6, 16, 5)
                self.fc1 = nn.Linear(256, 120)
                self.fc2 = nn.Linear(120, 84)
                self.fc3 = nn.Linear(84, 10)

            def forward(self, x):
                x = self.conv1(x)
                x = F.relu(x)
                x = F.max_pool2d(x, 2)
                x = self.conv2(x)
                x = F.relu(x)
                x = F.max_pool2d(x, 2)
                x = torch.flatten(x, 1)
                x = self.fc1(x)
                x = F.relu(x)
                x = self.fc2(x)
                x = F.relu(x)
                x = self.fc3(x)
                return x

        """), source)
        XCTAssertTrue(source.contains("model.load_state_dict(load_file(sys.argv[1]))"))
    }

    func testEveryParameterTensorHasItsModule() {
        for architecture in [NetworkArchitecture.convNet, .myNet] {
            let source = PyTorchExport.source(of: architecture)
            // state_dict names are <module>.weight / <module>.bias: each module must be an attribute.
            let modules = Set(architecture.parameterShapes.map { $0.name.split(separator: ".")[0] })
            for module in modules { XCTAssertTrue(source.contains("self.\(module) = nn."), "\(architecture.className).\(module)") }
            XCTAssertTrue(source.contains("class \(architecture.className)(nn.Module):"))
            XCTAssertTrue(source.contains("x = self.\(architecture.linears.last?.name ?? "?")(x)\n        return x\n"), "logits from the last layer, no softmax")
        }
    }

    func testDescribedModulesAndFunctionalStepsAreWrittenAsPyTorch() throws {
        let architecture = try PyTorchGoldenTests.architecture("PoolNet")
        let source = PyTorchExport.source(of: architecture)
        XCTAssertTrue(source.contains("""
                self.conv1 = nn.Conv2d(1, 8, 5, padding=2)
                self.pool1 = nn.MaxPool2d(3, stride=2)
                self.conv2 = nn.Conv2d(8, 16, 3)
                self.fc1 = nn.Linear(400, 10)

            def forward(self, x):
                x = self.conv1(x)
                x = F.relu(x)
                x = self.pool1(x)
                x = self.conv2(x)
                x = F.relu(x)
                x = F.avg_pool2d(x, 2)
                x = F.dropout(x, 0.1, training=self.training)
                x = torch.flatten(x, 1)
                x = self.fc1(x)
                return x
        """), source)
        let strided = PyTorchExport.source(of: try PyTorchGoldenTests.architecture("StridedNet"))
        XCTAssertTrue(strided.contains("self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)"))
        XCTAssertTrue(strided.contains("self.fc = nn.Linear(288, 10, bias=False)"))
        XCTAssertTrue(strided.contains("self.relu = nn.ReLU()"))
        XCTAssertTrue(strided.contains("self.flatten = nn.Flatten()"))
    }
}
