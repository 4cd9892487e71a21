import Checksum
import Foundation
import MNIST
import NeuralNet
import Training

/// One recorded result that retraining did not reproduce, e.g. `epoch 3 val_loss: saved 0.0412345, reproduced 0.0412346`.
public struct RunMismatch: Equatable, Sendable, CustomStringConvertible {
    /// What differs, named as in `metrics.json` and prefixed with the epoch when it has one:
    /// `epoch 3 val_loss`, `epoch 1 batch_losses[17]`, `test accuracy`, `weights_sha256`.
    public var metric: String
    /// The value in the saved run.
    public var saved: String
    /// The value the retraining gave.
    public var reproduced: String

    public init(metric: String, saved: String, reproduced: String) {
        self.metric = metric
        self.saved = saved
        self.reproduced = reproduced
    }

    /// True for the weights' hashes (`weights_sha256` and the `model.safetensors` file), which the
    /// command line always shows next to the first difference.
    public var isAboutWeights: Bool {
        metric == RunVerification.weightsMetric || metric == RunVerification.weightsFileMetric
    }

    public var description: String { "\(metric): saved \(saved), reproduced \(reproduced)" }
}

/// Why a saved run cannot be checked at all (as opposed to being checked and found different).
public enum RunVerificationError: Error, Equatable, CustomStringConvertible {
    /// There is no `metrics.json` at the run folder.
    case noRun(path: String)
    /// The folder holds a run of another network than its name says.
    case wrongNetwork(path: String, expected: NetworkName, found: NetworkName)
    /// Other training code made the run: its results legitimately differ from this code's.
    case otherCodeVersion(path: String, recorded: String, current: String)
    /// The run folder has no weights file.
    case missingWeights(path: String)
    /// The data to retrain on is not the data the run was trained on.
    case dataDiffers(path: String, dataDirectory: String, detail: String)

    public var description: String {
        switch self {
        case .noRun(let path):
            return "no saved run at \(path) (it has no \(RunFolder.metricsFile)); train one first with digits report or digits train, or pass --dir"
        case .wrongNetwork(let path, let expected, let found):
            return "\(path) holds a run of \(found.architecture.className), not \(expected.architecture.className); it is not where digits writes that network's run"
        case .otherCodeVersion(let path, let recorded, let current):
            return "\(path) was made by training code version \(recorded) and this is version \(current), so it cannot be reproduced bit for bit; retrain with digits report --force"
        case .missingWeights(let path):
            return "\(path) is missing, so the saved weights cannot be checked; retrain with digits report --force"
        case .dataDiffers(let path, let dataDirectory, let detail):
            return "the data in \(dataDirectory) differs from the data \(path) was trained on (\(detail)), so the run cannot be checked; point --data-dir at the original MNIST files"
        }
    }
}

/// Checks that a saved run is what its recorded configuration gives: retraining with the same
/// configuration and data must give the same weights and the same metrics to the last bit, because the
/// engine is deterministic. Only how long things took and how they were computed (`TimingRecord`,
/// `EpochRecord.seconds`) may differ, and where the data was read from.
public enum RunVerification {
    /// The metric name of the recorded weights hash (its `metrics.json` key).
    public static let weightsMetric = "weights_sha256"
    /// The metric name of the weights file's own hash.
    public static let weightsFileMetric = "\(RunFolder.weightsFile) SHA-256"

    /// How a weights hash is shown: its first 12 hex digits, as data hashes are shown elsewhere.
    public static func shortHash(_ hex: String) -> String { hex.count > 12 ? String(hex.prefix(12)) + "…" : hex }

    /// The saved run at `path`; `RunVerificationError.noRun` when there is none,
    /// `RunVerificationError.otherCodeVersion` when other training code wrote it in another format, and
    /// `RunFolderError.unreadable` when its `metrics.json` is not one this tool wrote.
    public static func readSavedRun(at path: String) throws -> RunMetrics {
        let file = RunFolder.joinPath(path, RunFolder.metricsFile)
        guard FileManager.default.fileExists(atPath: file) else { throw RunVerificationError.noRun(path: path) }
        do {
            return try RunFolder.readMetrics(at: path)
        } catch let error as RunFolderError {
            // Older training code wrote fields this code no longer reads; its version says why the run
            // cannot be checked better than "not a metrics file" would.
            if let bytes = FileManager.default.contents(atPath: file),
               let recorded = try? JSONDecoder().decode(RecordedCodeVersion.self, from: bytes).codeVersion,
               recorded != TrainingRun.codeVersion {
                throw RunVerificationError.otherCodeVersion(path: path, recorded: recorded, current: TrainingRun.codeVersion)
            }
            throw error
        }
    }

    /// The one field of `metrics.json` read from a run of any code version.
    private struct RecordedCodeVersion: Decodable {
        let codeVersion: String
        enum CodingKeys: String, CodingKey { case codeVersion = "code_version" }
    }

    /// Throws when the run recorded in `saved` (read from `path`, the folder of `network`) is of another
    /// network or was made by other training code, so that retraining it here would prove nothing.
    /// Checked before the data is loaded; `checkData` follows.
    public static func checkReproducible(_ saved: RunMetrics, path: String, network: NetworkName) throws {
        guard saved.network == network, saved.config.network == network else {
            throw RunVerificationError.wrongNetwork(path: path, expected: network,
                                                    found: saved.network != network ? saved.network : saved.config.network)
        }
        guard saved.codeVersion == TrainingRun.codeVersion else {
            throw RunVerificationError.otherCodeVersion(path: path, recorded: saved.codeVersion, current: TrainingRun.codeVersion)
        }
    }

    /// Throws unless `data` has the content hashes the run recorded: on other data the results differ
    /// for a reason that says nothing about the run.
    public static func checkData(_ saved: RunMetrics, path: String, data: MNIST) throws {
        let recorded = saved.data.sha256, actual = data.contentHashes
        guard recorded != actual else { return }
        let names = Set(recorded.keys).union(actual.keys).sorted()
        let detail = names.first { recorded[$0] != actual[$0] }.map { name in
            "\(name) has SHA-256 \(actual[name].map(shortHash) ?? "none"), the run recorded \(recorded[name].map(shortHash) ?? "none")"
        } ?? "other files"
        throw RunVerificationError.dataDiffers(path: path, dataDirectory: data.directory, detail: detail)
    }

    /// Every recorded result of `saved` that `reproduced` does not equal exactly, in the order training
    /// produced them: first what identifies the run (network, configuration, data), then epoch by epoch
    /// its mini-batch losses and epoch metrics, then the test results, the parameter count and the
    /// weights. Each metric is reported once, at its first differing entry, so the first element is where
    /// the two runs began to differ. Empty when the run is reproduced.
    ///
    /// Ignored, because they describe the machine and not the results: `timing`, `EpochRecord.seconds`,
    /// `data.directory` and `data.checksumsVerified` (whether the folder had a SHA256SUMS file).
    public static func compare(saved: RunMetrics, reproduced: RunMetrics) -> [RunMismatch] {
        var mismatches: [RunMismatch] = []
        func check<Value: Equatable>(_ metric: String, _ a: Value, _ b: Value, _ show: (Value) -> String = { "\($0)" }) {
            if a != b { mismatches.append(RunMismatch(metric: metric, saved: show(a), reproduced: show(b))) }
        }
        func checkNumber(_ metric: String, _ a: Double, _ b: Double) {
            if !same(a, b) { mismatches.append(RunMismatch(metric: metric, saved: "\(a)", reproduced: "\(b)")) }
        }

        check("network", saved.network.rawValue, reproduced.network.rawValue)
        check("title", saved.title, reproduced.title)
        check("seed", saved.seed, reproduced.seed)
        let savedConfig = configFields(saved.config), reproducedConfig = configFields(reproduced.config)
        for ((key, a), (_, b)) in zip(savedConfig, reproducedConfig) { check("config \(key)", a, b) }
        check("config architecture class", saved.config.architecture.className, reproduced.config.architecture.className)
        let savedLines = saved.config.architecture.entries, reproducedLines = reproduced.config.architecture.entries
        for difference in NetworkArchitecture.differences(savedLines, reproducedLines) {
            check("config architecture \(difference.key)", difference.before ?? "none", difference.after ?? "none")
        }
        for name in Set(saved.data.sha256.keys).union(reproduced.data.sha256.keys).sorted() {
            check("data sha256 \(name)", saved.data.sha256[name] ?? "none", reproduced.data.sha256[name] ?? "none")
        }
        check("data train_images", saved.data.trainImages, reproduced.data.trainImages)
        check("data val_images", saved.data.valImages, reproduced.data.valImages)
        check("data test_images", saved.data.testImages, reproduced.data.testImages)
        check("batches_per_epoch", saved.batchesPerEpoch, reproduced.batchesPerEpoch)

        // Epoch by epoch: its mini-batches first (they come first in training), then its metrics.
        let perEpoch = max(1, saved.batchesPerEpoch)
        let commonBatches = min(saved.batchLosses.count, reproduced.batchLosses.count)
        let epochs = max(saved.epochs.count, reproduced.epochs.count, (commonBatches + perEpoch - 1) / perEpoch)
        for index in 0..<epochs {
            let number = index + 1
            let batches = min(index * perEpoch, commonBatches)..<min((index + 1) * perEpoch, commonBatches)
            if let batch = batches.first(where: { !same(saved.batchLosses[$0], reproduced.batchLosses[$0]) }) {
                checkNumber("epoch \(number) batch_losses[\(batch)]", saved.batchLosses[batch], reproduced.batchLosses[batch])
            }
            guard index < saved.epochs.count, index < reproduced.epochs.count else { continue }
            let a = saved.epochs[index], b = reproduced.epochs[index]
            check("epoch \(number) epoch", a.epoch, b.epoch)
            checkNumber("epoch \(number) train_loss", a.trainLoss, b.trainLoss)
            checkNumber("epoch \(number) train_accuracy", a.trainAccuracy, b.trainAccuracy)
            checkNumber("epoch \(number) val_loss", a.valLoss, b.valLoss)
            checkNumber("epoch \(number) val_accuracy", a.valAccuracy, b.valAccuracy)
            // Recorded only by runs made since they were: compared when the saved run has them.
            if let saved = a.valLossStandardError { checkNumber("epoch \(number) val_loss_standard_error", saved, b.valLossStandardError ?? .nan) }
            if let saved = a.valWorstImagesLossShare { checkNumber("epoch \(number) val_worst_images_loss_share", saved, b.valWorstImagesLossShare ?? .nan) }
            if let saved = a.valErrors, saved != b.valErrors {
                let reproduced = b.valErrors ?? []
                let image = zip(saved, reproduced).first { $0 != $1 }.map { min($0, $1) } ?? min(saved.count, reproduced.count)
                mismatches.append(RunMismatch(metric: "epoch \(number) val_errors (first difference at or after validation image \(image))",
                                              saved: "\(saved.count) misclassified", reproduced: b.valErrors.map { "\($0.count) misclassified" } ?? "none"))
            }
            checkNumber("epoch \(number) learning_rate", a.learningRate, b.learningRate)
        }
        check("epochs", saved.epochs.count, reproduced.epochs.count) { "\($0) epochs" }
        check("batch_losses", saved.batchLosses.count, reproduced.batchLosses.count) { "\($0) mini-batches" }

        checkNumber("test loss", saved.test.loss, reproduced.test.loss)
        checkNumber("test accuracy", saved.test.accuracy, reproduced.test.accuracy)
        if let cell = firstDifferingCell(saved.confusion, reproduced.confusion) {
            check("confusion[\(cell.row)][\(cell.column)] (label \(cell.row), predicted \(cell.column))",
                  value(saved.confusion, cell), value(reproduced.confusion, cell)) { $0.map(String.init) ?? "none" }
        }
        if let index = (0..<max(saved.misclassified.count, reproduced.misclassified.count)).first(where: {
            saved.misclassified[safe: $0] != reproduced.misclassified[safe: $0]
        }) {
            let a = saved.misclassified[safe: index], b = reproduced.misclassified[safe: index]
            let showPixels = a != nil && b != nil && a?.pixels != b?.pixels
            mismatches.append(RunMismatch(metric: "misclassified[\(index)]", saved: describe(a, pixels: showPixels),
                                          reproduced: describe(b, pixels: showPixels)))
        }
        // Runs recorded before the test errors were kept have none to compare.
        if let savedErrors = saved.testErrors, let reproducedErrors = reproduced.testErrors, savedErrors != reproducedErrors {
            let index = zip(savedErrors, reproducedErrors).first { $0 != $1 }.map { min($0, $1) } ?? min(savedErrors.count, reproducedErrors.count)
            mismatches.append(RunMismatch(metric: "test_errors (first difference at or after test image \(index))",
                                          saved: "\(savedErrors.count) misclassified", reproduced: "\(reproducedErrors.count) misclassified"))
        }
        // Runs recorded before the test errors' predictions were kept have none to compare.
        if let savedGuesses = saved.testErrorPredictions, let reproducedGuesses = reproduced.testErrorPredictions, savedGuesses != reproducedGuesses {
            let position = zip(savedGuesses, reproducedGuesses).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(savedGuesses.count, reproducedGuesses.count)
            let image = (saved.testErrors ?? [])[safe: position].map { "test image \($0)" } ?? "error \(position + 1)"
            mismatches.append(RunMismatch(metric: "test_error_predictions (\(image))", saved: savedGuesses[safe: position].map(String.init) ?? "none",
                                          reproduced: reproducedGuesses[safe: position].map(String.init) ?? "none"))
        }
        if let savedLosses = saved.validationLossMatrix, savedLosses != reproduced.validationLossMatrix {
            let reproducedLosses = reproduced.validationLossMatrix ?? []
            let place = savedLosses.indices.lazy.compactMap { epoch -> (Int, Int)? in
                guard epoch < reproducedLosses.count else { return (epoch, 0) }
                return savedLosses[epoch].indices.first { savedLosses[epoch][$0].bitPattern != reproducedLosses[epoch][safe: $0]?.bitPattern }.map { (epoch, $0) }
            }.first ?? (0, 0)
            mismatches.append(RunMismatch(metric: "validation_losses (epoch \(place.0 + 1), validation image \(place.1))",
                                          saved: "\(savedLosses[place.0][place.1])",
                                          reproduced: reproducedLosses[safe: place.0]?[safe: place.1].map { "\($0)" } ?? "none"))
        }
        // Runs recorded before the test losses were kept have none to compare.
        if let savedLosses = saved.testLossVector, let reproducedLosses = reproduced.testLossVector,
           let image = savedLosses.indices.first(where: { savedLosses[$0].bitPattern != reproducedLosses[safe: $0]?.bitPattern }) {
            mismatches.append(RunMismatch(metric: "test_losses (test image \(image))", saved: "\(savedLosses[image])",
                                          reproduced: reproducedLosses[safe: image].map { "\($0)" } ?? "none"))
        }
        check("parameters", saved.parameters, reproduced.parameters)
        check(weightsMetric, saved.weightsSha256, reproduced.weightsSha256, shortHash)
        return mismatches
    }

    /// The keys of `metrics.json` that `compare` checks (at the top level, and of each epoch), and the
    /// ones it leaves out on purpose: what a machine measures (timing) and what `digits verify` checks
    /// before it retrains (code version, data folder). A test fails when a new field is in neither.
    public static let comparedFields: Set<String> = [
        "network", "title", "seed", "config", "data", "batches_per_epoch", "epochs", "batch_losses", "test", "confusion",
        "misclassified", "test_errors", "test_error_predictions", "test_losses", "validation_losses", "parameters", "weights_sha256",
    ]
    public static let uncomparedFields: Set<String> = ["timing", "code_version"]
    public static let comparedEpochFields: Set<String> = ["epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "learning_rate",
                                                          "val_loss_standard_error", "val_worst_images_loss_share", "val_errors"]
    public static let uncomparedEpochFields: Set<String> = ["seconds"]

    /// The saved weights file against the reproduced weights: the file must hold exactly the weights
    /// retraining gave (and so, when the run is reproduced, the ones `metrics.json` records).
    public static func compareWeightsFile(savedFileSha256: String, reproduced: RunMetrics) -> RunMismatch? {
        guard savedFileSha256 != reproduced.weightsSha256 else { return nil }
        return RunMismatch(metric: weightsFileMetric, saved: shortHash(savedFileSha256), reproduced: shortHash(reproduced.weightsSha256))
    }

    /// SHA-256 of the weights file in the run folder at `path`.
    public static func savedWeightsSha256(runFolder path: String) throws -> String {
        let file = RunFolder.joinPath(path, RunFolder.weightsFile)
        guard let bytes = FileManager.default.contents(atPath: file) else { throw RunVerificationError.missingWeights(path: file) }
        return SHA256.hex(of: bytes)
    }

    /// Exact equality, bit for bit, except that every NaN equals every NaN (a recorded NaN stays NaN).
    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    /// The configuration as (`metrics.json` key, value) pairs, in a fixed order.
    static func configFields(_ config: TrainingConfig) -> [(String, String)] {
        [("network", config.network.rawValue)] + config.settingTexts.map { ($0.key, $0.text) }
    }

    /// The first (row, column), row by row, where the two matrices differ, including a cell only one has.
    static func firstDifferingCell(_ a: [[Int]], _ b: [[Int]]) -> (row: Int, column: Int)? {
        for row in 0..<max(a.count, b.count) {
            let left = a[safe: row] ?? [], right = b[safe: row] ?? []
            if let column = (0..<max(left.count, right.count)).first(where: { left[safe: $0] != right[safe: $0] }) {
                return (row, column)
            }
        }
        return nil
    }

    private static func value(_ matrix: [[Int]], _ cell: (row: Int, column: Int)) -> Int? {
        matrix[safe: cell.row]?[safe: cell.column]
    }

    /// A misclassified test image in one phrase; its pixels only when they are what differs.
    private static func describe(_ entry: Misclassification?, pixels: Bool) -> String {
        guard let entry else { return "none" }
        var text = "test image \(entry.index) (label \(entry.label), predicted \(entry.predicted), probability \(entry.probability))"
        if pixels { text += " pixels SHA-256 \(shortHash(SHA256.hex(of: Array(entry.pixels.utf8))))" }
        return text
    }
}

private extension Array {
    /// The element at `index`, or nil past either end.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
