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
        public var architecture: [DescriptionEntry]?

        /// The architecture's description, the built-in one's when none is recorded.
        public var architectureEntries: [DescriptionEntry] { architecture ?? network.architecture.entries }

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
