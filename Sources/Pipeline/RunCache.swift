import Checksum
import Foundation
import NeuralNet
import Training

/// Whether a network's run folder can be reused instead of training again.
public enum CacheDecision: Equatable, Sendable {
    /// The folder holds a run of the same configuration, data and training code, and its weights are intact.
    case reuse(RunMetrics)
    /// Training is needed; the reason is shown to the user.
    case train(reason: String)

    public static func == (lhs: CacheDecision, rhs: CacheDecision) -> Bool {
        switch (lhs, rhs) {
        case (.reuse(let a), .reuse(let b)): return a == b
        case (.train(let a), .train(let b)): return a == b
        default: return false
        }
    }

    /// Whether the run is reused.
    public var isReuse: Bool {
        if case .reuse = self { return true }
        return false
    }
}

/// The run cache: a run is reused only when its recorded configuration, data hashes and code version
/// equal the current ones and its weights file still has the recorded SHA-256. Anything unreadable,
/// corrupt or foreign is never trusted.
public enum RunCache {
    /// Decides for the run folder at `path`.
    public static func decide(path: String, config: TrainingConfig, dataHashes: [String: String], force: Bool) -> CacheDecision {
        if force { return .train(reason: "--force") }
        let metricsPath = URL(fileURLWithPath: path).appendingPathComponent(RunFolder.metricsFile).path
        guard FileManager.default.fileExists(atPath: metricsPath) else { return .train(reason: "no previous run") }
        let metrics: RunMetrics
        do {
            metrics = try RunFolder.readMetrics(at: path)
        } catch {
            return .train(reason: "the previous run's metrics.json is unreadable or foreign")
        }
        guard metrics.network == config.network else { return .train(reason: "the previous run is of another network") }
        guard metrics.codeVersion == TrainingRun.codeVersion else {
            return .train(reason: "the training code changed (version \(metrics.codeVersion) → \(TrainingRun.codeVersion))")
        }
        guard metrics.data.sha256 == dataHashes else { return .train(reason: "the data changed") }
        guard metrics.config == config else {
            return .train(reason: "hyperparameters changed (\(differences(metrics.config, config).joined(separator: ", ")))")
        }
        let weightsPath = URL(fileURLWithPath: path).appendingPathComponent(RunFolder.weightsFile).path
        guard let weights = FileManager.default.contents(atPath: weightsPath) else {
            return .train(reason: "the previous run has no model.safetensors")
        }
        guard SHA256.hex(of: weights) == metrics.weightsSha256 else {
            return .train(reason: "the previous run's model.safetensors does not match its recorded SHA-256")
        }
        return .reuse(metrics)
    }

    /// `key old → new` for each hyperparameter and each line of the architecture that differs.
    public static func differences(_ old: TrainingConfig, _ new: TrainingConfig) -> [String] {
        let oldFields = old.settingTexts, newFields = new.settingTexts
        let settings = newFields.compactMap { key, value in
            let before = oldFields.first { $0.key == key }?.text ?? "?"
            return before == value ? nil : "\(key) \(before) → \(value)"
        }
        let architecture = NetworkArchitecture.differences(old.architecture.entries, new.architecture.entries).map {
            "\($0.key) \($0.before ?? "(none)") → \($0.after ?? "(removed)")"
        }
        return settings + architecture
    }
}
