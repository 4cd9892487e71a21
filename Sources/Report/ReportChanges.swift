import NeuralNet
import Training

/// The states a report's "Changes since the previous report" section compares.
public struct ReportChanges: Equatable, Sendable {
    /// The report this one replaced; nil for the first report in the folder.
    public var previous: ReportState?
    public var current: ReportState

    public init(previous: ReportState?, current: ReportState) {
        self.previous = previous
        self.current = current
    }

    /// The section, DVC `exp diff` style: changed settings, retrained or reused networks, metrics before → after.
    var section: String {
        var lines = ["## Changes since the previous report", ""]
        guard let previous else {
            lines += ["This is the first report in this folder, so there is nothing to compare with; the next `digits report` "
                      + "that changes a result will list here what changed.", ""]
            return lines.joined(separator: "\n")
        }
        var settingRows: [String] = []
        // A table cell: the text in code spans (a forward order has commas and parentheses), – for none.
        func cell(_ text: String?) -> String { text.map { "`\($0)`" } ?? "–" }
        for network in current.networks {
            let before = previous.networks.first { $0.network == network.network }
            let keys = TrainingConfig.settings.map(\.key).filter { network.settings[$0] != nil || before?.settings[$0] != nil }
            for key in keys where before?.settings[key] != network.settings[key] {
                settingRows.append("| \(network.title) | `\(key)` | \(before?.settings[key] ?? "–") | \(network.settings[key] ?? "–") |")
            }
            for change in NetworkArchitecture.differences(before?.architectureEntries ?? network.network.architecture.entries, network.architectureEntries) {
                settingRows.append("| \(network.title) | `\(change.key)` | \(cell(change.before)) | \(cell(change.after)) |")
            }
            if let before, before.codeVersion != network.codeVersion {
                settingRows.append("| \(network.title) | training code version | \(before.codeVersion) | \(network.codeVersion) |")
            }
        }
        if settingRows.isEmpty {
            lines += ["No setting changed.", ""]
        } else {
            lines += ["| Network | Setting | Before | After |", "| --- | --- | ---: | ---: |"] + settingRows + [""]
        }
        let runs = current.networks.map { network -> String in
            let weights = previous.networks.first { $0.network == network.network }.map { $0.weightsSha256 == network.weightsSha256 }
            let same = weights == true ? " (identical weights)" : ""
            let trained = network.trainedSeeds, reused = network.seeds.filter { !trained.contains($0) }
            if reused.isEmpty { return "\(network.title) retrained" + same }
            if trained.isEmpty { return "\(network.title) reused" }
            func seeds(_ list: [UInt64]) -> String { "seed\(list.count > 1 ? "s" : "") " + Format.list(list.map(String.init)) }
            return "\(network.title): \(seeds(trained)) trained, \(seeds(reused)) reused"
        }
        if current.networks.allSatisfy({ $0.trainedSeeds.isEmpty }) {
            lines += ["No run was trained: every run came from the cache (\(Format.list(current.networks.map(\.title))) reused).", ""]
        } else {
            lines += [Format.list(runs) + ".", ""]
        }
        lines += ["| Network | Metric | Before | After |", "| --- | --- | ---: | ---: |"]
        for network in current.networks {
            guard let before = previous.networks.first(where: { $0.network == network.network }) else {
                lines.append("| \(network.title) | (new network) | – | \(Format.percent(network.testAccuracy)) test accuracy |")
                continue
            }
            lines.append("| \(network.title) | test accuracy | \(Format.percent(before.testAccuracy)) | \(Format.percent(network.testAccuracy)) |")
            func best(_ state: ReportState.NetworkState) -> String {
                Format.percent(state.bestValAccuracy) + (state.bestEpoch > 0 ? " (\(state.bestEpoch))" : " (mean over seeds)")
            }
            lines.append("| \(network.title) | best validation accuracy (epoch) | \(best(before)) | \(best(network)) |")
            lines.append("| \(network.title) | training time | \(Format.seconds(before.trainSeconds)) | \(Format.seconds(network.trainSeconds)) |")
        }
        lines.append("")
        for network in current.networks {
            guard let before = previous.networks.first(where: { $0.network == network.network }), before.seeds != network.seeds else { continue }
            func describe(_ seeds: [UInt64]) -> String {
                seeds.count > 1 ? "the mean over seeds " + Format.list(seeds.map(String.init)) : "seed " + (seeds.first.map(String.init) ?? "?")
            }
            lines += ["\(network.title): before is \(describe(before.seeds)), after is \(describe(network.seeds)); part of a change may be which runs are averaged.", ""]
        }
        return lines.joined(separator: "\n")
    }
}
