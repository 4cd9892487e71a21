import Foundation
import NeuralNet

/// Python's number formatting, reproduced exactly where the tool prints what Python would print.
public enum PythonFormat {
    /// `"{:,}".format(n)`: thousands grouped with commas.
    public static func grouped(_ value: Int) -> String {
        groupedThousands(value)
    }

    /// `"%0.2f" % x` (and any other printf precision): the correctly rounded decimal of the binary
    /// double, ties to even, as CPython and glibc's printf both produce.
    public static func fixed(_ value: Double, decimals: Int = 2) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([value]) { arguments in
            vsnprintf(&buffer, buffer.count, "%.\(decimals)f", arguments)
        }
        guard written >= 0, written < buffer.count else { return String(value) }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `str(list)` of integers: `[-1, 6, 24, 24]`.
    public static func list(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    /// `"{:>width}".format(text)`: right-aligned in `width` characters (never truncated).
    public static func rightAligned(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `"{:<width}".format(text)`.
    public static func leftAligned(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
