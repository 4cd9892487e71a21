/// Mean softmax cross-entropy over a mini-batch (`F.cross_entropy`), computed with log-sum-exp so
/// large logits cannot overflow, together with its gradient with respect to the logits. `exp` and `log`
/// are `PortableMath`'s, so the loss has the same bits on every machine.
final class SoftmaxCrossEntropy {
    let classCount: Int
    /// Softmax probabilities. (B, K)
    let probabilities: UnsafeMutablePointer<Float>
    /// d(mean loss)/d(logits), feature-major as the logits. (K, B)
    let logitGradient: UnsafeMutablePointer<Float>
    /// Per-example loss. (B)
    let losses: UnsafeMutablePointer<Float>

    init(classCount: Int, maxBatch: Int) {
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
            let loss = logSumExp - logits[label * batch + row]
            losses[row] = loss
            lossSum += Double(loss)
            if predicted == label { correct += 1 }
        }
        return (lossSum, correct)
    }

    /// logitGradient (K, B) = (softmax − onehot(label))ᵀ / B. Needs `forward` first.
    func backward(labels: UnsafePointer<UInt8>, batch: Int) {
        let scale = 1 / Float(batch)
        for row in 0..<batch {
            let p = probabilities + row * classCount
            for k in 0..<classCount { logitGradient[k * batch + row] = p[k] * scale }
            logitGradient[Int(labels[row]) * batch + row] -= scale
        }
    }
}
