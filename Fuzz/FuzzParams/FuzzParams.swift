// libFuzzer harness for the params-file parser (Sources/Pipeline/ParamsFile.swift, over Yams).
// The input is decoded as UTF-8, invalid sequences replaced (ReportParameters.load rejects non-UTF-8
// files before parsing). Thrown ParametersErrors (and ConfigErrors of values no line holds) are expected; only traps,
// sanitizer reports, timeouts and OOMs are findings.
import Pipeline
import Training

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParams(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let parameters = try ReportParameters.parse(text, file: "fuzz.yaml")
        for (network, config) in parameters.networks {
            precondition(config.network == network, "a section configured the wrong network")
            // As the pipeline does (ReportBuilder, TrialRun): a value parse accepts may still fail a check across settings
            // (a batch too large for memory), which is then said at its line in the file.
            do { try config.validate() } catch { throw parameters.locate(error, network: network) }
        }
    } catch is ParametersError {
    } catch is ConfigError {
        // Located where no line is known (a default value): still a typed, reported error.
    } catch {
        fatalError("ReportParameters.parse threw a non-ParametersError: \(error)")
    }
    return 0
}
