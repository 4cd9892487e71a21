import Foundation
import Training

/// What one network's validation curves show. Runs that recorded their per-image validation losses
/// are read seed by seed, each from its own lowest loss to its last epoch, image by image
/// (`PairedEpochChange`), and the network's reading is the one most seeds share. Older runs are read
/// from the mean curve over the seeds (the one the figures draw): an accuracy change counts when it
/// exceeds two binomial standard errors (the usual ≈ 95% bound of a normal approximation), and a loss
/// change is split into what the worst validation images carry and what the rest do, since a mean
/// log-loss is dominated by its few largest terms.
public struct CurveFindings: Sendable {
    /// What the validation loss did after its lowest epoch.
    public enum Diagnosis: Equatable, Sendable {
        /// The lowest validation loss is at the last epoch.
        case stillImproving
        /// It rose afterwards by less than the runs differ: within the seeds' spread of the final loss
        /// (relative), or for a single run within the final loss's standard error.
        case levelledOff
        /// It rose, the validation accuracy did not fall beyond its noise, and the images other than
        /// the worst ones lost no ground: the rise is a handful of ever more confident mistakes.
        case riseFromFewImages
        /// It rose across the images while the validation accuracy did not fall beyond its noise: the
        /// network grew more confident, including on the images it gets wrong, without more errors.
        case overconfident
        /// It rose and the validation accuracy fell beyond its noise: more errors on new images.
        case overfitting

        /// The most serious first: what a tie between seeds reports.
        static let bySeriousness: [Diagnosis] = [.overfitting, .overconfident, .riseFromFewImages, .levelledOff, .stillImproving]
    }

    public var name: String
    public var epochs: Int
    public var validationImages: Int
    public var lowestLoss: (epoch: Int, value: Double)
    public var finalLoss: Double
    /// Validation accuracy at the lowest-loss epoch and at the last one.
    public var accuracyAtLowestLoss: Double
    public var finalAccuracy: Double
    /// The highest validation accuracy of the mean curve and its first epoch.
    public var bestAccuracy: (epoch: Int, value: Double)
    /// Share of the validation loss carried by the worst images at the lowest-loss epoch and the last, when recorded.
    public var worstShare: (atLowest: Double, final: Double)?
    /// The noise scale the rise is weighed against: the seeds' relative spread (sample sd over mean) of
    /// the final validation loss, or for one run its standard error relative to it; nil when unknown.
    public var riseNoise: Double?
    /// Each seed's epoch of lowest validation loss, in seed order.
    public var lowestEpochBySeed: [(seed: UInt64, epoch: Int)]
    /// Each seed's change from its lowest validation loss to its last epoch, image by image, in seed
    /// order; empty unless every run recorded its per-image validation losses.
    public var seedChanges: [PairedEpochChange]
    public var diagnosis: Diagnosis

    /// Two binomial standard errors of a validation accuracy near `finalAccuracy`.
    public var accuracyNoise: Double { Self.accuracyNoise(finalAccuracy, images: validationImages) }
    /// The mean validation loss of the images other than the worst ones, at the lowest-loss epoch and
    /// the last (nil when the share was not recorded).
    public var restLoss: (atLowest: Double, final: Double)? {
        Self.restLoss(lowest: lowestLoss.value, final: finalLoss, worstShare: worstShare, images: validationImages)
    }

    /// `restLoss` from its parts (also what the diagnosis reads, before the findings are complete).
    static func restLoss(lowest: Double, final: Double, worstShare: (atLowest: Double, final: Double)?, images: Int) -> (atLowest: Double, final: Double)? {
        guard let share = worstShare, images > EpochRecord.worstImagesCount else { return nil }
        let scale = Double(images) / Double(images - EpochRecord.worstImagesCount)
        return (lowest * (1 - share.atLowest) * scale, final * (1 - share.final) * scale)
    }

    /// Two binomial standard errors of an accuracy `p` on `images` images: the noise an accuracy change is weighed against.
    static func accuracyNoise(_ p: Double, images: Int) -> Double { 2 * Statistics.binomialStandardError(p, count: images) }

    /// The final loss's rise over the lowest, relative to the lowest.
    public var relativeRise: Double { lowestLoss.value > 0 ? finalLoss / lowestLoss.value - 1 : 0 }

    /// The findings of `group`'s runs; nil without epochs.
    public init?(_ group: RunGroup) {
        let records = group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
        guard let first = records.first, let last = records.last else { return nil }
        name = group.representative.network.shortName(title: group.representative.title)
        epochs = records.count
        validationImages = group.representative.data.valImages
        var lowest = (epoch: first.epoch, value: first.valLoss, accuracy: first.valAccuracy, share: first.valWorstImagesLossShare)
        for record in records where record.valLoss < lowest.value {
            lowest = (record.epoch, record.valLoss, record.valAccuracy, record.valWorstImagesLossShare)
        }
        lowestLoss = (lowest.epoch, lowest.value)
        finalLoss = last.valLoss
        accuracyAtLowestLoss = lowest.accuracy
        finalAccuracy = last.valAccuracy
        var best = (epoch: first.epoch, value: first.valAccuracy)
        for record in records where record.valAccuracy > best.value { best = (record.epoch, record.valAccuracy) }
        bestAccuracy = best
        worstShare = lowest.share.flatMap { atLowest in last.valWorstImagesLossShare.map { (atLowest, $0) } }
        lowestEpochBySeed = group.runs.compactMap { run in
            run.epochs.min { $0.valLoss < $1.valLoss }.map { (run.seed, $0.epoch) }
        }
        let accuracyNoise = Self.accuracyNoise(last.valAccuracy, images: validationImages)
        let finals = group.runs.compactMap { $0.epochs.last?.valLoss }
        if finals.count > 1, let spread = Statistics.summary(finals), spread.mean > 0 {
            riseNoise = spread.standardDeviation / spread.mean
        } else {
            riseNoise = last.valLossStandardError.map { last.valLoss > 0 ? $0 / last.valLoss : 0 }
        }
        // The seeds' tests share one 5% level (Bonferroni), so three seeds each need z above 2.39, not 1.96.
        let changes = group.runs.compactMap(PairedEpochChange.init).map { change in
            var shared = change
            shared.testLevel = PairedEpochChange.significantP / Double(max(1, group.runs.count))
            return shared
        }
        seedChanges = changes.count == group.runs.count ? changes : []
        let rise = lowest.value > 0 ? last.valLoss / lowest.value - 1 : 0
        if !seedChanges.isEmpty {
            let readings = seedChanges.map(\.reading)
            let most = readings.map { reading in readings.filter { $0 == reading }.count }.max() ?? 0
            diagnosis = Diagnosis.bySeriousness.first { reading in readings.filter { $0 == reading }.count == most } ?? .levelledOff
        } else if lowest.epoch == last.epoch {
            diagnosis = .stillImproving
        } else if let riseNoise, rise < riseNoise {
            diagnosis = .levelledOff
        } else if last.valAccuracy - lowest.accuracy < -accuracyNoise {
            diagnosis = .overfitting
        } else if let rest = Self.restLoss(lowest: lowest.value, final: last.valLoss, worstShare: worstShare, images: validationImages),
                  rest.final <= rest.atLowest {
            diagnosis = .riseFromFewImages
        } else {
            diagnosis = .overconfident
        }
    }
}

extension NetworkName {
    /// The name the write-up uses after the first mention: the title without its parenthesis
    /// (`ConvNet` for `ConvNet (LeNet-5)`).
    func shortName(title: String) -> String {
        guard let open = title.firstIndex(of: "("), open > title.startIndex else { return title }
        return String(title[..<open]).trimmingCharacters(in: .whitespaces)
    }
}
