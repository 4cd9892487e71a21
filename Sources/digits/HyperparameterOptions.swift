import ArgumentParser
import NeuralNet
import Training

extension NetworkName: ExpressibleByArgument {}

/// The hyperparameter flags of `train` and `report`, one per row of `TrainingConfig.settings`: the
/// table gives the flag, its help and how its value is read and checked, so a new setting needs no
/// edit here. Each flag left out keeps the configured value.
///
/// They are not declared one by one as `@Option`s because swift-argument-parser takes its options from
/// property wrappers fixed at compile time; the table is data, and one declaration per setting here
/// would be a second list to keep in step with it. ArgumentParser passes on what it does not know, and
/// `SettingFlags` reads that once, through the table.
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

    /// The flags, each matched to its setting; an unknown flag is an error naming it.
    func flags() throws(ConfigError) -> SettingFlags {
        try SettingFlags(parsing: arguments)
    }
}
