import NeuralNet
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
        /// The seeds of the runs the command that made this report trained (the others were reused).
        public var trainedSeeds: [UInt64]
        public var testAccuracy: Double
        public var bestValAccuracy: Double
        public var bestEpoch: Int
        public var trainSeconds: Double
        public var weightsSha256: String
        public var codeVersion: String
        /// The seeds of the runs shown, in the params file's order.
        public var seeds: [UInt64]
        /// Whether they came from a seeds list (one folder per seed) rather than a single `seed`.
        public var fromSeedsList: Bool
        /// The architecture's description when it is not the network's built-in one (nil: built-in).
        public var architecture: [ArchitectureEntry]?

        /// The architecture's description, the built-in one's when none is recorded.
        public var architectureEntries: [ArchitectureEntry] { architecture ?? network.architecture.entries }

        /// The seeds list, nil for a single run.
        public var seedList: [UInt64]? { fromSeedsList ? seeds : nil }
    }

    public var networks: [NetworkState]
    /// The params file the report was made from (nil in a state written before it was recorded).
    public var paramsFile: ParamsFileRecord?

    /// The state of a report made from `groups` (several seeds: the seeds listed in `seed`, metrics
    /// averaged, best epoch 0); `trained` names, per network, the seeds whose runs this command trained.
    public init(groups: [RunGroup], trained: [NetworkName: Set<UInt64>], seedLists: Set<NetworkName> = []) {
        networks = groups.map { group in
            let run = group.representative
            var settings = Dictionary(uniqueKeysWithValues: run.config.settingTexts.map { ($0.key, $0.text) })
            settings["seed"] = group.runs.map { "\($0.seed)" }.joined(separator: ", ")
            return NetworkState(network: run.network, title: run.title, settings: settings,
                                trainedSeeds: group.runs.map(\.seed).filter { trained[run.network]?.contains($0) == true },
                                testAccuracy: group.testAccuracy?.mean ?? 0, bestValAccuracy: group.bestValAccuracy?.mean ?? 0,
                                bestEpoch: group.isMultiSeed ? 0 : run.bestEpoch?.epoch ?? 0, trainSeconds: group.trainSeconds?.mean ?? 0,
                                weightsSha256: group.runs.map(\.weightsSha256).joined(separator: ","), codeVersion: run.codeVersion,
                                seeds: group.runs.map(\.seed), fromSeedsList: seedLists.contains(run.network),
                                architecture: run.config.usesBuiltInArchitecture ? nil : run.config.architecture.entries)
        }
    }

    /// This state with every setting it does not record set to its default: a state written before a
    /// setting existed was made with its default (as a run's metrics.json without it is read).
    public func fillingDefaults() -> ReportState {
        var state = self
        for index in state.networks.indices {
            let defaults = TrainingConfig.defaults(for: state.networks[index].network)
            for (key, text) in defaults.settingTexts where state.networks[index].settings[key] == nil {
                state.networks[index].settings[key] = text
            }
        }
        return state
    }

    /// Equal in everything but which runs the last command trained: nothing to report as changed.
    public func sameResults(as other: ReportState) -> Bool {
        func stripped(_ state: ReportState) -> [NetworkState] {
            state.networks.map { var network = $0; network.trainedSeeds = []; return network }
        }
        return stripped(self) == stripped(other)
    }
}

/// A params file as a report records it: the path given and the SHA-256 of its bytes; an empty
/// path for the built-in networks and settings.
public struct ParamsFileRecord: Codable, Equatable, Sendable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
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
