import ArgumentParser
import NeuralNet
import Training

/// `--threads`: how many threads compute. A speed setting only: any count gives the same results.
struct ComputeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Threads to compute with (default: every core). Results do not depend on it.") var threads: Int?

    /// The thread count (flag, else `configured`, else every core) and the kernel path
    /// (`DIGITS_KERNELS`, else the widest this CPU has).
    func settings(configured: Int? = nil) throws -> ComputeSettings {
        if let threads {
            do {
                try ComputeSettings.validateThreads(threads)
            } catch {
                throw error.renamed("--threads")
            }
        }
        var settings = try ComputeSettings.automatic()
        if let chosen = threads ?? configured { settings.threads = chosen }
        return settings
    }
}
