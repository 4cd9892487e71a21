import NeuralNet

/// A type a setting can hold, written the same way in the params file, on the command line and in the report.
public protocol SettingValue: Codable, Equatable, Sendable {
    /// The value `text` spells, or nil when it spells none.
    init?(settingText text: String)
    /// How the value is written.
    var settingText: String { get }
    /// What a valid text is, for "must be …" messages.
    static var expectation: String { get }
    /// Stores the value in `metrics.json` (a nil optional is left out, as Swift's own coding does).
    func encode(into container: inout KeyedEncodingContainer<SettingCodingKey>, forKey key: SettingCodingKey) throws
}

extension SettingValue {
    public func encode(into container: inout KeyedEncodingContainer<SettingCodingKey>, forKey key: SettingCodingKey) throws {
        try container.encode(self, forKey: key)
    }
}

extension Int: SettingValue {
    /// Underscores may group digits, as in YAML and Swift (`60_000`).
    public init?(settingText text: String) { self.init(text.replacingOccurrences(of: "_", with: "")) }
    public var settingText: String { "\(self)" }
    public static var expectation: String { "a whole number" }
}

extension UInt64: SettingValue {
    public init?(settingText text: String) { self.init(text) }
    public var settingText: String { "\(self)" }
    public static var expectation: String { "a whole number from 0 to \(UInt64.max)" }
}

extension Double: SettingValue {
    public init?(settingText text: String) { self.init(text) }
    public var settingText: String { "\(self)" }
    public static var expectation: String { "a number" }
}

/// An optional count: `all` (or YAML's `null`, `~`) for none.
extension Optional: SettingValue where Wrapped == Int {
    public init?(settingText text: String) {
        if ["all", "null", "~", "Null", "NULL", ""].contains(text) {
            self = .none
        } else if let value = Int(settingText: text) {
            self = .some(value)
        } else {
            return nil
        }
    }

    public var settingText: String { map(String.init) ?? "all" }
    public static var expectation: String { "a whole number or all" }

    public func encode(into container: inout KeyedEncodingContainer<SettingCodingKey>, forKey key: SettingCodingKey) throws {
        try container.encodeIfPresent(self, forKey: key)
    }
}

/// A closed set of names.
extension SettingValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    public init?(settingText text: String) { self.init(rawValue: text) }
    public var settingText: String { rawValue }
    public static var expectation: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

extension OptimizerKind: SettingValue {}
extension ScheduleKind: SettingValue {}
extension LossFunction: SettingValue {}
