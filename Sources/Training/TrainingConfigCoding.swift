import Foundation
import NeuralNet

extension TrainingConfig: Codable {
    /// `metrics.json` holds the network and every setting under its Swift name (the encoders turn
    /// it into the snake-case key); a setting missing from an older file keeps its default.
    /// The architecture is recorded only when it is not the built-in one (`architecture`: modules and
    /// forward order as the params file writes them), so runs of the built-in networks keep their bytes.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: SettingCodingKey.self)
        self.init(network: try container.decode(NetworkName.self, forKey: SettingCodingKey("network")))
        for setting in Self.settings { try setting.decode(&self, container) }
        if let recorded = try container.decodeIfPresent(RecordedArchitecture.self, forKey: SettingCodingKey("architecture")) {
            do {
                let className = recorded.className ?? network.architecture.className
                architecture = try NetworkArchitecture.described(
                    className: className, title: network.architecture.className,
                    modules: recorded.modules.map { line in
                        let parts = line.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
                    },
                    forward: DescriptionSyntax.splitSteps(recorded.forward))
                architecture.sourceFile = recorded.source
            } catch {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: container.codingPath, debugDescription: "architecture: \(error)"))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: SettingCodingKey.self)
        try container.encode(network, forKey: SettingCodingKey("network"))
        for setting in Self.settings { try setting.encode(self, &container) }
        if !usesBuiltInArchitecture {
            try container.encode(RecordedArchitecture(architecture, defaultClassName: network.architecture.className), forKey: SettingCodingKey("architecture"))
        }
    }
}

/// An architecture in `metrics.json`: `name: Constructor(…)` per module, and the forward order.
struct RecordedArchitecture: Codable {
    /// The class name, when it is not the assignment's (a student's `Net`); absent otherwise.
    var className: String?
    /// The class file it was read from, for people (not part of the configuration's identity).
    var source: String?
    var modules: [String]
    var forward: String

    init(_ architecture: NetworkArchitecture, defaultClassName: String) {
        className = architecture.className == defaultClassName ? nil : architecture.className
        source = architecture.sourceFile
        modules = architecture.moduleDescriptions.map { "\($0.name): \($0.constructor)" }
        forward = architecture.forwardDescription
    }
}
