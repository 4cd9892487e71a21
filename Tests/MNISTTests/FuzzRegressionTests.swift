import XCTest
@testable import MNIST

/// Inputs from fuzzing the IDX and gzip readers (Fuzz/run.sh idx|gzip) and hand-made ones at the
/// boundaries the fuzzers explored: each must be rejected with an MNISTError (or read), never trap.
final class MNISTFuzzRegressionTests: XCTestCase {
    private func assertThrowsMNISTError(_ body: @autoclosure () throws -> Any, _ message: String = "",
                                        file: StaticString = #filePath, line: UInt = #line,
                                        _ check: (MNISTError) -> Void = { _ in }) {
        XCTAssertThrowsError(try body(), message, file: file, line: line) { error in
            guard let error = error as? MNISTError else { return XCTFail("not an MNISTError: \(error)", file: file, line: line) }
            XCTAssertFalse(error.description.contains("\n"), "one-line message", file: file, line: line)
            check(error)
        }
    }

    // MARK: IDX

    func testDimensionsOfUInt32MaxAreTruncatedNotOverflowed() {
        // Three dimensions of 2^32 - 1: their product overflows Int; the reader must stop at the first.
        let bytes: [UInt8] = [0x00, 0x00, 0x08, 0x03] + [UInt8](repeating: 0xff, count: 12) + [1, 2, 3]
        assertThrowsMNISTError(try IDX.parse(bytes, expectedMagic: IDX.imagesMagic, path: "huge")) { error in
            XCTAssertEqual(error, .truncated(path: "huge", expectedBytes: 16 + 0xffff_ffff, foundBytes: 19))
        }
    }

    func testHeaderCutInsideTheDimensionsIsTruncated() {
        let bytes: [UInt8] = [0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00]
        assertThrowsMNISTError(try IDX.parse(bytes, expectedMagic: IDX.imagesMagic, path: "cut")) { error in
            XCTAssertEqual(error, .truncated(path: "cut", expectedBytes: 16, foundBytes: 9))
        }
        assertThrowsMNISTError(try IDX.parse([0x00, 0x00, 0x08], expectedMagic: IDX.labelsMagic, path: "cut"))
        assertThrowsMNISTError(try IDX.parse([], expectedMagic: IDX.labelsMagic, path: "cut"))
    }

    func testZeroDimensionWithHugeOthersReadsAsEmpty() throws {
        // 0 x (2^32 - 1) x (2^32 - 1): zero elements, so the header alone is a complete file.
        let bytes: [UInt8] = [0x00, 0x00, 0x08, 0x03, 0, 0, 0, 0] + [UInt8](repeating: 0xff, count: 8)
        let array = try IDX.parse(bytes, expectedMagic: IDX.imagesMagic, path: "empty")
        XCTAssertEqual(array.dimensions, [0, 0xffff_ffff, 0xffff_ffff])
        XCTAssertEqual(array.data, [])
        assertThrowsMNISTError(try IDX.parse(bytes + [0], expectedMagic: IDX.imagesMagic, path: "empty")) { error in
            XCTAssertEqual(error, .trailingBytes(path: "empty", expectedBytes: 16, foundBytes: 17))
        }
    }

    func testMagicOfTheOtherKindOrAnotherTypeIsRejected() {
        let labels: [UInt8] = [0x00, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7]
        assertThrowsMNISTError(try IDX.parse(labels, expectedMagic: IDX.imagesMagic, path: "l")) { error in
            XCTAssertEqual(error, .wrongMagic(path: "l", expected: 2051, found: 2049))
        }
        // Type code 0x0d (float) with 255 dimensions.
        assertThrowsMNISTError(try IDX.parse([0xff, 0xff, 0x0d, 0xff], expectedMagic: IDX.labelsMagic, path: "f"))
    }

    // MARK: gzip

    /// One gzip member of 1 MiB of zeros (1,051 bytes), built here rather than spelled out.
    private static let zerosMember: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00, 0x00,
        0xc2, 0xa0, 0xf5, 0x4f, 0x6d, 0x08, 0x5f, 0xa0,
    ] + [UInt8](repeating: 0, count: 1016) + [0x3e, 0x03, 0x1c, 0xea, 0x38, 0xa7, 0x00, 0x00, 0x10, 0x00]

    func testZerosMemberDecompresses() throws {
        let output = try Gzip.decompress(Self.zerosMember, path: "zeros.gz", limit: 8 << 20)
        XCTAssertEqual(output.count, 1 << 20)
        XCTAssertTrue(output.allSatisfy { $0 == 0 })
    }

    func testConcatenatedMembersPastTheLimitAreRejected() {
        // Nine 1 MiB members: 9 MiB from 9 KB, over an 8 MiB limit.
        let bomb = Array([[UInt8]](repeating: Self.zerosMember, count: 9).joined())
        assertThrowsMNISTError(try Gzip.decompress(bomb, path: "bomb.gz", limit: 8 << 20)) { error in
            XCTAssertEqual(error, .corruptGzip(path: "bomb.gz", detail: "decompresses to more than 8 MiB"))
        }
    }

    func testTruncatedStreamsAndMembersAreRejected() {
        for cut in [2, 3, 10, 24, 600, Self.zerosMember.count - 1] {
            assertThrowsMNISTError(try Gzip.decompress(Array(Self.zerosMember.prefix(cut)), path: "cut.gz", limit: 8 << 20),
                                   "cut at \(cut)")
        }
        // A complete member followed by only the magic number of a second one.
        assertThrowsMNISTError(try Gzip.decompress(Self.zerosMember + [0x1f, 0x8b], path: "two.gz", limit: 8 << 20))
    }

    func testGarbageAfterTheStreamAndBadHeadersAreRejected() {
        assertThrowsMNISTError(try Gzip.decompress(Self.zerosMember + [0, 0, 1], path: "tail.gz", limit: 8 << 20)) { error in
            XCTAssertEqual(error, .corruptGzip(path: "tail.gz", detail: "unexpected bytes after the end of the stream"))
        }
        // FEXTRA announcing 65,535 bytes that are not there; an unterminated FNAME; a bad method.
        assertThrowsMNISTError(try Gzip.decompress([0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 1, 2], path: "x.gz"))
        assertThrowsMNISTError(try Gzip.decompress([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 0x03] + Array("name".utf8), path: "n.gz"))
        assertThrowsMNISTError(try Gzip.decompress([0x1f, 0x8b, 0x07, 0x00, 0, 0, 0, 0, 0, 0x03, 0, 0], path: "m.gz"))
        assertThrowsMNISTError(try Gzip.decompress([0x1f], path: "short.gz")) { error in
            XCTAssertEqual(error, .notGzip(path: "short.gz", start: "."))
        }
    }
}
