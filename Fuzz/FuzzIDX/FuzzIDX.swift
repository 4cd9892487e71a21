// libFuzzer harness for the IDX reader (Sources/MNIST/IDX.swift), both magic numbers.
// Thrown MNISTErrors are expected; only traps, sanitizer reports, timeouts and OOMs are findings.
import MNIST
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for magic in [IDX.imagesMagic, IDX.labelsMagic] {
        do {
            let array = try IDX.parse(bytes, expectedMagic: magic, path: "fuzz.idx")
            // Sanity: a parsed array must describe exactly its data.
            precondition(array.dimensions.reduce(1, *) == array.data.count, "dimensions do not match the data")
        } catch is MNISTError {
        } catch {
            fatalError("IDX.parse threw a non-MNISTError: \(error)")
        }
    }
    return 0
}
