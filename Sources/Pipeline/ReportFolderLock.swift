import Foundation

/// Another command is writing the report folder: which process and command, and what to do.
public struct ReportFolderBusy: Error, CustomStringConvertible {
    public let directory: String
    /// What the holder wrote into the lock file: `pid 1234: digits report (since 2026-12-02 15:03:12 UTC)`.
    public let holder: String

    public var description: String {
        "\(directory) is being written by another digits (\(holder)); wait for it to finish, or stop it and run this again"
    }
}

/// `DIR/.digits.lock`, held with `flock` while a command writes the report folder, so that two
/// commands never write one folder at once. The kernel releases the lock when its process ends, however
/// it ends, so the lock a killed process leaves is taken over by the next command; the file keeps the
/// holder's pid and command for the message the other command gives.
public final class ReportFolderLock {
    private let descriptor: Int32

    /// The name of the lock file in a report folder.
    public static let fileName = ".digits.lock"

    /// Takes the lock of `directory` (creating the folder), or throws `ReportFolderBusy` naming the holder.
    public init(directory: String, command: String) throws {
        try AtomicFiles.makeDirectories(directory)
        let path = RunFolder.joinPath(directory, Self.fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var bytes = [UInt8](repeating: 0, count: 4096)
            let count = pread(descriptor, &bytes, bytes.count, 0)
            close(descriptor)
            let text = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ReportFolderBusy(directory: directory, holder: text.isEmpty ? "a process that has not yet said which" : text)
        }
        self.descriptor = descriptor
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        let text = "pid \(getpid()): \(command) (since \(formatter.string(from: Date())) UTC)\n"
        ftruncate(descriptor, 0)
        _ = text.utf8CString.withUnsafeBufferPointer { pwrite(descriptor, $0.baseAddress, $0.count - 1, 0) }
    }

    deinit {
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
