import Foundation
import MNIST
import NeuralNet
import Plot
import Report
import Training

/// What the report builder tells the command line while it works.
public enum ReportEvent {
    /// Whether `network` is reused or trained, and why.
    case decided(NetworkName, CacheDecision)
    /// Progress of training `network`.
    case training(NetworkName, TrainingEvent)
    /// A file or folder was written.
    case wrote(String)
}

/// Everything `digits report` and `digits figures` do, apart from parsing arguments: reuse or train
/// each network, then draw the figures and write `report.md`. New runs are kept in memory until every
/// network has trained, so a failure or an interruption leaves the previous report and runs as they were.
public struct ReportBuilder {
    /// The report folder (`report` by default).
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `DIR/figures`.
    public var figuresDirectory: String { RunFolder.joinPath(directory, FigureSet.folder) }
    /// `DIR/report.md`.
    public var reportPath: String { RunFolder.joinPath(directory, "report.md") }

    /// Trains what needs training (with `compute`, a speed setting only), writes the runs, figures (as `format`) and
    /// report; returns each network's decision.
    @discardableResult
    public func build(
        parameters: ReportParameters, compute: ComputeSettings, force: Bool, command: String, format: OutputFormat = .png,
        shouldStop: () -> Bool = { false }, events: (ReportEvent) -> Void = { _ in }
    ) throws -> [NetworkName: CacheDecision] {
        try checkWritable()
        let data = try MNIST.load(from: parameters.dataDirectory)
        var decisions: [NetworkName: CacheDecision] = [:]
        var fresh: [(NetworkName, RunMetrics, [UInt8])] = []
        for network in NetworkName.allCases {
            let config = parameters.config(for: network)
            let path = RunFolder.path(output: directory, network: network)
            let decision = RunCache.decide(path: path, config: config, dataHashes: data.contentHashes, force: force)
            decisions[network] = decision
            events(.decided(network, decision))
            guard case .train = decision else { continue }
            let result = try TrainingRun.execute(config, compute: compute, data: data, shouldStop: shouldStop) { events(.training(network, $0)) }
            fresh.append((network, result.metrics, result.weights))
        }
        if shouldStop() { throw TrainingError.interrupted }
        for (network, metrics, weights) in fresh {
            let path = RunFolder.path(output: directory, network: network)
            try RunFolder.write(metrics, weights: weights, to: path)
            events(.wrote(path))
        }
        try writeFiguresAndReport(command: command, format: format, events: events)
        return decisions
    }

    /// Draws every figure as `format` (the networks' comparison too when there are two or more runs) and writes
    /// `report.md` from the runs already in `DIR/runs`, without training.
    public func writeFiguresAndReport(command: String, format: OutputFormat = .png, events: (ReportEvent) -> Void = { _ in }) throws {
        try checkWritable()
        var runs: [RunMetrics] = []
        var summaries: [NetworkName: ArchitectureFacts] = [:]
        for network in NetworkName.allCases {
            let path = RunFolder.path(output: directory, network: network)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            runs.append(try RunFolder.readMetrics(at: path))
            summaries[network] = try ArchitectureFacts(network: try Network(architecture: network.architecture, maxBatch: 1))
        }
        guard !runs.isEmpty else {
            throw RunFolderError.unreadable(path: RunFolder.joinPath(directory, "runs"),
                                            reason: "there are no runs to draw; run `digits report` (or `digits train`) first")
        }
        let comparison = runs.count >= 2 ? [try FigureSet.renderComparison(runs, format: format)] : []
        for (name, bytes) in try runs.flatMap({ try FigureSet.render($0, format: format) }) + comparison {
            let path = RunFolder.joinPath(figuresDirectory, name)
            try AtomicFiles.write(bytes, to: path)
            events(.wrote(path))
        }
        let manifest = Manifest.collect(command: command, outputDirectory: directory)
        let report = MarkdownReport(runs: runs, summaries: summaries, manifest: manifest)
        try AtomicFiles.write(Array(report.text.utf8), to: reportPath)
        events(.wrote(reportPath))
    }

    /// Fails early, before any training, when the report folder cannot be written.
    private func checkWritable() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileWriteError(path: directory, reason: "it is a file, not a folder")
            }
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw FileWriteError(path: directory, reason: "permission denied")
            }
        }
    }
}
