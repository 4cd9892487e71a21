@testable import NeuralNet

/// A network's passes over one whole batch on one replica, as the tests drive a single `Network`
/// (training and evaluation go through `ShardedNetwork`, which runs the same pieces per shard).
extension Network {
    /// The forward pass on `batch` images (B, C, H, W); returns the logits, feature-major. (classes, B)
    @discardableResult
    func forward(_ images: UnsafePointer<Float>, batch: Int, context: StepContext = .evaluation) -> UnsafePointer<Float> {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        forwardFeatures(images, batch: batch, into: headInput, leading: batch, context: context)
        return forwardHead(batch: batch, context: context)
    }

    /// Forward pass plus loss: summed loss and correct predictions over the batch; the softmax
    /// probabilities are then in `probabilities`.
    func evaluate(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int, context: StepContext = .evaluation) -> (lossSum: Double, correct: Int) {
        forward(images, batch: batch, context: context)
        return headLoss(labels: labels, batch: batch)
    }

    /// One forward and backward pass: every gradient is overwritten with d(mean loss)/dθ.
    /// `dropoutKey` keys the dropout masks. Returns the summed loss and correct predictions.
    func trainingStep(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int, dropoutKey: UInt64 = 0) -> (lossSum: Double, correct: Int) {
        let result = evaluate(images, labels: labels, batch: batch, context: StepContext.training(dropoutKey: dropoutKey))
        backwardHead(labels: labels, batch: batch)
        if let featureGradient { backwardFeatures(featureGradient, leading: batch, batch: batch) }
        return result
    }
}

extension ParameterStore {
    /// A copy of all values, in state_dict order.
    func valuesArray() -> [Float] {
        Array(UnsafeBufferPointer(start: values, count: count))
    }
}

extension Conv2d {
    /// A convolution as the first layer of a network (`isFirstLayer`: it reads the images and passes no
    /// gradient down) or as a later one.
    convenience init(spec: ConvolutionSpec, input: ImageShape, maxBatch: Int, parameters: ParameterStore, isFirstLayer: Bool) {
        self.init(spec: spec, input: input, maxBatch: maxBatch, parameters: parameters, products: MatrixProducts(kernels: .widest),
                  readsImages: isFirstLayer, needsInputGradient: !isFirstLayer)
    }
}
