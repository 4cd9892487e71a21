import Foundation
import NeuralNet
import Plot
import Training

/// `report.md`, the hand-in: the task, the training setup, per network its printouts, learning curves
/// and results, then the comparison, the discussion and a conclusion, with the student's own sections
/// from `notes.md` in place. What the tool did and measured besides is in `record.md` (`RecordDocument`),
/// linked in one line. Relative links only, so it renders on GitHub and in any Markdown viewer.
public struct MarkdownReport {
    public var groups: [RunGroup]
    public var summaries: [NetworkName: ArchitectureFacts]
    /// The format the figures were drawn in (their links' extension).
    public var figureFormat: OutputFormat
    /// The student's own sections; nil without a notes.md.
    public var notes: StudentNotes?

    /// The file name of the hand-in and of its record, in the report folder.
    public static let fileName = "report.md"
    public static let notesFileName = "notes.md"

    public init(groups: [RunGroup], summaries: [NetworkName: ArchitectureFacts], figureFormat: OutputFormat = .png, notes: StudentNotes? = nil) {
        self.groups = groups
        self.summaries = summaries
        self.figureFormat = figureFormat
        self.notes = notes
    }

    /// The label on generated prose: the student's to keep, edit or replace.
    public static let generatedLabel = "*The text below is generated from the runs: keep, edit or replace any section with your own words in `notes.md` (README, \"Your own words\").*"

    /// The whole document.
    public var text: String {
        let writeUp = WriteUp(groups: groups, facts: summaries)
        var sections: [(heading: String, body: String)] = []
        sections.append(("Training setup", writeUp.setup + "\n\n" + settingsTable + "\n\n" + Self.figureGuide(seeds: groups.map(\.runs.count).max() ?? 1)))
        for group in groups {
            sections.append((group.representative.title, networkSection(group, writeUp)))
        }
        if groups.count == 2 {
            let figure = "![comparison](\(ReportFigures.folder)/\(ReportFigures.comparisonFileName(format: figureFormat)))"
            sections.append(("Comparison", writeUp.comparisonTable + "\n\n" + writeUp.comparisonText + "\n\n" + figure + "\n\n"
                             + "Both networks' validation curves on shared axes."))
        }
        var discussion = [writeUp.designs, writeUp.schedule, writeUp.errors].compactMap { $0 }
        discussion += groups.map { image(.misclassified, $0.network) }
        if !groups.isEmpty {
            discussion.append("Seed \(groups[0].representative.seed)'s most confident test mistakes, each figure's key under its title.")
        }
        sections.append(("Discussion", discussion.joined(separator: "\n\n")))
        sections.append(("Conclusion", writeUp.conclusion))

        var out = ["# Handwritten Digits Classification using CNN", "",
                   "In this assignment, we perform image classification which predicts labels to each image with CNN models.", "",
                   "- input: monochrome image (28×28 pixels)",
                   "- output: classification label (a digit, 0–9)", "", Self.generatedLabel, ""]
        let generatedHeadings = Set(sections.map(\.heading))
        for section in sections {
            if section.heading == "Conclusion" {
                // The student's sections under headings of their own come just before the conclusion.
                for own in notes?.sections ?? [] where !generatedHeadings.contains(own.heading) { out.append(own.text) }
            }
            let own = notes?.sections(headed: section.heading) ?? []
            if !own.contains(where: \.replacesGenerated) { out += ["## \(section.heading)", "", section.body, ""] }
            for note in own { out.append(note.text) }
        }
        out.append("[The record](\(RecordDocument.fileName)) holds the tool's log: changes since the last report, every seed's and epoch's numbers, layer tables, "
                   + "the manifest and how to check the runs bit for bit.")
        return out.joined(separator: "\n") + "\n"
    }

    /// One network: what it is, the assignment's two printouts, the forward pass, its two learning
    /// curves and its results.
    private func networkSection(_ group: RunGroup, _ writeUp: WriteUp) -> String {
        var parts: [String] = []
        if let introduction = writeUp.introduction(group) { parts.append(introduction) }
        parts.append("### Network architecture and number of parameters")
        if let summary = summaries[group.network] {
            parts.append("```text\n" + summary.moduleRepr + summary.torchSummary + "```")
            parts.append("Forward pass: " + summary.forwardPassInWords + ".")
        }
        parts.append("### Learning curve")
        parts.append(image(.train, group.network))
        parts.append(image(.val, group.network))
        parts.append("### Results")
        parts.append(writeUp.results(group))
        // Training against validation on one pair of axes, the learning rate underneath: the gap the reading rests on.
        parts.append(image(.curves, group.network))
        return parts.joined(separator: "\n\n")
    }

    /// How to read the figures, said once: what the lines, bands, markers and positions mean, and who drew the printouts.
    static func figureGuide(seeds: Int) -> String {
        (seeds > 1 ? "Figures: lines are means over the \(seeds) seeds, bands their range; " : "Figures: ")
            + "training values (epoch means) sit mid-epoch, validation values at the epoch's end; loss axes are logarithmic. "
            + "The printouts are `print(model)` and torchsummary 1.5.1's table, reproduced by this project's Swift engine (`digits`), which also trained the networks."
    }

    /// The settings that had an effect on some run (no momentum under Adam), one column per network.
    private var settingsTable: String {
        let runs = groups.map(\.representative)
        var lines = ["| Setting | " + runs.map { $0.network.shortName(title: $0.title) }.joined(separator: " | ") + " |",
                     "| --- |" + String(repeating: " ---: |", count: runs.count)]
        for setting in TrainingConfig.settings where runs.contains(where: { setting.matters($0.config) }) {
            let cells = groups.map { group -> String in
                let run = group.representative
                guard setting.matters(run.config) else { return "–" }
                // A seeds list shows all its seeds in the seed row.
                return setting.key == "seed" ? group.runs.map { setting.text(of: $0.config) }.joined(separator: ", ") : setting.text(of: run.config)
            }
            lines.append("| `\(setting.key)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// `![conv_train](figures/conv_train.png)`.
    private func image(_ kind: NetworkFigure, _ network: NetworkName) -> String {
        let name = kind.fileName(for: network, format: figureFormat)
        let alt = name.split(separator: ".").first.map(String.init) ?? name
        return "![\(alt)](\(ReportFigures.folder)/\(name))"
    }
}
