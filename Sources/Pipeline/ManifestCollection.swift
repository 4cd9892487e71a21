import Foundation
import NeuralNet
import Report
import Training

extension Manifest {
    /// Reads the facts of this machine and working tree. `outputDirectory` is left out of the
    /// dirtiness check, since regenerating the report is what changes it.
    public static func collect(command: String, outputDirectory: String) -> Manifest {
        let checkout = SourceCheckout.locate()
        let commit = checkout.commit
        return Manifest(
            gitCommit: commit.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown (not a git checkout)",
            gitDirty: commit == nil ? nil : checkout.hasUncommittedChanges(excluding: outputDirectory),
            swiftVersion: SourceCheckout.standardOutput(of: ["swift", "--version"])?.split(separator: "\n").first.map(String.init) ?? "unknown",
            operatingSystem: operatingSystemName(),
            cpuModel: CPUDescription.modelName,
            logicalCPUs: ProcessInfo.processInfo.activeProcessorCount,
            kernelPaths: KernelPath.available.map(\.rawValue).joined(separator: ", "),
            command: command)
    }

    private static func operatingSystemName() -> String {
        var name = "unknown"
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var system = utsname()
        uname(&system)
        let machine = withUnsafeBytes(of: &system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(name), Linux \(release), \(machine)"
    }
}
