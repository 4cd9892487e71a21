import Foundation

/// The git checkout `digits` was built from: found from the executable's path (SwiftPM builds it
/// inside the package, under `.build/`), else from the working directory. What the manifest and
/// `digits --version` name as the code that ran.
public struct SourceCheckout: Sendable {
    /// The checkout's top folder; nil when digits runs from neither a checkout's build folder nor inside one.
    public let root: String?

    /// The checkout of the running executable, else of the working directory.
    public static func locate() -> SourceCheckout {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).standardizedFileURL.deletingLastPathComponent()
        while folder.path != "/" {
            let path = folder.path
            if FileManager.default.fileExists(atPath: path + "/Package.swift"), FileManager.default.fileExists(atPath: path + "/.git") {
                return SourceCheckout(root: path)
            }
            folder.deleteLastPathComponent()
        }
        let top = git(["rev-parse", "--show-toplevel"], in: FileManager.default.currentDirectoryPath)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return SourceCheckout(root: top.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The commit checked out; nil when there is no checkout or git cannot say.
    public var commit: String? {
        guard let root else { return nil }
        return Self.git(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether tracked files differ from the commit, leaving out `folder` when it lies inside the
    /// checkout (writing a report changes it); nil when git cannot tell.
    public func hasUncommittedChanges(excluding folder: String) -> Bool? {
        guard let root else { return nil }
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let folderURL = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")).standardizedFileURL
        var arguments = ["status", "--porcelain", "--untracked-files=no"]
        if folderURL.path.hasPrefix(rootURL.path + "/") {
            arguments += ["--", ".", ":(exclude)" + String(folderURL.path.dropFirst(rootURL.path.count + 1))]
        }
        return Self.git(arguments, in: root).map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// `git ARGUMENTS` run in `folder`: its standard output, or nil when git is missing or fails.
    static func git(_ arguments: [String], in folder: String) -> String? {
        standardOutput(of: ["git", "-C", folder] + arguments)
    }

    /// Runs a command found on PATH and returns its standard output, or nil when it cannot run or fails.
    static func standardOutput(of arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
