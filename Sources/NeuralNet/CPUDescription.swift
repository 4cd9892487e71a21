import Foundation

/// The CPU as people name it, for manifests and benchmark output.
public enum CPUDescription {
    /// `model name` from /proc/cpuinfo with its family and model numbers, e.g. "AMD EPYC (family 25,
    /// model 1)": virtual machines often give only a brand, and the numbers tell the generation.
    public static var modelName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        func field(_ name: String) -> String? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
                  let colon = line.firstIndex(of: ":") else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let model = field("model name") ?? "unknown"
        guard let family = field("cpu family"), let number = field("model\t") ?? field("model ") else { return model }
        return "\(model) (family \(family), model \(number))"
    }
}
