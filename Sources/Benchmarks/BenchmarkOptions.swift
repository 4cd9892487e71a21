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
