import ArgumentParser
import Foundation

/// `digits`: trains and reports on the two CNNs of the MNIST assignment.
@main
struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Train ConvNet (LeNet-5) and MyNet on MNIST and report on them.",
        subcommands: [Train.self, Eval.self, Summary.self, Bench.self])
}

/// Runs `body`, turning any error into one line on standard error and a non-zero exit status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("digits: error: \(error)\n".utf8))
        throw ExitCode(Interruption.requested ? Interruption.exitCode : 1)
    }
}
