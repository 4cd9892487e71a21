/// The update rules the tool offers.
public enum OptimizerKind: String, CaseIterable, Codable, Sendable {
    case adam, sgd
}

/// Optimiser hyperparameters, with PyTorch's defaults.
public struct OptimizerSettings: Equatable, Codable, Sendable {
    public var kind: OptimizerKind
    /// SGD momentum (0 for plain SGD); ignored by Adam.
    public var momentum: Double
    /// L2 penalty added to the gradient, as PyTorch's `weight_decay`.
    public var weightDecay: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double

    public init(kind: OptimizerKind, momentum: Double = 0, weightDecay: Double = 0,
                beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.kind = kind
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }
}

/// Adam or SGD over a whole `ParameterStore` in one loop, following `torch.optim.Adam` and
/// `torch.optim.SGD` step for step (bias-corrected Adam; SGD momentum buffer seeded with the first gradient).
public final class Optimizer {
    public let settings: OptimizerSettings
    private let count: Int
    /// Adam's first moment or SGD's momentum buffer. (count)
    private let firstMoment: UnsafeMutablePointer<Float>
    /// Adam's second moment. (count)
    private let secondMoment: UnsafeMutablePointer<Float>
    /// Steps taken so far.
    public private(set) var stepCount = 0
    /// β1^t and β2^t after `stepCount` steps, by repeated multiplication (the same bits everywhere,
    /// unlike the C library's `pow`).
    private var beta1Power = 1.0, beta2Power = 1.0
    /// Threads for the element-wise update; a speed setting only.
    private let threads: Int

    public init(settings: OptimizerSettings, parameterCount: Int, threads: Int = 1) {
        self.settings = settings
        self.threads = max(1, threads)
        count = parameterCount
        firstMoment = .allocate(capacity: max(1, parameterCount))
        firstMoment.initialize(repeating: 0, count: max(1, parameterCount))
        secondMoment = .allocate(capacity: max(1, parameterCount))
        secondMoment.initialize(repeating: 0, count: max(1, parameterCount))
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
    }

    /// Updates `parameters.values` from `parameters.gradients` with learning rate `learningRate`.
    public func step(_ parameters: ParameterStore, learningRate: Double) {
        precondition(parameters.count == count, "optimizer built for \(count) parameters, got \(parameters.count)")
        stepCount += 1
        let values = parameters.values, gradients = parameters.gradients
        let decay = Float(settings.weightDecay)
        switch settings.kind {
        case .adam:
            let beta1 = Float(settings.beta1), beta2 = Float(settings.beta2), epsilon = Float(settings.epsilon)
            beta1Power *= settings.beta1
            beta2Power *= settings.beta2
            let biasCorrection1 = 1 - beta1Power
            let biasCorrection2 = 1 - beta2Power
            let stepSize = Float(learningRate / biasCorrection1)
            let correction2Root = Float(biasCorrection2.squareRoot())
            let m = firstMoment, v = secondMoment
            // Element-wise, so any split gives the same result: 16 lanes at a time, each lane doing the
            // scalar tail's operations in the same order (no fused multiply-adds), threads on disjoint ranges.
            parallelChunks(count, threads: threads, minimumPerChunk: 32_768) { range in
                var index = range.lowerBound
                while index + 16 <= range.upperBound {
                    let gradient = load16(gradients + index) + decay * load16(values + index)
                    var moment = load16(m + index)
                    moment += (gradient - moment) * (1 - beta1)
                    let variance = load16(v + index) * beta2 + (1 - beta2) * gradient * gradient
                    let denominator = variance.squareRoot() / correction2Root + epsilon
                    store16(moment, m + index)
                    store16(variance, v + index)
                    store16(load16(values + index) - stepSize * moment / denominator, values + index)
                    index += 16
                }
                while index < range.upperBound {
                    let gradient = gradients[index] + decay * values[index]
                    m[index] += (gradient - m[index]) * (1 - beta1)
                    v[index] = v[index] * beta2 + (1 - beta2) * gradient * gradient
                    let denominator = v[index].squareRoot() / correction2Root + epsilon
                    values[index] -= stepSize * m[index] / denominator
                    index += 1
                }
            }
        case .sgd:
            let rate = Float(learningRate), momentum = Float(settings.momentum)
            let buffer = firstMoment
            let firstStep = stepCount == 1
            for index in 0..<count {
                var gradient = gradients[index] + decay * values[index]
                if momentum != 0 {
                    buffer[index] = firstStep ? gradient : momentum * buffer[index] + gradient
                    gradient = buffer[index]
                }
                values[index] -= rate * gradient
            }
        }
    }
}
