import ArgumentParser
import Pipeline
import Report

/// `digits check`: the networks' parameter counts against the params file's `expected_parameters`,
/// without training: a fast guard for CI.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check each network's parameter count against expected_parameters in the params file (no training).",
        discussion: "Exits with status 0 when every count matches (or none is stated) and 1 with the expected and actual counts and the per-layer table otherwise.")

    @OptionGroup var paramsFile: ParamsFileOptions

    func run() throws {
        try reportingErrors {
            let parameters = try paramsFile.load()
            var failed = false
            for outcome in try ParameterCheck.outcomes(parameters) {
                let name = outcome.network.architecture.className
                let actual = PythonFormat.grouped(outcome.actual)
                guard let expected = outcome.expected else {
                    print("\(name): \(actual) parameters (no expected_parameters stated)")
                    continue
                }
                if outcome.matches {
                    print("\(name): \(actual) parameters, as expected")
                } else {
                    failed = true
                    print("\(name): MISMATCH: expected \(PythonFormat.grouped(expected)) parameters, the architecture has \(actual)")
                    print(outcome.facts.extendedTable, terminator: "")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
