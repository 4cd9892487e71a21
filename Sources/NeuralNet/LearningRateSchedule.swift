/// How the learning rate changes from epoch to epoch (stepped once per epoch, as PyTorch's
/// `CosineAnnealingLR(T_max=epochs)` and `StepLR` usually are).
public enum LearningRateSchedule: Equatable, Codable, Sendable {
    /// The same rate every epoch.
    case constant
    /// base · (1 + cos(π·e/E)) / 2 for epoch e = 0..<E.
    case cosine
    /// base · gamma^⌊e / every⌋.
    case step(every: Int, gamma: Double)

    /// The learning rate for the zero-based `epoch` of `totalEpochs`.
    public func rate(base: Double, epoch: Int, totalEpochs: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .cosine:
            return base * (1 + PortableMath.cos(Double.pi * Double(epoch) / Double(max(1, totalEpochs)))) / 2
        case .step(let every, let gamma):
            var factor = 1.0   // gamma^⌊e / every⌋ by repeated multiplication: the same bits everywhere
            for _ in 0..<(epoch / max(1, every)) { factor *= gamma }
            return base * factor
        }
    }
}
