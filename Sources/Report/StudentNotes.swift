import Foundation

/// The student's own words, `report/notes.md`: each `## Heading` section is copied into report.md
/// verbatim, after the generated section of the same heading, or in its place when the section's
/// first line is `<!-- replaces the generated section -->`; a section whose heading the report does
/// not have goes just before the conclusion. Text before the first `## ` heading is not copied (a
/// place for the student's own reminders).
public struct StudentNotes: Equatable, Sendable {
    /// One `## ` section: its heading (without `## `) and its text, heading line included, as written.
    public struct Section: Equatable, Sendable {
        public var heading: String
        public var text: String

        /// Whether it takes the place of the generated section of the same heading.
        public var replacesGenerated: Bool {
            text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: true).dropFirst().first?
                .trimmingCharacters(in: .whitespaces) == StudentNotes.replaceMarker
        }
    }

    /// The line that makes a section replace the generated one.
    public static let replaceMarker = "<!-- replaces the generated section -->"

    public var sections: [Section]

    /// The sections of `text` in order. A `## ` line inside a fenced code block is not a heading.
    public init(_ text: String) {
        var sections: [Section] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, line.hasPrefix("## ") {
                sections.append(Section(heading: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), text: String(line)))
            } else if !sections.isEmpty {
                sections[sections.count - 1].text += "\n" + line
            }
        }
        // Each section ends in exactly one newline, so that sections join with one blank line.
        self.sections = sections.map { section in
            var text = Substring(section.text)
            while text.last == "\n" || text.last == " " { text.removeLast() }
            return Section(heading: section.heading, text: String(text) + "\n")
        }
    }

    /// The sections with this heading.
    func sections(headed heading: String) -> [Section] { sections.filter { $0.heading == heading } }
}
