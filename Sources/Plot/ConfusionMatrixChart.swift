import Foundation

/// A heat map of classification counts: row = true label, column = predicted label.
///
/// Cell colour follows log(1 + count) relative to the largest count, so a
/// handful of mistakes is still visibly tinted next to a diagonal of thousands;
/// the exact count is written in every cell.
struct ConfusionMatrixChart: Chart {
    /// Square matrix of non-negative counts, `counts[true][predicted]`; the classes are labelled 0, 1, ...
    var counts: [[Int]]
    var title: String
    /// Grows with the class count.
    var size: Size

    init(counts: [[Int]], title: String) {
        self.counts = counts
        self.title = title
        let side = Double(max(counts.count, 1)) * (counts.count <= 12 ? 52 : max(16, 620 / Double(counts.count)))
        // 190 for the labels left of the grid and the colour bar with its ticks; 24 more for the bar's label.
        self.size = Size(width: side + 214, height: side + 150)
    }

    var name: String { "confusion matrix '\(title)'" }
    var classLabels: [String] { counts.indices.map { String($0) } }

    /// Says what the colours count and that their scale is logarithmic.
    static let colorBarLabel = "number of images (log scale)"
    static let padding = 14.0
    static let gap = 8.0
    static let colorBarWidth = 14.0
    static let colorBarGap = 18.0
    /// Between the colour bar's tick labels and its rotated label.
    static let colorBarLabelGap = 8.0

    /// White through light and mid blues to a dark navy (ColorBrewer "Blues"), readable for colour-blind viewers.
    static let rampStops: [(position: Double, color: Color)] = [
        (0.0, Color(hex: 0xFFFFFF)), (0.25, Color(hex: 0xC6DBEF)), (0.5, Color(hex: 0x6BAED6)),
        (0.75, Color(hex: 0x2171B5)), (1.0, Color(hex: 0x08306B)),
    ]

    /// The ramp's colour at `fraction`, clamped to 0...1; NaN maps to the first stop.
    static func rampColor(at fraction: Double) -> Color {
        guard let first = rampStops.first, let last = rampStops.last else { return .white }
        guard fraction.isFinite, fraction > first.position else { return first.color }
        guard fraction < last.position else { return last.color }
        for (lower, upper) in zip(rampStops, rampStops.dropFirst()) where fraction <= upper.position {
            let width = upper.position - lower.position
            return lower.color.mixed(with: upper.color, fraction: width > 0 ? (fraction - lower.position) / width : 1)
        }
        return last.color
    }

    /// Where a count falls on the colour ramp: log-scaled against the largest count.
    static func intensity(count: Int, maximum: Int) -> Double {
        guard maximum > 0, count > 0 else { return 0 }
        return log1p(Double(count)) / log1p(Double(maximum))
    }

    /// Checks the matrix is square, non-empty and non-negative.
    func validate() throws {
        let n = counts.count
        guard n > 0 else { throw PlotError.invalidData(figure: name, reason: "the confusion matrix is empty") }
        for (index, row) in counts.enumerated() {
            guard row.count == n else {
                throw PlotError.invalidData(figure: name, reason: "confusion matrix row \(index) has \(row.count) entries; expected \(n)")
            }
            guard row.allSatisfy({ $0 >= 0 }) else {
                throw PlotError.invalidData(figure: name, reason: "confusion matrix row \(index) has a negative count")
            }
        }
    }

    /// Where the title, cells and colour bar go, computed from measured label sizes.
    struct Layout: Equatable {
        /// The square holding the cells.
        var grid: Rect
        /// Side length of one cell.
        var cellSize: Double
        /// The colour bar beside the grid.
        var colorBar: Rect
        /// Widest class label, to place the rotated "True" label clear of them.
        var classLabelWidth: Double
        /// Height of a class label line.
        var classLabelHeight: Double
        /// Widest colour-bar tick label, to place the bar's rotated label clear of them.
        var colorBarTickLabelWidth: Double
    }

    /// Lays out the chart; `draw` uses exactly this.
    func layout(measuringWith measurer: TextMeasuring) -> Layout {
        let n = max(counts.count, 1)
        let maximum = counts.flatMap { $0 }.max() ?? 0
        let titleMetrics = measurer.measure(title, font: .figureTitle)
        let axisLabel = measurer.measure("Predicted", font: .axisLabel)
        let classLabelWidth = classLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let classLabelHeight = measurer.measure("0", font: .tickLabel).height
        let barLabelWidth = colorBarTicks(maximum: maximum).map { measurer.measure(String($0), font: .tickLabel).width }.max() ?? 0

        let top = Self.padding + titleMetrics.height + 2 * Self.gap
        let left = Self.padding + axisLabel.height + Self.gap + classLabelWidth + Self.gap
        let bottom = Self.gap + classLabelHeight + Self.gap + axisLabel.height + Self.padding
        let barTitleHeight = measurer.measure(Self.colorBarLabel, font: .axisLabel).height + Self.colorBarLabelGap
        let right = Self.colorBarGap + Self.colorBarWidth + 4 + barLabelWidth + barTitleHeight + Self.padding
        let side = max(Double(n) * 8, min(size.width - left - right, size.height - top - bottom))
        // Centre the block horizontally so spare width does not pile up on one side.
        let spare = max(0, size.width - left - right - side)
        let grid = Rect(x: left + spare / 2, y: top, width: side, height: side)
        let colorBar = Rect(x: grid.maxX + Self.colorBarGap, y: grid.y, width: Self.colorBarWidth, height: grid.height)
        return Layout(grid: grid, cellSize: side / Double(n), colorBar: colorBar,
                      classLabelWidth: classLabelWidth, classLabelHeight: classLabelHeight, colorBarTickLabelWidth: barLabelWidth)
    }

    /// Draws the heat map.
    ///
    /// - Throws: `PlotError.invalidData` for a non-square or negative matrix.
    func draw(in context: CairoContext) throws {
        try validate()
        let maximum = counts.flatMap { $0 }.max() ?? 0
        let layout = layout(measuringWith: context)
        context.paint(.white)
        context.drawText(title, at: Point(x: size.width / 2, y: Self.padding), font: .figureTitle,
                         color: Ink.text, horizontal: .center, vertical: .top)
        drawCells(in: layout.grid, cell: layout.cellSize, maximum: maximum, context: context)
        drawLabels(grid: layout.grid, cell: layout.cellSize, classLabelWidth: layout.classLabelWidth,
                   classLabelHeight: layout.classLabelHeight, context: context)
        drawColorBar(layout.colorBar, maximum: maximum, context: context)
        let height = context.measure(Self.colorBarLabel, font: .axisLabel).height
        let x = layout.colorBar.maxX + 5 + layout.colorBarTickLabelWidth + Self.colorBarLabelGap + height / 2
        context.drawText(Self.colorBarLabel, at: Point(x: x, y: layout.colorBar.midY), font: .axisLabel, color: Ink.text,
                         horizontal: .center, vertical: .center, rotation: -Double.pi / 2)
    }

    private func drawCells(in grid: Rect, cell: Double, maximum: Int, context: CairoContext) {
        let longest = counts.flatMap { $0 }.map { String($0) }.max { $0.count < $1.count } ?? "0"
        var font = FontStyle(size: min(12, cell * 0.3))
        let widest = context.measure(longest, font: font).width
        if widest > cell - 6, widest > 0 {
            font = FontStyle(size: font.size * (cell - 6) / widest)
        }
        for (row, values) in counts.enumerated() {
            for (column, count) in values.enumerated() {
                let rect = Rect(x: grid.x + Double(column) * cell, y: grid.y + Double(row) * cell, width: cell, height: cell)
                let fill = Self.rampColor(at: Self.intensity(count: count, maximum: maximum))
                context.fill(rect, color: fill)
                let textColor: Color
                if count == 0 {
                    textColor = Color(hex: 0xB0B0B0)
                } else {
                    textColor = fill.relativeLuminance < 0.3 ? .white : Ink.text
                }
                let isDiagonal = row == column
                context.drawText(String(count), at: Point(x: rect.midX, y: rect.midY),
                                 font: FontStyle(size: font.size, isBold: isDiagonal), color: textColor,
                                 horizontal: .center, vertical: .center)
            }
        }
        // Thin white rules keep neighbouring cells of similar colour apart.
        for index in 0...counts.count {
            let offset = Double(index) * cell
            context.strokeLine(from: Point(x: grid.x + offset, y: grid.y), to: Point(x: grid.x + offset, y: grid.maxY), color: .white, width: 1)
            context.strokeLine(from: Point(x: grid.x, y: grid.y + offset), to: Point(x: grid.maxX, y: grid.y + offset), color: .white, width: 1)
        }
        context.setColor(Ink.axis)
        context.setStroke(width: 1)
        context.addRectangle(grid)
        context.stroke()
    }

    private func drawLabels(grid: Rect, cell: Double, classLabelWidth: Double, classLabelHeight: Double, context: CairoContext) {
        for (index, label) in classLabels.enumerated() {
            let center = Double(index) * cell + cell / 2
            context.drawText(label, at: Point(x: grid.x + center, y: grid.maxY + Self.gap), font: .tickLabel,
                             color: Ink.secondaryText, horizontal: .center, vertical: .top)
            context.drawText(label, at: Point(x: grid.x - Self.gap, y: grid.y + center), font: .tickLabel,
                             color: Ink.secondaryText, horizontal: .trailing, vertical: .center)
        }
        context.drawText("Predicted", at: Point(x: grid.midX, y: grid.maxY + 2 * Self.gap + classLabelHeight),
                         font: .axisLabel, color: Ink.text, horizontal: .center, vertical: .top)
        let labelHeight = context.measure("True", font: .axisLabel).height
        context.drawText("True", at: Point(x: grid.x - 2 * Self.gap - classLabelWidth - labelHeight / 2, y: grid.midY),
                         font: .axisLabel, color: Ink.text, horizontal: .center, vertical: .center, rotation: -Double.pi / 2)
    }

    /// 0 and the powers of ten up to the maximum, since the ramp is logarithmic.
    func colorBarTicks(maximum: Int) -> [Int] {
        var ticks = [0]
        var power = 1
        while power <= maximum {
            ticks.append(power)
            let (next, overflow) = power.multipliedReportingOverflow(by: 10)
            if overflow { break }
            power = next
        }
        return ticks
    }

    private func drawColorBar(_ bar: Rect, maximum: Int, context: CairoContext) {
        let steps = 64
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            let y0 = bar.maxY - bar.height * Double(step + 1) / Double(steps)
            // Overlap slices by a hair so anti-aliasing leaves no light seams.
            context.fill(Rect(x: bar.x, y: y0, width: bar.width, height: bar.height / Double(steps) + 0.5),
                         color: Self.rampColor(at: fraction))
        }
        context.setColor(Ink.axis)
        context.setStroke(width: 0.8)
        context.addRectangle(bar)
        context.stroke()
        for tick in colorBarTicks(maximum: maximum) {
            let y = bar.maxY - bar.height * Self.intensity(count: tick, maximum: maximum)
            context.strokeLine(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + 3, y: y), color: Ink.axis, width: 1)
            context.drawText(String(tick), at: Point(x: bar.maxX + 5, y: y), font: .tickLabel, color: Ink.secondaryText,
                             horizontal: .leading, vertical: .center)
        }
    }
}
