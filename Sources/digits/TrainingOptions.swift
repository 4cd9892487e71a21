import ArgumentParser
import NeuralNet
import Training

extension NetworkName: ExpressibleByArgument {}

/// The hyperparameter flags of `train` and `report`, one per row of `TrainingConfig.settings`: the
/// table gives the flag, its help and how its value is read and checked, so a new setting needs no
/// edit here. Each flag left out keeps the configured value.
struct HyperparameterOptions: ParsableArguments {
    /// Every argument the command itself does not know, read here through the settings table.
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    /// The flags and their help, for the commands' `--help`.
    static var helpText: String {
        let rows = TrainingConfig.settings.map { (([$0.flag] + $0.aliases).joined(separator: ", ") + " <\($0.valueName)>", $0.help) }
        let width = rows.map(\.0.count).max() ?? 0
        return "HYPERPARAMETERS (each left out keeps its configured value):\n"
            + rows.map { "  " + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }

    /// The keys of the settings given as flags, e.g. `learning_rate` for `--lr 0.01`.
    var keysGiven: Set<String> {
        Set(arguments.compactMap { argument in
            let flag = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            return flag.hasPrefix("--") ? TrainingConfig.setting(forFlag: flag)?.key : nil
        })
    }

    /// `base` with every given flag applied and checked; a bad value is reported with its flag.
    func apply(to base: TrainingConfig) throws(ConfigError) -> TrainingConfig {
        let config = try base.applying(flags: arguments)
        try Self.check(config)
        return config
    }

    /// Validates `config` (against the number of training images when known), naming flags, not keys.
    static func check(_ config: TrainingConfig, trainingImages: Int? = nil) throws(ConfigError) {
        do {
            try config.validate(trainingImages: trainingImages)
        } catch {
            throw error.renamed(TrainingConfig.setting(forKey: error.key)?.flag ?? error.key)
        }
    }
}

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
