import MNIST
import NeuralNet

/// The results of a data set pass in evaluation mode.
public struct Evaluation: Sendable {
    public var loss: Double
    public var accuracy: Double
    /// Row = true label, column = predicted label.
    public var confusion: [[Int]]
    /// Predicted class of every image.
    public var predictions: [Int]
    /// Softmax probability of the predicted class of every image.
    public var confidences: [Double]
    /// The loss of every image, in order (their mean is `loss`).
    public var losses: [Double]

    /// Sample standard deviation of the per-image losses over √n: the standard error of `loss`.
    public var lossStandardError: Double {
        guard losses.count > 1 else { return 0 }
        var squares = 0.0
        for value in losses { squares += (value - loss) * (value - loss) }
        return (squares / Double(losses.count - 1)).squareRoot() / Double(losses.count).squareRoot()
    }

    /// Share of the summed loss carried by the `count` largest per-image losses.
    public func worstLossShare(count: Int) -> Double {
        let total = losses.reduce(0, +)
        guard total > 0 else { return 0 }
        return losses.sorted(by: >).prefix(count).reduce(0, +) / total
    }
}

/// Saved weights that cannot be evaluated.
public struct WeightsError: Error, Equatable, CustomStringConvertible {
    public let reason: String

    public var description: String { reason }
}

extension InputBatch {
    /// Normalises the images at `indices` of `data` into the first slots, with their labels.
    func gather<Indices: Collection>(_ data: LabeledImages, indices: Indices) where Indices.Element == Int {
        precondition(indices.count <= capacity && imageSize == LabeledImages.imageSize, "batch of \(indices.count) does not fit")
        let size = LabeledImages.imageSize
        fill { images, labels in
            data.pixels.withUnsafeBufferPointer { pixels in
                MNIST.normalizationTable.withUnsafeBufferPointer { table in
                    for (slot, index) in indices.enumerated() {
                        for offset in 0..<size { images[slot * size + offset] = table[Int(pixels[index * size + offset])] }
                        labels[slot] = data.labels[index]
                    }
                }
            }
        }
    }
}

/// Scores a network on a data set without any training state: no optimiser, no generator. `Trainer`
/// evaluates through one of these; `init(network:weights:compute:)` loads saved weights on its own.
public final class Evaluator {
    private let sharded: ShardedNetwork
    private let batch: InputBatch
    /// Images per evaluation batch; see `batchSize(threads:)`.
    public let batchSize: Int

    init(sharded: ShardedNetwork, batch: InputBatch, threads: Int) {
        self.sharded = sharded
        self.batch = batch
        batchSize = min(Self.batchSize(threads: threads), batch.capacity)
    }

    /// The weights of a `model.safetensors` file (as `digits train` writes it) for `architecture`, ready to
    /// evaluate with `lossFunction`.
    public convenience init(architecture: NetworkArchitecture, weights: [UInt8], compute: ComputeSettings,
                            lossFunction: LossFunction = .crossEntropy) throws {
        let batchSize = Self.batchSize(threads: compute.threads)
        let sharded = try ShardedNetwork(architecture: architecture, maxBatch: batchSize, compute: compute, lossFunction: lossFunction)
        do {
            let decoded = try Safetensors.decode(weights)
            try Safetensors.load(decoded.tensors, into: sharded.parameters, buffers: sharded.buffers, network: architecture.className)
        } catch let error as SafetensorsError {
            throw WeightsError(reason: error.description)
        }
        self.init(sharded: sharded, batch: InputBatch(capacity: batchSize, imageSize: LabeledImages.imageSize), threads: compute.threads)
    }

    /// Images per evaluation batch: two shards per thread, so every thread has work, but at most 256
    /// images, so that memory does not grow with the thread count. Results do not depend on it.
    public static func batchSize(threads: Int) -> Int {
        min(256, 2 * ShardedNetwork.shardSize * max(1, threads))
    }

    /// Loss (summed over images in order, divided by their number), accuracy, confusion matrix and
    /// predictions. Each image is computed on its own, so the batch size does not change the values.
    public func evaluate(_ images: LabeledImages, shouldStop: () -> Bool = { false }) -> Evaluation {
        let classes = sharded.primary.architecture.classCount
        var confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        var predictions = [Int](repeating: 0, count: images.count)
        var confidences = [Double](repeating: 0, count: images.count)
        var losses = [Double](repeating: 0, count: images.count)
        var lossSum = 0.0, correct = 0
        var start = 0
        while start < images.count {
            if shouldStop() { break }
            let count = min(batchSize, images.count - start)
            batch.gather(images, indices: start..<(start + count))
            let result = sharded.evaluate(batch, count: count)
            for row in 0..<count {   // image by image, in order
                losses[start + row] = Double(result.losses[row])
                lossSum += losses[start + row]
            }
            correct += result.correct
            let probabilities = result.probabilities   // (B, classes)
            for row in 0..<count {
                var best = 0
                for k in 1..<classes where probabilities[row * classes + k] > probabilities[row * classes + best] { best = k }
                predictions[start + row] = best
                confidences[start + row] = Double(probabilities[row * classes + best])
                confusion[Int(batch.label(row))][best] += 1
            }
            start += count
        }
        let total = max(1, images.count)
        return Evaluation(loss: lossSum / Double(total), accuracy: Double(correct) / Double(total),
                          confusion: confusion, predictions: predictions, confidences: confidences, losses: losses)
    }
}
