import NeuralNet
import Training

/// The figures of one network.
public struct NetworkBenchmark: Equatable, Sendable {
    public var network: NetworkName
    /// Median over the timed blocks of training images per second (gather + forward + backward + Adam).
    public var trainImagesPerSecond: Double
    /// Median over the timed blocks of images per second through `Trainer.evaluate`.
    public var inferenceImagesPerSecond: Double
    /// Forward + backward FLOPs of one training image (SummaryTable: 6 × multiply-adds).
    public var trainFLOPsPerImage: Int
    /// Where a training step's time goes, from one extra profiled block: seconds per step, layer by
    /// layer (CPU time summed over the threads).
    public var profile: [LayerTime]
    /// Achieved training GFLOP/s: images per second × FLOPs per image.
    public var trainGFLOPs: Double { trainImagesPerSecond * Double(trainFLOPsPerImage) / 1e9 }
}

/// Everything one `digits bench` run measured.
public struct BenchmarkResult: Equatable, Sendable {
    /// The CPU, as /proc/cpuinfo names it.
    public var cpu: String
    /// The engine's kernel path.
    public var kernels: KernelPath
    /// This machine's fp32 FMA peak with `kernels`' vectors on `threads` threads, measured in the same run.
    public var peakGFLOPs: Double
    /// OpenBLAS's sgemm GFLOP/s (square `sgemmSize`, `threads` threads, median), in the same run: a reference.
    public var sgemmGFLOPs: Double
    public var sgemmSize: Int
    public var threads: Int
    public var batchSize: Int
    public var steps: Int
    public var blocks: Int
    public var networks: [NetworkBenchmark]

    /// One JSON object: `{"cpu": …, "kernels": …, "peak_gflops": …, "sgemm_gflops": …, "threads": …, "networks": {…}}`.
    public var json: String {
        func number(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "null" }
        let entries = networks.map { bench in
            let layers = bench.profile.map { "\"\($0.layer)\": [\(number($0.forwardSeconds * 1e3)), \(number($0.backwardSeconds * 1e3))]" }
            return "\"\(bench.network.rawValue)\": {\"train_images_per_second\": \(number(bench.trainImagesPerSecond)), "
                + "\"inference_images_per_second\": \(number(bench.inferenceImagesPerSecond)), "
                + "\"train_gflops\": \(number(bench.trainGFLOPs)), \"share_of_peak\": \(number(bench.trainGFLOPs / peakGFLOPs)), "
                + "\"step_ms_forward_backward\": {\(layers.joined(separator: ", "))}}"
        }
        return "{\"cpu\": \"\(cpu)\", \"kernels\": \"\(kernels.rawValue)\", \"peak_gflops\": \(number(peakGFLOPs)), "
            + "\"sgemm_gflops\": \(number(sgemmGFLOPs)), \"threads\": \(threads), \"networks\": {\(entries.joined(separator: ", "))}}"
    }

    /// Tables for people: the speeds, then each network's time per layer.
    public var table: String {
        let plural = threads == 1 ? "" : "s"
        var lines = [
            "CPU: \(cpu); kernels: \(kernels.summary)",
            String(format: "fp32 FMA peak, %d thread%@: %.1f GFLOP/s; OpenBLAS sgemm %d^3 (reference): %.1f GFLOP/s",
                   threads, plural, peakGFLOPs, sgemmSize, sgemmGFLOPs),
            "training: batch \(batchSize), Adam, \(threads) thread\(plural); median of \(blocks) blocks of \(steps) steps after a warm-up block",
        ]
        lines += Self.format(
            headers: ["network", "train img/s", "infer img/s", "MFLOP/img", "train GFLOP/s", "% of peak"],
            rows: networks.map { bench in
                [bench.network.architecture.className,
                 String(format: "%.0f", bench.trainImagesPerSecond),
                 String(format: "%.0f", bench.inferenceImagesPerSecond),
                 String(format: "%.2f", Double(bench.trainFLOPsPerImage) / 1e6),
                 String(format: "%.1f", bench.trainGFLOPs),
                 String(format: "%.1f%%", 100 * bench.trainGFLOPs / peakGFLOPs)]
            })
        for bench in networks {
            let total = bench.profile.reduce(0) { $0 + $1.forwardSeconds + $1.backwardSeconds }
            lines.append("")
            lines.append("\(bench.network.architecture.className): time per training step by layer (CPU ms, summed over threads)")
            lines += Self.format(
                headers: ["layer", "forward ms", "backward ms", "share"],
                rows: bench.profile.map { entry in
                    [entry.layer, String(format: "%.3f", entry.forwardSeconds * 1e3), String(format: "%.3f", entry.backwardSeconds * 1e3),
                     String(format: "%.1f%%", 100 * (entry.forwardSeconds + entry.backwardSeconds) / max(total, 1e-12))]
                })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table with a rule above and below the rows; first column left-aligned, the others right-aligned.
    static func format(headers: [String], rows: [[String]]) -> [String] {
        var widths = headers.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return [rule, line(headers), rule] + rows.map(line) + [rule]
    }
}
