import MNIST
import NeuralNet
import Training

/// Everything `digits train` does apart from parsing arguments and showing progress: one network's run
/// with the params file's settings for it (the first seed of a seeds list) and the flags on top, checked
/// once against the data, trained, and written to `OUT/runs/<net>/`.
public struct TrialRun {
    /// The run's settings checked against the data, and the data split.
    public let plan: TrainingPlan
    /// Where the run is written: `OUT/runs/<net>`.
    public let folder: String
    /// Which settings the run uses and where they come from (see `settingsLine`).
    public let settingsLine: String

    /// Reads the data and checks `parameters` with `flags` applied for `network` against it; a refused
    /// value is named by its flag, or by its line in the params file.
    public init(parameters: ReportParameters, network: NetworkName, flags: SettingFlags, dataDirectory: String, output: String) throws {
        // The flags as `digits report` applies them (a refused value named by its flag; `--seed` replaces a
        // seeds list), then the first seed's run.
        let given = try parameters.applying(flags)
        let config = given.config(for: network, seed: given.seeds(for: network)[0])
        let data = try MNIST.load(from: dataDirectory)
        do {
            plan = try TrainingPlan(config, data: data)
        } catch let error as ConfigError {
            throw given.locate(error, network: network)
        }
        folder = RunFolder.path(output: output, network: network)
        settingsLine = Self.settingsLine(config, source: parameters.source, flags: flags.typed)
    }

    /// Trains the run with `compute` (a speed setting only) and writes its folder; returns its metrics.
    public func train(compute: ComputeSettings, shouldStop: () -> Bool, progress: (TrainingEvent) -> Void) throws -> RunMetrics {
        let result = try TrainingRun.execute(plan, compute: compute, shouldStop: shouldStop, progress: progress)
        try RunFolder.write(result.metrics, weights: result.weights, to: folder)
        return result.metrics
    }

    /// Which settings a run uses and where they come from, e.g. `MyNet: report/params.yaml's settings
    /// (12 epochs, batch 64, learning rate 0.001, adam, cosine, seed 1); flags given: --epochs 1`.
    public static func settingsLine(_ config: TrainingConfig, source: String?, flags: [String]) -> String {
        let origin = source.map { "\($0)'s settings" } ?? "the built-in settings (no params file)"
        let summary = "\(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), batch \(config.batchSize), learning rate \(config.learningRate), "
            + "\(config.optimizer.rawValue), \(config.schedule.rawValue), seed \(config.seed)"
            + (config.trainLimit.map { ", first \($0) training images" } ?? "")
        let given = flags.isEmpty ? "" : "; flags given: " + flags.joined(separator: " ")
        return "\(config.architecture.className): \(origin) (\(summary))\(given)"
    }
}
