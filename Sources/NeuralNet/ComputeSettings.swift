import Foundation

/// How the engine computes: a speed setting only. The thread count and the kernel path change how
/// fast a run goes, never its results.
public struct ComputeSettings: Equatable, Sendable {
    /// Worker threads (at least 1).
    public var threads: Int
    public var kernels: KernelPath

    public init(threads: Int, kernels: KernelPath = .widest) {
        self.threads = max(1, threads)
        self.kernels = kernels
    }

    /// Every core of the machine and the path `KernelPath.selected()` gives.
    public static func automatic() throws -> ComputeSettings {
        ComputeSettings(threads: ProcessInfo.processInfo.activeProcessorCount, kernels: try KernelPath.selected())
    }
}
