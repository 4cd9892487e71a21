import NeuralNet

/// One hyperparameter, described once: its params-file key, command-line flag, help, type (through
/// the key path), validation and when it has an effect. Read from the text of a params-file value or
/// a command-line argument alike, so both accept and refuse the same values with the same words.
public struct Setting: Sendable {
    /// The key in the params file and in `metrics.json`, e.g. `batch_size`.
    public let key: String
    /// The setting in plain words for the report's table (`Images per mini-batch`).
    public let label: String
    /// The command-line flag: the key with dashes, e.g. `--batch-size`.
    public let flag: String
    /// Shorter flags that mean the same (`--lr`).
    public let aliases: [String]
    /// One line for `--help`.
    public let help: String
    /// What to type after the flag, for `--help`.
    public let valueName: String
    /// Whether the value has an effect under `config` (momentum only with SGD): the report lists only those.
    public let hasEffect: @Sendable (TrainingConfig) -> Bool
    private let read: @Sendable (TrainingConfig) -> String
    private let assign: @Sendable (inout TrainingConfig, String) -> String?
    private let validate: @Sendable (TrainingConfig) -> String?
    private let encodeValue: @Sendable (TrainingConfig, inout KeyedEncodingContainer<SettingCodingKey>) throws -> Void
    private let decodeValue: @Sendable (inout TrainingConfig, KeyedDecodingContainer<SettingCodingKey>) throws -> Void

    /// A setting stored at `path`; `flag` defaults to `--` and the key with dashes. A setting added after
    /// runs were recorded is `omittedWhenDefault`: `metrics.json` holds it only when it is not the default,
    /// so earlier runs keep their bytes (a missing key reads as the default).
    init<Value: SettingValue>(
        _ key: String, label: String, aliases: [String] = [], help: String, valueName: String,
        _ path: WritableKeyPath<TrainingConfig, Value> & Sendable, rule: Rule<Value> = Rule { _ in nil },
        hasEffect: @escaping @Sendable (TrainingConfig) -> Bool = { _ in true }, omittedWhenDefault: Bool = false
    ) {
        self.key = key
        self.label = label
        flag = "--" + key.replacingOccurrences(of: "_", with: "-")
        self.aliases = aliases
        self.help = help
        self.valueName = valueName
        self.hasEffect = hasEffect
        read = { $0[keyPath: path].settingText }
        assign = { config, text in
            guard let value = Value(settingText: text) else { return "must be \(Value.expectation), got \"\(text)\"" }
            config[keyPath: path] = value
            return nil
        }
        validate = { config in
            let value = config[keyPath: path]
            return rule.problem(value).map { "\($0), got \(value.settingText)" }
        }
        let codingKey = SettingCodingKey(swiftName: key)
        encodeValue = { config, container in
            let value = config[keyPath: path]
            if omittedWhenDefault && value == TrainingConfig(network: config.network)[keyPath: path] { return }
            try value.encode(into: &container, forKey: codingKey)
        }
        decodeValue = { config, container in
            if container.contains(codingKey) { config[keyPath: path] = try container.decode(Value.self, forKey: codingKey) }
        }
    }

    /// The value in `config` as the params file writes it (`0.001`, `adam`, `all`).
    public func text(of config: TrainingConfig) -> String { read(config) }

    /// `config` with this setting read from `text` and checked; the error names the key.
    public func assign(_ text: String, to config: inout TrainingConfig) throws(ConfigError) {
        if let problem = assign(&config, text) { throw ConfigError(key: key, message: problem) }
        try check(config)
    }

    /// Checks the value in `config`; the error names the key.
    public func check(_ config: TrainingConfig) throws(ConfigError) {
        if let problem = validate(config) { throw ConfigError(key: key, message: problem) }
    }

    func encode(_ config: TrainingConfig, _ container: inout KeyedEncodingContainer<SettingCodingKey>) throws {
        try encodeValue(config, &container)
    }

    func decode(_ config: inout TrainingConfig, _ container: KeyedDecodingContainer<SettingCodingKey>) throws {
        try decodeValue(&config, container)
    }
}

/// What a setting's value must satisfy: nil when it is fine, else what is wrong ("must be in [0, 1)").
public struct Rule<Value: Sendable>: Sendable {
    let problem: @Sendable (Value) -> String?

    init(_ problem: @escaping @Sendable (Value) -> String?) {
        self.problem = problem
    }

    static var positiveCount: Rule<Int> { Rule<Int> { $0 > 0 ? nil : "must be a positive whole number" } }
}

/// The `metrics.json` key of a setting: its Swift property name (`batchSize`), which the snake-case
/// strategies of `RunFolder` turn into the params-file key and back.
public struct SettingCodingKey: CodingKey, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }

    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
    init(_ name: String) { stringValue = name }

    /// `batch_size` → `batchSize`.
    init(swiftName key: String) {
        let words = key.split(separator: "_")
        stringValue = (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
