/// Hyperparameter flags as typed on the command line (`--lr 0.01`, `--epochs=3`), read once through the
/// settings table: each flag is matched to its setting when parsed, so what was given is known without
/// looking at the raw arguments again. A value may start with `-`: `--epochs -3` is a bad epoch count,
/// not another option.
public struct SettingFlags: Sendable, Equatable {
    /// One flag given: the setting it sets, the flag as typed (`--lr` or `--learning-rate`) and its value's text.
    public struct Assignment: Sendable, Equatable {
        public let key: String
        public let flag: String
        public let text: String
    }

    /// The flags in the order given.
    public let assignments: [Assignment]

    /// No flags.
    public init() { assignments = [] }

    /// Reads `arguments`; an unknown flag, a stray word or a flag without its value is an error naming it.
    public init(parsing arguments: [String]) throws(ConfigError) {
        var assignments: [Assignment] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let flag = parts.first ?? argument
            guard flag.hasPrefix("--"), let setting = TrainingConfig.setting(forFlag: flag) else {
                guard flag.hasPrefix("-") else {
                    throw ConfigError(key: argument, message: "unexpected argument; see --help for the options of this command")
                }
                let suggestion = Self.nearestFlag(to: flag).map { "did you mean \($0)? " } ?? ""
                throw ConfigError(key: flag, message: "unknown option; \(suggestion)see --help for the options of this command")
            }
            if parts.count == 2 {
                assignments.append(Assignment(key: setting.key, flag: flag, text: parts[1]))
                index += 1
            } else {
                guard index + 1 < arguments.count else { throw ConfigError(key: flag, message: "needs a value (\(setting.valueName))") }
                assignments.append(Assignment(key: setting.key, flag: flag, text: arguments[index + 1]))
                index += 2
            }
        }
        self.assignments = assignments
    }

    /// The keys of the settings given, e.g. `learning_rate` for `--lr 0.01`.
    public var keys: Set<String> { Set(assignments.map(\.key)) }

    /// The flags as typed, for saying which were given (`--epochs 1`).
    public var typed: [String] { assignments.flatMap { [$0.flag, $0.text] } }

    /// `base` with every flag's value read and checked by its own setting's rule; an error names the
    /// flag, not the key. The settings together are checked once, against the data (`TrainingPlan`).
    public func applied(to base: TrainingConfig) throws(ConfigError) -> TrainingConfig {
        var config = base
        for assignment in assignments {
            guard let setting = TrainingConfig.setting(forKey: assignment.key) else { continue }
            do {
                try setting.assign(assignment.text, to: &config)
            } catch {
                throw error.renamed(assignment.flag)
            }
        }
        return config
    }

    /// The hyperparameter flag a mistyped `flag` most likely meant: the one written with underscores
    /// (`--batch_size`), else the nearest within two edits (`--learnig-rate`); nil when none is near.
    public static func nearestFlag(to flag: String) -> String? {
        let typed = "--" + flag.drop { $0 == "-" }.replacingOccurrences(of: "_", with: "-").lowercased()
        let flags = TrainingConfig.settings.flatMap { [$0.flag] + $0.aliases }
        if flags.contains(typed) { return typed }
        let scored = flags.map { (flag: $0, distance: editDistance(typed, $0)) }.filter { $0.distance <= 2 }
        return scored.min { $0.distance < $1.distance }?.flag
    }

    /// Levenshtein distance: insertions, deletions and substitutions of single characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return row[b.count]
    }
}
