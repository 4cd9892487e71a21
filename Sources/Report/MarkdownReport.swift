import Foundation
import NeuralNet
import Plot
import Training

/// `report.md`: the assignment's write-up, section for section, then what a careful student adds:
/// results, training setup, error analysis and a reproducibility manifest. Relative links only, so it
/// renders on GitHub and in any Markdown viewer from the report folder.
/// One network's runs, one per seed in the params file's order, and where each is stored (relative
/// to the report folder). The first run is the one the confusion matrix and the misclassified digits
/// show; a single run is reported exactly as before seeds lists existed.
public struct RunGroup: Sendable {
    public var runs: [RunMetrics]
    /// `runs/<net>` or `runs/<net>/seed-<n>`, one per run.
    public var folders: [String]

    public init(runs: [RunMetrics], folders: [String]) {
        precondition(!runs.isEmpty && runs.count == folders.count, "a group has one folder per run, and at least one run")
        self.runs = runs
        self.folders = folders
    }

    public var network: NetworkName { representative.network }
    /// The run whose confusion matrix and mistakes are shown: the first seed's.
    public var representative: RunMetrics { runs[0] }
    public var isMultiSeed: Bool { runs.count > 1 }
    /// Test accuracies over the seeds.
    var testAccuracy: Statistics.Summary? { Statistics.summary(runs.map(\.test.accuracy)) }
    /// Best validation accuracies over the seeds.
    var bestValAccuracy: Statistics.Summary? { Statistics.summary(runs.map { $0.bestEpoch?.valAccuracy ?? 0 }) }
    /// Training times over the seeds.
    var trainSeconds: Statistics.Summary? { Statistics.summary(runs.map(\.timing.trainSeconds)) }
}

public struct MarkdownReport {
    public var groups: [RunGroup]
    /// Each network's representative run.
    public var runs: [RunMetrics] { groups.map(\.representative) }
    public var summaries: [NetworkName: ArchitectureFacts]
    public var manifest: Manifest
    /// What changed since the previous report; nil leaves the section out.
    public var changes: ReportChanges?
    /// The format the figures were drawn in (their links' extension).
    public var figureFormat: OutputFormat

    public init(groups: [RunGroup], summaries: [NetworkName: ArchitectureFacts], manifest: Manifest,
                changes: ReportChanges? = nil, figureFormat: OutputFormat = .png) {
        self.groups = groups
        self.summaries = summaries
        self.manifest = manifest
        self.changes = changes
        self.figureFormat = figureFormat
    }

    /// A report of one run per network, stored in `runs/<net>`.
    public init(runs: [RunMetrics], summaries: [NetworkName: ArchitectureFacts], manifest: Manifest,
                changes: ReportChanges? = nil, figureFormat: OutputFormat = .png) {
        self.init(groups: runs.map { RunGroup(runs: [$0], folders: ["runs/\($0.network.rawValue)"]) }, summaries: summaries,
                  manifest: manifest, changes: changes, figureFormat: figureFormat)
    }

    /// The whole document.
    public var text: String {
        var out: [String] = []
        out.append("# Handwritten Digits Classification using CNN")
        out.append("In this assignment, we perform image classification which predicts labels to each image with CNN models. ")
        out.append("input: monochrome image \noutput: classification label \n")
        for group in groups {
            let run = group.representative
            out.append("### \(run.title)")
            // The assignment's headings, with the network named so that every heading anchor is unique.
            out.append("#### Network architecture and number of parameters of \(run.title)")
            if let summary = summaries[run.network] {
                let architecture = summary.architecture
                if architecture.className != run.network.architecture.className || architecture.sourceFile != nil {
                    out.append("\(run.title) is the class `\(architecture.className)`" + (architecture.sourceFile.map { " of `\($0)`" } ?? "") + ".\n")
                }
                out.append("```text\n" + summary.moduleRepr + summary.torchSummary + "```\n")
                out.append("Forward pass: " + summary.forwardPassInWords + ".\n")
            }
            out.append("#### Learning curve of \(run.title)")
            out.append(image(.train, run.network) + "\n")
            out.append(image(.val, run.network) + "\n")
            out.append(curveCaption(group) + "\n")
        }
        out.append(resultsSection)
        out.append(DiscussionSection.text(groups: groups))
        if groups.count >= 2 {
            let name = FigureSet.comparisonFileName(format: figureFormat)
            out.append("Both networks' validation loss and accuracy on shared axes:\n\n![comparison](\(FigureSet.folder)/\(name))\n")
        }
        if let changes { out.append(changes.section) }
        out.append(setupSection)
        out.append(errorAnalysisSection)
        out.append(reproducibilitySection)
        return out.joined(separator: "\n") + "\n"
    }

    private var resultsSection: String {
        var lines = ["## Results", "",
                     "| Network | Parameters | Best validation accuracy (epoch) | Test loss | Test accuracy | Training time |",
                     "| --- | ---: | ---: | ---: | ---: | ---: |"]
        if groups.contains(where: \.isMultiSeed) {
            lines = ["## Results", "",
                     "Each network was trained once per seed; the seeds change the initial weights and the order of the mini-batches, nothing else. "
                     + "Mean ± standard deviation (sample, n − 1; for accuracies in percentage points) and the range over the seeds:", "",
                     "| Network | Parameters | Seeds | Test accuracy | Range | Best validation accuracy (each seed's best) | Training time |",
                     "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for group in groups {
                guard let test = group.testAccuracy, let best = group.bestValAccuracy, let time = group.trainSeconds else { continue }
                lines.append("| \(group.representative.title) | \(PythonFormat.grouped(group.representative.parameters)) | \(test.count) | "
                             + "**\(percent(test.mean)) ± \(points(test.standardDeviation))** | \(percent(test.minimum))–\(percent(test.maximum)) | "
                             + "\(percent(best.mean)) ± \(points(best.standardDeviation)) | \(seconds(time.mean)) ± \(seconds(time.standardDeviation)) |")
            }
            lines += ["", "Per seed:", "",
                      "| Network | Seed | Best validation accuracy (epoch) | Test loss | Test accuracy | Training time |",
                      "| --- | ---: | ---: | ---: | ---: | ---: |"]
        }
        for group in groups {
            for run in group.runs {
                let best = run.bestEpoch
                let tied = run.epochs.filter { $0.valAccuracy == best?.valAccuracy }.map { String($0.epoch) }
                let bestText = best.map { "\(percent($0.valAccuracy)) (\(tied.joined(separator: ", ")))" } ?? "–"
                let second = groups.contains(where: \.isMultiSeed) ? "\(run.seed)" : PythonFormat.grouped(run.parameters)
                lines.append("| \(run.title) | \(second) | \(bestText) | \(Format.loss(run.test.loss)) | "
                             + "**\(percent(run.test.accuracy))** | \(seconds(run.timing.trainSeconds)) (\(PythonFormat.grouped(Int(run.timing.trainImagesPerSecond))) img/s) |")
            }
        }
        lines.append("")
        lines.append("Test figures are for the weights after the last epoch (no early stopping); the test set was not used to choose anything. "
                     + "A training time is the run's wall time with the threads the manifest lists for it: runs that trained side by side had a share of the cores each.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private var setupSection: String {
        var lines = ["## Training setup", "", "| Hyperparameter | " + runs.map(\.title).joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " ---: |", count: runs.count)]
        // Only settings that had an effect on some run (no momentum under Adam); "–" where one had none.
        for setting in TrainingConfig.settings where runs.contains(where: { setting.matters($0.config) }) {
            let cells = groups.map { group -> String in
                let run = group.representative
                guard setting.matters(run.config) else { return "–" }
                // A seeds list shows all its seeds in the seed row.
                return setting.key == "seed" ? group.runs.map { setting.text(of: $0.config) }.joined(separator: ", ") : setting.text(of: run.config)
            }
            lines.append("| `\(setting.key)` | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        let losses = groups.map { ($0.representative.title, $0.representative.config.loss) }
        let lossText = Set(losses.map(\.1)).count == 1
            ? losses[0].1.words
            : losses.map { "\($0.0): \($0.1.words)" }.joined(separator: "; ")
        lines.append("Loss: \(lossText). Initialisation: PyTorch's defaults for `Conv2d` and `Linear`. "
                     + "The learning-rate schedule is stepped once per epoch. Images are normalised as (x/255 − 0.1307)/0.3081.")
        lines.append("")
        if let data = runs.first?.data {
            lines += ["| Split | Images | Source |", "| --- | ---: | --- |",
                      "| training | \(PythonFormat.grouped(data.trainImages)) | first images of `train-images-idx3-ubyte` |",
                      "| validation | \(PythonFormat.grouped(data.valImages)) | last images of `train-images-idx3-ubyte` |",
                      "| test | \(PythonFormat.grouped(data.testImages)) | `t10k-images-idx3-ubyte` |", ""]
        }
        return lines.joined(separator: "\n")
    }

    private var errorAnalysisSection: String {
        var lines = ["## Error analysis", ""]
        for group in groups {
            let run = group.representative
            let which = group.isMultiSeed ? " The confusion matrix, the table and the misclassified digits are those of seed \(run.seed), the first of the seeds." : ""
            lines += ["### \(run.title): curves and errors", "",
                      "Training (solid) and validation (dashed) on the same axes. The loss panel marks the epoch of the lowest validation loss, "
                      + "the accuracy panel the epoch of the best validation accuracy; the thin panel below shows the learning rate of each epoch.\(which)", "",
                      image(.curves, run.network), "",
                      image(.confusion, run.network), "",
                      "| Digit | Test images | Correct | Accuracy | Most often mistaken for |", "| ---: | ---: | ---: | ---: | --- |"]
            for (digit, row) in run.confusion.enumerated() {
                let total = row.reduce(0, +)
                let correct = digit < row.count ? row[digit] : 0
                let mistakes = row.enumerated().filter { $0.offset != digit && $0.element > 0 }.sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
                let most = mistakes.first?.element ?? 0
                let tied = mistakes.filter { $0.element == most }.map { String($0.offset) }
                let confused = tied.isEmpty ? "–" : "\(tied.joined(separator: ", ")) (\(most)×\(tied.count > 1 ? " each" : ""))"
                lines.append("| \(digit) | \(PythonFormat.grouped(total)) | \(PythonFormat.grouped(correct)) | \(total > 0 ? percent(Double(correct) / Double(total)) : "–") | \(confused) |")
            }
            lines += ["", image(.misclassified, run.network), "",
                      "The most confident test mistakes\(group.isMultiSeed ? " of seed \(run.seed)" : ""): under each digit its true label, the class the network "
                      + "predicted and, in brackets, the probability it gave that wrong prediction (rounded to two decimals, so 1.00 means above 0.995).", ""]
            // Several seeds: the mean the discussion and the figures use, then each seed's own history.
            var histories: [(String, [EpochRecord])] = [("Per-epoch history", run.epochs)]
            if group.isMultiSeed {
                histories = [("Per-epoch history, mean over seeds \(group.runs.map { "\($0.seed)" }.joined(separator: ", "))", Statistics.meanEpochs(group.runs))]
                    + group.runs.map { ("Per-epoch history, seed \($0.seed)", $0.epochs) }
            }
            for (summary, records) in histories {
                lines += ["<details><summary>\(summary)</summary>", "",
                          "| Epoch | Learning rate | Train loss | Train accuracy | Validation loss | Validation accuracy | Seconds |",
                          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
                for record in records {
                    lines.append("| \(record.epoch) | \(String(format: "%.2e", record.learningRate)) | \(Format.loss(record.trainLoss)) | "
                                 + "\(percent(record.trainAccuracy)) | \(Format.loss(record.valLoss)) | \(percent(record.valAccuracy)) | \(PythonFormat.fixed(record.seconds, decimals: 1)) |")
                }
                lines += ["", "</details>", ""]
            }
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
                     + "SHA-256 and every recorded metric against this report.", "",
                     "Tested: the golden test of `make test` trains a small ConvNet on every kernel path the machine has and with 1 to 4 "
                     + "threads and compares the weights with a committed SHA-256; each kernel path is checked bit for bit against a "
                     + "plain scalar loop. A different version of the training code (its number is below) may give different bits.", "",
                     "<details><summary>Manifest: the command, code, machine, seeds, weights and data of this report</summary>", "",
                     "| | |", "| --- | --- |"]
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
        lines.append("| CPU | \(manifest.cpuModel), \(manifest.logicalCPUs) logical CPUs |")
        lines.append("| Kernel paths on this machine | \(manifest.kernelPaths) (all give the same bits) |")
        for group in groups {
            for (run, folder) in zip(group.runs, group.folders) {
            let title = group.isMultiSeed ? "\(run.title), seed \(run.seed)" : run.title
            lines.append("| \(title) | seed \(run.seed), config hash `\(run.config.hash.prefix(16))`, "
                         + "training code version \(run.codeVersion) |")
            lines.append("| \(title) weights | `\(folder)/model.safetensors`, SHA-256 `\(run.weightsSha256)` |")
            lines.append("| \(title) timings | training \(seconds(run.timing.trainSeconds)), test evaluation \(seconds(run.timing.evaluationSeconds)); "
                         + "\(run.timing.threads) thread\(run.timing.threads == 1 ? "" : "s"), \(run.timing.kernels) kernels, \(run.timing.cpu) |")
            }
        }
        if let data = runs.first?.data {
            let verified = data.checksumsVerified ? "verified against SHA256SUMS" : "no SHA256SUMS in the folder; hashes recorded"
            lines.append("| Data | `\(data.directory)`, \(verified) |")
            for name in data.sha256.keys.sorted() {
                lines.append("| `\(name)` | SHA-256 `\(data.sha256[name] ?? "")` |")
            }
        }
        lines += ["", "</details>"]
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// What the learning-curve figures show beyond their legends: the smoothing and the log-scale rule.
    private func curveCaption(_ group: RunGroup) -> String {
        let seeds = group.isMultiSeed
            ? "Each line is the mean over the \(group.runs.count) seeds (\(group.runs.map { "\($0.seed)" }.joined(separator: ", "))) and the band around it their range, min to max. "
            : ""
        return seeds + "The faint trace is the loss of every mini-batch\(group.isMultiSeed ? " (averaged over the seeds)" : ""), the line through it its exponential moving average "
            + "(β = \(Figures.batchLossSmoothing)); each epoch's mean is plotted at the end of its epoch, so in the first epoch it sits above the mini-batches that came last. "
            + "The dotted lines of the validation figure mark the lowest validation loss and the best validation accuracy. A loss axis is logarithmic when the losses it shows span more than "
            + "\(PythonFormat.grouped(Int(Figures.logScaleRatio)))× (two decades)."
    }

    /// `![conv_train](figures/conv_train.png)`.
    private func image(_ kind: FigureKind, _ network: NetworkName) -> String {
        let name = kind.fileName(for: network, format: figureFormat)
        let alt = name.split(separator: ".").first.map(String.init) ?? name
        return "![\(alt)](\(FigureSet.folder)/\(name))"
    }

    private func percent(_ fraction: Double) -> String { Format.percent(fraction) }

    private func seconds(_ value: Double) -> String { Format.seconds(value) }

    /// A spread of fractions in percentage points: `0.06`.
    private func points(_ value: Double) -> String { PythonFormat.fixed(value * 100) }
}
