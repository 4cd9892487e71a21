import XCTest
@testable import NeuralNet

final class OptimizerTests: XCTestCase {
    /// Two Adam steps on one parameter, against the formulas of torch.optim.Adam worked out by hand.
    func testAdamMatchesPyTorchFormula() {
        let store = ParameterStore(shapes: [("w", [1])])
        store.values[0] = 1
        let adam = Optimizer(settings: OptimizerSettings(kind: .adam), parameterCount: 1)
        store.gradients[0] = 0.5
        adam.step(store, learningRate: 0.1)
        // m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25: step = 0.1 · 0.5 / (0.5 + 1e-8)
        XCTAssertEqual(Double(store.values[0]), 1 - 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-6)
        store.gradients[0] = -1
        adam.step(store, learningRate: 0.1)
        let m = 0.9 * 0.05 + 0.1 * -1.0, v = 0.999 * 0.00025 + 0.001 * 1.0
        let expected = 0.9 - 0.1 / (1 - 0.81) * m / ((v).squareRoot() / (1 - 0.998001).squareRoot() + 1e-8)
        XCTAssertEqual(Double(store.values[0]), expected, accuracy: 1e-5)
    }

    func testSGDWithMomentumAndWeightDecay() {
        let store = ParameterStore(shapes: [("w", [2])])
        store.values[0] = 1; store.values[1] = -2
        let sgd = Optimizer(settings: OptimizerSettings(kind: .sgd, momentum: 0.9, weightDecay: 0.1), parameterCount: 2)
        store.gradients[0] = 1; store.gradients[1] = 0
        sgd.step(store, learningRate: 0.5)
        // g = 1 + 0.1 = 1.1, buffer = g; w = 1 − 0.55
        XCTAssertEqual(store.values[0], 0.45, accuracy: 1e-6)
        XCTAssertEqual(store.values[1], -2 - 0.5 * -0.2, accuracy: 1e-6)
        sgd.step(store, learningRate: 0.5)
        // g = 1 + 0.045 = 1.045, buffer = 0.9·1.1 + 1.045 = 2.035
        XCTAssertEqual(store.values[0], 0.45 - 0.5 * 2.035, accuracy: 1e-6)
    }

    func testSchedules() {
        XCTAssertEqual(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7, totalEpochs: 10), 0.1)
        XCTAssertEqual(LearningRateSchedule.cosine.rate(base: 0.1, epoch: 0, totalEpochs: 10), 0.1, accuracy: 1e-12)
        XCTAssertEqual(LearningRateSchedule.cosine.rate(base: 0.1, epoch: 5, totalEpochs: 10), 0.05, accuracy: 1e-12)
        XCTAssertEqual(LearningRateSchedule.step(every: 3, gamma: 0.5).rate(base: 0.1, epoch: 6, totalEpochs: 10), 0.025, accuracy: 1e-12)
    }
}
