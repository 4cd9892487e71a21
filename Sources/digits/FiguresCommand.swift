import ArgumentParser
import Foundation
import Pipeline
import Plot
import Report
import Training

/// `digits figures`: redraws every figure and the report from the runs, never training.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Redraw DIR/figures and DIR/report.md from DIR/runs without training.")

    @Option(help: "Report folder.") var dir = "report"
    @Option(help: "File format of the figures.") var format: OutputFormat = .png

    func run() throws {
        try reportingErrors {
            var count = 0
            try ReportBuilder(directory: dir).writeFiguresAndReport(command: commandLine(), format: format) { event in
                if case .wrote(let path) = event { count += 1; if path.hasSuffix(".md") { print("wrote \(path)") } }
            }
            print("wrote \(count - 1) figures to \(ReportBuilder(directory: dir).figuresDirectory)")
        }
    }
}
