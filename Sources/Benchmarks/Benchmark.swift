import CBLAS
import Foundation
import MNIST
import NeuralNet

import Training

/// How much work `Benchmark.run` does.
public struct BenchmarkOptions: Equatable, Sendable {
    /// Training steps (mini-batches) per timed block; inference covers `steps × batchSize` images a block.
    public var steps: Int
    /// Timed blocks after the warm-up block; the figures are their medians.
    public var blocks: Int
    /// Threads of the engine (as `digits train --threads`) and of OpenBLAS's reference sgemm.
    public var threads: Int
    /// The engine's kernel path.
    public var kernels: KernelPath
    /// Images per training mini-batch.
    public var batchSize: Int
    /// The side of the square sgemm that measures the machine's peak (2048 → 2048³).
    public var sgemmSize: Int
    /// sgemm calls timed after one warm-up call; the figure is their median.
    public var sgemmRepeats: Int
    /// The networks to measure, in order.
    public var networks: [NetworkName]
    /// Architectures other than the built-in ones (from a params file), by network.
    public var architectures: [NetworkName: NetworkArchitecture] = [:]

    public init(steps: Int = 100, blocks: Int = 5, threads: Int = 2, kernels: KernelPath = .widest, batchSize: Int = 64,
                sgemmSize: Int = 2048, sgemmRepeats: Int = 5, networks: [NetworkName] = NetworkName.allCases) {
        self.steps = steps
        self.blocks = blocks
        self.threads = threads
        self.kernels = kernels
        self.batchSize = batchSize
        self.sgemmSize = sgemmSize
        self.sgemmRepeats = sgemmRepeats
        self.networks = networks
    }

    func validate() throws(BenchmarkError) {
        guard steps > 0 else { throw BenchmarkError(option: "steps", message: "must be a positive whole number, got \(steps)") }
        guard blocks > 0 else { throw BenchmarkError(option: "blocks", message: "must be a positive whole number, got \(blocks)") }
        guard threads > 0, threads <= 256 else { throw BenchmarkError(option: "threads", message: "must be between 1 and 256, got \(threads)") }
        guard batchSize > 0 else { throw BenchmarkError(option: "batch-size", message: "must be a positive whole number, got \(batchSize)") }
        guard sgemmSize > 0, sgemmRepeats > 0 else { throw BenchmarkError(option: "sgemm", message: "size and repeats must be positive") }
    }
}

/// A benchmark option that cannot be used, naming its flag.
public struct BenchmarkError: Error, Equatable, CustomStringConvertible {
    /// The flag without its dashes, e.g. `steps`.
    public let option: String
    public let message: String

    public var description: String { "--\(option): \(message)" }
}

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

/// Measures training and inference speed of the two networks on real MNIST mini-batches, through the
/// same code as `digits train` (`Trainer.step`, `Trainer.evaluate`), and the machine's sgemm peak.
public enum Benchmark {
    /// Runs every measurement of `options` on `data` (the MNIST training file is the source of images).
    public static func run(data: MNIST, options: BenchmarkOptions = BenchmarkOptions()) throws -> BenchmarkResult {
        try options.validate()
        let peak = peakGFLOPs(kernels: options.kernels, threads: options.threads)
        let sgemm = sgemmGFLOPs(size: options.sgemmSize, threads: options.threads, repeats: options.sgemmRepeats)
        var networks: [NetworkBenchmark] = []
        for name in options.networks {
            networks.append(try measure(name, data: data, options: options))
        }
        return BenchmarkResult(cpu: CPUDescription.modelName, kernels: options.kernels, peakGFLOPs: peak,
                               sgemmGFLOPs: sgemm, sgemmSize: options.sgemmSize, threads: options.threads,
                               batchSize: options.batchSize, steps: options.steps, blocks: options.blocks, networks: networks)
    }

    /// Training and inference images per second of one network.
    static func measure(_ name: NetworkName, data: MNIST, options: BenchmarkOptions) throws -> NetworkBenchmark {
        var config = TrainingConfig.defaults(for: name)
        config.architecture = options.architectures[name] ?? name.architecture
        config.batchSize = options.batchSize
        config.optimizer = .adam
        let images = data.train
        guard images.count >= options.batchSize else {
            throw BenchmarkError(option: "batch-size", message: "\(options.batchSize) is larger than the \(images.count) training images")
        }
        // Steps walk the whole training file; the plan only checks the settings.
        let trainer = try Trainer(plan: TrainingPlan(config, data: data), compute: ComputeSettings(threads: options.threads, kernels: options.kernels))
        let summary = try SummaryTable(architecture: trainer.network.architecture)
        // A fixed shuffled order, walked cyclically: real, varied mini-batches, the same in every run.
        var generator = SplitMix64(seed: config.seed)
        var order = Array(0..<images.count)
        generator.shuffle(&order)
        let batchesAvailable = images.count / options.batchSize
        var nextBatch = 0

        func trainingBlock() -> Double {
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<options.steps {
                let start = nextBatch * options.batchSize
                trainer.step(on: images, indices: order[start..<(start + options.batchSize)], learningRate: config.learningRate)
                nextBatch = (nextBatch + 1) % batchesAvailable
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return Double(options.steps * options.batchSize) / max(seconds, 1e-9)
        }

        let inferenceCount = min(images.count, options.steps * options.batchSize)
        let inferenceImages = images.slice(0..<inferenceCount)
        func inferenceBlock() -> Double {
            let started = DispatchTime.now().uptimeNanoseconds
            _ = trainer.evaluate(inferenceImages)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return Double(inferenceCount) / max(seconds, 1e-9)
        }

        _ = trainingBlock()
        let training = (0..<options.blocks).map { _ in trainingBlock() }
        trainer.isProfiling = true
        _ = trainingBlock()
        trainer.isProfiling = false
        let perStep = 1 / Double(options.steps)
        let profile = trainer.profile.map {
            LayerTime(layer: $0.layer, forwardSeconds: $0.forwardSeconds * perStep, backwardSeconds: $0.backwardSeconds * perStep)
        }
        _ = inferenceBlock()
        let inference = (0..<options.blocks).map { _ in inferenceBlock() }
        return NetworkBenchmark(network: name, trainImagesPerSecond: median(training),
                                inferenceImagesPerSecond: median(inference), trainFLOPsPerImage: summary.trainingFLOPsPerImage,
                                profile: profile)
    }

    /// GFLOP/s of C = A·B for square `size` matrices with `threads` OpenBLAS threads: the median of
    /// `repeats` timed calls after one warm-up call. Restores the engine's thread count afterwards.
    public static func sgemmGFLOPs(size: Int, threads: Int, repeats: Int) -> Double {
        // OpenBLAS's own threads here: this is the library's peak, not the engine's.
        openblas_set_num_threads(Int32(threads))
        let count = size * size
        let a = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        var generator = SplitMix64(seed: 42)
        for index in 0..<count {
            a[index] = generator.nextFloat(in: -1, 1)
            b[index] = generator.nextFloat(in: -1, 1)
        }
        c.initialize(repeating: 0, count: count)
        let n = Int32(size)
        func call() -> Double {
            let started = DispatchTime.now().uptimeNanoseconds
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
            return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        _ = call()
        let seconds = (0..<repeats).map { _ in call() }
        return 2 * Double(size) * Double(size) * Double(size) / max(median(seconds), 1e-12) / 1e9
    }

    /// GFLOP/s of `threads` threads each running the kernel path's loop of independent fused
    /// multiply-adds (`FMAPeakLoop`): the most this machine can compute with those vectors. Median of 5.
    public static func peakGFLOPs(kernels: KernelPath, threads: Int, iterations: Int = 20_000_000) -> Double {
        func once() -> Double {
            var flops = [Int](repeating: 0, count: threads)
            let started = DispatchTime.now().uptimeNanoseconds
            flops.withUnsafeMutableBufferPointer { flops in
                concurrently(threads) { thread in
                    let result = kernels.fmaPeakLoop(iterations: iterations)
                    // The result takes part, so the loop cannot be removed; it is never NaN for these inputs.
                    flops[thread] = result.result.isNaN ? 0 : result.flops
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return Double(flops.reduce(0, +)) / max(seconds, 1e-12) / 1e9
        }
        _ = once()
        return median((0..<5).map { _ in once() })
    }

    /// The middle value (mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
