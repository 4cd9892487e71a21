import NeuralNet
import Report
import Training

/// A network whose parameter count is not the one its params file expects.
public struct ParameterCountError: Error, Equatable, CustomStringConvertible {
    public let network: NetworkName
    public let expected: Int
    public let actual: Int

    public var description: String {
        "\(network.rawValue).expected_parameters is \(PythonFormat.grouped(expected)) but \(network.architecture.className) has "
            + "\(PythonFormat.grouped(actual)) parameters (\(actual > expected ? "+" : "−")\(PythonFormat.grouped(abs(actual - expected)))); "
            + "fix the architecture or the expected count (digits check prints the per-layer table)"
    }
}

/// The `expected_parameters` check of `digits report` (before anything trains) and `digits check`.
public enum ParameterCheck {
    /// One network's count against its expectation.
    public struct Outcome: Sendable {
        public let network: NetworkName
        /// Counted from the network's parameter tensors.
        public let facts: SummaryTable
        /// Nil when the params file states no expectation.
        public let expected: Int?

        public var actual: Int { facts.totalParameters }
        public var matches: Bool { expected.map { $0 == actual } ?? true }
    }

    /// Every network's count, counted from its tensors, against `parameters`' expectations.
    public static func outcomes(_ parameters: ReportParameters) throws -> [Outcome] {
        try NetworkName.allCases.map { network in
            let facts = try SummaryTable(architecture: parameters.config(for: network).architecture)
            return Outcome(network: network, facts: facts, expected: parameters.expectedParameters[network])
        }
    }

    /// Throws for the first network whose count differs from its expectation.
    public static func verify(_ parameters: ReportParameters) throws {
        if let outcome = try outcomes(parameters).first(where: { !$0.matches }), let expected = outcome.expected {
            throw ParameterCountError(network: outcome.network, expected: expected, actual: outcome.actual)
        }
    }
}
