@testable import MNIST
import Pipeline
import Training
import XCTest

/// The hyperparameter flags read once through the settings table, and a run's plan checked once against the data.
final class FlagsAndPlansTests: XCTestCase {
    func testFlagsAreMatchedToTheirSettingsOnce() throws {
        let flags = try SettingFlags(parsing: ["--lr", "0.01", "--seed=3", "--batch-size", "-1"])
        XCTAssertEqual(flags.keys, ["learning_rate", "seed", "batch_size"])
        XCTAssertEqual(flags.typed, ["--lr", "0.01", "--seed", "3", "--batch-size", "-1"])
        XCTAssertThrowsError(try flags.applied(to: TrainingConfig.defaults(for: .convnet))) {
            XCTAssertEqual("\($0)", "--batch-size: must be a positive whole number, got -1")
        }
        XCTAssertEqual(SettingFlags.nearestFlag(to: "--batch_size"), "--batch-size")
        XCTAssertEqual(SettingFlags.nearestFlag(to: "--learnig-rate"), "--learning-rate")
        XCTAssertNil(SettingFlags.nearestFlag(to: "--colour"))
    }

    /// `digits train` refuses a bad flag value by the flag as typed, before it reads any data, and a value the
    /// data refuses by its flag too.
    func testATrialRunNamesARefusedValueByItsFlag() throws {
        XCTAssertThrowsError(try TrialRun(parameters: .defaults, network: .mynet, flags: try SettingFlags(parsing: ["--lr", "-0.1"]),
                                          dataDirectory: "/nonexistent", output: ".")) {
            XCTAssertEqual("\($0)", "--lr: must be a finite number above 0, got -0.1")
        }
    }

    func testSeedFlagsChooseTheRuns() throws {
        var parameters = ReportParameters.defaults
        parameters.seedLists = [.convnet: [1, 2, 3], .mynet: [1, 2, 3]]
        let single = try parameters.applying(try SettingFlags(parsing: ["--seed", "7", "--epochs", "2"]))
        XCTAssertEqual(single.seedLists, [:], "--seed trains one run with that seed")
        XCTAssertEqual(single.config(for: .mynet).seed, 7)
        XCTAssertEqual(single.config(for: .convnet).epochs, 2, "a flag applies to both networks")
        XCTAssertEqual(single.keysSetByFlags, ["seed", "epochs"])
        let listed = try parameters.applying(SettingFlags(), seeds: 2)
        XCTAssertEqual(listed.seedLists, [.convnet: [1, 2], .mynet: [1, 2]])
        XCTAssertThrowsError(try parameters.applying(try SettingFlags(parsing: ["--seed", "7"]), seeds: 2)) {
            XCTAssertEqual("\($0)", "--seeds: give either --seed or --seeds, not both")
        }
        XCTAssertThrowsError(try parameters.applying(SettingFlags(), seeds: 0)) { XCTAssertTrue("\($0)".hasPrefix("--seeds: must be between 1 and")) }
    }

    func testAPlanChecksTheSettingsAgainstTheDataAndSplitsOnce() throws {
        let data = try Self.smallData()
        var config = TrainingConfig.defaults(for: .convnet)
        config.validationSize = 20
        config.batchSize = 64
        XCTAssertThrowsError(try TrainingPlan(config, data: data)) {
            XCTAssertEqual("\($0)", "batch_size: 64 is larger than the 40 training images")
        }
        config.batchSize = 8
        config.trainLimit = 30
        let plan = try TrainingPlan(config, data: data)
        XCTAssertEqual(plan.training.count, 30)
        XCTAssertEqual(plan.validation.labels, Array(data.train.labels[40...]), "the last images of the training file")
        let reseeded = plan.reseeded(9)
        XCTAssertEqual(reseeded.config.seed, 9)
        XCTAssertEqual(reseeded.training, plan.training)
        config.validationSize = 60
        XCTAssertThrowsError(try TrainingPlan(config, data: data)) { XCTAssertTrue("\($0)".hasPrefix("validation_size: must be below the 60 images")) }
    }

    /// 60 training and 10 test images of made-up pixels, labels 0…9 in turn.
    static func smallData() throws -> MNIST {
        func images(_ count: Int) -> LabeledImages {
            LabeledImages(pixels: (0..<(count * 784)).map { UInt8(truncatingIfNeeded: $0 * 7) }, labels: (0..<count).map { UInt8($0 % 10) })
        }
        return MNIST(train: images(60), test: images(10), contentHashes: [:], checksumsVerified: false, directory: "made-up")
    }
}
