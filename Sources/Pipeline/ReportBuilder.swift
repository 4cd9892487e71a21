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

/// What the report builder tells the command line while it works.
public enum ReportEvent {
    /// Whether a run is reused or trained, and why.
    case decided(RunID, CacheDecision)
    /// Progress of training a run (from one thread at a time, also when several runs train side by side).
    case training(RunID, TrainingEvent)
    /// A file or folder was written.
    case wrote(String)
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

/// Everything `digits report` and `digits figures` do, apart from parsing arguments: reuse or train
/// each run (one per network and seed), then draw the figures and write `report.md`. Each new run is
/// written to its run folder as soon as it has trained, so a failure or an interruption keeps every
/// finished run; the report itself is rewritten only once every run is there.
public struct ReportBuilder {
    /// The report folder (`report` by default).
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `DIR/figures`.
    public var figuresDirectory: String { RunFolder.joinPath(directory, FigureSet.folder) }
    /// `DIR/report.md`, the hand-in.
    public var reportPath: String { RunFolder.joinPath(directory, MarkdownReport.fileName) }
    /// `DIR/record.md`, what the tool did and measured, beside it.
    public var recordPath: String { RunFolder.joinPath(directory, RecordDocument.fileName) }
    /// `DIR/notes.md`, the student's own sections (never written by the tool).
    public var notesPath: String { RunFolder.joinPath(directory, MarkdownReport.notesFileName) }

    /// The student's notes, nil when there are none; an unreadable file is an error naming it.
    private func readNotes() throws -> StudentNotes? {
        guard FileManager.default.fileExists(atPath: notesPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: notesPath), let text = String(data: data, encoding: .utf8) else {
            throw RunFolderError.unreadable(path: notesPath, reason: "it is not readable UTF-8 text; save it as UTF-8 (it holds your own sections of the report)")
        }
        return StudentNotes(text)
    }

    /// The runs of `parameters`, network by network, seeds in the order given.
    public static func runs(of parameters: ReportParameters) -> [RunID] {
        // A seeds list, even of one seed, keeps one folder per seed, so that removing seeds retrains nothing.
        NetworkName.allCases.flatMap { network -> [RunID] in
            parameters.seedLists[network].map { $0.map { RunID(network, seed: $0) } } ?? [RunID(network)]
        }
    }

    /// The folder of a run: `DIR/runs/<net>` or `DIR/runs/<net>/seed-<n>`.
    public func folder(of run: RunID) -> String {
        RunFolder.path(output: directory, network: run.network, seed: run.seed)
    }

    /// Trains what needs training (with `compute`, a speed setting only), writes the runs, figures (as
    /// `format`) and report; returns each run's decision.
    @discardableResult
    public func build(
        parameters: ReportParameters, compute: ComputeSettings, force: Bool, command: String, format: OutputFormat = .png,
        shouldStop: () -> Bool = { false }, events: (ReportEvent) -> Void = { _ in }
    ) throws -> [RunID: CacheDecision] {
        try checkWritable()
        try ParameterCheck.verify(parameters)
        let data: MNIST
        do {
            data = try MNIST.load(from: parameters.dataDirectory)
        } catch let error as MNISTError {
            throw parameters.locate(error)
        }
        // Every run's settings against the data before anything trains, each refusal where its value is written.
        for network in NetworkName.allCases {
            do {
                try parameters.config(for: network).validate(trainingFileImages: data.train.count)
            } catch {
                throw parameters.locate(error, network: network)
            }
        }
        let lock = try ReportFolderLock(directory: directory, command: command)
        defer { withExtendedLifetime(lock) {} }
        var decisions: [RunID: CacheDecision] = [:]
        var jobs: [(run: RunID, config: TrainingConfig)] = []
        var adopted: [(RunID, RunMetrics, [UInt8])] = []
        for run in Self.runs(of: parameters) {
            let config = run.seed.map { parameters.config(for: run.network, seed: $0) } ?? parameters.config(for: run.network)
            var decision = RunCache.decide(path: folder(of: run), config: config, dataHashes: data.contentHashes, force: force)
            // Going from one seed to a seeds list: the single run of the same seed is that seed's run.
            if run.seed != nil, !force, case .train = decision {
                let single = folder(of: RunID(run.network))
                if case .reuse(let metrics) = RunCache.decide(path: single, config: config, dataHashes: data.contentHashes, force: false),
                   let weights = FileManager.default.contents(atPath: RunFolder.joinPath(single, RunFolder.weightsFile)) {
                    decision = .reuse(metrics)
                    adopted.append((run, metrics, Array(weights)))
                }
            }
            decisions[run] = decision
            events(.decided(run, decision))
            if case .train = decision { jobs.append((run, config)) }
        }
        for (run, metrics, weights) in adopted {
            try RunFolder.write(metrics, weights: weights, to: folder(of: run))
            events(.wrote(folder(of: run)))
        }
        // Each run is written the moment it has trained: an interruption or a failure keeps it, and the
        // next report reuses it.
        var kept: [RunID] = []
        // Runs an interrupted or failed report trained count as trained by the report that shows them.
        var unreported = try readUnreported()
        do {
            _ = try MultiRunTrainer.train(jobs, compute: compute, data: data, shouldStop: shouldStop, events: events) { run, metrics, weights in
                try RunFolder.write(metrics, weights: weights, to: folder(of: run))
                kept.append(run)
                unreported.insert(UnreportedRun(run))
                try AtomicFiles.write(try encodeJSON(unreported.sorted()), to: unreportedPath)
                events(.wrote(folder(of: run)))
            }
            if shouldStop() { throw TrainingError.interrupted }
        } catch TrainingError.interrupted {
            throw ReportInterruption(kept: kept, remaining: jobs.map(\.run).filter { !kept.contains($0) }, directory: directory)
        }
        let trained = Dictionary(grouping: unreported, by: \.network).mapValues { Set($0.map { $0.seed ?? parameters.config(for: $0.network).seed }) }
        try recordState(seeds: parameters.seedLists, trained: trained, paramsFile: try Self.record(ofParamsFile: parameters.source))
        try? FileManager.default.removeItem(atPath: unreportedPath)
        try drawAndWrite(command: command, format: format, events: events)
        return decisions
    }

    /// Draws every figure as `format` (the networks' comparison too when there are two) and writes
    /// `report.md` from the runs already in `DIR/runs`, without training: the runs the recorded state
    /// names (those of the last `digits report`), else every run found.
    public func writeFiguresAndReport(command: String, format: OutputFormat = .png, events: (ReportEvent) -> Void = { _ in }) throws {
        try checkWritable()
        guard FileManager.default.fileExists(atPath: directory) else { throw noRuns }
        let lock = try ReportFolderLock(directory: directory, command: command)
        defer { withExtendedLifetime(lock) {} }
        try drawAndWrite(command: command, format: format, events: events)
    }

    /// `writeFiguresAndReport` for a command that holds the folder's lock.
    private func drawAndWrite(command: String, format: OutputFormat, events: (ReportEvent) -> Void) throws {
        let recorded = try readState(statePath)
        var groups: [RunGroup] = []
        var summaries: [NetworkName: ArchitectureFacts] = [:]
        for network in NetworkName.allCases {
            let recordedNetwork = recorded?.networks.first { $0.network == network }
            guard let group = try runGroup(network, seeds: recordedNetwork?.seedList, recorded: recordedNetwork != nil) else { continue }
            groups.append(group)
            // The architecture the runs were trained with, which the report describes.
            summaries[network] = try ArchitectureFacts(network: try Network(architecture: group.representative.config.architecture, maxBatch: 1))
        }
        guard !groups.isEmpty else { throw noRuns }
        let comparison = groups.count >= 2 ? [try FigureSet.renderComparison(groups: groups.map(\.runs), format: format)] : []
        for (name, bytes) in try groups.flatMap({ try FigureSet.render($0.runs, format: format) }) + comparison {
            let path = RunFolder.joinPath(figuresDirectory, name)
            try AtomicFiles.write(bytes, to: path)
            events(.wrote(path))
        }
        // The figures this format replaces, so the folder holds only the ones report.md shows.
        for other in OutputFormat.allCases where other != format {
            for name in NetworkName.allCases.flatMap({ FigureSet.fileNames(for: $0, format: other) }) + [FigureSet.comparisonFileName(format: other)] {
                try? FileManager.default.removeItem(atPath: RunFolder.joinPath(figuresDirectory, name))
            }
        }
        var manifest = Manifest.collect(command: command, outputDirectory: directory)
        manifest.paramsFile = recorded?.paramsFile
        let current = recorded ?? ReportState(groups: groups, trained: [:])
        let changes = ReportChanges(previous: try readState(previousStatePath), current: current)
        let record = RecordDocument(groups: groups, summaries: summaries, manifest: manifest, changes: changes, figureFormat: format)
        try AtomicFiles.write(Array(record.text.utf8), to: recordPath)
        events(.wrote(recordPath))
        let report = MarkdownReport(groups: groups, summaries: summaries, figureFormat: format, notes: try readNotes())
        try AtomicFiles.write(Array(report.text.utf8), to: reportPath)
        events(.wrote(reportPath))
    }

    /// `network`'s runs: those of the seeds list `seeds`, or without one (`recorded`: the report had
    /// none) the single run; with nothing recorded, the runs saved (`RunFolder.savedRuns`). Nil when
    /// there is none.
    func runGroup(_ network: NetworkName, seeds: [UInt64]?, recorded: Bool = true) throws -> RunGroup? {
        var ids: [RunID]
        if let seeds {
            ids = seeds.map { RunID(network, seed: $0) }
        } else if recorded {
            ids = [RunID(network)]
        } else {
            ids = RunFolder.savedRuns(output: directory, network: network).map { RunID(network, seed: $0) }
        }
        ids = ids.filter { FileManager.default.fileExists(atPath: RunFolder.joinPath(folder(of: $0), RunFolder.metricsFile)) }
        guard !ids.isEmpty else { return nil }
        let runs = try ids.map { try RunFolder.readMetrics(at: folder(of: $0)) }
        // Relative to the report folder, as the report links them.
        let folders = ids.map { RunFolder.path(output: "", network: $0.network, seed: $0.seed) }
        return RunGroup(runs: runs, folders: folders)
    }

    private var noRuns: RunFolderError {
        .unreadable(path: RunFolder.joinPath(directory, "runs"), reason: "there are no runs to draw; run `digits report` (or `digits train`) first")
    }

    /// `DIR/state.json`: what the current report shows, for the next one to compare with.
    var statePath: String { RunFolder.joinPath(directory, "state.json") }
    /// `DIR/previous-state.json`: what the report before it showed.
    var previousStatePath: String { RunFolder.joinPath(directory, "previous-state.json") }

    /// Records the state of the report about to be written. When it differs from the recorded one in
    /// more than which networks were retrained, the recorded one becomes the previous state; when it
    /// does not (a rerun that changed nothing), both files stay, so the report still shows the last change.
    func recordState(seeds: [NetworkName: [UInt64]], trained: [NetworkName: Set<UInt64>], paramsFile: ParamsFileRecord? = nil) throws {
        let groups = try NetworkName.allCases.compactMap { try runGroup($0, seeds: seeds[$0]) }
        let lists = Set(seeds.keys)
        var current = ReportState(groups: groups, trained: trained, seedLists: lists)
        current.paramsFile = paramsFile
        let recorded = try readState(statePath)
        if var recorded, recorded.sameResults(as: current) {
            // Same results from another file (or an edited comment): the manifest names the file read.
            if recorded.paramsFile != paramsFile {
                recorded.paramsFile = paramsFile
                try AtomicFiles.write(try encode(recorded), to: statePath)
            }
            return
        }
        if let recorded { try AtomicFiles.write(try encode(recorded), to: previousStatePath) }
        try AtomicFiles.write(try encode(current), to: statePath)
    }

    /// The path and SHA-256 of the params file at `path` (nil: the built-in networks and settings).
    static func record(ofParamsFile path: String?) throws -> ParamsFileRecord {
        guard let path else { return ParamsFileRecord(path: "", sha256: "") }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw RunFolderError.unreadable(path: path, reason: "the params file went missing while the report was made")
        }
        return ParamsFileRecord(path: path, sha256: SHA256.hex(of: Array(bytes)))
    }

    /// `DIR/unreported-runs.json`: runs trained since the last report was written (by a report that was
    /// interrupted or failed after them), so the next report lists them as trained, not reused.
    var unreportedPath: String { RunFolder.joinPath(directory, "unreported-runs.json") }

    /// A run in `unreported-runs.json`.
    struct UnreportedRun: Codable, Hashable, Comparable {
        var network: NetworkName
        var seed: UInt64?

        init(_ run: RunID) {
            network = run.network
            seed = run.seed
        }

        static func < (a: Self, b: Self) -> Bool { (a.network.rawValue, a.seed ?? 0) < (b.network.rawValue, b.seed ?? 0) }
    }

    private func readUnreported() throws -> Set<UnreportedRun> {
        guard let data = FileManager.default.contents(atPath: unreportedPath) else { return [] }
        do {
            return Set(try JSONDecoder().decode([UnreportedRun].self, from: data))
        } catch {
            throw RunFolderError.unreadable(path: unreportedPath, reason: "it is not a list of runs written by this tool; delete it (the next report then lists those runs as reused)")
        }
    }

    private func encodeJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }

    private func encode(_ state: ReportState) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(state)) + [UInt8(ascii: "\n")]
    }

    /// The state recorded at `path`; nil when there is none. An unreadable one is an error naming the
    /// file rather than a silently empty section.
    private func readState(_ path: String) throws -> ReportState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ReportState.self, from: data).fillingDefaults()
        } catch {
            throw RunFolderError.unreadable(path: path, reason: "it is not a report state written by this tool; delete it to start the comparison afresh")
        }
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
