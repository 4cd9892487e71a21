import XCTest
@testable import NeuralNet

final class SafetensorsTests: XCTestCase {
    func testHeaderLayoutAndRoundTrip() throws {
        let network = try Network(architecture: .convNet, maxBatch: 1)
        var generator = SplitMix64(seed: 3)
        network.initialize(using: &generator)
        let bytes = Safetensors.encode(network.parameters, metadata: ["format": "pt"])
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(headerLength % 8, 0, "data is 8-byte aligned")
        XCTAssertEqual(bytes.count, 8 + headerLength + 44_426 * 4)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"format\":\"pt\"},\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[6,1,5,5],\"data_offsets\":[0,600]}"))
        XCTAssertTrue(header.contains("\"fc3.bias\":{\"dtype\":\"F32\",\"shape\":[10],\"data_offsets\":[177664,177704]}"))

        let decoded = try Safetensors.decode(bytes)
        XCTAssertEqual(decoded.metadata, ["format": "pt"])
        let copy = try Network(architecture: .convNet, maxBatch: 1)
        try Safetensors.load(decoded.tensors, into: copy.parameters, network: "ConvNet")
        XCTAssertEqual(copy.parameters.valuesArray(), network.parameters.valuesArray())
    }

    func testForeignTruncatedAndBadFilesAreRejected() throws {
        let convNet = try Network(architecture: .convNet, maxBatch: 1)
        let myNet = try Network(architecture: .myNet, maxBatch: 1)
        let bytes = Safetensors.encode(convNet.parameters)
        XCTAssertThrowsError(try Safetensors.load(try Safetensors.decode(bytes).tensors, into: myNet.parameters, network: "MyNet")) { error in
            XCTAssertEqual(error as? SafetensorsError, .shapeMismatch(tensor: "conv1.weight", expected: [20, 1, 5, 5], found: [6, 1, 5, 5]))
        }
        XCTAssertThrowsError(try Safetensors.decode(Array(bytes.dropLast(4))))
        XCTAssertThrowsError(try Safetensors.decode(Array(bytes.prefix(5))))
        var notJSON = bytes
        notJSON[8] = UInt8(ascii: "x")
        XCTAssertThrowsError(try Safetensors.decode(notJSON))
        var hugeLength = bytes
        hugeLength[7] = 0x7f
        XCTAssertThrowsError(try Safetensors.decode(hugeLength))
    }
}
