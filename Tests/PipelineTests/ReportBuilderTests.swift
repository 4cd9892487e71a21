import Foundation
import XCTest
import NeuralNet
import Training
@testable import Pipeline
import Report

/// `digits report` end to end on a small configuration, into a temporary folder.
final class ReportBuilderTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func smallParameters() -> ReportParameters {
        var parameters = ReportParameters.defaults
        parameters.seedLists = [:]   // one run per network, in runs/<net>
        parameters.dataDirectory = Self.root.appendingPathComponent("data/mnist").path
        for network in NetworkName.allCases {
            var config = parameters.config(for: network)
            config.epochs = 1
            config.trainLimit = 1000
            config.validationSize = 1000
            parameters.networks[network] = config
        }
        return parameters
    }

    func contents(_ relative: String) -> Data? {
        FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path)
    }

    func testReportIsCompleteCachedAndRetrainsOnlyWhatChanged() throws {
        let builder = ReportBuilder(directory: folder.path)
        var parameters = smallParameters()
        let first = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertEqual(first[RunID(.convnet)], .train(reason: "no previous run"))
        XCTAssertEqual(first[RunID(.mynet)], .train(reason: "no previous run"))

        // Every file exists and every section is there.
        for network in NetworkName.allCases {
            for file in ["metrics.json", "history.csv", "model.safetensors"] {
                XCTAssertNotNil(contents("runs/\(network.rawValue)/\(file)"), "\(network) \(file)")
            }
            for figure in ReportFigures.fileNames(for: network) {
                let png = try XCTUnwrap(contents("figures/\(figure)"), figure)
                XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], figure)
            }
        }
        let report = String(decoding: try XCTUnwrap(contents("report.md")), as: UTF8.self)
        let record = String(decoding: try XCTUnwrap(contents("record.md")), as: UTF8.self)
        let headings = ["# Handwritten Digits Classification using CNN", "## Training setup", "## ConvNet (LeNet-5)", "## MyNet",
                        "### Network architecture and number of parameters", "### Learning curve", "### Results",
                        "![conv_train](figures/conv_train.png)", "![conv_val](figures/conv_val.png)",
                        "![mynet_train](figures/mynet_train.png)", "![mynet_val](figures/mynet_val.png)",
                        "Total params: 44,426", "Total params: 431,080", "## Comparison", "## Discussion", "## Conclusion", "](record.md)"]
        for heading in headings { XCTAssertTrue(report.contains(heading), "report.md lacks \(heading)") }
        // The hand-in's sections in the order a reader needs them, its headings in order of level.
        let positions = headings.prefix(4).map { report.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions, positions.sorted { ($0 ?? report.endIndex) < ($1 ?? report.endIndex) })
        XCTAssertFalse(report.contains("\n#### "), "no heading skips a level")
        for tool in ["cache", "shard", "summation order", "## Changes since", "### Manifest", "Per-epoch history"] {
            XCTAssertFalse(report.lowercased().contains(tool.lowercased()), "the tool's log stays out of the hand-in: \(tool)")
        }
        for part in ["# Record of the report", "## Changes since the previous report", "## Results per run", "## Reproducibility", "### Manifest",
                     "| Item | Value |", "| Git commit |", "SHA-256", "Per-epoch history", "Kernel shape"] {
            XCTAssertTrue(record.contains(part), "record.md lacks \(part)")
        }
        XCTAssertTrue(changesSection().contains("This is the first report in this folder"), changesSection())

        // Every image link of both files resolves, and every figure drawn is linked from one of them.
        let links = (report + record).components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
            .filter { $0.hasPrefix("figures/") }
        XCTAssertEqual(Set(links).count, 15, "five figures per network and the five comparing them")
        XCTAssertTrue(report.contains("](figures/unequal_misses.png)\n\n*Figure 7. The ") && report.contains(" the sign test counts, "),
                      "the images of the differing digit, under the confusion difference, with what they are")
        XCTAssertTrue(report.contains("](figures/confusion_difference.png)") && !report.contains("_confusion.png"),
                      "the hand-in shows where the networks' mistakes differ; each network's full matrix is in the record")
        XCTAssertTrue(record.contains("](figures/conv_confusion.png)") && record.contains("](figures/mynet_confusion.png)"))
        XCTAssertTrue(report.contains("](figures/mistakes_every_run.png)") && !report.contains("_misclassified.png"),
                      "the hand-in shows the images every run misses; each network's most confident mistakes are in the record")
        XCTAssertTrue(record.contains("](figures/conv_misclassified.png)") && record.contains("](figures/mynet_misclassified.png)"))
        XCTAssertTrue(report.contains(" every run ") && report.contains(" points"), report)
        for link in links { XCTAssertNotNil(contents(link), "broken link \(link)") }

        // A second run with nothing changed trains nothing and rewrites no run.
        let convnetMetrics = contents("runs/convnet/metrics.json")
        let mynetWeights = contents("runs/mynet/model.safetensors")
        let figure = contents("figures/mynet_curves.png")
        let second = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        guard case .reuse = second[RunID(.convnet)], case .reuse = second[RunID(.mynet)] else { return XCTFail("expected reuse, got \(second)") }
        XCTAssertEqual(contents("runs/convnet/metrics.json"), convnetMetrics)
        XCTAssertEqual(contents("figures/mynet_curves.png"), figure, "figures are byte-identical when redrawn")
        XCTAssertTrue(changesSection().contains("This is the first report in this folder"), "a rerun that changed nothing changes nothing")

        // Changing one network's hyperparameter retrains that network only.
        parameters.networks[.convnet]?.learningRate = 2e-3
        let third = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertEqual(third[RunID(.convnet)], .train(reason: "hyperparameters changed (learning_rate 0.001 → 0.002)"))
        guard case .reuse = third[RunID(.mynet)] else { return XCTFail("MyNet should be reused") }
        XCTAssertNotEqual(contents("runs/convnet/metrics.json"), convnetMetrics)
        XCTAssertEqual(contents("runs/mynet/model.safetensors"), mynetWeights)
        let changes = changesSection()
        XCTAssertTrue(changes.contains("| ConvNet (LeNet-5) | `learning_rate` | 0.001 | 0.002 |"), changes)
        XCTAssertTrue(changes.contains("ConvNet (LeNet-5) retrained and MyNet reused."), changes)
        XCTAssertTrue(changes.contains("| ConvNet (LeNet-5) | test accuracy |"), changes)
        XCTAssertFalse(changes.contains("| MyNet | `"), "MyNet's settings did not change: \(changes)")
        try builder.writeFiguresAndReport(command: "figures")
        XCTAssertEqual(changesSection(), changes, "digits figures redraws the same section from the kept states")

        // A corrupt weights file is never a cache hit.
        try Data("garbage".utf8).write(to: folder.appendingPathComponent("runs/mynet/model.safetensors"))
        let fourth = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertEqual(fourth[RunID(.mynet)], .train(reason: "the previous run's model.safetensors does not match its recorded SHA-256"))
        XCTAssertEqual(contents("runs/mynet/model.safetensors"), mynetWeights, "retraining the same config gives the same weights")
        XCTAssertTrue(changesSection().contains("No setting changed."), changesSection())
        XCTAssertTrue(changesSection().contains("ConvNet (LeNet-5) reused and MyNet retrained (identical weights)."), changesSection())
    }

    func testSeedsListsTrainOneRunPerSeedAndCachePerSeed() throws {
        let builder = ReportBuilder(directory: folder.path)
        var parameters = smallParameters()
        for network in NetworkName.allCases { parameters.networks[network]?.trainLimit = 500; parameters.networks[network]?.validationSize = 500 }
        let compute = ComputeSettings(threads: 2)
        // One run per network, as before seeds lists: today's layout, no mean ± sd anywhere.
        try builder.build(parameters: parameters, compute: compute, force: false, command: "test")
        XCTAssertNotNil(contents("runs/convnet/metrics.json"))
        XCTAssertTrue(RunFolder.seeds(output: folder.path, network: .convnet).isEmpty)
        XCTAssertFalse(String(decoding: contents("report.md") ?? Data(), as: UTF8.self).contains("mean ± sd"))

        // Seeds 1 and 2: seed 1 is the single run already made, only seed 2 trains.
        for network in NetworkName.allCases { parameters.seedLists[network] = [1, 2] }
        let second = try builder.build(parameters: parameters, compute: compute, force: false, command: "test")
        for network in NetworkName.allCases {
            guard case .reuse = second[RunID(network, seed: 1)] else { return XCTFail("\(network) seed 1 should be adopted: \(second)") }
            guard case .train = second[RunID(network, seed: 2)] else { return XCTFail("\(network) seed 2 should train: \(second)") }
            XCTAssertEqual(RunFolder.seeds(output: folder.path, network: network), [1, 2])
            XCTAssertEqual(contents("runs/\(network.rawValue)/seed-1/model.safetensors"), contents("runs/\(network.rawValue)/model.safetensors"))
        }
        var report = String(decoding: try XCTUnwrap(contents("report.md")), as: UTF8.self)
        let record = String(decoding: try XCTUnwrap(contents("record.md")), as: UTF8.self)
        XCTAssertTrue(record.contains("| Network | Seeds | Test accuracy | Range |"), record)
        XCTAssertTrue(report.contains(" ± "), "mean ± sd in the results")
        XCTAssertTrue(record.contains("| ConvNet (LeNet-5) | 2 |"), "per-seed rows")
        XCTAssertTrue(report.contains("| Setting | Key in params.yaml | Both networks |") && report.contains("| Seeds | `seeds` | 1, 2 |"), "the setup table lists the seeds, once for both networks")
        XCTAssertTrue(report.contains("95% Welch interval "), "the comparison weighs the seeds")
        XCTAssertTrue(record.contains("runs/mynet/seed-2/model.safetensors"), "the manifest names every run's weights")
        XCTAssertTrue(changesSection().contains("| ConvNet (LeNet-5) | `seed` | 1 | 1, 2 |"), changesSection())
        XCTAssertTrue(changesSection().contains("ConvNet (LeNet-5): seed 2 trained, seed 1 reused"), changesSection())

        // Adding a seed trains only that seed; removing one trains nothing.
        parameters.seedLists[.convnet] = [1, 2, 3]
        let third = try builder.build(parameters: parameters, compute: compute, force: false, command: "test")
        XCTAssertEqual(third.filter { if case .train = $0.value { return true } else { return false } }.map(\.key), [RunID(.convnet, seed: 3)])
        parameters.seedLists[.mynet] = [2]
        let fourth = try builder.build(parameters: parameters, compute: compute, force: false, command: "test")
        XCTAssertTrue(fourth.values.allSatisfy { if case .reuse = $0 { return true } else { return false } }, "\(fourth)")
        report = String(decoding: try XCTUnwrap(contents("report.md")), as: UTF8.self)
        XCTAssertTrue(report.contains("| `seeds` | 1, 2, 3 | 2 |"), report)
        XCTAssertFalse(String(decoding: try XCTUnwrap(contents("record.md")), as: UTF8.self).contains("runs/mynet/seed-1/"), "a removed seed is no longer reported")

        // digits figures redraws the same report from the recorded state (the record's manifest names the command).
        let before = String(decoding: try XCTUnwrap(contents("record.md")), as: UTF8.self).components(separatedBy: "### Manifest")[0]
        try builder.writeFiguresAndReport(command: "test")
        XCTAssertEqual(String(decoding: try XCTUnwrap(contents("report.md")), as: UTF8.self), report)
        XCTAssertEqual(String(decoding: try XCTUnwrap(contents("record.md")), as: UTF8.self).components(separatedBy: "### Manifest")[0], before)
    }

    /// notes.md's sections appear verbatim in report.md (after the generated section of the same heading,
    /// in its place when marked, before the conclusion otherwise), through --force and figures alike.
    func testTheStudentsNotesSurviveRegenerationInPlace() throws {
        let builder = ReportBuilder(directory: folder.path)
        let parameters = smallParameters()
        let discussion = "## Discussion\n\nMy own reading: the *dip* in epoch 2 is the schedule.\n\n- a list item\n"
        let conclusion = "## Conclusion\n<!-- replaces the generated section -->\nMyNet, by a hair.\n"
        let extra = "## What I would change\n\nMore epochs.\n"
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(("A reminder to myself.\n\n" + discussion + "\n" + extra + "\n" + conclusion).utf8).write(to: folder.appendingPathComponent("notes.md"))
        let notesBefore = contents("notes.md")
        func check(_ label: String) throws {
            let report = String(decoding: try XCTUnwrap(contents("report.md")), as: UTF8.self)
            let generated = try XCTUnwrap(report.range(of: MarkdownReport.generatedLabel), label)
            let own = try XCTUnwrap(report.range(of: discussion), "\(label): the student's discussion verbatim")
            XCTAssertLessThan(generated.lowerBound, own.lowerBound, "\(label): after the generated findings")
            let extraRange = try XCTUnwrap(report.range(of: extra), label)
            let conclusionRange = try XCTUnwrap(report.range(of: conclusion), label)
            XCTAssertLessThan(extraRange.lowerBound, conclusionRange.lowerBound, "\(label): an own heading goes before the conclusion")
            XCTAssertEqual(report.components(separatedBy: "## Conclusion").count, 2, "\(label): the generated conclusion is replaced")
            XCTAssertFalse(report.contains("A reminder to myself"), "\(label): text before the first heading is not copied")
            XCTAssertEqual(contents("notes.md"), notesBefore, "\(label): notes.md is never written")
        }
        try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        try check("report")
        try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: true, command: "test")
        try check("report --force")
        try builder.writeFiguresAndReport(command: "figures")
        try check("figures")
    }

    /// The "Changes since the previous report" section of the record in `folder`.
    func changesSection() -> String {
        let report = String(decoding: contents("record.md") ?? Data(), as: UTF8.self)
        guard let start = report.range(of: "## Changes since the previous report"), let end = report.range(of: "## Results per run") else { return "" }
        return String(report[start.lowerBound..<end.lowerBound])
    }

    func testCorruptOrForeignMetricsAreNeverACacheHit() throws {
        let builder = ReportBuilder(directory: folder.path)
        let parameters = smallParameters()
        try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        let path = RunFolder.path(output: folder.path, network: .convnet)
        let metricsFile = folder.appendingPathComponent("runs/convnet/metrics.json")
        let original = try XCTUnwrap(contents("runs/convnet/metrics.json"))
        let hashes = try RunFolder.readMetrics(at: path).data.sha256
        let config = parameters.config(for: .convnet)
        XCTAssertEqual(RunCache.decide(path: path, config: config, dataHashes: hashes, force: false), .reuse(try RunFolder.readMetrics(at: path)))
        let unreadable = CacheDecision.train(reason: "the previous run's metrics.json is unreadable or foreign")
        for broken in [original.prefix(original.count / 2), Data("{\"network\": \"convnet\"}".utf8), Data([0xff, 0xfe, 0x00]), Data()] {
            try broken.write(to: metricsFile)
            XCTAssertEqual(RunCache.decide(path: path, config: config, dataHashes: hashes, force: false), unreadable)
        }
        try original.write(to: metricsFile)
        XCTAssertEqual(RunCache.decide(path: path, config: config, dataHashes: hashes.mapValues { _ in "0" }, force: false),
                       .train(reason: "the data changed"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("runs/convnet/model.safetensors"))
        XCTAssertEqual(RunCache.decide(path: path, config: config, dataHashes: hashes, force: false),
                       .train(reason: "the previous run has no model.safetensors"))
    }

    func testInterruptedBuildLeavesEverythingAsItWas() throws {
        let builder = ReportBuilder(directory: folder.path)
        let parameters = smallParameters()
        try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        let before = try snapshot()
        var polls = 0
        XCTAssertThrowsError(try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: true, command: "test", shouldStop: {
            polls += 1
            return polls > 20   // stop in the middle of the first network's training
        })) { error in
            let interruption = error as? ReportInterruption
            XCTAssertEqual(interruption?.kept, [])
            XCTAssertEqual(interruption?.remaining, [RunID(.convnet), RunID(.mynet)])
        }
        XCTAssertEqual(try snapshot(), before, "nothing had finished, so nothing changed")
    }

    /// Interrupted after the first run has finished: that run is kept in its folder (the report is not
    /// rewritten), the message names it and the rest, and the next build trains only the rest.
    func testAnInterruptionKeepsEveryFinishedRun() throws {
        let builder = ReportBuilder(directory: folder.path)
        var parameters = smallParameters()
        parameters.seedLists = [.mynet: [1, 2], .convnet: [1, 2]]
        let first = folder.appendingPathComponent("runs/mynet/seed-1/metrics.json").path
        // One thread: one run at a time, MyNet's first; the stop comes at the next run's first mini-batch.
        XCTAssertThrowsError(try builder.build(parameters: parameters, compute: ComputeSettings(threads: 1), force: false, command: "test",
                                               shouldStop: { FileManager.default.fileExists(atPath: first) })) { error in
            let interruption = error as? ReportInterruption
            XCTAssertEqual(interruption?.kept, [RunID(.mynet, seed: 1)])
            XCTAssertEqual(interruption?.remaining, [RunID(.convnet, seed: 1), RunID(.convnet, seed: 2), RunID(.mynet, seed: 2)])
            XCTAssertEqual("\(error)", "interrupted: kept the 1 finished run (MyNet seed 1) in \(folder.path)/runs; the report was not rewritten, "
                           + "and the next report reuses it and trains only the 3 runs left (ConvNet seed 1, ConvNet seed 2, MyNet seed 2)")
        }
        XCTAssertNotNil(contents("runs/mynet/seed-1/model.safetensors"))
        XCTAssertNil(contents("report.md"))
        let again = try builder.build(parameters: parameters, compute: ComputeSettings(threads: 2), force: false, command: "test")
        XCTAssertTrue(again[RunID(.mynet, seed: 1)]?.isReuse == true, "\(again)")
        for run in [RunID(.mynet, seed: 2), RunID(.convnet, seed: 1), RunID(.convnet, seed: 2)] {
            XCTAssertFalse(again[run]?.isReuse ?? true, "\(run) trains")
        }
        XCTAssertNotNil(contents("report.md"))
        // The run the interrupted report trained counts as trained by the report that shows it.
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let state = try decoder.decode(ReportState.self, from: try XCTUnwrap(contents("state.json")))
        XCTAssertEqual(state.networks.first { $0.network == .mynet }?.trainedSeeds, [1, 2])
        XCTAssertNil(contents("unreported-runs.json"), "cleared once a report shows them")
    }

    /// Every file under the report folder with its bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }
}
