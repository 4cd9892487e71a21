import Checksum
import Foundation
import MNIST
import NeuralNet
import Plot
import Report
import Training

/// One run of a report: a network, and its seed when the network has a seeds list.
public struct RunID: Hashable, Sendable, CustomStringConvertible {
    public var network: NetworkName
    /// Nil for a network trained once (its run lives in `runs/<net>`).
    public var seed: UInt64?

    public init(_ network: NetworkName, seed: UInt64? = nil) {
        self.network = network
        self.seed = seed
    }

    /// `MyNet` or `MyNet seed 2`.
    public var description: String { network.architecture.className + (seed.map { " seed \($0)" } ?? "") }
}

extension ReportParameters {
    /// The configuration `run` trains with: its network's, with its seed when it has one.
    public func config(for run: RunID) -> TrainingConfig {
        run.seed.map { config(for: run.network, seed: $0) } ?? config(for: run.network)
    }
}
