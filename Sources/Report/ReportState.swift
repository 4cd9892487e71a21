import Training

/// What a report showed, kept beside it so that the next report can say what changed (settings,
/// which networks were retrained, headline metrics) and `digits figures` can redraw that section.
public struct ReportState: Codable, Equatable, Sendable {
    /// One network's part.
    public struct NetworkState: Codable, Equatable, Sendable {
        public var network: NetworkName
        public var title: String
        /// Every hyperparameter as the params file writes it.
        public var settings: [String: String]
        /// Whether the command that made this report trained the network (false: its run was reused).
        public var retrained: Bool
        public var testAccuracy: Double
        public var bestValAccuracy: Double
        public var bestEpoch: Int
        public var trainSeconds: Double
        public var weightsSha256: String
        public var codeVersion: String
    }

    public var networks: [NetworkState]

    /// The state of a report made from `runs`, of which `retrained` were trained by this command.
    public init(runs: [RunMetrics], retrained: Set<NetworkName>) {
        networks = runs.map { run in
            NetworkState(network: run.network, title: run.title,
                         settings: Dictionary(uniqueKeysWithValues: run.config.settingTexts.map { ($0.key, $0.text) }),
                         retrained: retrained.contains(run.network), testAccuracy: run.test.accuracy,
                         bestValAccuracy: run.bestEpoch?.valAccuracy ?? 0, bestEpoch: run.bestEpoch?.epoch ?? 0,
                         trainSeconds: run.timing.trainSeconds, weightsSha256: run.weightsSha256, codeVersion: run.codeVersion)
        }
    }

    /// Equal in everything but which networks the last command retrained: nothing to report as changed.
    public func sameResults(as other: ReportState) -> Bool {
        func stripped(_ state: ReportState) -> [NetworkState] {
            state.networks.map { var network = $0; network.retrained = false; return network }
        }
        return stripped(self) == stripped(other)
    }
}

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
        for network in current.networks {
            let before = previous.networks.first { $0.network == network.network }
            let keys = TrainingConfig.settings.map(\.key).filter { network.settings[$0] != nil || before?.settings[$0] != nil }
            for key in keys where before?.settings[key] != network.settings[key] {
                settingRows.append("| \(network.title) | `\(key)` | \(before?.settings[key] ?? "–") | \(network.settings[key] ?? "–") |")
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
            return "\(network.title) \(network.retrained ? "retrained" + same : "reused")"
        }
        lines += [Format.list(runs) + ".", ""]
        lines += ["| Network | Metric | Before | After |", "| --- | --- | ---: | ---: |"]
        for network in current.networks {
            guard let before = previous.networks.first(where: { $0.network == network.network }) else {
                lines.append("| \(network.title) | (new network) | – | \(Format.percent(network.testAccuracy)) test accuracy |")
                continue
            }
            lines.append("| \(network.title) | test accuracy | \(Format.percent(before.testAccuracy)) | \(Format.percent(network.testAccuracy)) |")
            lines.append("| \(network.title) | best validation accuracy (epoch) | \(Format.percent(before.bestValAccuracy)) (\(before.bestEpoch)) | "
                         + "\(Format.percent(network.bestValAccuracy)) (\(network.bestEpoch)) |")
            lines.append("| \(network.title) | training time | \(Format.seconds(before.trainSeconds)) | \(Format.seconds(network.trainSeconds)) |")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
