import Foundation
import Training

/// Training progress of one command's runs, however many train side by side: on a terminal a live
/// block on standard error (one moving line per training run and the command's total estimate), and
/// one line per finished epoch on standard output, which is all a pipe or CI gets; each epoch line
/// ends with its run's time left and the command's.
final class ProgressBoard {
    /// One run: its label, size and where it has got to.
    private struct Run {
        let label: String
        let epochs: Int
        /// Its share of the command's work: epochs × training images × multiply-adds per image.
        let work: Double
        var fractionDone = 0.0
        var started: UInt64?
        var line = ""
        var finished = false
    }

    private var runs: [String: Run] = [:]
    private var order: [String] = []
    private let live: Bool
    private var started: UInt64?
    private var lastDraw: UInt64 = 0
    private var drawnLines = 0

    init() {
        live = isatty(STDERR_FILENO) != 0
    }

    /// Adds a run that will train: `key` names it in `handle`, `label` in the lines.
    func add(key: String, label: String, config: TrainingConfig, trainingImages: Int) {
        let work = Double(config.epochs) * Double(trainingImages) * Double(max(1, config.architecture.multiplyAddsPerImage()))
        runs[key] = Run(label: label, epochs: config.epochs, work: work)
        order.append(key)
    }

    /// A progress event of the run `key`.
    func handle(_ event: TrainingEvent, of key: String) {
        guard var run = runs[key] else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if started == nil { started = now }
        if run.started == nil { run.started = now }
        switch event {
        case .batch(let epoch, let batch, let count, let runningLoss, _, let imagesPerSecond):
            run.fractionDone = (Double(epoch - 1) + Double(batch) / Double(max(1, count))) / Double(max(1, run.epochs))
            let width = 20
            let filled = width * batch / max(1, count)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            run.line = String(format: "%@ epoch %d/%d %@ %.0f img/s  loss %.4f  %@ left", run.label, epoch, run.epochs, bar,
                              imagesPerSecond, runningLoss, Self.duration(timeLeft(of: run, now: now)))
            runs[key] = run
            if live, batch == count || now - lastDraw > 100_000_000 { draw(now: now) }
        case .epoch(let record):
            run.fractionDone = Double(record.epoch) / Double(max(1, run.epochs))
            run.finished = record.epoch == run.epochs
            runs[key] = run
            let left = run.finished ? "done" : Self.duration(timeLeft(of: run, now: now)) + " left"
            let total = totalLeft(now: now).map { "; all runs: about \(Self.duration($0)) left" } ?? ""
            let text = String(format: "%@ epoch %2d/%d  train loss %.4f acc %6.2f%%  val loss %.4f acc %6.2f%%  lr %.2e  %.1fs  (%@%@)",
                              run.label, record.epoch, run.epochs, record.trainLoss, record.trainAccuracy * 100,
                              record.valLoss, record.valAccuracy * 100, record.learningRate, record.seconds, left,
                              order.count > 1 ? total : "")
            clear()
            print(text)
            fflush(nil)   // all C streams: the line above is on standard output
            if live { draw(now: now) }
        }
    }

    /// Removes the live block (before the command prints its last lines).
    func finish() {
        clear()
    }

    /// The run's seconds left at its own pace so far.
    private func timeLeft(of run: Run, now: UInt64) -> Double {
        guard let started = run.started, run.fractionDone > 0 else { return .nan }
        let elapsed = Double(now - started) / 1e9
        return elapsed / run.fractionDone * (1 - run.fractionDone)
    }

    /// The command's seconds left: the work left at the pace of the work done since training began
    /// (which counts runs that share the cores as they share them); nil before any is done.
    private func totalLeft(now: UInt64) -> Double? {
        guard let started else { return nil }
        let done = runs.values.reduce(0) { $0 + $1.work * $1.fractionDone }
        let total = runs.values.reduce(0) { $0 + $1.work }
        guard done > 0 else { return nil }
        return Double(now - started) / 1e9 / done * (total - done)
    }

    private func draw(now: UInt64) {
        lastDraw = now
        var lines = order.compactMap { runs[$0] }.filter { !$0.finished && !$0.line.isEmpty }.map(\.line)
        if order.count > 1, let left = totalLeft(now: now) {
            let remaining = runs.values.filter { !$0.finished }.count
            lines.append("all runs: \(remaining) of \(order.count) to finish, about \(Self.duration(left)) left")
        }
        // A line wider than the terminal would wrap and break the cursor moves that redraw the block.
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        for line in lines { text += "\r\u{1B}[K" + String(line.prefix(columns - 1)) + "\n" }
        if lines.count < drawnLines { text += "\u{1B}[J" }
        drawnLines = lines.count
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func clear() {
        guard live, drawnLines > 0 else { return }
        FileHandle.standardError.write(Data("\u{1B}[\(drawnLines)A\r\u{1B}[J".utf8))
        drawnLines = 0
    }

    /// `45s`, `4m10s`, `1h02m`; `?` when unknown.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole / 60 % 60))m"
    }
}
