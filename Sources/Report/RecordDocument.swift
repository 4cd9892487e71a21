import Foundation
import NeuralNet
import Plot
import Training

/// `record.md`, beside the hand-in: what the tool did and measured, for checking the report rather
/// than reading it. The changes since the previous report, every seed's results, per-digit accuracy,
/// training against validation, every epoch's numbers, the extended layer tables, the reproducibility
/// scope with how to check it, and the manifest.
public struct RecordDocument {
    public var groups: [RunGroup]
    public var summaries: [NetworkName: SummaryTable]
    public var manifest: Manifest
    /// What changed since the previous report; nil leaves the section out.
    public var changes: ReportChanges?
    public var figureFormat: OutputFormat
    /// The report's reading of the second half, run by run, with what it tests (`MarkdownReport.rendered`); nil leaves it out.
    public var secondHalfTable: String?
    /// The report's table of the low-rate half, seed by seed, with what it tests (`MarkdownReport.rendered`); nil leaves it out.
    public var lowRateTable: String?

    /// The record's file name in the report folder.
    public static let fileName = "record.md"
    /// A relative Markdown link to the record, from the hand-in beside it.
    static let markdownLink = "[\(fileName)](\(fileName))"

    public init(groups: [RunGroup], summaries: [NetworkName: SummaryTable], manifest: Manifest,
                changes: ReportChanges? = nil, figureFormat: OutputFormat = .png, secondHalfTable: String? = nil,
                lowRateTable: String? = nil) {
        self.secondHalfTable = secondHalfTable
        self.lowRateTable = lowRateTable
        self.groups = groups
        self.summaries = summaries
        self.manifest = manifest
        self.changes = changes
        self.figureFormat = figureFormat
    }

    /// The whole document.
    public var text: String {
        var out = ["# Record of the report", "",
                   "What the tool did and measured for [the report](\(MarkdownReport.fileName)): for checking it, not for reading it as the write-up.", ""]
        if let changes { out.append(changes.section) }
        out.append(resultsSection)
        if let section = seedChangesSection { out.append(section) }
        if let secondHalfTable { out += ["## The second half run by run", "", secondHalfTable, ""] }
        if let lowRateTable { out += ["## The low-rate half seed by seed", "", lowRateTable, ""] }
        out.append(errorSection)
        out.append(historySection)
        out.append(layerSection)
        out.append(reproducibilitySection)
        return out.joined(separator: "\n") + "\n"
    }

    private var resultsSection: String {
        let multiSeed = groups.contains(where: \.isMultiSeed)
        var lines = ["## Results per run", "",
                     "Test figures are for the weights after the last epoch (no early stopping); the test set was not used to choose anything. "
                     + "A training time is the run's wall time with the threads the manifest lists for it: runs that trained side by side had a share of the cores each.", "",
                     "| Network | \(multiSeed ? "Seed" : "Parameters") | Best validation accuracy (epoch) | Test loss | Test accuracy | Training time |",
                     "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for group in groups {
            for run in group.runs {
                let best = run.bestEpoch
                let tied = run.epochs.filter { $0.valAccuracy == best?.valAccuracy }.map { String($0.epoch) }
                let bestText = best.map { "\(Format.percent($0.valAccuracy)) (\(tied.joined(separator: ", ")))" } ?? "–"
                let second = multiSeed ? "\(run.seed)" : PythonFormat.grouped(run.parameters)
                lines.append("| \(run.title) | \(second) | \(bestText) | \(Format.loss(run.test.loss)) | "
                             + "\(Format.percent(run.test.accuracy)) | \(Format.seconds(run.timing.trainSeconds)) (\(Format.rounded(run.timing.trainImagesPerSecond)) img/s) |")
            }
        }
        if multiSeed {
            lines += ["", "Over the seeds (mean ± sample standard deviation, n − 1; accuracies in percentage points):", "",
                      "| Network | Seeds | Test accuracy | Range | Best validation accuracy (each seed's best) | Training time |",
                      "| --- | ---: | ---: | ---: | ---: | ---: |"]
            for group in groups {
                guard let test = group.testAccuracy, let best = group.bestValAccuracy, let time = group.trainSeconds else { continue }
                lines.append("| \(group.representative.title) | \(test.count) | \(Format.percent(test.mean)) ± \(Format.points(test.standardDeviation)) | "
                             + "\(Format.percent(test.minimum))–\(Format.percent(test.maximum)) | \(Format.percent(best.mean)) ± \(Format.points(best.standardDeviation)) | "
                             + (Set(group.runs.map(\.timing.threads)).count == 1 ? "\(Format.seconds(time.mean)) ± \(Format.seconds(time.standardDeviation))"
                                : "– (different threads; per run above)") + " |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// Each seed's validation loss from its lowest epoch to its last, image by image: the figures the
    /// report's readings of the curves rest on.
    private var seedChangesSection: String? {
        // With the second half read on its windows (every network several runs with their per-image record) the hand-in's table
        // is the whole reading: each run from its own lowest epoch would be a second basis beside it.
        if groups.count > 0, groups.allSatisfy({ SecondHalfChange.comparedWindows(of: $0.runs) != nil }) { return nil }
        // The findings alone: a whole write-up would also run the report's cross-checks, which the record does not show.
        let tables = groups.compactMap { group -> (RunGroup, CurveFindings)? in
            guard let f = CurveFindings(group), !f.seedChanges.isEmpty else { return nil }
            return (group, f)
        }
        guard !tables.isEmpty else { return nil }
        var lines = ["## Validation loss seed by seed", ""]
        for (index, (group, f)) in tables.enumerated() {
            lines += ["### \(group.representative.title)", "", WriteUp.seedTable(f, first: index == 0), ""]
        }
        return lines.joined(separator: "\n")
    }

    private var errorSection: String {
        var lines = ["## Test errors by digit", ""]
        for group in groups {
            let run = group.representative
            // Each figure with the basis it is drawn on: the matrix and the table sum the seeds, the mistakes are one seed's.
            let other = groups.first { $0.network != group.network }.map { $0.representative.network.shortName(title: $0.representative.title) }
            lines += ["### \(run.title)", "", image(.confusion, run.network), "",
                      "*Test confusion matrix, \(group.confusionBasis): rows the true digit, columns the guess, the mistakes shaded on a log(1 + n) scale"
                        + (other.map { " shared with \($0)'s matrix" } ?? "") + ".*", "",
                      image(.misclassified, run.network), "",
                      "*Seed \(run.seed)'s most confident test mistakes" + (other != nil ? " other than those every run misses (drawn in the hand-in)" : "")
                        + ", each with its test index and the probability it gave its guess"
                        + (other.map { "; thick frames, in its colour: \($0)'s seed \(run.seed) misses them too" } ?? "") + ".*", "",
                      "Test errors by digit, \(group.confusionBasis):", "",
                      "| Digit | Test images | Correct | Accuracy | Most often mistaken for |", "| ---: | ---: | ---: | ---: | --- |"]
            for (digit, row) in group.summedConfusion.enumerated() {
                let total = row.reduce(0, +)
                let correct = digit < row.count ? row[digit] : 0
                let mistakes = row.enumerated().filter { $0.offset != digit && $0.element > 0 }.sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
                let most = mistakes.first?.element ?? 0
                let tied = mistakes.filter { $0.element == most }.map { String($0.offset) }
                let confused = tied.isEmpty ? "–" : "\(tied.joined(separator: ", ")) (\(most)×\(tied.count > 1 ? " each" : ""))"
                lines.append("| \(digit) | \(PythonFormat.grouped(total)) | \(PythonFormat.grouped(correct)) | \(total > 0 ? Format.percent(Double(correct) / Double(total)) : "–") | \(confused) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    private var historySection: String {
        var lines = ["## Training against validation, epoch by epoch", "",
                     "Training loss (solid, each epoch's mean) and validation loss (dashed) on the same axes with the mini-batch losses' moving average "
                     + "(pale), the lowest validation loss a grey line, the learning rate of each epoch underneath; bands: the seeds' range when there are several. The tables hold every recorded epoch; the validation loss's standard error and the share "
                     + "of it carried by the \(EpochRecord.worstImagesCount) worst validation images are what the report's reading of the curves rests on.", ""]
        for group in groups {
            let run = group.representative
            lines += ["### \(run.title)", "", image(.curves, run.network), ""]
            var histories: [(String, [EpochRecord])] = [("Per-epoch history", run.epochs)]
            if group.isMultiSeed {
                histories = [("Per-epoch history, mean over seeds \(group.runs.map { "\($0.seed)" }.joined(separator: ", "))", Statistics.meanEpochs(group.runs))]
                    + group.runs.map { ("Per-epoch history, seed \($0.seed)", $0.epochs) }
            }
            for (summary, records) in histories {
                lines += ["<details><summary>\(summary)</summary>", "",
                          "| Epoch | Learning rate | Train loss | Train accuracy | Validation loss | (standard error) | (share of the \(EpochRecord.worstImagesCount) worst) | Validation accuracy | Seconds |",
                          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
                for record in records {
                    let error = record.valLossStandardError.map(Format.loss) ?? "–"
                    let share = record.valWorstImagesLossShare.map(Format.relative) ?? "–"
                    lines.append("| \(record.epoch) | \(String(format: "%.2e", record.learningRate)) | \(Format.loss(record.trainLoss)) | "
                                 + "\(Format.percent(record.trainAccuracy)) | \(Format.loss(record.valLoss)) | \(error) | \(share) | \(Format.percent(record.valAccuracy)) | "
                                 + "\(PythonFormat.fixed(record.seconds, decimals: 1)) |")
                }
                lines += ["", "</details>", ""]
            }
        }
        return lines.joined(separator: "\n")
    }

    private var layerSection: String {
        // The hand-in's printouts are the program's own; how far they can be trusted to be PyTorch's is said here.
        var lines = ["## Layers, parameters and multiply-adds", "",
                     "The hand-in's architecture printouts are made by digits, not by PyTorch; its tests hold them character for character to "
                     + "PyTorch's print(model) and torchsummary 1.5.1's summary of the same classes. The tables below extend torchsummary's with each "
                     + "layer's kernel shape, share of the parameters and multiply-adds.", ""]
        for group in groups {
            guard let summary = summaries[group.network] else { continue }
            lines += ["```text", summary.extendedTable + "```", ""]
        }
        return lines.joined(separator: "\n")
    }

    private var reproducibilitySection: String {
        var lines = ["## Reproducibility", "",
                     "The engine is built so that the same settings and data give byte-identical weights, metrics (apart from timings) and figures on any x86-64 CPU "
                     + "with AVX2 and FMA, with any thread count and any of the engine's kernel paths, for the same version "
                     + "of the training code (and by design on arm64, which no arm64 machine has run yet). Every matrix product sums each output element in one fixed order of fused multiply-adds "
                     + "(vectors run across outputs, never across a sum), a mini-batch is cut into shards of "
                     + "\(ShardedNetwork.shardSize) images whatever the thread count and each shard's convolution gradients are added in shard order, "
                     + "and `exp`, `log` and `cos` are the engine's own rather than the C library's. "
                     + "`digits verify` (or `make verify`) retrains each network from its recorded settings and checks the weights' "
                     + "SHA-256 and every recorded metric against this record.", "",
                     "Tested: the golden test of `make test` trains a small ConvNet on every kernel path the machine has and with 1 to 4 "
                     + "threads and compares the weights with a committed SHA-256; each kernel path is checked bit for bit against a "
                     + "plain scalar loop. A different version of the training code (its number is below) may give different bits.", "",
                     "### Manifest", "",
                     "| Item | Value |", "| --- | --- |"]
        lines.append("| Command | `\(manifest.command)` |")
        if let params = manifest.paramsFile {
            lines.append(params.path.isEmpty ? "| Params file | none: the built-in networks and settings |"
                         : "| Params file | `\(params.path)`, SHA-256 `\(params.sha256)` |")
        }
        let unknownCheckout = manifest.gitCommit.hasPrefix("unknown")
        let dirty = manifest.gitDirty.map { $0 ? " (working tree had uncommitted changes)" : " (clean working tree)" }
            ?? (unknownCheckout ? "" : " (git could not tell whether the working tree had uncommitted changes)")
        lines.append("| Git commit | `\(manifest.gitCommit)`\(dirty) |")
        lines.append("| Swift | \(manifest.swiftVersion) |")
        lines.append("| Operating system | \(manifest.operatingSystem) |")
        // The machine that wrote this record, which need not be the one that trained: each run's own CPU is in its timings row.
        lines.append("| CPU of this machine | \(manifest.cpuModel), \(manifest.logicalCPUs) logical CPUs (each run's own is in its timings) |")
        lines.append("| Kernel paths on this machine | \(manifest.kernelPaths) (all give the same bits) |")
        for group in groups {
            for (run, folder) in zip(group.runs, group.folders) {
                let title = group.isMultiSeed ? "\(run.title), seed \(run.seed)" : run.title
                lines.append("| \(title) | seed \(run.seed), config hash `\(run.config.hash.prefix(16))`, training code version \(run.codeVersion) |")
                lines.append("| \(title) weights | `\(folder)/model.safetensors`, SHA-256 `\(run.weightsSha256)` |")
                lines.append("| \(title) timings | training \(Format.seconds(run.timing.trainSeconds)), test evaluation \(Format.seconds(run.timing.evaluationSeconds)); "
                             + "\(run.timing.threads) thread\(run.timing.threads == 1 ? "" : "s"), \(run.timing.kernels) kernels, \(run.timing.cpu) |")
            }
        }
        if let data = groups.first?.representative.data {
            let verified = data.checksumsVerified ? "verified against SHA256SUMS" : "no SHA256SUMS in the folder; hashes recorded"
            lines.append("| Data | `\(data.directory)`, \(verified) |")
            for name in data.sha256.keys.sorted() {
                lines.append("| `\(name)` | SHA-256 `\(data.sha256[name] ?? "")` |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// `![conv_confusion](figures/conv_confusion.png)`.
    private func image(_ kind: NetworkFigure, _ network: NetworkName) -> String {
        ReportFigures.markdownImage(kind.fileName(for: network, format: figureFormat))
    }
}
