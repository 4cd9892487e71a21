import XCTest
@testable import NeuralNet

/// Inputs from fuzzing the safetensors reader (Fuzz/run.sh safetensors) and hand-made ones at the
/// boundaries it explored: each must be rejected with a SafetensorsError (or read), never trap.
final class SafetensorsFuzzRegressionTests: XCTestCase {
    /// A file with `header` as its JSON header and `data` after it.
    private func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
    }

    private func tensor(_ shape: String, _ offsets: String) -> String {
        "{\"w\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":\(offsets)}}"
    }

    private func assertRejected(_ bytes: [UInt8], _ expected: SafetensorsError? = nil, _ message: String = "",
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Safetensors.decode(bytes), message, file: file, line: line) { error in
            guard let error = error as? SafetensorsError else {
                return XCTFail("not a SafetensorsError: \(error)", file: file, line: line)
            }
            XCTAssertFalse(error.description.contains("\n"), "one-line message", file: file, line: line)
            if let expected { XCTAssertEqual(error, expected, message, file: file, line: line) }
        }
    }

    func testHeaderLengthsNearTheTopOfUInt64AreTruncated() {
        for length: UInt64 in [.max, UInt64(Int.max), UInt64(Int.max) + 1, 1 << 32] {
            let bytes = withUnsafeBytes(of: length.littleEndian, Array.init) + Array("{}".utf8)
            assertRejected(bytes, .truncated("header says \(length) bytes, file has 2 after the length"))
        }
        assertRejected([1, 0, 0, 0, 0, 0, 0], .truncated("7 bytes, less than the 8-byte header length"))
    }

    func testShapesAndOffsetsOutOfRangeAreBadOffsets() {
        let data = [UInt8](repeating: 0, count: 8)
        let cases: [(shape: String, offsets: String)] = [
            ("[1e300]", "[0,4]"), ("[-1]", "[0,4]"), ("[2147483648]", "[0,4]"), ("[18446744073709551615]", "[0,4]"),
            ("[65536,65536,65536,65536]", "[0,8]"), ("[1]", "[1e300,4]"), ("[1]", "[-9223372036854775808,4]"),
            ("[1]", "[0,1e19]"), ("[1]", "[4,0]"), ("[1]", "[0,8]"), ("[3]", "[0,12]"), ("[1]", "[8,12]"),
            // Not whole numbers: never rounded or wrapped into something that happens to fit.
            ("[1.9]", "[0,4]"), ("[1]", "[0,4.0000001]"), ("[1]", "[18446744073709551616,4]"),
        ]
        for (shape, offsets) in cases {
            assertRejected(file(tensor(shape, offsets), data: data), .badOffsets(tensor: "w"), "shape \(shape), offsets \(offsets)")
        }
    }

    func testHeadersThatAreNotSafetensorsJSONAreBadHeaders() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        for header in [deep, "1e999", "{\"w\":", "", "\u{feff}"] {
            assertRejected(file(header), .badHeader("not JSON"), String(header.prefix(20)))
        }
        assertRejected(withUnsafeBytes(of: UInt64(4).littleEndian, Array.init) + [0xff, 0xfe, 0x80, 0x7b], .badHeader("not JSON"))
        assertRejected(file("[]"), .badHeader("not a JSON object"))
        assertRejected(file("{\"__metadata__\":[1]}"), .badHeader("__metadata__ is not an object"))
        assertRejected(file("{\"__metadata__\":{\"k\":1}}"), .badHeader("metadata k is not a string"))
        assertRejected(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", data: [0, 0, 0, 0]),
                       .badHeader("tensor w lacks dtype, shape or data_offsets"))
        assertRejected(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data: [0, 0, 0, 0, 0, 0, 0, 0]),
                       .unsupportedType(tensor: "w", dtype: "F64"))
    }

    func testEdgeShapesDecodeAndForeignTensorsDoNotLoad() throws {
        // A scalar and an empty tensor are valid safetensors.
        let bytes = file("{\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"e\":{\"dtype\":\"F32\",\"shape\":[0,7],\"data_offsets\":[4,4]}}",
                         data: [0, 0, 0x80, 0x3f])
        let decoded = try Safetensors.decode(bytes)
        XCTAssertEqual(decoded.tensors["s"], Safetensors.Tensor(shape: [], values: [1]))
        XCTAssertEqual(decoded.tensors["e"], Safetensors.Tensor(shape: [0, 7], values: []))

        let store = ParameterStore(shapes: [("s", [1]), ("e", [0, 7])])
        XCTAssertThrowsError(try Safetensors.load(decoded.tensors, into: store, network: "Tiny")) { error in
            XCTAssertEqual(error as? SafetensorsError, .shapeMismatch(tensor: "s", expected: [1], found: []))
        }
        XCTAssertThrowsError(try Safetensors.load(decoded.tensors, into: ParameterStore(shapes: [("s", [])]), network: "Tiny")) { error in
            XCTAssertEqual(error as? SafetensorsError, .unexpectedTensor("e", network: "Tiny"))
        }
        XCTAssertThrowsError(try Safetensors.load([:], into: store, network: "Tiny")) { error in
            XCTAssertEqual(error as? SafetensorsError, .missingTensor("s", network: "Tiny"))
        }
    }
}
