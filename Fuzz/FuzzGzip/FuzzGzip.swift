// libFuzzer harness for the gzip reader (Sources/MNIST/Gzip.swift), with an 8 MiB output limit; the
// output also goes through the IDX reader, as in MNISTDataset.
// Thrown MNISTErrors are expected; only traps, sanitizer reports, timeouts and OOMs are findings.
import MNIST
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = 8 << 20
    do {
        let output = try Gzip.decompress(bytes, path: "fuzz.gz", limit: limit)
        precondition(output.count <= limit, "output over the limit")
        for magic in [IDX.imagesMagic, IDX.labelsMagic] {
            _ = try? IDX.parse(output, expectedMagic: magic, path: "fuzz")
        }
    } catch is MNISTError {
    } catch {
        fatalError("Gzip.decompress threw a non-MNISTError: \(error)")
    }
    return 0
}
