import Foundation

/// A heat map of classification counts: row = true label, column = predicted label, classes labelled 0, 1, ...
///
/// Cell colour follows log(1 + count) relative to the largest count, so a handful of mistakes is still
/// visibly tinted next to a diagonal of thousands; the exact count is written in every cell.
/// With `subtracted`, the chart shows instead where two networks' mistakes on the same images differ.
struct ConfusionMatrixChart: Chart {
    /// `counts[true][predicted]`.
    var counts: [[Int]]
    var title: String
    /// The most mistakes in one cell of the other networks' matrices, so that every matrix shades on one scale.
    var sharedMaximum = 0
    /// Another network's matrix of the same images: each mistake cell then shows `counts` minus its count, shaded
    /// towards the colour of the network that makes more of that mistake (on a square-root scale, so that a difference
    /// of one or two still tints next to the largest), blank where they tie.
    var subtracted: Subtrahend?
    /// Rows framed in dark ink: in a difference chart, those the caption names as differing beyond chance.
    var framedRows: Set<Int> = []
    /// The network's colour, whose shades (white to dark) the mistakes take, as its curves do in every other figure; nil
    /// for the neutral greys.
    var tint: Color? = nil

    /// The matrix a difference chart subtracts, with the names and colours of the two networks.
    struct Subtrahend {
        var counts: [[Int]]
        var names: (minuend: String, subtrahend: String)
        var colors: (minuend: Color, subtrahend: Color)
    }

    static let colorBarLabel = "mistakes (scale: log(1 + n))"
    static let rowAxisLabel = "True (its mistakes)"
    /// Zeros (in a difference chart, ties of mistakes), and the dash on its diagonal (whose correct counts would only
    /// restate the rows' mistakes).
    static let faintText = Color(hex: 0x8A8A8A)
    static let padding = 14.0
    static let gap = 8.0
    static let colorBarWidth = 14.0
    static let colorBarGap = 18.0
    /// Between the colour bar's tick labels and its rotated label.
    static let colorBarLabelGap = 8.0
    /// White through greys to near black (ColorBrewer "Greys"): blue means training in the other figures.
    static let ramp: [(position: Double, color: Color)] = [
        (0.0, Color(hex: 0xFFFFFF)), (0.25, Color(hex: 0xD9D9D9)), (0.5, Color(hex: 0x969696)),
        (0.75, Color(hex: 0x525252)), (1.0, Color(hex: 0x252525)),
    ]

    var name: String { "confusion matrix '\(title)'" }
    /// The top of the shading: the largest mistake count (a diagonal of thousands would wash the mistakes out; its
    /// counts are written on white), here or in the matrices shaded alongside.
    var maximum: Int {
        guard let subtracted else { return max(sharedMaximum, Self.largestMistake(counts)) }
        return Self.largestMistake(Self.difference(counts, subtracted.counts).map { $0.map(abs) })
    }
    /// `a − b` cell by cell, over the cells both have.
    static func difference(_ a: [[Int]], _ b: [[Int]]) -> [[Int]] {
        zip(a, b).map { zip($0, $1).map { $0 - $1 } }
    }
    static func largestMistake(_ counts: [[Int]]) -> Int {
        counts.enumerated().flatMap { row, values in values.enumerated().filter { $0.offset != row }.map(\.element) }.max() ?? 0
    }

    /// Each true class with its mistakes, `4 (29)`, so a row's total reads without adding the row up; in a difference
    /// chart both networks' mistakes, the subtracted network's first, `4 (29, 8)`: it is the reference the difference
    /// is measured from, as the first network is in the report's tables.
    static func rowLabels(_ counts: [[Int]], subtracted: [[Int]]? = nil) -> [String] {
        func mistakes(_ matrix: [[Int]], _ row: Int) -> Int { matrix[row].enumerated().filter { $0.offset != row }.map(\.element).reduce(0, +) }
        return counts.indices.map { row in "\(row) (\(subtracted.map { "\(mistakes($0, row)), " } ?? "")\(mistakes(counts, row)))" }
    }

    var rowAxisLabel: String {
        subtracted.map { "True (mistakes: \($0.names.subtrahend), \($0.names.minuend))" } ?? Self.rowAxisLabel
    }

    var colorBarLabel: String {
        subtracted.map { "\($0.names.minuend) − \($0.names.subtrahend) mistakes (square-root scale)" } ?? Self.colorBarLabel
    }

    /// Where a difference sits on the colour bar, from −1 (−maximum) through 0 to +1: sign · √(|difference| / maximum).
    static func differencePosition(_ difference: Int, maximum: Int) -> Double {
        guard maximum > 0 else { return 0 }
        let fraction = min(1, (Double(abs(difference)) / Double(maximum)).squareRoot())
        return difference < 0 ? -fraction : fraction
    }

    /// The colour at `position` (−1…1) of a difference bar: white at 0, the network with more of the mistake at ±1.
    static func divergingColor(at position: Double, colors: (minuend: Color, subtrahend: Color)) -> Color {
        guard position != 0 else { return .white }
        return Color.white.mixed(with: position > 0 ? colors.minuend : colors.subtrahend, fraction: abs(position))
    }

    /// A difference chart's colour-bar ticks: round whole numbers from −maximum to +maximum, 0 and the ends among them
    /// (a round tick too close to an end gives way to it), and 1 and 2 below the first round one: the square-root ramp
    /// spreads the small differences most cells hold, and the bar should name their shades.
    static func differenceTicks(maximum: Int) -> [Int] {
        guard maximum > 0 else { return [0] }
        let step = max(1, Int(TickGenerator.ticks(lower: 0, upper: Double(maximum), maximumCount: 4).dropFirst().first ?? 1))
        let round = stride(from: step, to: maximum, by: step).filter { 3 * (maximum - $0) >= step }
        let small = [1, 2].filter { $0 < step && $0 < maximum }
        let positive = small + round + [maximum]
        return positive.reversed().map { -$0 } + [0] + positive
    }

    /// A difference with its sign, a true minus: `+3`, `−2`, `0`.
    static func signed(_ value: Int) -> String {
        value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
    }

    /// 52 units a cell; 190 more for the labels left of the grid and the colour bar with its ticks, 24 for the bar's
    /// label, and 56 for the second count of each row label of a difference chart.
    var size: Size {
        let side = Double(max(counts.count, 1)) * 52
        return Size(width: side + 214 + (subtracted == nil ? 0 : 56), height: side + 150)
    }

    /// What a cell of a network's own matrix says: its count, or nothing for a mistake cell without mistakes (left blank, as
    /// in the difference chart, so that the mistakes stand out).
    static func cellText(_ count: Int, onDiagonal: Bool) -> String? {
        count == 0 && !onDiagonal ? nil : String(count)
    }

    /// Where a count falls on the colour ramp.
    static func intensity(count: Int, maximum: Int) -> Double {
        guard maximum > 0, count > 0 else { return 0 }
        return log1p(Double(count)) / log1p(Double(maximum))
    }

    /// The shade of a mistake cell at `fraction` of the scale: the greys, or white to the network's colour made dark
    /// (`differenceLuminance`, as the difference chart's ends) with `tint`.
    func shade(at fraction: Double) -> Color {
        guard let tint else { return Self.rampColor(at: fraction) }
        return Color.white.mixed(with: tint.withLuminance(FigureRenderer.differenceLuminance), fraction: min(1, max(0, fraction)))
    }

    static func rampColor(at fraction: Double) -> Color {
        guard fraction > 0 else { return ramp[0].color }
        guard fraction < 1 else { return ramp[ramp.count - 1].color }
        for (lower, upper) in zip(ramp, ramp.dropFirst()) where fraction <= upper.position {
            return lower.color.mixed(with: upper.color, fraction: (fraction - lower.position) / (upper.position - lower.position))
        }
        return ramp[ramp.count - 1].color
    }

    /// 0 and the 1-2-5 steps up to the maximum (1, 2, 5, 10, 20, ...), so that a shade of the logarithmic ramp can be read
    /// as a count between two ticks, and the maximum itself: in place of the last step when within a quarter of it, else
    /// beside it once it is twice that step.
    static func colorBarTicks(maximum: Int) -> [Int] {
        guard maximum > 0 else { return [0] }
        var steps: [Int] = []
        var decade = 1
        while decade <= maximum {
            steps += [decade, 2 * decade, 5 * decade].filter { $0 <= maximum }
            decade *= 10
        }
        guard let last = steps.last, last != maximum else { return [0] + steps }
        if 4 * maximum <= 5 * last { return [0] + steps.dropLast() + [maximum] }
        return [0] + steps + (maximum >= 2 * last ? [maximum] : [])
    }

    func draw(on canvas: Canvas) throws {
        /// Whether `matrix` is `side` × `side` with no negative count.
        func isValid(_ matrix: [[Int]], side: Int) -> Bool {
            matrix.count == side && matrix.allSatisfy { $0.count == side && $0.allSatisfy { $0 >= 0 } }
        }
        guard !counts.isEmpty, isValid(counts, side: counts.count) else {
            throw PlotError.invalidData(figure: name, reason: "the matrix is empty, not square, or has a negative count")
        }
        if let subtracted, !isValid(subtracted.counts, side: counts.count) {
            throw PlotError.invalidData(figure: name, reason: "the subtracted matrix differs in shape or has a negative count")
        }
        // Computed once here, not for every cell and tick that is shaded by it.
        let maximum = self.maximum
        let shown = subtracted.map { Self.difference(counts, $0.counts) } ?? counts
        let ticks = subtracted == nil ? Self.colorBarTicks(maximum: maximum) : Self.differenceTicks(maximum: maximum)
        let tickLabels = ticks.map { subtracted == nil ? String($0) : Self.signed($0) }
        // The grid and the colour bar fill what the measured labels leave, the block centred horizontally.
        let axisLabel = canvas.measure("Predicted", font: .axisLabel)
        let rowLabels = Self.rowLabels(counts, subtracted: subtracted?.counts)
        let classLabelWidth = rowLabels.map { canvas.measure($0, font: .tickLabel).width }.max() ?? 0
        let classLabelHeight = canvas.measure("0", font: .tickLabel).height
        let barLabelWidth = tickLabels.map { canvas.measure($0, font: .tickLabel).width }.max() ?? 0
        let top = Self.padding + canvas.measure(title, font: .figureTitle).height + 2 * Self.gap
        let left = Self.padding + axisLabel.height + Self.gap + classLabelWidth + Self.gap
        let bottom = Self.gap + classLabelHeight + Self.gap + axisLabel.height + Self.padding
        let barTitleHeight = canvas.measure(colorBarLabel, font: .axisLabel).height + Self.colorBarLabelGap
        let right = Self.colorBarGap + Self.colorBarWidth + 4 + barLabelWidth + barTitleHeight + Self.padding
        let side = min(size.width - left - right, size.height - top - bottom)
        let grid = Rect(x: left + max(0, size.width - left - right - side) / 2, y: top, width: side, height: side)
        let cell = side / Double(counts.count)
        canvas.paint(.white)
        // A long title shrinks rather than running off the figure.
        canvas.drawText(title, at: Point(x: size.width / 2, y: Self.padding), font: FontStyle.figureTitle.fitting(title, width: size.width - 2 * Self.padding, on: canvas),
                        color: Ink.text, horizontal: .center, vertical: .top)
        for (row, values) in shown.enumerated() {
            for (column, count) in values.enumerated() {
                let rect = Rect(x: grid.x + Double(column) * cell, y: grid.y + Double(row) * cell, width: cell, height: cell)
                if let subtracted {
                    guard row != column else {
                        canvas.drawText("–", at: Point(x: rect.midX, y: rect.midY), font: FontStyle(size: min(12, cell * 0.3)),
                                        color: Self.faintText, horizontal: .center, vertical: .center)
                        continue
                    }
                    // A cell neither network gets wrong is left blank; a tie of mistakes says 0, faintly.
                    guard count != 0 else {
                        if counts[row][column] > 0 {
                            canvas.drawText("0", at: Point(x: rect.midX, y: rect.midY), font: FontStyle(size: min(12, cell * 0.3)),
                                            color: Self.faintText, horizontal: .center, vertical: .center)
                        }
                        continue
                    }
                    let fill = Self.divergingColor(at: Self.differencePosition(count, maximum: maximum), colors: subtracted.colors)
                    canvas.fill(rect, color: fill)
                    canvas.drawText(Self.signed(count), at: Point(x: rect.midX, y: rect.midY), font: FontStyle(size: min(12, cell * 0.3)),
                                    color: fill.relativeLuminance < 0.3 ? .white : Ink.text, horizontal: .center, vertical: .center)
                    continue
                }
                guard let text = Self.cellText(count, onDiagonal: row == column) else { continue }
                let fill = row == column ? Color.white : shade(at: Self.intensity(count: count, maximum: maximum))
                canvas.fill(rect, color: fill)
                let textColor = fill.relativeLuminance < 0.3 ? Color.white : Ink.text
                canvas.drawText(text, at: Point(x: rect.midX, y: rect.midY), font: FontStyle(size: min(12, cell * 0.3), isBold: row == column),
                                color: textColor, horizontal: .center, vertical: .center)
            }
        }
        // Thin white rules keep neighbouring cells of similar colour apart.
        for index in 0...counts.count {
            let offset = Double(index) * cell
            canvas.strokeLine(from: Point(x: grid.x + offset, y: grid.y), to: Point(x: grid.x + offset, y: grid.maxY), color: .white, width: 1)
            canvas.strokeLine(from: Point(x: grid.x, y: grid.y + offset), to: Point(x: grid.maxX, y: grid.y + offset), color: .white, width: 1)
        }
        canvas.strokeRectangle(grid, color: Ink.axis, width: 1)
        for row in framedRows.sorted() where counts.indices.contains(row) {
            canvas.strokeRectangle(Rect(x: grid.x, y: grid.y + Double(row) * cell, width: grid.width, height: cell), color: Ink.text, width: 2.5)
        }
        for index in counts.indices {
            let center = Double(index) * cell + cell / 2
            canvas.drawText(String(index), at: Point(x: grid.x + center, y: grid.maxY + Self.gap), font: .tickLabel,
                            color: Ink.secondaryText, horizontal: .center, vertical: .top)
            canvas.drawText(rowLabels[index], at: Point(x: grid.x - Self.gap, y: grid.y + center), font: .tickLabel,
                            color: Ink.secondaryText, horizontal: .trailing, vertical: .center)
        }
        canvas.drawText("Predicted", at: Point(x: grid.midX, y: grid.maxY + 2 * Self.gap + classLabelHeight),
                        font: .axisLabel, color: Ink.text, horizontal: .center, vertical: .top)
        let labelHeight = canvas.measure(rowAxisLabel, font: .axisLabel).height
        canvas.drawText(rowAxisLabel, at: Point(x: grid.x - 2 * Self.gap - classLabelWidth - labelHeight / 2, y: grid.midY),
                        font: .axisLabel, color: Ink.text, horizontal: .center, vertical: .center, rotation: -Double.pi / 2)
        let bar = Rect(x: grid.maxX + Self.colorBarGap, y: grid.y, width: Self.colorBarWidth, height: grid.height)
        let steps = 64
        for step in 0..<steps {
            let y0 = bar.maxY - bar.height * Double(step + 1) / Double(steps)
            // Overlap slices by a hair so anti-aliasing leaves no light seams.
            let fraction = (Double(step) + 0.5) / Double(steps)
            // A difference bar runs from −maximum at the bottom to +maximum at the top.
            let color = subtracted.map { Self.divergingColor(at: 2 * fraction - 1, colors: $0.colors) }
            canvas.fill(Rect(x: bar.x, y: y0, width: bar.width, height: bar.height / Double(steps) + 0.5),
                        color: color ?? shade(at: fraction))
        }
        canvas.strokeRectangle(bar, color: Ink.axis, width: 0.8)
        for (tick, label) in zip(ticks, tickLabels) {
            let position = subtracted == nil ? Self.intensity(count: tick, maximum: maximum) : (Self.differencePosition(tick, maximum: maximum) + 1) / 2
            let y = bar.maxY - bar.height * position
            canvas.strokeLine(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + 3, y: y), color: Ink.axis, width: 1)
            canvas.drawText(label, at: Point(x: bar.maxX + 5, y: y), font: .tickLabel, color: Ink.secondaryText,
                            horizontal: .leading, vertical: .center)
        }
        let height = canvas.measure(colorBarLabel, font: .axisLabel).height
        let x = bar.maxX + 5 + barLabelWidth + Self.colorBarLabelGap + height / 2
        canvas.drawText(colorBarLabel, at: Point(x: x, y: bar.midY), font: .axisLabel, color: Ink.text,
                        horizontal: .center, vertical: .center, rotation: -Double.pi / 2)
    }
}
