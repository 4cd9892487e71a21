import Foundation

/// Drawing one line panel exactly where its geometry says.
extension LinePanelGeometry {
    static let lineWidth = 2.0
    /// The relative luminance a band reaches on white, whatever its colour: visible, yet light enough for the lines inside
    /// it to stay readable, and as light for one network as for another, so that neither's spread looks the larger for its hue.
    static let bandLuminance = 0.62

    /// The white rim of an outlined dot (`LineSeries.outlined`).
    static let outlineWidth = 1.5

    /// The opacity at which `color` over white reaches `luminance` (`bandLuminance` by default; a colour already that light:
    /// a quarter).
    static func bandAlpha(for color: Color, luminance: Double = bandLuminance) -> Double {
        guard color.relativeLuminance < luminance else { return 0.25 }
        // `tinted` mixes the colour with white; over white, an opacity a gives that mix with a share 1 − a of white.
        let tint = color.withAlpha(1).tinted(toLuminance: luminance)
        let channel = [(color.red, tint.red), (color.green, tint.green), (color.blue, tint.blue)].first { $0.0 < 1 }
        return channel.map { (1 - $0.1) / (1 - $0.0) } ?? 0.25
    }
    static let markerRadius = 3.2
    /// A marked point (`LineSeries.diamondPoints`): around a marker's dot, with a gap.
    static let diamondRadius = 7.0
    static let diamondWidth = 1.6
    /// Between a line's last point and its end label.
    static let endLabelGap = 7.0
    /// Drawn bigger than ordinary markers so a one-epoch run is unmistakable.
    static let isolatedPointRadius = 4.0
    /// The stroke of a run's ring (`LineSeries.ringsAtPoints`): thin enough that three close rings stay apart.
    static let ringWidth = 1.2

    /// The shaded span's tint: a pale yellow, as grey is ConvNet's colour, lighter than the grid lines drawn over it.
    static let shadeColor = Color(hex: 0xFBF6DD)
    /// A span marked along the axis (`LinePanel.shadesAlongAxis`): a darker yellow bar, and its height.
    static let axisBarColor = Color(hex: 0xE0C25A)
    static let axisBarHeight = 7.0

    func draw(_ panel: LinePanel, on canvas: Canvas) {
        let area = plotArea
        for shade in panel.shades where !panel.shadesAlongAxis {
            let left = max(area.x, position(x: shade.lowerBound, y: yDomain.lowerBound).x)
            let right = min(area.maxX, position(x: shade.upperBound, y: yDomain.lowerBound).x)
            if right > left { canvas.fill(Rect(x: left, y: area.y, width: right - left, height: area.height), color: Self.shadeColor) }
        }
        // Spans marked along the axis: bars on the plot's bottom edge, under the data, so that no point, diamond or label
        // near the floor is hidden by them.
        for strip in axisStrips(panel) { canvas.fill(strip, color: Self.axisBarColor) }
        for x in xTicks {
            let px = position(x: x, y: yDomain.lowerBound).x
            canvas.strokeLine(from: Point(x: px, y: area.y), to: Point(x: px, y: area.maxY), color: Ink.grid, width: 0.8)
        }
        for y in yTicks {
            let py = position(x: xDomain.lowerBound, y: y).y
            canvas.strokeLine(from: Point(x: area.x, y: py), to: Point(x: area.maxX, y: py), color: Ink.grid, width: 0.8)
        }
        // Reference lines under the data, so that no curve or dot is cut by one.
        drawMarker(panel.marker, on: canvas)
        canvas.withSavedState {
            canvas.addRectangle(area)
            canvas.clip()
            // The translucent bands between each series' bounds first, under every line.
            for series in panel.series {
                for run in series.bandRuns(on: yScale, floor: yDomain.lowerBound) where run.count > 1 {
                    let upper = run.map { position(x: $0.x, y: $0.upper) }
                    canvas.setColor(series.color.withAlpha(series.bandOpacity ?? Self.bandAlpha(for: series.color)))
                    canvas.move(to: upper[0])
                    for point in upper.dropFirst() + run.reversed().map({ position(x: $0.x, y: $0.lower) }) { canvas.line(to: point) }
                    canvas.fill()
                }
            }
            // The thin lines of single runs, the main curves over them, then the runs' diamonds on top: a diamond is an open
            // outline, so it hides no dot, and no curve hides a diamond.
            for series in panel.series where series.width != nil { draw(series, on: canvas) }
            for series in panel.series where series.width == nil { draw(series, on: canvas) }
            drawDiamonds(panel, on: canvas)
            // The main curves' dots once more over the diamonds: a diamond is larger than a dot, so both stay visible where a
            // run's lowest loss falls on its mean's point.
            for series in panel.series where series.width == nil && series.drawsLine && !series.ringsAtPoints {
                for run in series.drawableRuns(on: yScale) where run.count > 1 { drawDots(series, at: run.map { position(x: $0.x, y: $0.y) }, on: canvas) }
            }
        }
        drawEndLabels(panel, on: canvas)
        drawAxes(panel, on: canvas)
        drawFloorZeros(panel, on: canvas)
        drawLegend(panel, on: canvas)
    }

    /// Zeros a log axis cannot hold, as rings on its floor, drawn over the frame so that it does not cut them, and the floor
    /// labelled "0" beside the axis (unless a tick label is too near): the ring then reads as zero, not as a small value.
    private func drawFloorZeros(_ panel: LinePanel, on canvas: Canvas) {
        // Each zero in its network's marker shape, open: a circle is ConvNet's everywhere else.
        let zeros = panel.series.flatMap { series in series.floorZeros(on: yScale).filter(xDomain.contains).map { (series.color, series.marker, $0) } }
        guard !zeros.isEmpty || (panel.labelsZeroFloor && yScale == .logarithmic) else { return }
        for (color, shape, x) in zeros {
            canvas.openMarker(shape, center: Point(x: position(x: x, y: yDomain.lowerBound).x, y: plotArea.maxY), radius: Self.isolatedPointRadius,
                              color: color, fill: .white, width: Self.lineWidth)
        }
        let height = canvas.measure("0", font: .tickLabel).height
        let nearest = yTicks.map { abs(position(x: xDomain.lowerBound, y: $0).y - plotArea.maxY) }.min() ?? .infinity
        guard nearest > height else { return }
        canvas.strokeLine(from: Point(x: plotArea.x - Self.tickLength, y: plotArea.maxY), to: Point(x: plotArea.x, y: plotArea.maxY), color: Ink.axis, width: 1)
        canvas.drawText("0", at: Point(x: plotArea.x - Self.tickLength - Self.tickLabelGap, y: plotArea.maxY), font: .tickLabel, color: Ink.secondaryText,
                        horizontal: .trailing, vertical: .center)
        // A break in the axis between 0 and the lowest decade, as a log axis has no zero: two short slashes across it.
        let breakY = plotArea.maxY - min(nearest / 2, height)
        canvas.fill(Rect(x: plotArea.x - 4, y: breakY - 3, width: 8, height: 6), color: .white)
        for offset in [-2.5, 2.5] {
            canvas.strokeLine(from: Point(x: plotArea.x - 5, y: breakY + offset + 2), to: Point(x: plotArea.x + 5, y: breakY + offset - 2), color: Ink.axis, width: 1)
        }
    }

    private func draw(_ series: LineSeries, on canvas: Canvas) {
        if series.ringsAtPoints {
            for point in series.drawableRuns(on: yScale).joined() {
                canvas.openMarker(series.marker, center: position(x: point.x, y: point.y), radius: Self.markerRadius, color: series.color, fill: .white, width: Self.ringWidth)
            }
            return
        }
        guard series.drawsLine else { return }
        let runs = series.drawableRuns(on: yScale).map { run in run.map { position(x: $0.x, y: $0.y) } }
        canvas.stroke(runs, color: series.color, width: series.width ?? Self.lineWidth, pattern: series.pattern)
        for run in runs {
            if run.count == 1 {
                // A white rim sets the dot apart from a box of its own colour under it.
                if series.outlined { canvas.fillMarker(series.marker, center: run[0], radius: Self.isolatedPointRadius + Self.outlineWidth, color: .white) }
                canvas.fillMarker(series.marker, center: run[0], radius: Self.isolatedPointRadius, color: series.color)
            } else {
                drawDots(series, at: run, on: canvas)
            }
        }
    }

    /// The dots of a run of several points (`points`, where they are drawn), when the series shows them.
    private func drawDots(_ series: LineSeries, at points: [Point], on canvas: Canvas) {
        guard series.showsMarkers else { return }
        for point in points { canvas.fillMarker(series.marker, center: point, radius: Self.markerRadius, color: series.color) }
    }

    /// The bars along the bottom of the plot that mark its shades when `shadesAlongAxis` (the windows a text compares), each
    /// clipped to the plot; none for shades drawn over the whole height.
    private func axisStrips(_ panel: LinePanel) -> [Rect] {
        guard panel.shadesAlongAxis else { return [] }
        return panel.shades.compactMap { shade in
            let left = max(plotArea.x, position(x: shade.lowerBound, y: yDomain.lowerBound).x)
            let right = min(plotArea.maxX, position(x: shade.upperBound, y: yDomain.lowerBound).x)
            return right > left ? Rect(x: left, y: plotArea.maxY - Self.axisBarHeight, width: right - left, height: Self.axisBarHeight) : nil
        }
    }

    /// Every series' marked points as open diamonds, opaque in its colour, wider than a dot so that one on another line's dot
    /// frames it, each on its own point; then their labels (the series' end label, a seed's number): diamonds that overlap
    /// share one label (`2, 3`), and each label goes to the place beside its diamonds that covers the least data, clear of
    /// the other labels, the strips along the axis and the frame.
    private func drawDiamonds(_ panel: LinePanel, on canvas: Canvas) {
        var marks: [(center: Point, label: String?, color: Color)] = []
        for series in panel.series {
            let color = series.diamondColor ?? series.color.withAlpha(1)
            for index in series.diamondPoints where series.x.indices.contains(index) && series.y.indices.contains(index) {
                guard series.x[index].isFinite, yScale.transformed(series.y[index]) != nil else { continue }
                marks.append((position(x: series.x[index], y: series.y[index]), series.endLabel, color))
            }
        }
        for mark in marks { canvas.diamond(center: mark.center, radius: Self.diamondRadius, color: mark.color, width: Self.diamondWidth) }
        // Diamonds closer than their radius read as one mark: one label names them all, around their common box.
        var groups: [(box: Rect, labels: [String], color: Color)] = []
        for mark in marks {
            guard let label = mark.label else { continue }
            let box = Rect(x: mark.center.x - Self.diamondRadius, y: mark.center.y - Self.diamondRadius, width: 2 * Self.diamondRadius, height: 2 * Self.diamondRadius)
            if let index = groups.firstIndex(where: { $0.box.insetBy(-1).contains(mark.center) || box.contains(Point(x: $0.box.midX, y: $0.box.midY)) }) {
                let union = groups[index].box
                let (left, top) = (min(union.x, box.x), min(union.y, box.y))
                groups[index].box = Rect(x: left, y: top, width: max(union.maxX, box.maxX) - left, height: max(union.maxY, box.maxY) - top)
                groups[index].labels.append(label)
            } else {
                groups.append((box, [label], mark.color))
            }
        }
        let obstacles = dataObstacles(panel: panel)
        // The strips along the axis are as much to keep clear as the data.
        let strips = axisStrips(panel)
        var placed: [Rect] = []
        for group in groups {
            let text = group.labels.sorted().joined(separator: ", ")
            let metrics = canvas.measure(text, font: .annotation)
            let (box, gap) = (group.box, 2.0)
            // Right, left, above and below the diamonds, then the corners: each a box of the text's size.
            let (right, left) = (box.maxX + gap, box.x - gap - metrics.width)
            let (middle, centre) = (box.midY - metrics.height / 2, box.midX - metrics.width / 2)
            let (above, below) = (box.y - gap - metrics.height, box.maxY + gap)
            // Farther out the same way when every near place is taken.
            let far = Self.diamondRadius
            let candidates = [Point(x: right, y: middle), Point(x: left, y: middle), Point(x: centre, y: above), Point(x: centre, y: below),
                              Point(x: right, y: above), Point(x: right, y: below), Point(x: left, y: above), Point(x: left, y: below),
                              Point(x: right + far, y: middle), Point(x: left - far, y: middle), Point(x: centre, y: above - far), Point(x: centre, y: below + far)]
                .map { Rect(x: $0.x, y: $0.y, width: metrics.width, height: metrics.height) }
            // Beside another diamond, or nearer to it than to its own, a label would name the wrong one.
            let others = groups.map(\.box).filter { $0 != box }
            func distance(_ a: Rect, _ b: Rect) -> Double { hypot(a.midX - b.midX, a.midY - b.midY) }
            func cost(_ rect: Rect) -> Int {
                let covered = obstacles.filter { rect.insetBy(-1).contains($0) }.count
                let nearer = others.contains { $0.insetBy(-2).intersects(rect) || distance($0, rect) < distance(box, rect) }
                let blocked = placed.contains { $0.intersects(rect) } || strips.contains { $0.intersects(rect) } || nearer
                    || !plotArea.contains(Point(x: rect.x, y: rect.y)) || !plotArea.contains(Point(x: rect.maxX, y: rect.maxY))
                return covered + (blocked ? 10_000 : 0)
            }
            // The least data covered; the first candidate on ties.
            guard let chosen = candidates.enumerated().min(by: { (cost($0.element), $0.offset) < (cost($1.element), $1.offset) }) else { continue }
            let best = chosen.element
            placed.append(best)
            // Away from the diamonds' side, a short leader ties the label to them, so that it is not read as another line's.
            if chosen.offset >= 2 {
                func clamped(_ point: Point, to rect: Rect) -> Point { Point(x: min(max(point.x, rect.x), rect.maxX), y: min(max(point.y, rect.y), rect.maxY)) }
                let from = clamped(Point(x: best.midX, y: best.midY), to: box.insetBy(Self.diamondRadius / 2))
                canvas.strokeLine(from: from, to: clamped(Point(x: box.midX, y: box.midY), to: best), color: group.color, width: 0.8)
            }
            _ = canvas.drawText(text, at: Point(x: best.x, y: best.midY), font: .annotation, color: group.color, horizontal: .leading, vertical: .center)
        }
    }

    /// Each labelled line's text beside both its ends, left of its first point and right of its last, so that lines drawn alike
    /// can be followed from either side; at each end the labels are pushed apart vertically where lines end close together.
    private func drawEndLabels(_ panel: LinePanel, on canvas: Canvas) {
        let labelled = panel.series.filter { $0.endLabel != nil }
        let runs = labelled.map { $0.drawableRuns(on: yScale) }
        func ends(_ point: ([[(x: Double, y: Double)]]) -> (x: Double, y: Double)?) -> [(label: String, point: Point, color: Color)] {
            zip(labelled, runs).compactMap { series, runs in
                guard let label = series.endLabel, let end = point(runs) else { return nil }
                return (label, position(x: end.x, y: end.y), series.diamondColor ?? series.color.withAlpha(1))
            }
        }
        drawLabels(ends { $0.last?.last }, leading: true, panel: panel, on: canvas)
        drawLabels(ends { $0.first?.first }, leading: false, panel: panel, on: canvas)
    }

    /// Labels beside their points, right of them (`leading`) or left, stacked down from the top at least a line apart and, if
    /// the lowest would leave the frame or cover the strips along the axis, up from the bottom the same way; a label pushed off
    /// its point is tied to it by a short leader.
    private func drawLabels(_ unsorted: [(label: String, point: Point, color: Color)], leading: Bool, panel: LinePanel, on canvas: Canvas) {
        let labels = unsorted.sorted { $0.point.y < $1.point.y }
        guard !labels.isEmpty else { return }
        let height = canvas.measure("0", font: .annotation).height
        var placed: [Double] = []
        for label in labels { placed.append(max(label.point.y, (placed.last ?? -Double.infinity) + height)) }
        let floor = plotArea.maxY - height / 2 - (panel.shadesAlongAxis ? Self.axisBarHeight : 0)
        if let lowest = placed.last, lowest > floor {
            placed[placed.count - 1] = floor
            for index in placed.indices.dropLast().reversed() { placed[index] = min(placed[index], placed[index + 1] - height) }
        }
        let side = leading ? 1.0 : -1.0
        for (label, y) in zip(labels, placed) {
            if abs(y - label.point.y) > 2 {
                canvas.strokeLine(from: Point(x: label.point.x + side, y: label.point.y), to: Point(x: label.point.x + side * Self.endLabelGap, y: y),
                                  color: label.color, width: 0.8)
            }
            canvas.drawText(label.label, at: Point(x: label.point.x + side * (Self.endLabelGap + 1), y: y), font: .annotation, color: label.color,
                            horizontal: leading ? .leading : .trailing, vertical: .center)
        }
    }

    private func drawMarker(_ marker: VerticalMarker?, on canvas: Canvas) {
        guard let marker, xDomain.contains(marker.x) else { return }
        let area = plotArea
        let x = position(x: marker.x, y: yDomain.lowerBound).x
        canvas.strokeLine(from: Point(x: x, y: area.y), to: Point(x: x, y: area.maxY), color: marker.color, width: marker.pattern == .dotted ? 1.2 : 1.5, pattern: marker.pattern)
    }

    private func drawAxes(_ panel: LinePanel, on canvas: Canvas) {
        let area = plotArea
        canvas.strokeRectangle(area, color: Ink.axis, width: 1)
        let (tick, gap) = (Self.tickLength, Self.tickLabelGap)
        for (value, label) in zip(xTicks, xTickLabels) {
            let x = position(x: value, y: yDomain.lowerBound).x
            canvas.strokeLine(from: Point(x: x, y: area.maxY), to: Point(x: x, y: area.maxY + tick), color: Ink.axis, width: 1)
            canvas.drawText(label, at: Point(x: x, y: area.maxY + tick + gap), font: .tickLabel, color: Ink.secondaryText,
                            horizontal: .center, vertical: .top)
        }
        for (value, label) in zip(yTicks, yTickLabels) {
            let y = position(x: xDomain.lowerBound, y: value).y
            canvas.strokeLine(from: Point(x: area.x - tick, y: y), to: Point(x: area.x, y: y), color: Ink.axis, width: 1)
            canvas.drawText(label, at: Point(x: area.x - tick - gap, y: y), font: .tickLabel, color: Ink.secondaryText,
                            horizontal: .trailing, vertical: .center)
        }
        for value in yMinorTicks {
            let y = position(x: xDomain.lowerBound, y: value).y
            canvas.strokeLine(from: Point(x: area.x - tick / 2, y: y), to: Point(x: area.x, y: y), color: Ink.axis, width: 0.8)
        }
        let padding = Self.outerPadding
        let xTickHeight = xTickLabels.first.map { canvas.measure($0, font: .tickLabel).height } ?? 0
        // Centred over the plot, and within the panel's frame: a long title shrinks to fit the narrower side.
        let halfWidth = min(area.midX - frame.x, frame.maxX - area.midX) - padding
        canvas.drawText(panel.title, at: Point(x: area.midX, y: frame.y + padding), font: FontStyle.panelTitle.fitting(panel.title, width: 2 * halfWidth, on: canvas), color: Ink.text,
                        horizontal: .center, vertical: .top)
        canvas.drawText(panel.xLabel, at: Point(x: area.midX, y: area.maxY + tick + gap + xTickHeight + Self.axisLabelGap),
                        font: .axisLabel, color: Ink.text, horizontal: .center, vertical: .top)
        if !panel.yLabel.isEmpty {
            let yLabelHeight = canvas.measure(panel.yLabel, font: .axisLabel).height
            canvas.drawText(panel.yLabel, at: Point(x: frame.x + padding + yLabelHeight / 2, y: area.midY), font: .axisLabel,
                            color: Ink.text, horizontal: .center, vertical: .center, rotation: -Double.pi / 2)
        }
    }

    private func drawLegend(_ panel: LinePanel, on canvas: Canvas) {
        guard let box = legendRect else { return }
        let named = panel.series.filter { !$0.name.isEmpty }
        if panel.legendOutside {
            // Rows over the plot, without a frame: nothing under them to set them apart from.
            let layout = Self.outsideLegendLayout(panel: panel, width: frame.width - 2 * Self.outerPadding, measurer: canvas)
            for (series, offset) in zip(named, layout.offsets) {
                let height = canvas.measure(series.name, font: .tickLabel).height
                drawLegendEntry(series, at: Point(x: box.x + offset.x, y: box.y + offset.y + height / 2), height: height, on: canvas)
            }
            return
        }
        canvas.fill(box, color: Color.white.withAlpha(0.9))
        canvas.strokeRectangle(box, color: Ink.legendBorder, width: 0.8)
        var y = box.y + Self.legendPadding
        for series in named {
            let height = canvas.measure(series.name, font: .tickLabel).height
            drawLegendEntry(series, at: Point(x: box.x + Self.legendPadding, y: y + height / 2), height: height, on: canvas)
            y += height + Self.legendRowGap
        }
    }

    /// One legend entry: its swatch from `start` (the left end of the swatch's middle line), the name after it.
    private func drawLegendEntry(_ series: LineSeries, at start: Point, height: Double, on canvas: Canvas) {
        let end = Point(x: start.x + Self.legendSwatchWidth, y: start.y)
        // A series with a band shows the band's tint behind its line, as the plot does.
        if series.band != nil {
            canvas.fill(Rect(x: start.x, y: start.y - height / 2 + 1, width: Self.legendSwatchWidth, height: height - 2),
                        color: series.color.withAlpha(series.bandOpacity ?? Self.bandAlpha(for: series.color)))
        }
        if series.drawsLine {
            canvas.strokeLine(from: start, to: end, color: series.color, width: series.width ?? Self.lineWidth, pattern: series.pattern)
        }
        if series.showsMarkers {
            canvas.fillMarker(series.marker, center: Point(x: (start.x + end.x) / 2, y: start.y), radius: Self.markerRadius, color: series.color)
        }
        if series.ringsAtPoints {
            canvas.ring(center: Point(x: (start.x + end.x) / 2, y: start.y), radius: Self.markerRadius, color: series.color, fill: .white, width: Self.ringWidth)
        }
        if !series.diamondPoints.isEmpty {
            canvas.diamond(center: Point(x: (start.x + end.x) / 2, y: start.y), radius: Self.diamondRadius, color: series.diamondColor ?? series.color.withAlpha(1),
                           width: Self.diamondWidth)
        }
        canvas.drawText(series.name, at: Point(x: end.x + Self.legendSwatchGap, y: start.y), font: .tickLabel,
                        color: Ink.text, horizontal: .leading, vertical: .center)
    }
}
