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
                x = F.max_pool2d(F.relu(self.conv1(x)), 2)
                x = F.max_pool2d(F.relu(self.conv2(x)), 2)
                x = torch.flatten(x, 1)
                x = F.relu(self.fc1(x))
                x = F.relu(self.fc2(x))
                return self.fc3(x)

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
            XCTAssertTrue(source.contains("return self.\(architecture.linears.last?.name ?? "?")(x)"), "logits from the last layer, no softmax")
        }
    }
}
