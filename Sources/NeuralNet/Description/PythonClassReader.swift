/// Why a class file cannot be read: what is wrong and where, as `FILE:LINE:COLUMN: message`.
public struct PythonModelError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads a network from the Python file that defines it, as the language reads it and without running
/// anything: imports and their aliases, module-level constants, the `nn.Module` class with its
/// `__init__` (default arguments, `self.name = nn.X(...)`, Sequential with positional children or an
/// OrderedDict) and its `forward` as one chain of statements over the tensor. Everything else in the
/// file (training loops, `if __name__ == "__main__":`, other functions and classes) is skipped. The
/// result is the same description a params file gives.
public enum PythonClassReader {
    /// The class `className` (or the file's only `nn.Module` class) of the source `text` of `file`.
    public static func architecture(file: String, text: String, className: String? = nil) throws(PythonModelError) -> NetworkArchitecture {
        let source: PythonSource
        do {
            source = try PythonSource(text)
        } catch {
            throw PythonModelError(file: file, line: error.line, column: error.column, message: error.message)
        }
        var reader = Reader(file: file, lines: source.lines)
        return try reader.read(className: className)
    }

    private struct Reader {
        let file: String
        let lines: [PythonSource.Line]
        var constants: [String: PythonValue] = [:]
        var aliases: [String: String] = [:]

        init(file: String, lines: [PythonSource.Line]) {
            self.file = file
            self.lines = lines
        }

        func fail(_ line: PythonSource.Line, offset: Int = 0, _ message: String) -> PythonModelError {
            let place = line.place(at: offset)
            return PythonModelError(file: file, line: place.line, column: place.column, message: message)
        }

        /// The lines of the block that `index` opens (indented deeper than it), and the index after it.
        func block(after index: Int) -> (range: Range<Int>, end: Int) {
            let indent = lines[index].indent
            var end = index + 1
            while end < lines.count, lines[end].indent > indent { end += 1 }
            return ((index + 1)..<end, end)
        }

        func parse(_ text: String, in line: PythonSource.Line, offset: Int, constants: [String: PythonValue]) throws(PythonModelError) -> PythonValue {
            do {
                return try PythonExpressionParser.parse(text, constants: constants, aliases: aliases)
            } catch {
                throw fail(line, offset: offset, error.message)
            }
        }

        /// `name = value` at the start of `text`: the target and where the value starts; nil for
        /// anything else (a comparison `==`, an augmented assignment, a call).
        static func assignment(_ text: String) -> (target: String, value: String, valueOffset: Int)? {
            let scalars = Array(text.unicodeScalars)
            var index = 0
            while index < scalars.count, scalars[index] == "." || PythonExpressionParser.isNameContinuation(scalars[index]) {
                index += 1
            }
            let target = String(String.UnicodeScalarView(scalars[..<index]))
            var equals = index
            while equals < scalars.count, scalars[equals] == " " || scalars[equals] == "\t" { equals += 1 }
            // A type annotation (`x: int = 3`) keeps its target.
            if equals < scalars.count, scalars[equals] == ":" {
                while equals < scalars.count, scalars[equals] != "=" { equals += 1 }
            }
            guard !target.isEmpty, equals < scalars.count, scalars[equals] == "=",
                  equals + 1 >= scalars.count || scalars[equals + 1] != "=" else { return nil }
            var valueStart = equals + 1
            while valueStart < scalars.count, scalars[valueStart] == " " || scalars[valueStart] == "\t" { valueStart += 1 }
            return (target, String(String.UnicodeScalarView(scalars[valueStart...])), valueStart)
        }

        static func isCompound(_ text: String) -> Bool {
            for keyword in ["if", "for", "while", "with", "try", "elif", "else", "except", "finally", "def", "class", "async", "match"] {
                if text == keyword + ":" || text.hasPrefix(keyword + " ") || text.hasPrefix(keyword + "(") || text.hasPrefix(keyword + ":") { return true }
            }
            return false
        }

        mutating func read(className: String?) throws(PythonModelError) -> NetworkArchitecture {
            var classes: [(name: String, index: Int, isModule: Bool)] = []
            var index = 0
            while index < lines.count {
                let line = lines[index]
                let text = line.text
                if text.hasPrefix("import ") || text.hasPrefix("from ") {
                    readImport(text)
                    index += 1
                } else if text.hasPrefix("class ") {
                    let header = text.dropFirst(6)
                    let name = String(header.prefix { $0 == "_" || $0.isLetter || $0.isNumber })
                    let bases = header.drop { $0 != "(" }.prefix { $0 != ")" }
                    let isModule = bases.contains("Module")
                    classes.append((name, index, isModule))
                    index = block(after: index).end
                } else if text.hasPrefix("@") {
                    index += 1
                } else if Self.isCompound(text) {
                    index = block(after: index).end
                } else if let assignment = Self.assignment(text), !assignment.target.contains(".") {
                    // A module-level constant; one the class does not use may be anything.
                    if let value = try? PythonExpressionParser.parse(assignment.value, constants: constants, aliases: aliases), Self.isLiteral(value) {
                        constants[assignment.target] = value
                    } else {
                        constants[assignment.target] = nil
                    }
                    index += 1
                } else {
                    index += 1
                }
            }
            let modules = classes.filter(\.isModule)
            let chosen: (name: String, index: Int, isModule: Bool)
            if let className {
                guard let found = classes.first(where: { $0.name == className }) else {
                    let names = modules.map(\.name)
                    throw PythonModelError(file: file, line: 1, column: 1, message: "no class \(className) in the file"
                                           + (names.isEmpty ? "" : "; its nn.Module classes: \(names.joined(separator: ", "))"))
                }
                chosen = found
            } else {
                guard let only = modules.first else {
                    throw PythonModelError(file: file, line: 1, column: 1, message: "no nn.Module class in the file (class Net(nn.Module): ...)")
                }
                guard modules.count == 1 else {
                    throw fail(lines[modules[1].index], "the file defines several nn.Module classes (\(modules.map(\.name).joined(separator: ", "))); name one with class: (or --class)")
                }
                chosen = only
            }
            guard chosen.isModule else { throw fail(lines[chosen.index], "class \(chosen.name) is not an nn.Module (class \(chosen.name)(nn.Module): ...)") }
            return try readClass(named: chosen.name, at: chosen.index)
        }

        /// A constant the reader keeps: a number, bool, None, string, or a small tuple or list of them
        /// (at most 64 items in all, so that constants built from constants cannot grow without bound).
        static func isLiteral(_ value: PythonValue) -> Bool {
            var budget = 64
            func visit(_ value: PythonValue) -> Bool {
                budget -= 1
                guard budget >= 0 else { return false }
                switch value {
                case .integer, .float, .bool, .none: return true
                case .string(let text): return text.unicodeScalars.count <= 256
                case .tuple(let items), .list(let items): return items.allSatisfy(visit)
                default: return false
                }
            }
            return visit(value)
        }

        mutating func readImport(_ text: String) {
            // import torch.nn as nn | import torch.nn.functional as F | from torch import nn | from torch.nn import functional as F
            if text.hasPrefix("import ") {
                for part in text.dropFirst(7).split(separator: ",") {
                    let words = part.split(separator: " ").map(String.init)
                    if words.count == 3, words[1] == "as" { aliases[words[2]] = words[0] }
                }
            } else {
                let words = text.split(separator: " ").map(String.init)
                guard words.count >= 4, words[2] == "import" else { return }
                let package = words[1]
                let imported = words[3...].joined(separator: " ").replacingParentheses
                for part in imported.split(separator: ",") {
                    let names = part.split(separator: " ").map(String.init)
                    guard let name = names.first else { continue }
                    let alias = names.count == 3 && names[1] == "as" ? names[2] : name
                    aliases[alias] = package + "." + name
                }
            }
        }

        func readClass(named name: String, at classIndex: Int) throws(PythonModelError) -> NetworkArchitecture {
            let body = block(after: classIndex).range
            var constants = self.constants
            var initIndex: Int?, forwardIndex: Int?
            var index = body.lowerBound
            while index < body.upperBound {
                let text = lines[index].text
                if text.hasPrefix("def __init__(") { initIndex = index }
                if text.hasPrefix("def forward(") { forwardIndex = index }
                if text.hasPrefix("def ") || text.hasPrefix("class ") || text.hasPrefix("@") || Self.isCompound(text) {
                    index = text.hasPrefix("@") ? index + 1 : block(after: index).end
                    continue
                }
                if let assignment = Self.assignment(text), !assignment.target.contains("."),
                   let value = try? PythonExpressionParser.parse(assignment.value, constants: constants, aliases: aliases), Self.isLiteral(value) {
                    // A class attribute, which the methods read as self.name.
                    constants["self." + assignment.target] = value
                }
                index += 1
            }
            guard let initIndex else { throw fail(lines[classIndex], "class \(name) has no __init__; its modules are registered there") }
            let modules = try readInit(at: initIndex, constants: &constants)
            guard let forwardIndex else { throw fail(lines[classIndex], "class \(name) has no forward(self, x)") }
            let forward = try readForward(at: forwardIndex, modules: modules, constants: constants)
            let architecture = NetworkArchitecture(className: name, title: name, inputShape: ImageShape(channels: 1, height: 28, width: 28),
                                                   modules: modules.map(\.module), forward: forward)
            do {
                try architecture.validate()
            } catch {
                let line = error.layer.flatMap { layer in modules.first { $0.module.name == layer.split(separator: ".").first.map(String.init) }?.line }
                    ?? lines[forwardIndex]
                throw fail(line, "\(name): \(error.description)")
            }
            return architecture
        }

        /// The parameters of `def name(self, a, b=1):` with their defaults.
        func parameters(of line: PythonSource.Line) throws(PythonModelError) -> [(name: String, value: PythonValue?)] {
            let text = line.text
            guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else {
                throw fail(line, "cannot read this def; write def name(self, ...):")
            }
            let inside = String(text[text.index(after: open)..<close])
            var result: [(name: String, value: PythonValue?)] = []
            for part in DescriptionSyntax.splitSteps(inside) where !part.isEmpty {
                let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                var name = pieces[0]
                guard DescriptionSyntax.isIdentifier(String(name.prefix { $0 != ":" }).trimmingSpaces) || name.hasPrefix("*") else {
                    throw fail(line, "cannot read the parameter \"\(part)\" of this def")
                }
                if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]).trimmingSpaces }   // an annotation
                if name.hasPrefix("*") { continue }
                let value = pieces.count > 1 ? try? PythonExpressionParser.parse(pieces[1], constants: constants, aliases: aliases) : nil
                result.append((name, value))
            }
            return result
        }

        func readInit(at index: Int, constants: inout [String: PythonValue]) throws(PythonModelError) -> [(module: Module, line: PythonSource.Line)] {
            for (offset, parameter) in try parameters(of: lines[index]).enumerated() where offset > 0 {
                guard let value = parameter.value else {
                    throw fail(lines[index], "__init__ needs \(parameter.name) without a default; give it one (\(parameter.name)=...) so the class can be built without arguments")
                }
                constants[parameter.name] = value
            }
            var modules: [(module: Module, line: PythonSource.Line)] = []
            for lineIndex in block(after: index).range {
                let line = lines[lineIndex]
                let text = line.text
                if text.hasPrefix("super(") || text.hasPrefix("super().") || text.contains(".__init__(self") || text.hasPrefix("nn.Module.__init__") { continue }
                if text.hasPrefix("nn.init.") || text.hasPrefix("torch.nn.init.") || text.hasPrefix("init.") {
                    throw fail(line, "\(text.prefix { $0 != "(" }) changes the initialisation, which digits does not follow (it initialises as PyTorch's defaults); remove it")
                }
                if text.hasPrefix("\"") || text.hasPrefix("'") || text == "pass" { continue }   // a docstring
                if Self.isCompound(text) { throw fail(line, "a block (\(text.prefix { $0 != " " && $0 != ":" })) in __init__ is not supported; register each module with self.name = nn.X(...)") }
                guard let assignment = Self.assignment(text) else {
                    throw fail(line, "cannot read this statement in __init__; supported: self.name = nn.Module(...), name = value, super().__init__()")
                }
                let value = try parse(assignment.value, in: line, offset: assignment.valueOffset, constants: constants)
                if assignment.target.hasPrefix("self.") {
                    let name = String(assignment.target.dropFirst(5))
                    if case .call(let call) = value, call.receiver == nil, call.name.first?.isUppercase == true {
                        guard !name.contains(".") else { throw fail(line, "\(assignment.target): register modules as attributes of self") }
                        do {
                            let module = try DescriptionSyntax.module(named: name, from: value)
                            if let existing = modules.firstIndex(where: { $0.module.name == name }) {
                                modules[existing] = (module, line)   // PyTorch keeps the place of the first assignment
                            } else {
                                modules.append((module, line))
                            }
                        } catch {
                            throw fail(line, offset: assignment.valueOffset, error.description)
                        }
                    } else if case .name(let other) = value, other.hasPrefix("self."), modules.contains(where: { "self." + $0.module.name == other }) {
                        throw fail(line, "\(assignment.target) = \(other) registers one module under two names; sharing a module is not supported")
                    } else if Self.isLiteral(value) {
                        constants[assignment.target] = value
                    } else {
                        throw fail(line, offset: assignment.valueOffset, "\(assignment.value) is not a module or a constant; supported modules: \(DescriptionSyntax.supportedModules.joined(separator: ", "))")
                    }
                } else if Self.isLiteral(value) {
                    constants[assignment.target] = value
                } else {
                    throw fail(line, "\(assignment.target) = \(assignment.value): a local that is not a constant; register modules with self.\(assignment.target) = ...")
                }
            }
            return modules
        }

        func readForward(at index: Int, modules: [(module: Module, line: PythonSource.Line)], constants: [String: PythonValue]) throws(PythonModelError) -> [ForwardStep] {
            let parameters = try parameters(of: lines[index])
            guard parameters.count == 2 else {
                throw fail(lines[index], "forward must take one tensor, as forward(self, x); a second input is not supported")
            }
            var tensor = parameters[1].name
            var constants = constants
            let architecture = NetworkArchitecture(className: "", title: "", inputShape: ImageShape(channels: 1, height: 1, width: 1),
                                                   modules: modules.map(\.module), forward: [])
            let paths = architecture.modulePaths
            var steps: [ForwardStep] = []
            var returned = false
            for lineIndex in block(after: index).range {
                let line = lines[lineIndex]
                let text = line.text
                if returned { break }   // never run, as in Python
                if text.hasPrefix("\"") || text.hasPrefix("'") || text == "pass" { continue }
                if text.hasPrefix("print(") { continue }
                if Self.isCompound(text) {
                    let keyword = text.prefix { $0.isLetter }
                    throw fail(line, "\(keyword) in forward is not supported: forward must be one chain of statements over the tensor (no branches or loops)")
                }
                var expressionText = text, offset = 0, target: String?
                if text.hasPrefix("return ") || text == "return" {
                    expressionText = String(text.dropFirst(6)).trimmingSpaces
                    offset = text.unicodeScalars.count - expressionText.unicodeScalars.count
                    returned = true
                } else if let assignment = Self.assignment(text) {
                    target = assignment.target
                    expressionText = assignment.value
                    offset = assignment.valueOffset
                } else {
                    throw fail(line, "cannot read this statement in forward; supported: x = f(x), return f(x)")
                }
                let value = try parse(expressionText, in: line, offset: offset, constants: constants)
                if !ForwardChain.mentions(value, tensor) {
                    // A size (`batch_size = x.size(0)` mentions the tensor only as a size) or a constant.
                    if let target, Self.isLiteral(value) { constants[target] = value; continue }
                    throw fail(line, offset: offset, returned ? "forward must return the tensor" : "\(expressionText) does not use \(tensor), the tensor forward passes on")
                }
                if let target, ForwardChain.isSize(value, tensor) {
                    constants[target] = .name("\(tensor).size(0)")
                    continue
                }
                do {
                    steps += try ForwardChain.steps(of: value, tensor: tensor, paths: paths, text: expressionText)
                } catch {
                    throw fail(line, offset: offset, error.description)
                }
                if let target { tensor = target }
            }
            guard returned else { throw fail(lines[index], "forward never returns the tensor") }
            return steps
        }
    }
}

extension String {
    /// The text without `(` and `)`, for `from x import (a, b)`.
    var replacingParentheses: String { String(filter { $0 != "(" && $0 != ")" }) }
}
