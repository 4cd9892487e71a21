import Foundation

/// Why a run folder cannot be written or read.
public enum RunFolderError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason); choose another output folder (--dir or --out) or fix its permissions"
        case .unreadable(let path, let reason): return "cannot use \(path): \(reason)"
        }
    }
}

/// The files of one run, `DIR/runs/<net>/`: `metrics.json`, `history.csv` and `model.safetensors`.
public enum RunFolder {
    public static let metricsFile = "metrics.json"
    public static let historyFile = "history.csv"
    public static let weightsFile = "model.safetensors"

    /// `output/runs/<network>`, relative when `output` is, so messages show the path as the user gave it.
    public static func path(output: String, network: NetworkName) -> String {
        joinPath(output, "runs", network.rawValue)
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
        try AtomicFiles.replaceDirectory(at: path, with: files)
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

/// Writing that never leaves a half-written file: everything goes to a temporary name first and is
/// renamed into place, which is atomic on one file system.
public enum AtomicFiles {
    /// Writes `bytes` to `path` through a temporary file in the same folder, creating the folder if needed.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunFolderError.cannotWrite(path: folder.path, reason: reason(error))
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data(bytes).write(to: temporary)
            // rename(2) replaces an existing file atomically.
            guard rename(temporary.path, path) == 0 else {
                throw RunFolderError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as RunFolderError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RunFolderError.cannotWrite(path: path, reason: reason(error))
        }
    }

    /// Fills a temporary sibling of `path` with `files`, then swaps it in for `path`.
    public static func replaceDirectory(at path: String, with files: [(name: String, bytes: [UInt8])]) throws {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        let retired = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(getpid())")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (name, bytes) in files {
                try Data(bytes).write(to: staging.appendingPathComponent(name))
            }
            if manager.fileExists(atPath: path) {
                try manager.moveItem(at: url, to: retired)
                do {
                    try manager.moveItem(at: staging, to: url)
                } catch {
                    try? manager.moveItem(at: retired, to: url)
                    throw error
                }
                try? manager.removeItem(at: retired)
            } else {
                try manager.moveItem(at: staging, to: url)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw RunFolderError.cannotWrite(path: path, reason: reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
