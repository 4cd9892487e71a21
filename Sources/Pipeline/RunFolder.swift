import Foundation
import Training

/// Why a run folder (or the runs of a report) cannot be read.
public enum RunFolderError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot use \(path): \(reason)"
        }
    }
}

/// The files of one run, `DIR/runs/<net>/`: `metrics.json`, `history.csv` and `model.safetensors`.
public enum RunFolder {
    public static let metricsFile = "metrics.json"
    public static let historyFile = "history.csv"
    public static let weightsFile = "model.safetensors"

    /// `output/runs/<network>`, or `output/runs/<network>/seed-<n>` for one seed of a seeds list;
    /// relative when `output` is, so messages show the path as the user gave it.
    public static func path(output: String, network: NetworkName, seed: UInt64? = nil) -> String {
        let single = joinPath(output, "runs", network.rawValue)
        return seed.map { joinPath(single, seedFolderName($0)) } ?? single
    }

    /// `seed-<n>`.
    public static func seedFolderName(_ seed: UInt64) -> String { "seed-\(seed)" }

    /// The runs of `network` saved under `output`: the seed of each `seed-<n>` run (a seeds list),
    /// else nil for the single run in `runs/<network>` when it has one, else none.
    public static func savedRuns(output: String, network: NetworkName) -> [UInt64?] {
        let seeds = seeds(output: output, network: network)
        if !seeds.isEmpty { return seeds }
        return FileManager.default.fileExists(atPath: joinPath(path(output: output, network: network), metricsFile)) ? [nil] : []
    }

    /// The seeds of the `seed-<n>` runs under `output/runs/<network>`, ascending.
    public static func seeds(output: String, network: NetworkName) -> [UInt64] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path(output: output, network: network))) ?? []
        return entries.compactMap { $0.hasPrefix("seed-") ? UInt64($0.dropFirst(5)) : nil }.sorted()
    }

    /// Path components joined with single slashes (`URL` would make a relative path absolute).
    public static func joinPath(_ first: String, _ rest: String...) -> String {
        var path = first
        for component in rest {
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            path += path.isEmpty || path.hasSuffix("/") ? component : "/" + component
        }
        return path
    }

    /// The bytes of `metrics.json`: sorted keys and fixed formatting, so equal metrics give equal files.
    public static func encodeMetrics(_ metrics: RunMetrics) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(metrics)) + [UInt8(ascii: "\n")]
    }

    /// Parses `metrics.json` bytes.
    public static func decodeMetrics(_ bytes: [UInt8]) throws -> RunMetrics {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunMetrics.self, from: Data(bytes))
    }

    /// `history.csv`: one row per epoch with a header row.
    public static func historyCSV(_ metrics: RunMetrics) -> String {
        var lines = ["epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds"]
        for record in metrics.epochs {
            lines.append([String(record.epoch), format(record.trainLoss), format(record.trainAccuracy), format(record.valLoss),
                          format(record.valAccuracy), format(record.learningRate), String(format: "%.3f", record.seconds)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double) -> String { "\(value)" }

    /// Writes the three files into `path` as a whole: they are written into a temporary sibling folder
    /// that then replaces `path`, so a failure leaves the previous run untouched.
    public static func write(_ metrics: RunMetrics, weights: [UInt8], to path: String) throws {
        let files: [(String, [UInt8])] = [
            (weightsFile, weights),
            (historyFile, Array(historyCSV(metrics).utf8)),
            (metricsFile, try encodeMetrics(metrics)),
        ]
        // A single run's folder also holds the seed-<n> runs of a seeds list: they stay.
        try AtomicFiles.replaceDirectory(at: path, with: files, keeping: { $0.hasPrefix("seed-") })
    }

    /// Reads and parses `path/metrics.json`.
    public static func readMetrics(at path: String) throws -> RunMetrics {
        let file = URL(fileURLWithPath: path).appendingPathComponent(metricsFile).path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RunFolderError.unreadable(path: file, reason: "the file is missing or unreadable")
        }
        do {
            return try decodeMetrics(Array(data))
        } catch {
            throw RunFolderError.unreadable(path: file, reason: "it is not a metrics file of this tool (\(error.localizedDescription))")
        }
    }
}
