import Foundation
import Training

/// Shows training progress: a live bar on a terminal, one line per epoch otherwise (CI, pipes).
final class ProgressPrinter {
    private let label: String
    private let totalEpochs: Int
    private let live: Bool
    private var lastDraw: UInt64 = 0

    init(label: String, totalEpochs: Int) {
        self.label = label
        self.totalEpochs = totalEpochs
        live = isatty(STDERR_FILENO) != 0
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .batch(let epoch, let batch, let count, let runningLoss, let elapsed, let imagesPerSecond):
            guard live else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            guard batch == count || now - lastDraw > 100_000_000 else { return }
            lastDraw = now
            let width = 24
            let filled = width * batch / max(1, count)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let eta = elapsed / Double(batch) * Double(count - batch)
            let line = String(format: "\r%@ epoch %d/%d %@ %d/%d  %.0f img/s  loss %.4f  ETA %.0fs ",
                              label, epoch, totalEpochs, bar, batch, count, imagesPerSecond, runningLoss, eta)
            FileHandle.standardError.write(Data(line.utf8))
        case .epoch(let record):
            if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(String(format: "%@ epoch %2d/%d  train loss %.4f acc %6.2f%%  val loss %.4f acc %6.2f%%  lr %.2e  %.1fs",
                         label, record.epoch, totalEpochs, record.trainLoss, record.trainAccuracy * 100,
                         record.valLoss, record.valAccuracy * 100, record.learningRate, record.seconds))
            fflush(nil)   // all C streams: the line above is on standard output
        }
    }
}
