import Checksum
import Foundation
import MNIST
import NeuralNet
import XCTest
@testable import Training

/// The promise of the engine, checked against numbers made elsewhere: a small fixed training gives
/// weights whose SHA-256 is committed here, on every kernel path this machine has and with 1 to 4
/// threads. A machine, a compiler flag or a thread count that changed one bit of one weight fails it.
final class GoldenTests: XCTestCase {
    /// ConvNet, seed 1, one epoch of the first 2,000 training images (batches of 64, Adam 1e-3, cosine),
    /// validated on the last 1,000: the SHA-256 of `model.safetensors`. Recorded with training code
    /// version 4 (version 5 records more, the same weights); a change that alters the weights must update it together
    /// with `TrainingRun.codeVersion`.
    static let goldenWeightsSHA256 = "62bd2041a30b09cc1209a33b174c32b4b71e577b3cdd54c4a598f34ec14eb5d9"

    func train(_ compute: ComputeSettings) throws -> (sha256: String, record: EpochRecord) {
        var config = TrainingConfig.defaults(for: .convnet)
        config.epochs = 1
        config.trainLimit = 2000
        config.validationSize = 1000
        let trainer = try Trainer(plan: TrainingPlan(config, data: TrainingRunTests.data()), compute: compute)
        let history = try trainer.train()
        let weights = Safetensors.encode(trainer.network.parameters, metadata: ["format": "pt", "network": "ConvNet"])
        return (SHA256.hex(of: weights), history.epochs[0])
    }

    func testSmallTrainingGivesTheCommittedWeightsOnEveryPathAndThreadCount() throws {
        var runs: [(String, ComputeSettings)] = [1, 2, 3, 4].map { ("\(KernelPath.widest.rawValue), \($0) threads", ComputeSettings(threads: $0, kernels: .widest)) }
        for path in KernelPath.available where path != .widest {
            runs.append(("\(path.rawValue), 2 threads", ComputeSettings(threads: 2, kernels: path)))
        }
        var first: EpochRecord?
        for (name, compute) in runs {
            let result = try train(compute)
            XCTAssertEqual(result.sha256, Self.goldenWeightsSHA256, "\(name): the weights differ from the committed ones (CPU: \(CPUDescription.modelName))")
            if let first {
                XCTAssertEqual(result.record.trainLoss.bitPattern, first.trainLoss.bitPattern, name)
                XCTAssertEqual(result.record.valLoss.bitPattern, first.valLoss.bitPattern, name)
                XCTAssertEqual(result.record.valAccuracy, first.valAccuracy, name)
            } else {
                first = result.record
                XCTAssertGreaterThan(result.record.valAccuracy, 0.7, "one epoch of 2,000 images already learns")
            }
        }
    }

    /// A student's class with Sequential blocks, BatchNorm2d, Dropout2d, BatchNorm1d and log_softmax,
    /// as its file would read.
    static let batchNormClass = """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class Net(nn.Module):
        def __init__(self, num_classes=10):
            super(Net, self).__init__()
            self.block1 = nn.Sequential(nn.Conv2d(1, 8, 5, padding=2), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
                                        nn.MaxPool2d(2), nn.Dropout2d(0.1))
            self.block2 = nn.Sequential(nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
            self.fc1 = nn.Linear(16 * 6 * 6, 32)
            self.bn = nn.BatchNorm1d(32)
            self.fc2 = nn.Linear(32, num_classes)

        def forward(self, x):
            x = self.block2(self.block1(x))
            x = x.view(x.size(0), -1)
            x = F.dropout(F.relu(self.bn(self.fc1(x))), 0.2, training=self.training)
            return F.log_softmax(self.fc2(x), dim=1)
    """

    /// The SHA-256 of that network's `model.safetensors` (weights and running statistics) after the
    /// same small training as ConvNet's above.
    static let batchNormWeightsSHA256 = "921d6993be7a1a9519c53206e81c9b761b9a009295c5cebefcb32cc5db3f9906"

    func testBatchNormNetworkGivesTheCommittedWeightsOnEveryPathAndThreadCount() throws {
        var config = TrainingConfig.defaults(for: .mynet)
        config.architecture = try PythonClassReader.architecture(file: "net.py", text: Self.batchNormClass)
        config.epochs = 1
        config.trainLimit = 2000
        config.validationSize = 1000
        let plan = try TrainingPlan(config, data: TrainingRunTests.data())
        var runs: [(String, ComputeSettings)] = [1, 2, 3, 4].map { ("\(KernelPath.widest.rawValue), \($0) threads", ComputeSettings(threads: $0, kernels: .widest)) }
        for path in KernelPath.available where path != .widest {
            runs.append(("\(path.rawValue), 2 threads", ComputeSettings(threads: 2, kernels: path)))
        }
        for (name, compute) in runs {
            let trainer = try Trainer(plan: plan, compute: compute)
            let history = try trainer.train()
            let weights = Safetensors.encode(trainer.network.parameters, buffers: trainer.network.buffers, metadata: ["format": "pt", "network": "Net"])
            XCTAssertEqual(SHA256.hex(of: weights), Self.batchNormWeightsSHA256, "\(name): the weights differ from the committed ones (CPU: \(CPUDescription.modelName))")
            XCTAssertGreaterThan(history.epochs[0].valAccuracy, 0.7, "\(name): one epoch of 2,000 images already learns")
            let tracked = try XCTUnwrap(trainer.network.buffers.tensor(named: "bn.num_batches_tracked"))
            XCTAssertEqual(trainer.network.buffers.integerValues(tracked), [32], "one update per mini-batch: ⌈2,000 / 64⌉")
        }
    }
}
