// libFuzzer harness for the params-file parser (Sources/Pipeline/ParamsFile.swift, over Yams).
// The input is decoded as UTF-8, invalid sequences replaced (ReportParameters.load rejects non-UTF-8
// files before parsing). Thrown ParametersErrors are expected; only traps, sanitizer reports,
// timeouts and OOMs are findings.
import Pipeline

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParams(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let parameters = try ReportParameters.parse(text, file: "fuzz.yaml")
        for (network, config) in parameters.networks {
            precondition(config.network == network, "a section configured the wrong network")
            try config.validate()
        }
    } catch is ParametersError {
    } catch {
        fatalError("ReportParameters.parse threw a non-ParametersError: \(error)")
    }
    return 0
}
