import Foundation

/// The hand-in's figures numbered in the order it shows them, and the write-up's citations of them: the write-up marks a
/// citation with `token` (it cannot know the numbers, which depend on the figures drawn), and `numbered` gives each
/// figure's caption its number and turns each citation into `(Figure 2)` or `(Figures 2 and 4)`, or drops it when none of
/// its figures is shown.
enum FigureCitation {
    /// A citation of the figures whose links are `![name](…)`, for `numbered` to resolve: ` ⟦figure:conv_val⟧`, with the
    /// space that goes before it.
    static func token(_ names: [String]) -> String { " ⟦figure:" + names.joined(separator: ",") + "⟧" }

    /// `bodies` (the generated sections, in the document's order) with every figure numbered, its caption (the italic line
    /// under its link) opening `Figure N.`, and every citation resolved. The student's own sections are not passed: they
    /// stay as written.
    static func numbered(_ bodies: [String]) -> [String] {
        var numbers: [String: Int] = [:]
        let numberedBodies = bodies.map { body -> String in
            var lines = body.components(separatedBy: "\n")
            var pending: Int? = nil
            for index in lines.indices {
                let line = lines[index]
                if line.hasPrefix("!["), let close = line.firstIndex(of: "]") {
                    let name = String(line[line.index(line.startIndex, offsetBy: 2)..<close])
                    let number = numbers[name] ?? numbers.count + 1
                    numbers[name] = number
                    pending = number
                } else if let number = pending, !line.isEmpty {
                    // The caption: an italic line of its own under the link.
                    if line.hasPrefix("*"), !line.hasPrefix("**") { lines[index] = "*Figure \(number). " + line.dropFirst() }
                    pending = nil
                }
            }
            return lines.joined(separator: "\n")
        }
        return numberedBodies.map { resolve($0, numbers) }
    }

    /// `text` with each citation token replaced by its figures' numbers, or removed when none is shown.
    private static func resolve(_ text: String, _ numbers: [String: Int]) -> String {
        var out = text
        while let open = out.range(of: " ⟦figure:"), let close = out.range(of: "⟧", range: open.upperBound..<out.endIndex) {
            let names = out[open.upperBound..<close.lowerBound].split(separator: ",").map(String.init)
            let cited = Array(Set(names.compactMap { numbers[$0] })).sorted().map(String.init)
            let replacement = cited.isEmpty ? "" : " (Figure\(cited.count == 1 ? "" : "s") \(Format.list(cited)))"
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: replacement)
        }
        return out
    }
}
