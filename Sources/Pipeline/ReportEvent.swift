import Checksum
import Foundation
import MNIST
import NeuralNet
import Plot
import Report
import Training

/// What the report builder tells the command line while it works.
public enum ReportEvent {
    /// Whether a run is reused or trained, and why.
    case decided(RunID, CacheDecision)
    /// Progress of training a run (from one thread at a time, also when several runs train side by side).
    case training(RunID, TrainingEvent)
    /// A file or folder was written.
    case wrote(String)
    /// Something the report had to do without, in one line (the report is written all the same).
    case notice(String)
}

/// A `digits report` stopped by a signal while training: which runs had finished (and are kept in their
/// run folders) and which the next report still has to train.
public struct ReportInterruption: Error, CustomStringConvertible {
    public let kept: [RunID]
    public let remaining: [RunID]
    public let directory: String

    public var description: String {
        let runs = { (ids: [RunID]) in ids.map(\.description).joined(separator: ", ") }
        let left = remaining.count == 1 ? "the one run left (\(runs(remaining)))" : "the \(remaining.count) runs left (\(runs(remaining)))"
        guard !kept.isEmpty else {
            return "interrupted before any run finished; nothing was written, and the next report trains \(left)"
        }
        return "interrupted: kept the \(kept.count) finished run\(kept.count == 1 ? "" : "s") (\(runs(kept))) in \(directory)/runs; "
            + "the report was not rewritten, and the next report reuses \(kept.count == 1 ? "it" : "them") and trains only \(left)"
    }
}
