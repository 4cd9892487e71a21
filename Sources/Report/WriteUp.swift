import Foundation
import NeuralNet
import Training

/// The prose of the hand-in, drawn from the runs: the setup, each network's results, the comparison,
/// the discussion and the conclusion. Every number is on one stated basis: the mean over the seeds
/// (the curves the figures draw), or a seed named in the sentence.
struct WriteUp {
    let groups: [RunGroup]
    let facts: [NetworkName: SummaryTable]
    let findings: [NetworkName: CurveFindings]
    let comparison: NetworkComparison?
    /// The label of every test image, in order: the digits' errors are then compared image by image.
    let testLabels: [UInt8]?
    /// Each network's runs read across the second half of training (`secondHalfChanges`).
    let secondHalves: [NetworkName: [SecondHalfChange]]
    /// Whether the text cites the figures (`cite`): in the hand-in, which numbers them; not in the prose read alone.
    var citesFigures = false

    init(groups: [RunGroup], facts: [NetworkName: SummaryTable], testLabels: [UInt8]? = nil) {
        self.groups = groups
        self.facts = facts
        self.testLabels = testLabels
        var findings: [NetworkName: CurveFindings] = [:]
        var secondHalves: [NetworkName: [SecondHalfChange]] = [:]
        for group in groups {
            findings[group.network] = CurveFindings(group)
            secondHalves[group.network] = Self.secondHalfChanges(of: group)
        }
        self.findings = findings
        self.secondHalves = secondHalves
        comparison = groups.count == 2 ? NetworkComparison(groups[0], groups[1], facts: facts) : nil
    }

    /// A citation of the figures named (their links' names), for the hand-in to number (`FigureCitation`); empty unless
    /// `citesFigures`.
    func cite(_ names: [String]) -> String { citesFigures ? FigureCitation.token(names) : "" }

    /// `ConvNet` for a network already introduced.
    func name(_ group: RunGroup) -> String { group.network.shortName(title: group.representative.title) }

    /// The runs a finding holds for: `MyNet's seed 3` or `seeds 1 and 2` (the network named when `networks` are read
    /// together), or the network's name for a single run.
    func seedNames(_ group: RunGroup, _ seeds: [UInt64], amongNetworks networks: Int) -> String {
        guard group.isMultiSeed else { return name(group) }
        return (networks > 1 ? "\(name(group))'s " : "") + "seed\(seeds.count == 1 ? "" : "s") \(Format.list(seeds.map { "\($0)" }))"
    }

    /// "the mean over its 3 seeds" or "seed 1".
    func basis(_ group: RunGroup) -> String {
        group.isMultiSeed ? "mean over \(group.runs.count) seeds" : "seed \(group.representative.seed)"
    }

    /// Fewer epochs than this give too few points per curve to tell improving from overfitting.
    static let minimumEpochsForTrends = 3

    /// Each network with the findings of its curves, when they have enough epochs for a trend.
    var diagnosedCurves: [(RunGroup, CurveFindings)] {
        groups.compactMap { group in findings[group.network].map { (group, $0) } }.filter { $0.1.epochs >= Self.minimumEpochsForTrends }
    }

    /// The curve the figures draw and the text reads: the mean over the seeds, or the single run's.
    func curve(_ group: RunGroup) -> [EpochRecord] {
        group.isMultiSeed ? Statistics.meanEpochs(group.runs) : group.representative.epochs
    }

    /// The clauses as sentences: capitalised, each ending in a full stop.
    static func sentences(_ clauses: [String]) -> String {
        clauses.map { clause in (clause.prefix(1).uppercased() + clause.dropFirst()) + (clause.hasSuffix(".") ? "" : ".") }.joined(separator: " ")
    }

    /// `p = 0.014`, or `p < 0.0001` for a p-value too small to show in decimals.
    static func pText(_ p: Double) -> String { p < 0.0001 ? "p < 0.0001" : "p = \(Format.probability(p))" }
}
