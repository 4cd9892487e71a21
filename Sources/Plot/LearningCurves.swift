/// One network's training history, everything per epoch for epochs 1...n.
///
/// Accuracies are fractions in 0...1 (shown as percentages). Arrays may differ
/// in length (e.g. validation skipped); each is drawn for the epochs it has.
public struct LearningCurves: Sendable {
    var networkTitle: String
    /// How many seeds' runs the curves are the mean of (1: a single run); the figures say it once, in the title.
    public var seedCount = 1
    /// Which network the curves are of, by position (0 the first): the network's colour in every figure, training
    /// solid and validation dashed in it.
    public var networkIndex = 0
    var trainLoss, trainAccuracy, valLoss, valAccuracy: [Double]
    /// Batch i (counting from 0) is drawn at x = (i + 1) / batchesPerEpoch, so the
    /// last batch of epoch e lands at x = e, the same x as that epoch's mean.
    var batchLoss: [Double]
    /// Zero or negative means "derive it as batchLoss.count / epochs".
    var batchesPerEpoch: Int
    var learningRate: [Double]
    /// The range of each per-epoch curve over several runs (the curves above are then their means),
    /// drawn as a band; nil for a single run.
    public var ranges: Ranges?
    /// Each run's validation loss and accuracy per epoch, in seed order, when the curves above are their means: the
    /// validation figure draws every run as a thin line under the mean. Empty for a single run.
    public var seedValLoss: [[Double]] = []
    /// The seeds of those runs, in the same order, which the validation figure writes beside each run's mark.
    public var seeds: [UInt64] = []
    public var seedValAccuracy: [[Double]] = []
    /// The epochs (counted from 1) the discussion compares, shaded in the validation figure in place of any single epoch's
    /// mark; empty when it reads none.
    public var comparedWindows: [ClosedRange<Int>] = []
    /// Per epoch, the mean over the runs of the validation loss of the images each got wrong in every epoch of the compared
    /// windows, and of the rest; empty without the windows.
    public var wrongThroughoutLoss: [Double] = []
    public var restLoss: [Double] = []
    /// The runs' lowest and highest of the two, per epoch (the seeds' range, drawn as bands); nil for a single run.
    public var wrongThroughoutLossRange: Range?
    public var restLossRange: Range?
    /// Per epoch, how many validation images switched between right and wrong since the epoch before (the mean over the
    /// runs; NaN for the first epoch): how far the predictions still move. Empty when the runs did not record it.
    public var validationSwitches: [Double] = []
    /// The lowest and highest of the runs' switch counts per epoch (NaN for the first epoch); nil for a single run.
    public var validationSwitchRange: Range?

    /// Per epoch, the lowest and highest value over several runs.
    public typealias Range = (lower: [Double], upper: [Double])

    /// The ranges of the four per-epoch curves.
    public typealias Ranges = (trainLoss: Range, trainAccuracy: Range, valLoss: Range, valAccuracy: Range)

    /// Creates a training history: mean training loss and accuracy of each epoch, validation loss and accuracy
    /// after each, optionally the loss of every mini-batch in training order, the mini-batches per epoch that
    /// place them on the epoch axis, and the learning rate of each epoch (the comparison figure draws it underneath).
    public init(networkTitle: String, trainLoss: [Double], trainAccuracy: [Double], valLoss: [Double], valAccuracy: [Double],
                batchLoss: [Double] = [], batchesPerEpoch: Int = 0, learningRate: [Double] = []) {
        self.networkTitle = networkTitle
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.valLoss = valLoss
        self.valAccuracy = valAccuracy
        self.batchLoss = batchLoss
        self.batchesPerEpoch = batchesPerEpoch
        self.learningRate = learningRate
    }

    var epochCount: Int { max(trainLoss.count, trainAccuracy.count, valLoss.count, valAccuracy.count, learningRate.count) }
    /// The first epoch (1-based) of the highest finite validation accuracy; nil without any.
    var bestValidationEpoch: Int? { Self.firstEpoch(in: valAccuracy, where: >) }
    /// The first epoch (1-based) of the lowest finite validation loss; nil without any.
    var lowestValidationLossEpoch: Int? { Self.firstEpoch(in: valLoss, where: <) }

    static func firstEpoch(in values: [Double], where isBetter: (Double, Double) -> Bool) -> Int? {
        var best: (epoch: Int, value: Double)?
        for (index, value) in values.enumerated() where value.isFinite && (best.map { isBetter(value, $0.value) } ?? true) {
            best = (index + 1, value)
        }
        return best?.epoch
    }

    /// The fractional-epoch x position of every mini-batch loss (see `batchLoss`).
    var batchPositions: [Double] {
        let perEpoch = batchesPerEpoch > 0 ? batchesPerEpoch : max(1, batchLoss.count / max(1, epochCount))
        return batchLoss.indices.map { Double($0 + 1) / Double(perEpoch) }
    }
}
