import ArgumentParser
import Pipeline
import Plot

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
            let builder = ReportBuilder(directory: dir)
            try builder.writeFiguresAndReport(command: commandLine(), format: format) { event in
                switch event {
                case .wrote(let path): count += 1; if path.hasSuffix(".md") { print("wrote \(path)") }
                case .notice(let text): printNotice(text)
                case .decided, .training: break
                }
            }
            print("wrote \(count - 1) figures to \(builder.figuresDirectory)")
        }
    }
}
