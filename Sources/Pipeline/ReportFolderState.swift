import Checksum
import Foundation
import Report
import Training

/// The files a report folder keeps about its reports: `state.json` (what the current report shows),
/// `previous-state.json` (the one before it) and `unreported-runs.json` (runs trained since the last
/// report was written), from which the record's "Changes since the previous report" is drawn.
extension ReportBuilder {
    /// `DIR/state.json`: what the current report shows, for the next one to compare with.
    var statePath: String { RunFolder.joinPath(directory, "state.json") }
    /// `DIR/previous-state.json`: what the report before it showed.
    var previousStatePath: String { RunFolder.joinPath(directory, "previous-state.json") }

    /// Records the state of the report about to be written. When it differs from the recorded one in
    /// more than which networks were retrained, the recorded one becomes the previous state; when it
    /// does not (a rerun that changed nothing), both files stay, so the report still shows the last change.
    func recordState(seeds: [NetworkName: [UInt64]], trained: [NetworkName: Set<UInt64>], paramsFile: ParamsFileRecord? = nil) throws {
        let groups = try NetworkName.allCases.compactMap { try runGroup($0, seeds: seeds[$0]) }
        let lists = Set(seeds.keys)
        var current = ReportState(groups: groups, trained: trained, seedLists: lists)
        current.paramsFile = paramsFile
        let recorded = try readState(statePath)
        if var recorded, recorded.sameResults(as: current) {
            // Same results from another file (or an edited comment): the manifest names the file read.
            if recorded.paramsFile != paramsFile {
                recorded.paramsFile = paramsFile
                try AtomicFiles.write(try encode(recorded), to: statePath)
            }
            return
        }
        if let recorded { try AtomicFiles.write(try encode(recorded), to: previousStatePath) }
        try AtomicFiles.write(try encode(current), to: statePath)
    }

    /// The path and SHA-256 of the params file at `path` (nil: the built-in networks and settings).
    static func record(ofParamsFile path: String?) throws -> ParamsFileRecord {
        guard let path else { return ParamsFileRecord(path: "", sha256: "") }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw RunFolderError.unreadable(path: path, reason: "the params file went missing while the report was made")
        }
        return ParamsFileRecord(path: path, sha256: SHA256.hex(of: Array(bytes)))
    }

    /// `DIR/unreported-runs.json`: runs trained since the last report was written (by a report that was
    /// interrupted or failed after them), so the next report lists them as trained, not reused.
    var unreportedPath: String { RunFolder.joinPath(directory, "unreported-runs.json") }

    /// A run in `unreported-runs.json`.
    struct UnreportedRun: Codable, Hashable, Comparable {
        var network: NetworkName
        var seed: UInt64?

        init(_ run: RunID) {
            network = run.network
            seed = run.seed
        }

        static func < (a: Self, b: Self) -> Bool { (a.network.rawValue, a.seed ?? 0) < (b.network.rawValue, b.seed ?? 0) }
    }

    func readUnreported() throws -> Set<UnreportedRun> {
        guard let data = FileManager.default.contents(atPath: unreportedPath) else { return [] }
        do {
            return Set(try JSONDecoder().decode([UnreportedRun].self, from: data))
        } catch {
            throw RunFolderError.unreadable(path: unreportedPath, reason: "it is not a list of runs written by this tool; delete it (the next report then lists those runs as reused)")
        }
    }

    func encodeJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }

    func encode(_ state: ReportState) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(state)) + [UInt8(ascii: "\n")]
    }

    /// The state recorded at `path`; nil when there is none. An unreadable one is an error naming the
    /// file rather than a silently empty section.
    func readState(_ path: String) throws -> ReportState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ReportState.self, from: data).fillingDefaults()
        } catch {
            throw RunFolderError.unreadable(path: path, reason: "it is not a report state written by this tool; delete it to start the comparison afresh")
        }
    }
}
