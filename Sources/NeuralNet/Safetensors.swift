import Foundation

/// Why a safetensors file cannot be read or does not fit a network.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    case truncated(String)
    case badHeader(String)
    case unsupportedType(tensor: String, dtype: String)
    case badOffsets(tensor: String)
    case missingTensor(String, network: String)
    case unexpectedTensor(String, network: String)
    case shapeMismatch(tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .truncated(let detail): return "the file is truncated (\(detail))"
        case .badHeader(let detail): return "the header is not valid safetensors JSON (\(detail))"
        case .unsupportedType(let tensor, let dtype): return "tensor \(tensor) has dtype \(dtype); only F32 (and I64 for counters) is supported"
        case .badOffsets(let tensor): return "tensor \(tensor) has data offsets that do not match its shape or the file"
        case .missingTensor(let name, let network): return "tensor \(name) of \(network) is missing; are these weights of another network?"
        case .unexpectedTensor(let name, let network): return "tensor \(name) is not part of \(network); are these weights of another network?"
        case .shapeMismatch(let tensor, let expected, let found):
            return "tensor \(tensor) has shape \(found) but the network expects \(expected); are these weights of another network?"
        }
    }
}

/// The safetensors format (8-byte little-endian header length, a JSON header, then raw little-endian
/// tensor data), so weights load in PyTorch with `safetensors.torch.load_file`.
public enum Safetensors {
    /// One tensor read from a file.
    public struct Tensor: Equatable {
        public var shape: [Int]
        /// The values of an F32 tensor (empty for I64).
        public var values: [Float]
        /// The values of an I64 tensor (a BatchNorm's `num_batches_tracked`), nil for F32.
        public var integers: [Int64]? = nil
    }

    /// The bytes of a safetensors file holding `store`'s tensors in state_dict order, all F32, with
    /// optional string metadata. The header is padded with spaces to a multiple of 8 bytes so the data
    /// is aligned, as the reference writer does.
    /// The buffers (running statistics) follow the parameters: F32 ones, then the I64 counters.
    public static func encode(_ store: ParameterStore, buffers: BufferStore? = nil, metadata: [String: String] = [:]) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        func entry(_ name: String, _ dtype: String, _ shape: [Int], _ start: Int, _ end: Int) {
            let shape = shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(start),\(end)]}")
        }
        for tensor in store.tensors {
            entry(tensor.name, "F32", tensor.shape, tensor.offset * 4, (tensor.offset + tensor.count) * 4)
        }
        let floatBase = store.count * 4, integerBase = floatBase + (buffers?.floatCount ?? 0) * 4
        for tensor in buffers?.tensors ?? [] {
            let base = tensor.element == .float32 ? floatBase + tensor.offset * 4 : integerBase + tensor.offset * 8
            let width = tensor.element == .float32 ? 4 : 8
            entry(tensor.name, tensor.element.rawValue, tensor.shape, base, base + tensor.count * width)
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + store.count * 4)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for index in 0..<store.count {
            var bits = store.values[index].bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        if let buffers {
            for index in 0..<buffers.floatCount {
                var bits = buffers.floats[index].bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
            }
            for index in 0..<buffers.integerCount {
                var value = buffers.integers[index].littleEndian
                withUnsafeBytes(of: &value) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Parses a safetensors file; every offset and size is checked against the bytes present.
    public static func decode(_ bytes: [UInt8]) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw SafetensorsError.truncated("\(bytes.count) bytes, less than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.truncated("header says \(headerLength) bytes, file has \(bytes.count - 8) after the length")
        }
        let dataStart = 8 + Int(headerLength)
        let headerObject: Any
        do {
            headerObject = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw SafetensorsError.badHeader("not JSON")
        }
        guard let header = headerObject as? [String: Any] else { throw SafetensorsError.badHeader("not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        let dataLength = bytes.count - dataStart
        for (name, value) in header {
            if name == "__metadata__" {
                guard let pairs = value as? [String: Any] else { throw SafetensorsError.badHeader("__metadata__ is not an object") }
                for (key, item) in pairs {
                    guard let text = item as? String else { throw SafetensorsError.badHeader("metadata \(key) is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shapeNumbers = entry["shape"] as? [NSNumber],
                  let offsetNumbers = entry["data_offsets"] as? [NSNumber], offsetNumbers.count == 2
            else { throw SafetensorsError.badHeader("tensor \(name) lacks dtype, shape or data_offsets") }
            guard dtype == "F32" || dtype == "I64" else { throw SafetensorsError.unsupportedType(tensor: name, dtype: dtype) }
            let width = dtype == "F32" ? 4 : 8
            // Sizes and offsets must be written as whole numbers: 1.9, 1e300 or 2^64 are not rounded or wrapped.
            let wholeNumbers = (shapeNumbers + offsetNumbers).map { Int($0.stringValue) }
            guard wholeNumbers.allSatisfy({ $0 != nil }) else { throw SafetensorsError.badOffsets(tensor: name) }
            let shape = wholeNumbers.prefix(shapeNumbers.count).map { $0 ?? -1 }
            guard shape.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }) else { throw SafetensorsError.badOffsets(tensor: name) }
            let start = wholeNumbers[shapeNumbers.count] ?? -1, end = wholeNumbers[shapeNumbers.count + 1] ?? -1
            var elementCount = 1
            for dimension in shape {
                let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= dataLength else { throw SafetensorsError.badOffsets(tensor: name) }
                elementCount = product
            }
            guard start >= 0, end >= start, end <= dataLength, end - start == elementCount * width else {
                throw SafetensorsError.badOffsets(tensor: name)
            }
            if dtype == "I64" {
                var integers = [Int64](repeating: 0, count: elementCount)
                for index in 0..<elementCount {
                    var bits: UInt64 = 0
                    for byte in 0..<8 { bits |= UInt64(bytes[dataStart + start + index * 8 + byte]) << (8 * UInt64(byte)) }
                    integers[index] = Int64(bitPattern: bits)
                }
                tensors[name] = Tensor(shape: shape, values: [], integers: integers)
                continue
            }
            var values = [Float](repeating: 0, count: elementCount)
            for index in 0..<elementCount {
                let base = dataStart + start + index * 4
                let bits = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16 | UInt32(bytes[base + 3]) << 24
                values[index] = Float(bitPattern: bits)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return (tensors, metadata)
    }

    /// Loads decoded tensors into `store` and `buffers`, which together must hold exactly the same
    /// names, shapes and element types.
    public static func load(_ tensors: [String: Tensor], into store: ParameterStore, buffers: BufferStore? = nil, network: String) throws {
        let expected = store.tensors.map { ($0.name, $0.shape, false) } + (buffers?.tensors ?? []).map { ($0.name, $0.shape, $0.element == .int64) }
        for (name, shape, isInteger) in expected {
            guard let found = tensors[name] else { throw SafetensorsError.missingTensor(name, network: network) }
            guard found.shape == shape else { throw SafetensorsError.shapeMismatch(tensor: name, expected: shape, found: found.shape) }
            guard (found.integers != nil) == isInteger else {
                throw SafetensorsError.unsupportedType(tensor: name, dtype: found.integers != nil ? "I64 where F32 is expected" : "F32 where I64 is expected")
            }
        }
        if let extra = tensors.keys.sorted().first(where: { store.tensor(named: $0) == nil && buffers?.tensor(named: $0) == nil }) {
            throw SafetensorsError.unexpectedTensor(extra, network: network)
        }
        for tensor in buffers?.tensors ?? [] {
            guard let found = tensors[tensor.name], let buffers else { continue }
            switch tensor.element {
            case .float32: for (index, value) in found.values.enumerated() { buffers.floats[tensor.offset + index] = value }
            case .int64: for (index, value) in (found.integers ?? []).enumerated() { buffers.integers[tensor.offset + index] = value }
            }
        }
        for tensor in store.tensors {
            guard let found = tensors[tensor.name] else { continue }
            found.values.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                (store.values + tensor.offset).update(from: base, count: tensor.count)
            }
        }
    }

    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
