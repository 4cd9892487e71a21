import Foundation
import XCTest
@testable import Pipeline
import Report
@testable import Training
import NeuralNet

/// Every row of `TrainingConfig.settings` must travel unchanged through each place a setting appears:
/// command-line flags, the params file, `metrics.json` and the report's setup table.
final class SettingsTableTests: XCTestCase {
    /// A valid value other than the default for every setting, as the params file writes it. A new
    /// setting fails `testSamplesCoverTheTable` until it gets a sample here.
    static let samples: [String: String] = [
        "epochs": "3", "batch_size": "32", "learning_rate": "0.05", "optimizer": "sgd", "momentum": "0.5",
        "weight_decay": "0.0001",
        "adam_beta1": "0.8", "adam_beta2": "0.99", "adam_epsilon": "1e-06", "schedule": "step", "step_size": "2", "gamma": "0.5", "seed": "7",
        "train_limit": "1000", "validation_size": "800", "loss": "nll",
    ]

    /// The defaults with every sample applied.
    static func sampleConfig(_ network: NetworkName = .convnet) throws -> TrainingConfig {
        var config = TrainingConfig.defaults(for: network)
        for setting in TrainingConfig.settings { try setting.assign(try XCTUnwrap(samples[setting.key]), to: &config) }
        return config
    }

    func testSamplesCoverTheTable() {
        XCTAssertEqual(Set(Self.samples.keys), Set(TrainingConfig.settings.map(\.key)))
        XCTAssertEqual(Set(TrainingConfig.settings.map(\.key)).count, TrainingConfig.settings.count, "keys are unique")
        XCTAssertEqual(Set(TrainingConfig.settings.map(\.flag)).count, TrainingConfig.settings.count, "flags are unique")
        let defaults = TrainingConfig.defaults(for: .convnet)
        for setting in TrainingConfig.settings {
            XCTAssertNotEqual(setting.text(of: defaults), Self.samples[setting.key], "\(setting.key): the sample must differ from the default")
        }
    }

    func testEverySettingRoundTripsThroughItsFlag() throws {
        let defaults = TrainingConfig.defaults(for: .mynet)
        for setting in TrainingConfig.settings {
            let text = try XCTUnwrap(Self.samples[setting.key])
            for arguments in [[setting.flag, text], ["\(setting.flag)=\(text)"]] {
                let config = try SettingFlags(parsing: arguments).applied(to: defaults)
                XCTAssertEqual(setting.text(of: config), text, "\(arguments)")
                for other in TrainingConfig.settings where other.key != setting.key {
                    XCTAssertEqual(other.text(of: config), other.text(of: defaults), "\(arguments) must change only \(setting.key)")
                }
            }
        }
        XCTAssertEqual(try SettingFlags(parsing: TrainingConfig.settings.flatMap { [$0.flag, Self.samples[$0.key] ?? ""] }).applied(to: defaults),
                       try Self.sampleConfig(.mynet))
    }

    func testEverySettingRoundTripsThroughTheParamsFile() throws {
        for setting in TrainingConfig.settings {
            let text = try XCTUnwrap(Self.samples[setting.key])
            let sectioned = try ReportParameters.parse("convnet:\n  \(setting.key): \(text)\n", file: "p.yaml")
            XCTAssertEqual(setting.text(of: sectioned.config(for: .convnet)), text, setting.key)
            XCTAssertEqual(sectioned.config(for: .mynet), .defaults(for: .mynet), "a convnet section leaves mynet alone")
            let shared = try ReportParameters.parse("\(setting.key): \(text)\n", file: "p.yaml")
            for network in NetworkName.allCases {
                XCTAssertEqual(setting.text(of: shared.config(for: network)), text, "\(setting.key) at the top applies to \(network)")
            }
        }
        let whole = TrainingConfig.settings.map { "  \($0.key): \(Self.samples[$0.key] ?? "")" }.joined(separator: "\n")
        XCTAssertEqual(try ReportParameters.parse("mynet:\n" + whole + "\n", file: "p.yaml").config(for: .mynet), try Self.sampleConfig(.mynet))
    }

    func testEverySettingRoundTripsThroughMetricsJSON() throws {
        var metrics = RunVerificationTests.sampleMetrics()
        metrics.config = try Self.sampleConfig()
        let decoded = try RunFolder.decodeMetrics(try RunFolder.encodeMetrics(metrics))
        XCTAssertEqual(decoded.config, metrics.config)
        let json = String(decoding: try RunFolder.encodeMetrics(metrics), as: UTF8.self)
        for setting in TrainingConfig.settings { XCTAssertTrue(json.contains("\"\(setting.key)\" : "), "metrics.json has \(setting.key)") }
    }

    func testASettingMissingFromAnOlderMetricsFileKeepsItsDefault() throws {
        let json = #"{"network": "mynet", "epochs": 4}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var expected = TrainingConfig.defaults(for: .mynet)
        expected.epochs = 4
        XCTAssertEqual(try decoder.decode(TrainingConfig.self, from: Data(json.utf8)), expected)
    }

    func testCommittedRunsReencodeToTheSameBytes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let report = root.appendingPathComponent("report").path
        let paths = NetworkName.allCases.flatMap { network in
            RunFolder.seeds(output: report, network: network).map { RunFolder.joinPath(RunFolder.path(output: report, network: network, seed: $0), RunFolder.metricsFile) }
        }
        XCTAssertEqual(paths.count, 6, "the committed report has three seeds of each network")
        for path in paths {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path), path)
            let reencoded = try RunFolder.encodeMetrics(try RunFolder.decodeMetrics(Array(bytes)))
            XCTAssertEqual(String(decoding: reencoded, as: UTF8.self), String(decoding: bytes, as: UTF8.self),
                           "\(path) must be what this code writes (after adding a setting, regenerate with digits report --force)")
        }
    }

    func testTheReportsSetupTableShowsEverySettingThatHadAnEffect() throws {
        var sgd = RunVerificationTests.sampleMetrics()
        sgd.config = try Self.sampleConfig()   // SGD with the step schedule: Adam's settings have no effect
        var adam = RunVerificationTests.sampleMetrics()
        adam.network = .mynet
        adam.title = "MyNet"
        for setting in TrainingConfig.settings where !setting.key.hasPrefix("adam_") && setting.key != "optimizer" && setting.key != "momentum" {
            try setting.assign(try XCTUnwrap(Self.samples[setting.key]), to: &adam.config)
        }
        func groups(_ runs: [RunMetrics]) -> [RunGroup] { runs.map { RunGroup(runs: [$0], folders: ["runs/\($0.network.rawValue)"]) } }
        let text = MarkdownReport(groups: groups([sgd, adam]), summaries: [:]).text
        for setting in TrainingConfig.settings {
            let sgdCell = setting.hasEffect(sgd.config) ? Self.samples[setting.key] ?? "" : "–"
            let adamCell = setting.hasEffect(adam.config) ? setting.text(of: adam.config) : "–"
            XCTAssertTrue(text.contains("| `\(setting.key)` | \(sgdCell) | \(adamCell) |"), "setup table row of \(setting.key)")
        }
        XCTAssertTrue(text.contains("| `momentum` | 0.5 | – |"), "momentum only where SGD ran")
        XCTAssertTrue(text.contains("| `adam_beta2` | – | 0.999 |"), "Adam's settings only where Adam ran")
        let onlyAdam = MarkdownReport(groups: groups([adam]), summaries: [:]).text
        XCTAssertFalse(onlyAdam.contains("`momentum`"), "a setting without effect on any run is left out")
    }

    func testTheCacheNamesEveryChangedSetting() throws {
        let old = TrainingConfig.defaults(for: .convnet), new = try Self.sampleConfig()
        let changes = RunCache.differences(old, new)
        XCTAssertEqual(changes.count, TrainingConfig.settings.count)
        for setting in TrainingConfig.settings {
            XCTAssertTrue(changes.contains("\(setting.key) \(setting.text(of: old)) → \(Self.samples[setting.key] ?? "")"), setting.key)
        }
    }

    func testBadFlagsAreNamed() {
        let config = TrainingConfig.defaults(for: .convnet)
        XCTAssertThrowsError(try SettingFlags(parsing: ["--epochs", "-3"]).applied(to: config)) {
            XCTAssertEqual("\($0)", "--epochs: must be a positive whole number, got -3")
        }
        XCTAssertThrowsError(try SettingFlags(parsing: ["--optimizer", "rmsprop"]).applied(to: config)) {
            XCTAssertEqual("\($0)", "--optimizer: must be one of adam, sgd, got \"rmsprop\"")
        }
        XCTAssertThrowsError(try SettingFlags(parsing: ["--epoch", "3"]).applied(to: config)) { XCTAssertTrue("\($0)".hasPrefix("--epoch: unknown option")) }
        XCTAssertThrowsError(try SettingFlags(parsing: ["--lr"]).applied(to: config)) { XCTAssertEqual("\($0)", "--lr: needs a value (rate)") }
        XCTAssertThrowsError(try SettingFlags(parsing: ["3"]).applied(to: config)) { XCTAssertTrue("\($0)".hasPrefix("3: unexpected argument")) }
        XCTAssertThrowsError(try SettingFlags(parsing: ["--train-limit", "many"]).applied(to: config)) {
            XCTAssertEqual("\($0)", "--train-limit: must be a whole number or all, got \"many\"")
        }
    }

    func testOnlySettingsWithAnEffectMatter() throws {
        let adam = TrainingConfig.defaults(for: .convnet)
        let matter = { (config: TrainingConfig) in Set(TrainingConfig.settings.filter { $0.hasEffect(config) }.map(\.key)) }
        XCTAssertFalse(matter(adam).contains("momentum"))
        XCTAssertTrue(matter(adam).isSuperset(of: ["adam_beta1", "adam_beta2", "adam_epsilon"]))
        XCTAssertFalse(matter(adam).contains("step_size"))
        XCTAssertFalse(matter(adam).contains("gamma"))
        let sgdStep = try SettingFlags(parsing: ["--optimizer", "sgd", "--schedule", "step"]).applied(to: adam)
        XCTAssertEqual(matter(sgdStep), Set(TrainingConfig.settings.map(\.key)).subtracting(["adam_beta1", "adam_beta2", "adam_epsilon", "loss"]))
        // The loss is a choice only for a forward pass that ends in log_softmax.
        var logProbabilities = adam
        logProbabilities.architecture = try NetworkArchitecture.described(
            className: "LogNet", title: "ConvNet", modules: [("fc1", "Linear(784, 10)")], forward: ["flatten", "fc1", "log_softmax(dim=1)"])
        XCTAssertTrue(matter(logProbabilities).contains("loss"))
    }
}
