// libFuzzer harness for the safetensors reader (Sources/NeuralNet/Safetensors.swift): decode, then load
// into a small store and into ConvNet's store, as `digits train --resume` does.
// Thrown SafetensorsErrors are expected; only traps, sanitizer reports, timeouts and OOMs are findings.
import NeuralNet
private let smallShapes: [(name: String, shape: [Int])] = [("w", [2, 3]), ("b", [3])]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let decoded = try Safetensors.decode(bytes)
        for tensor in decoded.tensors.values {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "shape does not match the values")
        }
        for shapes in [smallShapes, NetworkArchitecture.convNet.parameterShapes] {
            do {
                try Safetensors.load(decoded.tensors, into: ParameterStore(shapes: shapes), network: "fuzz")
            } catch is SafetensorsError {
            }
        }
    } catch is SafetensorsError {
    } catch {
        fatalError("Safetensors threw a non-SafetensorsError: \(error)")
    }
    return 0
}
