import Checksum
import Foundation
import MNIST
import NeuralNet
import Plot
import Report
import Training

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
    public var figuresDirectory: String { RunFolder.joinPath(directory, ReportFigures.folder) }
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
        // Every network's settings checked against the data before anything trains, each refusal where its
        // value is written; a network's runs differ only by seed, so they share its plan.
        var plans: [NetworkName: TrainingPlan] = [:]
        for network in NetworkName.allCases {
            do {
                plans[network] = try TrainingPlan(parameters.config(for: network), data: data)
            } catch let error as ConfigError {
                throw parameters.locate(error, network: network)
            }
        }
        let lock = try ReportFolderLock(directory: directory, command: command)
        defer { withExtendedLifetime(lock) {} }
        var decisions: [RunID: CacheDecision] = [:]
        var jobs: [(run: RunID, plan: TrainingPlan)] = []
        var adopted: [(RunID, RunMetrics, [UInt8])] = []
        for run in Self.runs(of: parameters) {
            let config = parameters.config(for: run)
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
            if case .train = decision, let plan = plans[run.network] { jobs.append((run, plan.reseeded(config.seed))) }
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
            _ = try MultiRunTrainer.train(jobs, compute: compute, shouldStop: shouldStop, events: events) { run, metrics, weights in
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

    /// The labels of the test images the runs were tested on, from the data folder the first run recorded, checked
    /// against its recorded hash; nil, said as a notice, when they cannot be read (the digits are then compared on the
    /// summed confusion matrices, a test the report calls lenient).
    private func testLabels(of groups: [RunGroup], events: (ReportEvent) -> Void) -> [UInt8]? {
        recordedTestFile(MNIST.fileNames[3], of: groups, what: "labels", events: events,
                         unread: "the digits' test errors are compared on the summed confusion matrices, not image by image") { data, hash in
            try MNIST.testLabels(from: data.directory, sha256: hash)
        }
    }

    /// The pixels of the test images the runs were tested on, from the data folder the first run recorded, checked against
    /// its recorded hash; nil, said as a notice, when they cannot be read (the figure of the test images the networks miss
    /// unequally is then left out).
    private func testPixels(of groups: [RunGroup], events: (ReportEvent) -> Void) -> [UInt8]? {
        recordedTestFile(MNIST.fileNames[2], of: groups, what: "images", events: events,
                         unread: "the test images the networks miss unequally are not drawn") { data, hash in
            try MNIST.testImages(from: data.directory, sha256: hash).flatMap { $0.count == data.testImages * 784 ? $0 : nil }
        }
    }

    /// The MNIST test file `file` as `read` reads it from the data folder the first run recorded, given the hash the run
    /// recorded (`read` returns nil for other content); nil, said as a notice beginning `unread`, when it cannot be read or
    /// differs from what the runs were tested on (`what`: `labels`, `images`).
    private func recordedTestFile(_ file: String, of groups: [RunGroup], what: String, events: (ReportEvent) -> Void, unread: String,
                                  read: (DataRecord, String) throws -> [UInt8]?) -> [UInt8]? {
        guard let data = groups.first?.representative.data, let hash = data.sha256[file] else { return nil }
        let why: String
        do {
            if let content = try read(data, hash) { return content }
            why = "its test \(what) differ from those the runs were tested on"
        } catch {
            why = "\(error)"
        }
        events(.notice("\(unread): \(data.directory): \(why)"))
        return nil
    }

    /// `writeFiguresAndReport` for a command that holds the folder's lock.
    private func drawAndWrite(command: String, format: OutputFormat, events: (ReportEvent) -> Void) throws {
        let recorded = try readState(statePath)
        var groups: [RunGroup] = []
        var summaries: [NetworkName: SummaryTable] = [:]
        for network in NetworkName.allCases {
            let recordedNetwork = recorded?.networks.first { $0.network == network }
            guard let group = try runGroup(network, seeds: recordedNetwork?.seedList, recorded: recordedNetwork != nil) else { continue }
            groups.append(group)
            // The architecture the runs were trained with, which the report describes.
            summaries[network] = try SummaryTable(architecture: group.representative.config.architecture)
        }
        guard !groups.isEmpty else { throw noRuns }
        // Read once for the figure that frames the digits the discussion finds different and for the discussion itself.
        let labels = testLabels(of: groups, events: events)
        let pixels = labels == nil ? nil : testPixels(of: groups, events: events)
        let comparison = groups.count >= 2 ? try ReportFigures.renderComparison(groups: groups.map(\.runs), format: format, testLabels: labels, testPixels: pixels) : []
        let figures = try groups.flatMap { group in
            try ReportFigures.render(group.runs, other: groups.first { $0.network != group.network }?.runs, format: format)
        }
        for (name, bytes) in figures + comparison {
            let path = RunFolder.joinPath(figuresDirectory, name)
            try AtomicFiles.write(bytes, to: path)
            events(.wrote(path))
        }
        // The figures this format replaces, and the comparisons these runs do not draw, so the folder holds only the ones
        // report.md shows.
        let written = Set((figures + comparison).map(\.name))
        for other in OutputFormat.allCases {
            for name in NetworkName.allCases.flatMap({ ReportFigures.fileNames(for: $0, format: other) }) + ComparisonFigure.allCases.map({ $0.fileName(format: other) })
            where !written.contains(name) {
                try? FileManager.default.removeItem(atPath: RunFolder.joinPath(figuresDirectory, name))
            }
        }
        var manifest = Manifest.collect(command: command, outputDirectory: directory)
        manifest.paramsFile = recorded?.paramsFile
        let current = recorded ?? ReportState(groups: groups, trained: [:])
        let changes = ReportChanges(previous: try readState(previousStatePath), current: current)
        let report = MarkdownReport(groups: groups, summaries: summaries, figureFormat: format, notes: try readNotes(),
                                    testLabels: labels, testPixels: pixels).rendered
        let record = RecordDocument(groups: groups, summaries: summaries, manifest: manifest, changes: changes, figureFormat: format,
                                    secondHalfTable: report.secondHalfTable, lowRateTable: report.lowRateTable)
        try AtomicFiles.write(Array(record.text.utf8), to: recordPath)
        events(.wrote(recordPath))
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
