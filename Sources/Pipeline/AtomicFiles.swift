import Foundation

/// A file or folder that cannot be written, with the operating system's reason in plain words.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "cannot write \(path): \(reason); choose another output folder (--dir or --out) or fix its permissions"
    }
}

/// The one way this tool writes files: everything goes to a temporary name beside the target first
/// and is renamed into place, which is atomic on one file system, so a reader (or a run killed midway)
/// never sees a half-written file. Temporary names carry the writer's process id
/// (`.report.md.tmp-<pid>`); each write also removes those of writers that no longer run.
public enum AtomicFiles {
    /// Writes `bytes` to `path`, creating its folder if needed.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let (folder, name) = split(path)
        try makeDirectories(folder)
        removeLeftovers(of: name, in: folder)
        let temporary = join(folder, temporaryName(name, "tmp", getpid()))
        do throws(FileWriteError) {
            try writeFile(bytes, to: temporary)
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        } catch {
            unlink(temporary)
            throw FileWriteError(path: path, reason: error.reason)
        }
    }

    /// Replaces the folder `path` by one holding exactly `files` (and the old folder's entries that
    /// `keeping` accepts, moved over): they are written into a temporary sibling, which is then swapped
    /// in, so a failure leaves the previous folder as it was.
    public static func replaceDirectory(at path: String, with files: [(name: String, bytes: [UInt8])],
                                        keeping: (String) -> Bool = { _ in false }) throws(FileWriteError) {
        let (parent, name) = split(path)
        try makeDirectories(parent)
        removeLeftovers(of: name, in: parent)
        let staging = join(parent, temporaryName(name, "partial", getpid()))
        let retired = join(parent, temporaryName(name, "old", getpid()))
        do throws(FileWriteError) {
            try? FileManager.default.removeItem(atPath: staging)
            try makeDirectories(staging)
            for (file, bytes) in files { try writeFile(bytes, to: join(staging, file)) }
            let kept = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter(keeping)
            for entry in kept where rename(join(path, entry), join(staging, entry)) != 0 {
                let reason = systemReason()
                for moved in kept { rename(join(staging, moved), join(path, moved)) }
                throw FileWriteError(path: join(path, entry), reason: reason)
            }
            if FileManager.default.fileExists(atPath: path) {
                guard rename(path, retired) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
                guard rename(staging, path) == 0 else {
                    let reason = systemReason()
                    rename(retired, path)
                    throw FileWriteError(path: path, reason: reason)
                }
                try? FileManager.default.removeItem(atPath: retired)
            } else {
                guard rename(staging, path) == 0 else { throw FileWriteError(path: path, reason: systemReason()) }
            }
        } catch {
            // Entries moved over from the old folder go back before the staging folder is removed.
            for entry in ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []) where keeping(entry) {
                rename(join(staging, entry), join(path, entry))
            }
            try? FileManager.default.removeItem(atPath: staging)
            throw FileWriteError(path: path, reason: error.reason)
        }
    }

    /// Removes what writers of `name` in `folder` that no longer run left behind: temporary files and
    /// half-filled folders. A folder retired by a writer killed between its two renames is the only
    /// copy of the previous contents when `name` itself is missing, so it is moved back instead.
    static func removeLeftovers(of name: String, in folder: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries {
            for kind in ["tmp", "partial", "old"] {
                let prefix = "." + name + "." + kind + "-"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), !isRunning(pid) else { continue }
                let leftover = join(folder, entry)
                let target = join(folder, name)
                if kind == "old" && !FileManager.default.fileExists(atPath: target) {
                    rename(leftover, target)
                } else {
                    try? FileManager.default.removeItem(atPath: leftover)
                }
            }
        }
    }

    /// `.name.kind-pid`.
    static func temporaryName(_ name: String, _ kind: String, _ pid: Int32) -> String { ".\(name).\(kind)-\(pid)" }

    /// Whether a process with this id exists (this one counts as finished: its own leftovers go too).
    private static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(FileWriteError) {
        guard !path.isEmpty else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw FileWriteError(path: path, reason: "it is a file, not a folder") }
            return
        }
        let (parent, _) = split(path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw FileWriteError(path: path, reason: systemReason()) }
    }

    /// Writes `bytes` to a new file at `path` with plain system calls, so failures carry errno.
    private static func writeFile(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = systemReason()
                    return
                }
                written += count
            }
        }
        if close(descriptor) != 0 && failure == nil { failure = systemReason() }
        if let failure { throw FileWriteError(path: path, reason: failure) }
    }

    /// `errno` in words: "Permission denied" → "permission denied".
    private static func systemReason() -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// (folder, last component) of a path; the folder is "" for a bare name.
    private static func split(_ path: String) -> (String, String) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", trimmed) }
        let folder = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        return (folder, String(trimmed[trimmed.index(after: slash)...]))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
