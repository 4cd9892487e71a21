import ArgumentParser
import CPUFeatures
import Foundation
import Pipeline
import Training

/// `digits`: trains and reports on the two CNNs of the MNIST assignment.
@main
struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Train ConvNet (LeNet-5) and MyNet on MNIST and report on them.",
        discussion: "digits --version prints the version, the commit it was built from and the training code version.",
        subcommands: [ReportCommand.self, Train.self, Eval.self, Summary.self, Check.self, ExportPyTorch.self, FiguresCommand.self, Verify.self, Bench.self])

    /// Parses and runs like `ParsableCommand.main()`, except that a bad argument is reported as one
    /// line on standard error (naming the option and the allowed values) instead of a usage screen.
    static func main() {
        #if arch(x86_64)
        // The engine's loops are compiled for AVX2 + FMA; this module is not, so it can still say so.
        guard digits_cpu_has_avx2_fma() != 0 else {
            FileHandle.standardError.write(Data("digits: error: this CPU lacks AVX2 and FMA, which digits needs on x86-64 (every x86 server CPU since 2013 has them); run it on a newer machine\n".utf8))
            Foundation.exit(1)
        }
        #endif
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(versionLine())
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }   // --help and friends
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? ""
            if !message.isEmpty {
                let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
                FileHandle.standardError.write(Data("digits: error: \(text) (see digits --help)\n".utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// The version of digits, so a TA can tell a report's code apart from another.
let digitsVersion = "1.0.0"

/// `digits 1.0.0 (commit 8622d33…, uncommitted changes; training code version 4)`.
func versionLine() -> String {
    let checkout = SourceCheckout.locate()
    var source = "commit unknown (not built from a git checkout)"
    if let commit = checkout.commit, !commit.isEmpty {
        let state = checkout.hasUncommittedChanges(excluding: "report").map { $0 ? ", uncommitted changes" : "" } ?? ", git could not tell whether it has uncommitted changes"
        source = "commit \(commit)\(state) in \(checkout.root ?? "?")"
    }
    return "digits \(digitsVersion) (\(source); training code version \(TrainingRun.codeVersion))"
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
