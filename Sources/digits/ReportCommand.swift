import ArgumentParser
import Foundation
import Pipeline
import Plot
import Report
import Training

/// `digits report`: the whole report from one command, reusing runs whose configuration is unchanged.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Train what changed, draw the figures and write DIR/report.md.",
        discussion: HyperparameterOptions.helpText + "\n\nA hyperparameter given here applies to both networks and overrides the params file.")

    @Option(help: "Report folder.") var dir = "report"
    @Option(help: "Hyperparameter file (default: DIR/params.yaml, else report/params.yaml, else the built-in networks and defaults).") var params: String?
    @Flag(help: "Retrain both networks even when their runs could be reused.") var force = false
    @Option(parsing: .unconditional, help: "Train each network with seeds 1…N (overrides the params file's seeds and seed).") var seeds: Int?
    @Option(help: "File format of the figures.") var format: OutputFormat = .png
    @OptionGroup var hyperparameters: HyperparameterOptions
    @OptionGroup var computeOptions: ComputeOptions

    func run() throws {
        try reportingErrors {
            Interruption.install()
            let resolved = try ReportParameters.resolve(explicit: params, directory: dir)
            if let notice = resolved.notice { printNotice(notice) }
            let parameters = try resolved.parameters.applying(try hyperparameters.flags(), seeds: seeds)
            let board = ProgressBoard()
            defer { board.finish() }
            let builder = ReportBuilder(directory: dir)
            let compute = try computeOptions.settings(configured: parameters.threads)
            try builder.build(parameters: parameters, compute: compute, force: force, command: commandLine(), format: format, shouldStop: { Interruption.requested }) { event in
                switch event {
                case .decided(let run, .reuse):
                    print("\(run): reusing \(builder.folder(of: run)) (same configuration, data and code)")
                case .decided(let run, .train(let reason)):
                    print("\(run): training (\(reason))")
                    let config = parameters.config(for: run)
                    board.add(key: "\(run)", label: "\(run)", config: config, trainingImages: config.trainingImages(ofFileImages: 60_000))
                case .training(let run, let progress):
                    board.handle(progress, of: "\(run)")
                case .wrote(let path):
                    if path.hasSuffix(".md") { print("wrote \(path)") }
                case .notice(let text):
                    printNotice(text)
                }
            }
        }
    }
}

/// The command as typed, for the manifest: `make report` when make ran it.
func commandLine() -> String {
    if let target = ProcessInfo.processInfo.environment["DIGITS_MAKE_TARGET"] { return "make \(target)" }
    return (["digits"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}

extension OutputFormat: ExpressibleByArgument {}
