import CBLAS
import Foundation
import MNIST
import NeuralNet

import Training

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
