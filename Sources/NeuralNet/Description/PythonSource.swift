/// A Python file cut into logical lines as the language does: comments dropped, strings kept whole
/// (single, double and triple quotes, with prefixes), lines joined inside brackets and after a
/// backslash, indentation measured with Python's tab rule (and refused when tabs and spaces make it
/// ambiguous, as CPython's TabError). Nothing is executed.
struct PythonSource {
    /// One logical line: its indentation and text, and where each of its characters came from.
    struct Line {
        /// The indentation with tabs to the next multiple of 8 (what Python compares).
        var indent: Int
        var text: String
        /// (line, column), 1-based, of each unicode scalar of `text`.
        var places: [(line: Int, column: Int)]

        var line: Int { places.first?.line ?? 0 }
        var column: Int { places.first?.column ?? 1 }

        /// Where the character at `offset` in `text` came from (the last one past the end).
        func place(at offset: Int) -> (line: Int, column: Int) {
            guard !places.isEmpty else { return (0, 1) }
            return places[min(max(0, offset), places.count - 1)]
        }
    }

    /// Why a file cannot be read: the message and where.
    struct Failure: Error {
        var message: String
        var line: Int
        var column: Int
    }

    let lines: [Line]

    init(_ source: String) throws(Failure) {
        var lines: [Line] = []
        let scalars = Array(source.unicodeScalars)
        var index = 0
        var line = 1, column = 1
        // Indentation stack in both measures (tab = 8 and tab = 1), for the TabError check.
        var indents: [(wide: Int, narrow: Int)] = [(0, 0)]

        func advance() {
            if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }

        while index < scalars.count {
            // The start of a physical line: measure its indentation.
            var wide = 0, narrow = 0
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\u{0C}" {
                if scalars[index] == "\t" { wide = (wide / 8 + 1) * 8 } else if scalars[index] == " " { wide += 1 }
                narrow += scalars[index] == "\u{0C}" ? 0 : 1
                advance()
            }
            guard index < scalars.count else { break }
            // A blank or comment-only line does not count.
            if scalars[index] == "\n" || scalars[index] == "\r" { advance(); continue }
            if scalars[index] == "#" {
                while index < scalars.count, scalars[index] != "\n" { advance() }
                continue
            }
            let startLine = line
            if let top = indents.last {
                let wideOrder = wide == top.wide ? 0 : (wide > top.wide ? 1 : -1)
                let narrowOrder = narrow == top.narrow ? 0 : (narrow > top.narrow ? 1 : -1)
                if wideOrder != narrowOrder {
                    throw Failure(message: "inconsistent use of tabs and spaces in indentation (Python's TabError); indent with spaces only", line: startLine, column: 1)
                }
                if wideOrder > 0 {
                    indents.append((wide, narrow))
                } else if wideOrder < 0 {
                    while let last = indents.last, last.wide > wide { indents.removeLast() }
                    guard indents.last?.wide == wide, indents.last?.narrow == narrow else {
                        throw Failure(message: "unindent does not match any outer indentation level", line: startLine, column: 1)
                    }
                }
            }
            // The logical line: up to a newline outside brackets and strings.
            var text = String.UnicodeScalarView()
            var places: [(line: Int, column: Int)] = []
            var brackets: [(Unicode.Scalar, Int, Int)] = []
            func append(_ scalar: Unicode.Scalar) {
                text.append(scalar)
                places.append((line, column))
            }
            lineLoop: while index < scalars.count {
                let scalar = scalars[index]
                switch scalar {
                case "#":
                    while index < scalars.count, scalars[index] != "\n" { advance() }
                case "\\" where index + 1 < scalars.count && (scalars[index + 1] == "\n" || scalars[index + 1] == "\r"):
                    advance()
                    if index < scalars.count, scalars[index] == "\r" { advance() }
                    if index < scalars.count, scalars[index] == "\n" { advance() }
                    append(" ")
                    places[places.count - 1] = (line, column)
                case "\n":
                    if brackets.isEmpty { advance(); break lineLoop }
                    advance()
                    append(" ")
                case "\r":
                    advance()
                case "(", "[", "{":
                    brackets.append((scalar, line, column))
                    append(scalar)
                    advance()
                case ")", "]", "}":
                    let opening: Unicode.Scalar = scalar == ")" ? "(" : scalar == "]" ? "[" : "{"
                    guard let last = brackets.last else {
                        throw Failure(message: "unmatched '\(scalar)'", line: line, column: column)
                    }
                    guard last.0 == opening else {
                        throw Failure(message: "closing '\(scalar)' does not match '\(last.0)' opened at line \(last.1), column \(last.2)",
                                      line: line, column: column)
                    }
                    brackets.removeLast()
                    append(scalar)
                    advance()
                case "'", "\"":
                    // A string, with any prefix already appended as a name; triple quotes span lines.
                    let startLine = line, startColumn = column
                    let triple = index + 2 < scalars.count && scalars[index + 1] == scalar && scalars[index + 2] == scalar
                    let quoteLength = triple ? 3 : 1
                    for _ in 0..<quoteLength { append(scalars[index]); advance() }
                    var closed = false
                    while index < scalars.count {
                        let current = scalars[index]
                        if current == "\\" && index + 1 < scalars.count {
                            append(current); advance()
                            append(scalars[index]); advance()
                            continue
                        }
                        if current == "\n" && !triple { break }
                        if current == scalar && (!triple || (index + 2 < scalars.count && scalars[index + 1] == scalar && scalars[index + 2] == scalar)) {
                            for _ in 0..<quoteLength { append(scalars[index]); advance() }
                            closed = true
                            break
                        }
                        append(current)
                        advance()
                    }
                    guard closed else {
                        throw Failure(message: triple ? "unterminated triple-quoted string" : "unterminated string literal", line: startLine, column: startColumn)
                    }
                default:
                    append(scalar)
                    advance()
                }
            }
            if let open = brackets.last {
                throw Failure(message: "'\(open.0)' was never closed", line: open.1, column: open.2)
            }
            // Spaces and tabs trimmed from both ends, scalar by scalar, so that the text and its places agree
            // (a space followed by a combining mark is one Character but two scalars).
            let all = Array(text)
            var start = 0, end = all.count
            while start < end, all[start] == " " || all[start] == "\t" { start += 1 }
            while end > start, all[end - 1] == " " || all[end - 1] == "\t" { end -= 1 }
            guard start < end else { continue }
            lines.append(Line(indent: wide, text: String(String.UnicodeScalarView(all[start..<end])), places: Array(places[start..<end])))
        }
        self.lines = lines
    }
}
