/// The loss a network is trained and scored with, applied to whatever its forward pass returns, as
/// PyTorch applies its loss to the model's output.
public enum LossFunction: String, CaseIterable, Codable, Sendable {
    /// `nn.CrossEntropyLoss` / `F.cross_entropy`: log-softmax of the outputs, then the negative
    /// log-likelihood of the label.
    case crossEntropy = "cross_entropy"
    /// `F.nll_loss`: minus the output of the label, for a forward pass that ends in `log_softmax`.
    case nll

    /// How the report and messages name it.
    public var words: String {
        switch self {
        case .crossEntropy: return "mean softmax cross-entropy"
        case .nll: return "mean negative log-likelihood of the log-softmax outputs (`F.nll_loss`)"
        }
    }

    /// The PyTorch call that computes it from `outputs` and `labels`.
    public func pythonCall(outputs: String, labels: String) -> String {
        switch self {
        case .crossEntropy: return "F.cross_entropy(\(outputs), \(labels))"
        case .nll: return "F.nll_loss(\(outputs), \(labels))"
        }
    }
}

/// The mean loss over a mini-batch, with its gradient with respect to the network's outputs. The
/// softmax of the outputs is kept for the report (for log-softmax outputs it is their exponential).
/// Computed with log-sum-exp so large outputs cannot overflow; `exp` and `log` are `PortableMath`'s,
/// so the loss has the same bits on every machine.
final class ClassificationLoss {
    let function: LossFunction
    let classCount: Int
    /// Softmax probabilities. (B, K)
    let probabilities: UnsafeMutablePointer<Float>
    /// d(mean loss)/d(logits), feature-major as the logits. (K, B)
    let logitGradient: UnsafeMutablePointer<Float>
    /// Per-example loss. (B)
    let losses: UnsafeMutablePointer<Float>

    init(_ function: LossFunction, classCount: Int, maxBatch: Int) {
        self.function = function
        self.classCount = classCount
        probabilities = .allocate(capacity: classCount * maxBatch)
        logitGradient = .allocate(capacity: classCount * maxBatch)
        losses = .allocate(capacity: maxBatch)
    }

    deinit {
        probabilities.deallocate()
        logitGradient.deallocate()
        losses.deallocate()
    }

    /// Fills `probabilities` (B, K) and `losses` from logits (K, B), feature-major as the linear layers
    /// give them; returns the summed loss (in Double, so the sum over a whole data set loses nothing)
    /// and the number of images whose first maximal logit is the label.
    func forward(logits: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        for row in 0..<batch {
            let p = probabilities + row * classCount
            var maximum = logits[row]
            var predicted = 0
            for k in 1..<classCount where logits[k * batch + row] > maximum {
                maximum = logits[k * batch + row]
                predicted = k
            }
            var sum: Float = 0
            for k in 0..<classCount {
                let e = PortableMath.exp(logits[k * batch + row] - maximum)
                p[k] = e
                sum += e
            }
            let logSumExp = maximum + PortableMath.log(sum)
            for k in 0..<classCount { p[k] /= sum }
            let label = Int(labels[row])
            // Cross-entropy is the negative log-likelihood of the log-softmax; nll takes the outputs as that.
            let loss = function == .nll ? -logits[label * batch + row] : logSumExp - logits[label * batch + row]
            losses[row] = loss
            lossSum += Double(loss)
            if predicted == label { correct += 1 }
        }
        return (lossSum, correct)
    }

    /// logitGradient (K, B) = (softmax − onehot(label))ᵀ / B for cross-entropy, −onehot(label)ᵀ / B for
    /// nll. Needs `forward` first.
    func backward(labels: UnsafePointer<UInt8>, batch: Int) {
        let scale = 1 / Float(batch)
        if function == .nll {
            logitGradient.update(repeating: 0, count: classCount * batch)
            for row in 0..<batch { logitGradient[Int(labels[row]) * batch + row] = -scale }
            return
        }
        for row in 0..<batch {
            let p = probabilities + row * classCount
            for k in 0..<classCount { logitGradient[k * batch + row] = p[k] * scale }
            logitGradient[Int(labels[row]) * batch + row] -= scale
        }
    }
}
