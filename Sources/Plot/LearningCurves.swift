/// One network's training history, everything per epoch for epochs 1...n.
///
/// Accuracies are fractions in 0...1 (shown as percentages). Arrays may differ
/// in length (e.g. validation skipped); each is drawn for the epochs it has.
public struct LearningCurves: Sendable {
    /// Name shown in figure titles, e.g. "ConvNet (LeNet-5)".
    public var networkTitle: String
    /// Mean training loss of each epoch.
    public var trainLoss: [Double]
    /// Training accuracy of each epoch, as a fraction.
    public var trainAccuracy: [Double]
    /// Validation loss after each epoch.
    public var valLoss: [Double]
    /// Validation accuracy after each epoch, as a fraction.
    public var valAccuracy: [Double]
    /// Optional loss of every mini-batch, in training order; may be empty.
    ///
    /// Batch i (counting from 0) is drawn at x = (i + 1) / batchesPerEpoch, so the
    /// last batch of epoch e lands at x = e, the same x as that epoch's mean.
    public var batchLoss: [Double]
    /// Mini-batches per epoch, to place `batchLoss` on the epoch axis.
    /// Zero or negative means "derive it as batchLoss.count / epochs".
    public var batchesPerEpoch: Int

    /// Creates a training history.
    public init(networkTitle: String, trainLoss: [Double], trainAccuracy: [Double],
                valLoss: [Double], valAccuracy: [Double], batchLoss: [Double] = [], batchesPerEpoch: Int = 0) {
        self.networkTitle = networkTitle
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.valLoss = valLoss
        self.valAccuracy = valAccuracy
        self.batchLoss = batchLoss
        self.batchesPerEpoch = batchesPerEpoch
    }

    /// Number of epochs: the longest per-epoch array.
    public var epochCount: Int {
        max(trainLoss.count, trainAccuracy.count, valLoss.count, valAccuracy.count)
    }

    /// The epoch (1-based) with the highest finite validation accuracy, the first one on ties; nil without any.
    public var bestValidationEpoch: Int? {
        var best: (epoch: Int, accuracy: Double)?
        for (index, accuracy) in valAccuracy.enumerated() where accuracy.isFinite {
            if best.map({ accuracy > $0.accuracy }) ?? true { best = (index + 1, accuracy) }
        }
        return best?.epoch
    }

    /// The fractional-epoch x position of every mini-batch loss (see `batchLoss`).
    public var batchPositions: [Double] {
        let perEpoch: Int
        if batchesPerEpoch > 0 {
            perEpoch = batchesPerEpoch
        } else {
            perEpoch = max(1, batchLoss.count / max(1, epochCount))
        }
        return batchLoss.indices.map { Double($0 + 1) / Double(perEpoch) }
    }
}
