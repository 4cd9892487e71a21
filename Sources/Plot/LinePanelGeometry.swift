import Foundation

/// Everything needed to draw one line panel, computed without drawing anything, so tests can check where data lands.
struct LinePanelGeometry {
    var frame: Rect
    /// Inside the axes.
    var plotArea: Rect
    var xDomain, yDomain: ClosedRange<Double>
    var yScale: AxisScale
    var xTicks, yTicks: [Double]
    var xTickLabels, yTickLabels: [String]
    var yMinorTicks: [Double]
    var legendRect: Rect?

    static let tickLength = 5.0
    static let tickLabelGap = 4.0
    static let axisLabelGap = 6.0
    static let outerPadding = 10.0
    static let titleGap = 10.0
    /// The legend only gets extra headroom when it is small compared with the plot.
    static let maximumHeadroomFraction = 0.45
    /// Between two epoch labels at the least; closer, every other epoch is labelled.
    static let minimumXLabelGap = 6.0
    /// y tick labels at least this far apart, so a short panel gets fewer of them instead of a smear.
    static let minimumYTickSpacing = 28.0
    /// Minor log ticks only where a decade is at least this tall; in less they merge into a solid bar.
    static let minimumDecadeHeightForMinorTicks = 40.0

    /// y must be one the panel's scale can show.
    func position(x: Double, y: Double) -> Point {
        Point(x: Self.interpolate(x, in: xDomain, from: plotArea.x, to: plotArea.maxX),
              y: Self.interpolate(yScale.transformed(y) ?? .nan, in: yScale.transformed(yDomain), from: plotArea.maxY, to: plotArea.y))
    }

    private static func interpolate(_ value: Double, in domain: ClosedRange<Double>, from start: Double, to end: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        guard width > 0 else { return (start + end) / 2 }
        return start + (value - domain.lowerBound) / width * (end - start)
    }

    /// Lays out `panel` inside `frame` over `xDomain`, which the chart's panels share.
    ///
    /// If every corner of the plot would hide data under the legend, the y
    /// range is extended once, upwards or else downwards, so the legend gets a band of its own.
    static func compute(panel: LinePanel, frame: Rect, measurer: Canvas, xDomain: ClosedRange<Double>) -> LinePanelGeometry {
        if let fixed = panel.fixedYDomain {
            var geometry = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: fixed, measurer: measurer)
            _ = geometry.placeLegend(panel: panel, measurer: measurer)
            return geometry
        }
        let yDomain = panel.yScale == .linear ? linearYDomain(for: panel) : logYDomain(for: panel)
        var geometry = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: yDomain, measurer: measurer)
        guard let hidden = geometry.placeLegend(panel: panel, measurer: measurer), hidden > 0 else { return geometry }
        let legendHeight = geometry.legendSize(panel: panel, measurer: measurer).height + 2 * legendInset
        let plotHeight = geometry.plotArea.height
        guard legendHeight < plotHeight * maximumHeadroomFraction else { return geometry }
        // Extended in the axis' own coordinates, so on a log axis the legend band is as tall as on a linear one.
        let span = panel.yScale.transformed(yDomain)
        let grown = (span.upperBound - span.lowerBound) * plotHeight / (plotHeight - legendHeight)
        let value = { (coordinate: Double) in panel.yScale == .linear ? coordinate : pow(10, coordinate) }
        var best = (geometry: geometry, hidden: hidden)
        // Upwards first; downwards when that leaves no corner clear.
        for domain in [yDomain.lowerBound...value(span.lowerBound + grown), value(span.upperBound - grown)...yDomain.upperBound]
        where domain.lowerBound.isFinite && domain.upperBound.isFinite {
            var extended = make(panel: panel, frame: frame, xDomain: xDomain, yDomain: domain, measurer: measurer)
            if let extendedHidden = extended.placeLegend(panel: panel, measurer: measurer), extendedHidden < best.hidden {
                best = (extended, extendedHidden)
            }
            if best.hidden == 0 { break }
        }
        return best.geometry
    }

    private static func make(panel: LinePanel, frame: Rect, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>,
                             measurer: Canvas) -> LinePanelGeometry {
        let lastEpoch = Int(max(1, min(xDomain.upperBound, 1e9)).rounded(.down))
        var xTicks = panel.xCategories.isEmpty ? TickGenerator.epochTicks(lastEpoch: lastEpoch).map(Double.init).filter { xDomain.contains($0) }
            : panel.xCategories.indices.map { Double($0 + 1) }
        var xTickLabels = panel.xCategories.isEmpty ? xTicks.map { String(Int($0)) } : panel.xCategories
        // The plot's height does not depend on the y labels (only its left edge does), so it can size their count.
        let plotHeight = plotArea(frame: frame, panel: panel, xTickLabels: xTickLabels, yTickLabels: [], measurer: measurer).height
        let maximumYTicks = max(2, Int(plotHeight / minimumYTickSpacing) + 1)
        var yTicks: [Double]
        var yMinorTicks: [Double] = []
        if panel.yScale == .linear {
            yTicks = TickGenerator.ticks(lower: yDomain.lowerBound, upper: yDomain.upperBound, maximumCount: maximumYTicks)
                .filter { panel.yTickLimits?.contains($0) ?? true }
        } else {
            yTicks = TickGenerator.logTicks(lower: yDomain.lowerBound, upper: yDomain.upperBound, maximumCount: maximumYTicks)
            let decades = panel.yScale.transformed(yDomain)
            let decadeHeight = plotHeight / max(decades.upperBound - decades.lowerBound, 1e-9)
            let labelsEveryDecade = zip(yTicks, yTicks.dropFirst()).allSatisfy { $1 / $0 <= 10 * (1 + 1e-9) }
            if decadeHeight >= minimumDecadeHeightForMinorTicks && labelsEveryDecade {
                yMinorTicks = TickGenerator.logMinorTicks(lower: yDomain.lowerBound, upper: yDomain.upperBound, labelled: yTicks)
            }
        }
        let yTickLabels = panel.yLabels(yTicks)
        var area = plotArea(frame: frame, panel: panel, xTickLabels: xTickLabels, yTickLabels: yTickLabels, measurer: measurer)
        // Epoch labels closer than their own width plus a gap would run together: then every other epoch is labelled.
        let widestX = xTickLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let span = xDomain.upperBound - xDomain.lowerBound
        if panel.xCategories.isEmpty, xTicks.count > 2, span > 0, zip(xTicks, xTicks.dropFirst()).contains(where: { ($1 - $0) / span * area.width < widestX + minimumXLabelGap }) {
            xTicks = xTicks.filter { Int($0) % 2 == 0 }
            xTickLabels = xTicks.map { String(Int($0)) }
            area = plotArea(frame: frame, panel: panel, xTickLabels: xTickLabels, yTickLabels: yTickLabels, measurer: measurer)
        }
        return LinePanelGeometry(frame: frame, plotArea: area, xDomain: xDomain, yDomain: yDomain, yScale: panel.yScale, xTicks: xTicks,
                                 yTicks: yTicks, xTickLabels: xTickLabels, yTickLabels: yTickLabels, yMinorTicks: yMinorTicks)
    }

    /// The plot area inside `frame`: room for the measured title, axis labels and tick labels, so nothing is clipped or overlaps.
    static func plotArea(frame: Rect, panel: LinePanel, xTickLabels: [String], yTickLabels: [String], measurer: Canvas) -> Rect {
        let title = measurer.measure(panel.title, font: .panelTitle)
        let xLabel = measurer.measure(panel.xLabel, font: .axisLabel)
        let yLabel = measurer.measure(panel.yLabel, font: .axisLabel)
        let xTickHeight = xTickLabels.isEmpty ? 0 : measurer.measure(xTickLabels[0], font: .tickLabel).height
        let widestYTick = yTickLabels.map { measurer.measure($0, font: .tickLabel).width }.max() ?? 0
        let lastXTickHalfWidth = xTickLabels.last.map { measurer.measure($0, font: .tickLabel).width / 2 } ?? 0
        // A legend outside the plot takes rows of its own between the title and the plot.
        let legend = panel.legendOutside ? outsideLegendLayout(panel: panel, width: frame.width - 2 * outerPadding, measurer: measurer).size.height : 0
        let top = outerPadding + title.height + titleGap + (legend > 0 ? legend + legendOutsideGap : 0)
        let left = outerPadding + (panel.yLabel.isEmpty ? 0 : yLabel.height + axisLabelGap) + widestYTick + tickLabelGap + tickLength
        let bottom = outerPadding + (panel.xLabel.isEmpty ? 0 : xLabel.height + axisLabelGap) + xTickHeight + tickLabelGap + tickLength
        let right = outerPadding + lastXTickHalfWidth
        return Rect(x: frame.x + left, y: frame.y + top, width: frame.width - left - right, height: frame.height - top - bottom)
    }

    static func xDomain(extent: ClosedRange<Double>?) -> ClosedRange<Double> {
        guard let extent else { return 0.5...1.5 }
        let (low, high) = (extent.lowerBound, extent.upperBound)
        // Half an epoch either side of a lone epoch; otherwise just enough room for end markers.
        let padding = high - low < 1e-9 ? 0.5 : (high - low) * 0.03
        // Training starts at epoch 0: every figure's axis starts there, so figures drawn from epoch 1 line up with
        // those drawn from the first mini-batches, and none shows negative epochs.
        return (low >= 0 && high - low >= 1e-9 ? 0 : low - padding)...(high + padding)
    }

    /// The values padded by 5% of their range on each side; a constant is widened first as `TickGenerator` widens it.
    private static func linearYDomain(for panel: LinePanel) -> ClosedRange<Double> {
        let values = panel.series.flatMap { $0.extentValues(on: .linear) } + panel.sharedExtent.filter(\.isFinite)
        guard let minimum = values.min(), let maximum = values.max() else { return 0...1 }
        let (low, high) = TickGenerator.widenedIfDegenerate(lower: minimum, upper: maximum)
        let padding = (high - low) * 0.05
        // Strips along the axis take the bottom of the plot: the lowest point and its diamond stay above them.
        let bottomPadding = panel.shadesAlongAxis && !panel.shades.isEmpty ? 2 * padding : padding
        // Padding never reaches past what can exist (an accuracy above 100%, an error rate below 0%) unless the data
        // touches it, where dots at the limit need the room.
        var lower = low - bottomPadding, upper = high + padding
        if let limits = panel.yTickLimits {
            if maximum < limits.upperBound, upper > limits.upperBound { upper = limits.upperBound }
            if minimum > limits.lowerBound, lower < limits.lowerBound { lower = limits.lowerBound }
        }
        return lower...upper
    }

    /// Padded by 5% of the span in decades; a constant is given half a decade either side.
    private static func logYDomain(for panel: LinePanel) -> ClosedRange<Double> {
        let exponents = (panel.series.flatMap { $0.extentValues(on: .logarithmic) } + panel.sharedExtent.filter { $0.isFinite && $0 > 0 }).map { log10($0) }
        guard let minimum = exponents.min(), let maximum = exponents.max() else { return 0.1...10 }
        let (low, high) = maximum - minimum < 1e-9 ? (minimum - 0.5, maximum + 0.5) : (minimum, maximum)
        let padding = (high - low) * 0.05
        // Zeros drawn on the floor (under the axis break) need room apart from the lowest value above them, so that no point
        // sits on the break marks.
        let floorZeros = panel.series.contains { $0.marksZerosOnFloor && $0.y.contains(0) } || panel.series.contains { series in
            series.marksZerosOnFloor && (series.band?.lower.contains(0) ?? false)
        }
        return pow(10, low - (floorZeros ? 3 : 1) * padding)...pow(10, high + padding)
    }
}

/// How values are placed along the y axis.
enum AxisScale {
    case linear, logarithmic

    /// The coordinate the axis is linear in: the value itself, or its base-10 logarithm;
    /// nil for a value this scale cannot place (non-finite, or not positive on a log scale).
    func transformed(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        return self == .linear ? value : (value > 0 ? log10(value) : nil)
    }

    /// `domain` in transformed coordinates; a log domain whose lower bound is not positive starts at its upper bound.
    func transformed(_ domain: ClosedRange<Double>) -> ClosedRange<Double> {
        let upper = transformed(domain.upperBound) ?? 0
        let lower = transformed(domain.lowerBound) ?? upper
        return min(lower, upper)...max(lower, upper)
    }
}
