/// Mean softmax cross-entropy over a mini-batch (`F.cross_entropy`), computed with log-sum-exp so
/// large logits cannot overflow, together with its gradient with respect to the logits. `exp` and `log`
/// are `PortableMath`'s, so the loss has the same bits on every machine.
final class SoftmaxCrossEntropy {
    let classCount: Int
    /// Softmax probabilities. (B, K)
    let probabilities: UnsafeMutablePointer<Float>
    /// d(mean loss)/d(logits). (B, K)
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

    /// Fills `probabilities` and `losses` from logits (B, K); returns the summed loss (in Double, so the
    /// sum over a whole data set loses nothing) and the number of rows whose first maximal logit is the label.
    func forward(logits: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0
        var correct = 0
        for row in 0..<batch {
            let z = logits + row * classCount
            let p = probabilities + row * classCount
            var maximum = z[0]
            var predicted = 0
            for k in 1..<classCount where z[k] > maximum {
                maximum = z[k]
                predicted = k
            }
            var sum: Float = 0
            for k in 0..<classCount {
                let e = PortableMath.exp(z[k] - maximum)
                p[k] = e
                sum += e
            }
            let logSumExp = maximum + PortableMath.log(sum)
            for k in 0..<classCount { p[k] /= sum }
            let label = Int(labels[row])
            let loss = logSumExp - z[label]
            losses[row] = loss
            lossSum += Double(loss)
            if predicted == label { correct += 1 }
        }
        return (lossSum, correct)
    }

    /// logitGradient (B, K) = (softmax − onehot(label)) / B. Needs `forward` first.
    func backward(labels: UnsafePointer<UInt8>, batch: Int) {
        let scale = 1 / Float(batch)
        for row in 0..<batch {
            let p = probabilities + row * classCount
            let g = logitGradient + row * classCount
            for k in 0..<classCount { g[k] = p[k] * scale }
            g[Int(labels[row])] -= scale
        }
    }
}
