// libFuzzer harness for the Python class reader (Sources/NeuralNet/Description): any bytes, decoded
// as UTF-8 with invalid sequences replaced, are read as a class file. A PythonModelError is expected;
// a trap, a sanitizer report, a timeout or an OOM is a finding. Whatever is read must build.
import NeuralNet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPythonReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let architecture = try PythonClassReader.architecture(file: "fuzz.py", text: text)
        _ = try architecture.stepShapes()
        _ = architecture.stateDictShapes
        _ = architecture.entries
    } catch is PythonModelError {
    } catch is ArchitectureError {
    } catch {
        fatalError("the class reader threw something else: \(error)")
    }
    return 0
}
