import Checksum
import Foundation
import XCTest
@testable import MNIST

/// The reader on small synthetic IDX files made here, good and bad.
final class IDXReaderTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idx-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    static func idx(magic: Int, dimensions: [Int], data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, UInt8((magic >> 8) & 0xff), UInt8(magic & 0xff)]
        for dimension in dimensions {
            bytes += [UInt8((dimension >> 24) & 0xff), UInt8((dimension >> 16) & 0xff), UInt8((dimension >> 8) & 0xff), UInt8(dimension & 0xff)]
        }
        return bytes + data
    }

    static func images(_ count: Int, rows: Int = 28, columns: Int = 28) -> [UInt8] {
        idx(magic: 2051, dimensions: [count, rows, columns], data: (0..<(count * rows * columns)).map { UInt8($0 % 251) })
    }

    static func labels(_ values: [UInt8]) -> [UInt8] { idx(magic: 2049, dimensions: [values.count], data: values) }

    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = folder.appendingPathComponent("gzip-input")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", input.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try FileManager.default.removeItem(at: input)
        return Array(output)
    }

    /// Writes a complete small data set (5 training, 3 test images); `compress` picks .gz or raw files.
    func writeDataSet(compress: Bool, trainLabels: [UInt8] = [0, 1, 2, 3, 9], checksums: Bool = false) throws {
        let files: [(String, [UInt8])] = [
            ("train-images-idx3-ubyte", Self.images(5)), ("train-labels-idx1-ubyte", Self.labels(trainLabels)),
            ("t10k-images-idx3-ubyte", Self.images(3)), ("t10k-labels-idx1-ubyte", Self.labels([7, 2, 1])),
        ]
        var sums = ""
        for (name, content) in files {
            if compress {
                try Data(try gzip(content)).write(to: folder.appendingPathComponent(name + ".gz"))
            } else {
                try Data(content).write(to: folder.appendingPathComponent(name))
            }
            sums += "\(SHA256.hex(of: content))  \(name)\n"
        }
        if checksums { try sums.write(to: folder.appendingPathComponent("SHA256SUMS"), atomically: true, encoding: .utf8) }
    }

    func expectLoadError(_ expected: (MNISTError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try MNIST.load(from: folder.path), file: file, line: line) { error in
            guard let error = error as? MNISTError else { return XCTFail("not an MNISTError: \(error)", file: file, line: line) }
            XCTAssertTrue(expected(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), "messages are one line", file: file, line: line)
        }
    }

    /// The test labels alone, for the report: read when their content is the one the runs recorded, nil otherwise.
    func testTestLabelsAreReadOnlyWhenTheirHashMatches() throws {
        try writeDataSet(compress: true)
        let hash = SHA256.hex(of: Self.labels([7, 2, 1]))
        XCTAssertEqual(try MNIST.testLabels(from: folder.path, sha256: hash), [7, 2, 1])
        XCTAssertNil(try MNIST.testLabels(from: folder.path, sha256: String(repeating: "0", count: 64)))
        XCTAssertThrowsError(try MNIST.testLabels(from: folder.appendingPathComponent("absent").path, sha256: hash))
    }

    /// The test images alone, for the report's figures: their pixels, image after image, when their content is the one the
    /// runs recorded; nil otherwise.
    func testTestImagesAreReadOnlyWhenTheirHashMatches() throws {
        try writeDataSet(compress: false)
        let hash = SHA256.hex(of: Self.images(3))
        let pixels = try XCTUnwrap(try MNIST.testImages(from: folder.path, sha256: hash))
        XCTAssertEqual(pixels.count, 3 * 784)
        XCTAssertEqual(Array(pixels.prefix(3)), [0, 1, 2])
        XCTAssertEqual(pixels[784], UInt8(784 % 251), "the second image starts where the first ends")
        XCTAssertNil(try MNIST.testImages(from: folder.path, sha256: String(repeating: "0", count: 64)))
        XCTAssertThrowsError(try MNIST.testImages(from: folder.appendingPathComponent("absent").path, sha256: hash))
    }

    func testReadsGzipAndRawFilesAlike() throws {
        try writeDataSet(compress: true, checksums: true)
        let compressed = try MNIST.load(from: folder.path)
        XCTAssertEqual(compressed.train.count, 5)
        XCTAssertEqual(compressed.test.labels, [7, 2, 1])
        XCTAssertTrue(compressed.checksumsVerified)
        for name in MNIST.fileNames { try FileManager.default.removeItem(at: folder.appendingPathComponent(name + ".gz")) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("SHA256SUMS"))
        try writeDataSet(compress: false)
        let raw = try MNIST.load(from: folder.path)
        XCTAssertEqual(raw.train, compressed.train)
        XCTAssertEqual(raw.contentHashes, compressed.contentHashes, "hashes are of the content, compressed or not")
        XCTAssertFalse(raw.checksumsVerified, "a folder without SHA256SUMS is accepted and its hashes recorded")
        XCTAssertEqual(Array(raw.train.image(1).prefix(3)), [UInt8(784 % 251), UInt8(785 % 251), UInt8(786 % 251)])
    }

    func testNormalisationMatchesTheFormula() throws {
        let table = MNIST.normalizationTable
        XCTAssertEqual(table.count, 256)
        XCTAssertEqual(table[0], (0 - 0.1307) / 0.3081, accuracy: 1e-6)
        XCTAssertEqual(table[128], (128.0 / 255 - 0.1307) / 0.3081, accuracy: 1e-6)
        XCTAssertEqual(table[255], (1 - 0.1307) / 0.3081, accuracy: 1e-6)
    }

    func testWrongMagicIsRejected() throws {
        try writeDataSet(compress: false)
        try Data(Self.labels([1, 2, 3])).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        expectLoadError { if case .wrongMagic(_, 2051, 2049) = $0 { return true }; return false }
    }

    func testTruncatedFileIsRejected() throws {
        try writeDataSet(compress: false)
        try Data(Self.images(3).dropLast(10)).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        expectLoadError { if case .truncated = $0 { return true }; return false }
    }

    func testCountMismatchIsRejected() throws {
        try writeDataSet(compress: false, trainLabels: [0, 1, 2, 3])
        expectLoadError { if case .countMismatch(_, 5, _, 4) = $0 { return true }; return false }
    }

    func testLabelElevenIsRejected() throws {
        try writeDataSet(compress: false, trainLabels: [0, 1, 11, 3, 9])
        expectLoadError { if case .labelOutOfRange(_, 2, 11) = $0 { return true }; return false }
    }

    func testImagesThatAreNot28By28AreRejected() throws {
        try writeDataSet(compress: false)
        try Data(Self.images(3, rows: 32, columns: 32)).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        expectLoadError { error in
            if case .wrongImageSize(_, 32, 32) = error { return error.description.contains("28x28") }
            return false
        }
    }

    func testCorruptGzipIsRejected() throws {
        try writeDataSet(compress: true)
        let path = folder.appendingPathComponent("train-labels-idx1-ubyte.gz")
        var bytes = Array(try Data(contentsOf: path))
        bytes[bytes.count / 2] ^= 0xff
        bytes[12] ^= 0x55
        try Data(bytes).write(to: path)
        expectLoadError { if case .corruptGzip = $0 { return true }; return false }
        try Data(bytes.prefix(bytes.count - 12)).write(to: path)
        expectLoadError { if case .corruptGzip = $0 { return true }; return false }
    }

    func testHTMLPageSavedAsGzipIsRejected() throws {
        try writeDataSet(compress: true)
        try Data("<!DOCTYPE html><html><body>404 Not Found</body></html>".utf8)
            .write(to: folder.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        expectLoadError { error in
            if case .notGzip = error { return error.description.contains("HTML") }
            return false
        }
    }

    func testChecksumMismatchNamesTheFile() throws {
        try writeDataSet(compress: false, checksums: true)
        var content = Self.images(3)
        content[100] ^= 1
        try Data(content).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        expectLoadError { error in
            if case .checksumMismatch(let file, _, _) = error { return file.hasSuffix("t10k-images-idx3-ubyte") }
            return false
        }
    }

    func testMissingFolderAndFileAreReported() throws {
        XCTAssertThrowsError(try MNIST.load(from: folder.appendingPathComponent("nope").path)) { error in
            XCTAssertEqual(error as? MNISTError, .missingDirectory(folder.appendingPathComponent("nope").path))
        }
        expectLoadError { if case .missingFile(name: "train-images-idx3-ubyte", _) = $0 { return true }; return false }
    }

    func testSplitTakesValidationFromTheEnd() throws {
        try writeDataSet(compress: false)
        let data = try MNIST.load(from: folder.path)
        let split = try data.split(validationSize: 2, trainLimit: 2)
        XCTAssertEqual(split.training.labels, [0, 1])
        XCTAssertEqual(split.validation.labels, [3, 9])
        XCTAssertEqual(split.test.count, 3)
        XCTAssertThrowsError(try data.split(validationSize: 5))
        XCTAssertThrowsError(try data.split(validationSize: 1, trainLimit: 0))
    }
}
