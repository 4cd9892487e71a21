import NeuralNet

/// The printouts of a network, as PyTorch and torchsummary show them, and an extended table.
extension SummaryTable {
    /// The module as PyTorch's `print(model)` shows it.
    public var moduleRepr: String {
        var lines = ["\(architecture.className)("]
        for module in architecture.modules {
            lines.append("  (\(module.name)): " + module.layer.kind.repr(indent: 1))
        }
        lines.append(")")
        return lines.joined(separator: "\n") + "\n"
    }

    /// torchsummary 1.5.1's table for `summary(model, (C, H, W))`, byte for byte.
    public var torchSummary: String {
        let rule = String(repeating: "-", count: 64)
        let doubleRule = String(repeating: "=", count: 64)
        func row(_ a: String, _ b: String, _ c: String) -> String {
            PythonFormat.rightAligned(a, 20) + "  " + PythonFormat.rightAligned(b, 25) + " " + PythonFormat.rightAligned(c, 15)
        }
        var lines = [rule, row("Layer (type)", "Output Shape", "Param #"), doubleRule]
        var totalOutput = 0
        for (index, module) in moduleRows.enumerated() {
            lines.append(row("\(module.moduleType ?? "")-\(index + 1)", PythonFormat.list([-1] + module.outputShape),
                             PythonFormat.grouped(module.parameters)))
            totalOutput += module.outputShape.reduce(-1, *)   // the -1 batch dimension makes it negative
        }
        let total = totalParameters
        let megabyte = 1024.0 * 1024.0
        let inputSize = abs(Double(architecture.inputShape.count) * -1 * 4 / megabyte)
        let outputSize = abs(2 * Double(totalOutput) * 4 / megabyte)
        let parameterSize = abs(Double(total) * 4 / megabyte)
        let totalSize = parameterSize + outputSize + inputSize
        lines += [
            doubleRule,
            "Total params: \(PythonFormat.grouped(total))",
            "Trainable params: \(PythonFormat.grouped(total))",
            "Non-trainable params: 0",
            rule,
            "Input size (MB): \(PythonFormat.fixed(inputSize))",
            "Forward/backward pass size (MB): \(PythonFormat.fixed(outputSize))",
            "Params size (MB): \(PythonFormat.fixed(parameterSize))",
            "Estimated Total Size (MB): \(PythonFormat.fixed(totalSize))",
            rule,
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A richer table in the spirit of torchinfo: every step with its kernel shape, output shape,
    /// parameters, share of all parameters and multiply-adds per image, then the totals.
    public var extendedTable: String {
        let headers = ["Layer", "Kernel shape", "Output shape", "Param #", "% params", "Mult-adds"]
        let cells: [[String]] = rows.map { row in
            let name = row.moduleType.map { "\(row.name) (\($0))" } ?? "  " + row.name
            let share = totalParameters > 0 ? Double(row.parameters) * 100 / Double(totalParameters) : 0
            return [name, row.kernelShape.map(PythonFormat.list) ?? "--", PythonFormat.list(row.outputShape),
                    PythonFormat.grouped(row.parameters), row.moduleType == nil ? "--" : PythonFormat.fixed(share) + "%",
                    row.moduleType == nil ? "--" : PythonFormat.grouped(row.multiplyAdds)]
        }
        let totals = ["Total", "", "", PythonFormat.grouped(totalParameters), "100.00%", PythonFormat.grouped(totalMultiplyAdds)]
        var widths = headers.map(\.count)
        for line in cells + [totals] {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func format(_ line: [String]) -> String {
            line.enumerated().map { column, cell in
                column < 3 ? PythonFormat.leftAligned(cell, widths[column]) : PythonFormat.rightAligned(cell, widths[column])
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        var lines = ["\(architecture.title): input \(PythonFormat.list([architecture.inputShape.channels, architecture.inputShape.height, architecture.inputShape.width])), per image",
                     rule, format(headers), rule]
        lines += cells.map(format)
        lines += [rule, format(totals), rule,
                  "Multiply-adds per image: forward \(PythonFormat.grouped(totalMultiplyAdds)); training step about \(PythonFormat.fixed(Double(trainingFLOPsPerImage) / 1e6)) MFLOP",
                  "(Mult-adds count weight × input products only; torchinfo also counts the bias additions.)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The forward pass in words, with the shape after every step, which the module printout hides
    /// (it lists no functional step): `1×28×28 → conv1 5×5 conv → 6×24×24 → ReLU, max-pool 2 → …`.
    public var forwardPassInWords: String {
        func shape(_ dimensions: [Int]) -> String { dimensions.map(String.init).joined(separator: "×") }
        let input = architecture.inputShape
        var steps = [shape([input.channels, input.height, input.width])]
        var last = [input.channels, input.height, input.width]
        for row in rows {
            if row.moduleType != nil {
                let words = row.layer?.kind.words ?? ""
                steps.append("`\(row.name)`" + (words.isEmpty ? "" : " " + words))
            } else {
                steps.append(row.steps.map(\.kind.words).joined(separator: ", "))
            }
            // An element-wise step (ReLU after a linear layer) keeps the shape: no need to repeat it.
            if row.outputShape != last { steps.append(shape(row.outputShape)) }
            last = row.outputShape
        }
        // What forward returns: log-probabilities or probabilities after a (log-)softmax, else logits.
        if let softmax = architecture.forward.last?.layer.as(SoftmaxSpec.self) {
            return (steps + ["\(last.reduce(1, *)) " + (softmax.takesLog ? "log-probabilities" : "probabilities")]).joined(separator: " → ")
        }
        return steps.joined(separator: " → ") + " logits (softmax in the loss)"
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
