import Foundation
import XCTest
@testable import Pipeline

/// The one writer of the tool: whole files or nothing, leftovers of killed writers removed, plain errors.
final class AtomicFilesTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func entries(_ url: URL? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: (url ?? folder).path).sorted()
    }

    /// A process id that is certainly not running: a child that has exited and been reaped.
    func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testWritesCreateFoldersAndReplaceWholeFiles() throws {
        let path = folder.appendingPathComponent("a/b/fig.png").path
        try AtomicFiles.write([1, 2, 3], to: path)
        try AtomicFiles.write([4, 5], to: path)
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data([4, 5]))
        XCTAssertEqual(try entries(folder.appendingPathComponent("a/b")), ["fig.png"], "no temporary file is left")
    }

    func testLeftoversOfKilledWritersAreRemovedAndLiveOnesKept() throws {
        let dead = try deadProcessID(), live = getppid()
        for name in [".fig.png.tmp-\(dead)", ".fig.png.tmp-\(live)", ".other.png.tmp-\(dead)"] {
            try Data("partial".utf8).write(to: folder.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".run.partial-\(dead)"), withIntermediateDirectories: true)
        try AtomicFiles.write([1], to: folder.appendingPathComponent("fig.png").path)
        try AtomicFiles.replaceDirectory(at: folder.appendingPathComponent("run").path, with: [("m.json", [2])])
        XCTAssertEqual(try entries(), [".fig.png.tmp-\(live)", ".other.png.tmp-\(dead)", "fig.png", "run"].sorted(),
                       "a writer cleans up after dead writers of the same file only, and never after a running one")
        XCTAssertEqual(try entries(folder.appendingPathComponent("run")), ["m.json"])
    }

    func testAFolderRetiredByAKilledWriterIsRestored() throws {
        // Killed between its two renames, a writer leaves the previous run only under its retired name.
        let dead = try deadProcessID()
        let retired = folder.appendingPathComponent(".run.old-\(dead)")
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true)
        try Data("previous".utf8).write(to: retired.appendingPathComponent("m.json"))
        AtomicFiles.removeLeftovers(of: "run", in: folder.path)
        XCTAssertEqual(try entries(), ["run"])
        XCTAssertEqual(FileManager.default.contents(atPath: folder.appendingPathComponent("run/m.json").path), Data("previous".utf8))
    }

    func testFailuresSayWhatIsWrongInPlainWords() throws {
        let blocker = folder.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        XCTAssertThrowsError(try AtomicFiles.write([1], to: blocker.appendingPathComponent("fig.png").path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("it is a file, not a folder"), message)
            XCTAssertFalse(message.contains("Domain"), message)
        }
        let directory = folder.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFiles.write([1], to: directory.path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("cannot write \(directory.path): "), message)
            XCTAssertTrue(message.contains("directory"), message)   // rename(2): "is a directory"
            XCTAssertFalse(message.contains("Domain"), message)
        }
        XCTAssertEqual(try entries(), ["blocker", "taken"], "a failed write leaves no temporary file")
    }
}
