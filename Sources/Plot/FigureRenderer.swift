import Foundation

/// The report's figures, built from plain data and returned as the bytes of a PNG, SVG or PDF; the caller names and writes the files.
/// Every function throws `PlotError.cairoFailure` if cairo fails, and `PlotError.invalidData` for data it cannot draw.
public enum FigureRenderer {
    /// One colour per network in every figure (black, the Okabe–Ito reddish purple, grey), training drawn solid and
    /// validation dashed in it; the learning rate in the Okabe–Ito bluish green, which no network has.
    static let networkColors = [Color(hex: 0x000000), Color(hex: 0xCC79A7), Color(hex: 0x777777)]
    static let learningRateColor = Color(hex: 0x009E73)
    /// The relative luminance of the mini-batch moving average, whatever its network's colour: a tint of the network's
    /// colour, so it reads as that network's training without hiding the epoch means, equally light for every network, and
    /// as light as a single run's line: dark enough to follow over the grey bands of the black network.
    static let batchAverageLuminance = seedLineLuminance

    /// The colour of `curves`' network.
    static func color(of curves: LearningCurves) -> Color { networkColors[curves.networkIndex % networkColors.count] }
    /// Each network's marker shape, beside its colour, in every figure.
    static let networkMarkers: [MarkerShape] = [.circle, .square]
    static func marker(ofNetwork index: Int) -> MarkerShape { networkMarkers[index % networkMarkers.count] }
    /// The luminance of both ends of the confusion-difference scale: dark enough for white counts, light enough for
    /// the second network's colour to keep its hue.
    static let differenceLuminance = 0.12
    /// Beyond this many epochs per-epoch dots merge into a smear, so only the line is drawn.
    static let maximumEpochsWithMarkers = 30
    /// The smoothing factor β of the moving average of the mini-batch losses: it averages over about
    /// 1/(1 − β) = 50 batches, enough to tame a raw trace whose neighbouring batches differ by orders of
    /// magnitude late in training, with a lag short enough that the steep fall in the first epoch stays where it happened.
    static let batchLossSmoothing = 0.98

    /// Training loss and error rate (each epoch's mean), against validation's on the same axes, encoded as `format`.
    /// `others` are the other networks' curves, whose values each panel's axis spans too, so the networks' panels share their ranges.
    public static func training(_ curves: LearningCurves, sharingAxesWith others: [LearningCurves] = [], format: OutputFormat) throws -> [UInt8] {
        try sharingAxes(trainingChart(curves), with: others.map(trainingChart)).encoded(as: format)
    }

    /// Validation loss and error rate, encoded as `format` (see `validationChart`).
    /// `others` as in `training`.
    /// Each of `others`' mean curves is drawn pale under this network's, so that the networks compare within one figure.
    public static func validation(_ curves: LearningCurves, sharingAxesWith others: [LearningCurves] = [], format: OutputFormat) throws -> [UInt8] {
        try sharingAxes(validationChart(curves, beside: others), with: others.map { validationChart($0) }).encoded(as: format)
    }

    /// The luminance and width of another network's mean validation curve drawn for comparison: paler and thinner than any
    /// line of the figure's own network, so that it reads as a reference, not as one of its runs.
    static let otherNetworkLuminance = 0.66
    static let otherNetworkWidth = 2.0

    /// Training (solid) against validation (dashed) loss with the mini-batch losses' moving average, the epoch of lowest
    /// validation loss marked, and the learning rate underneath on the same epoch axis when `curves` has one; encoded as `format`. `others` as in `training`.
    public static func comparison(_ curves: LearningCurves, sharingAxesWith others: [LearningCurves] = [], format: OutputFormat) throws -> [UInt8] {
        try sharingAxes(comparisonChart(curves), with: others.map(comparisonChart)).encoded(as: format)
    }

    /// A legend-only entry for the compared windows' strips, in their colour.
    static let windowsKey = LineSeries(name: "yellow: the windows compared", x: [], y: [], color: LinePanelGeometry.axisBarColor, drawsLine: true, width: 7)

    /// A compared window's strip along the axis: from a little before its first epoch's points to a little after its last's,
    /// the same width for every window, the last one inside the axis (which ends just after the last epoch).
    static func windowStrip(_ window: ClosedRange<Int>) -> ClosedRange<Double> {
        Double(window.lowerBound) - 0.3...Double(window.upperBound) + 0.3
    }

    /// Several networks, each in its colour, over the schedule's epochs: how many validation images still switched between
    /// right and wrong each epoch, which no other figure shows, over the learning rate (of the first) on the same epoch
    /// axis. `lowRateFrom`, the first epoch of the schedule's low-rate half, shades the half from its start to the last
    /// epoch, in both panels unless the switches carry the seeds' bands (then in the rate's only). Runs that did not record
    /// their validation errors get both networks' training (solid) against validation (dashed) loss instead; encoded as `format`.
    public static func networksCompared(_ curves: [LearningCurves], lowRateFrom: Int? = nil, format: OutputFormat) throws -> [UInt8] {
        try networksComparedChart(curves, lowRateFrom: lowRateFrom).encoded(as: format)
    }

    static func networksComparedChart(_ curves: [LearningCurves], lowRateFrom: Int? = nil) -> LineChart {
        let seeds = curves.first.map { $0.seedCount > 1 ? " (means of \($0.seedCount) seeds)" : "" } ?? ""
        let names = curves.map(\.networkTitle).joined(separator: " vs ")
        // The half spans its epochs, from the start of its first to the end of its last (epoch e runs from e − 1 to e).
        let epochs = curves.map(\.epochCount).max() ?? 0
        // With the compared windows yellow marks them alone (around the validation points, in the panel that reads them).
        let windows = curves.first?.comparedWindows ?? []
        let shade = windows.isEmpty ? lowRateFrom.flatMap { first in first <= epochs ? Double(first - 1)...Double(epochs) : nil } : nil
        var rate = curves.first.flatMap(learningRatePanel)
        rate?.shades = [shade].compactMap { $0 }
        if let shade, rate != nil { rate?.title += " (shaded: epochs \(Int(shade.lowerBound) + 1)–\(Int(shade.upperBound)))" }
        let footers = rate.map { [$0] } ?? []
        // Dashed and named, as validation is everywhere; a switch between the ends of epochs e − 1 and e is counted at e's end,
        // where validation is measured, so that epoch e's count is read at e as every validation curve is.
        // The seeds' range as a band, as every other per-epoch curve of several seeds has; the panel's title says so once.
        let banded = curves.contains { $0.validationSwitchRange != nil }
        let switching = curves.filter { !$0.validationSwitches.isEmpty }.map { network in
            epochSeries(network.networkTitle, network.validationSwitches, color(of: network), of: network, band: network.validationSwitchRange, pattern: .dashed)
        }
        guard switching.isEmpty else {
            // Seed bands over the shade would mix into colours no legend explains: then only the rate underneath, on the same
            // epoch axis, is shaded, and a line in the rate's colour marks where the shade starts (dotted marks a lowest loss).
            // The line is named in the switches' legend (a legend-only entry), which the accuracy beside shares.
            let startsLowRate = banded && shade != nil
            let lowRateKey = startsLowRate ? [LineSeries(name: "second half from here", x: [], y: [], color: learningRateColor, width: 1.5)] : []
            var switches = LinePanel(title: "Switches right↔wrong", yLabel: "validation images", series: switching + lowRateKey, yLabels: TickLabelFormatter.decimalLabels)
            switches.shades = banded ? [] : [shade].compactMap { $0 }
            switches.marker = banded ? shade.map { VerticalMarker(x: $0.lowerBound, color: learningRateColor, pattern: .solid) } : nil
            // The basis said once, in the figure's title: means over the seeds, their range as bands.
            let basis = curves.first.map { $0.seedCount > 1 ? " (means of \($0.seedCount) seeds" + (banded ? "; bands: seeds' range)" : ")") : "" } ?? ""
            // With the windows: beside the switches, where the validation loss went, the images wrong throughout against the
            // rest, per network, each group on axes of its own, the rate under the switches and the rest under the mistakes.
            // Three panels in a row on one epoch axis; the rate, a fixed schedule the setup states, is drawn in the record.
            if let split = lossSplitPanels(curves) {
                return LineChart(title: "\(names): validation by epoch\(basis)", panels: [switches, split.wrong, split.rest])
            }
            // Both networks' validation error on one pair of axes, the comparison their own figures leave to the eye;
            // unnamed, as the switches' legend names the colours.
            let errors = curves.filter { !$0.valAccuracy.isEmpty }.map { network in
                epochSeries("", network.valAccuracy.map { 1 - $0 }, color(of: network), of: network, band: errorBand(network.ranges?.valAccuracy), pattern: .dashed)
            }
            // The low-rate start marked beside as well: the discussion reads the error against its lowest before it.
            var overlay = errorRatePanel("Validation error rate", errors)
            overlay.marker = switches.marker
            return LineChart(title: "\(names): validation by epoch\(basis)",
                             panels: [switches] + (errors.isEmpty ? [] : [overlay]), footers: footers)
        }
        let series = curves.flatMap { network -> [LineSeries] in
            let tint = color(of: network)
            // What "training" is (each epoch's mean, drawn at mid-epoch) is in the panel's title: short names leave the legend
            // room in a corner without stretching the axis.
            return [epochSeries("\(network.networkTitle) training", network.trainLoss, tint, of: network, band: nil, atMiddle: true),
                    epochSeries("\(network.networkTitle) validation", network.valLoss, tint, of: network, band: nil, pattern: .dashed)]
        }
        var loss = lossPanel("Loss: training (mid-epoch) solid, validation dashed", series)
        loss.shades = [shade].compactMap { $0 }
        return LineChart(title: "\(names): training and validation" + seeds, panels: [loss], footers: footers)
    }

    /// `chart` with each panel on the same y range as the same panel in `others`: each spans every figure's values, and
    /// then the union of the ranges the figures lay out (a legend that needs headroom in one figure gets it in all), so
    /// that the ranges are equal, not only alike. The same for every figure of the set, whichever is drawn.
    static func sharingAxes(_ chart: LineChart, with others: [LineChart]) -> LineChart {
        let all = [chart] + others
        func spanningAll(_ chart: LineChart) -> LineChart {
            var chart = chart
            for index in chart.panels.indices {
                chart.panels[index].sharedExtent = all.filter { $0.panels.indices.contains(index) }.flatMap { other in
                    other.panels[index].series.flatMap { $0.extentValues(on: other.panels[index].yScale) }
                }
            }
            return chart
        }
        var shared = spanningAll(chart)
        guard !others.isEmpty, let measurer = try? Canvas(format: .png, size: chart.size, figureName: chart.name) else { return shared }
        let ranges = all.map { spanningAll($0) }.map { figure in figure.geometries(measuringWith: measurer).prefix(figure.panels.count).map(\.yDomain) }
        for index in shared.panels.indices {
            let domains = ranges.compactMap { $0.indices.contains(index) ? $0[index] : nil }
            guard let low = domains.map(\.lowerBound).min(), let high = domains.map(\.upperBound).max() else { continue }
            shared.panels[index].fixedYDomain = low...high
            // Zeros on one figure's log floor label the floor 0 on every figure sharing the axis.
            shared.panels[index].labelsZeroFloor = all.contains { figure in
                figure.panels.indices.contains(index) && figure.panels[index].series.contains { !$0.floorZeros(on: figure.panels[index].yScale).isEmpty }
            }
        }
        return shared
    }

    /// Estimates with their intervals (see `EstimatePanel`), the panels side by side under `title`, encoded as `format`.
    public static func estimates(_ panels: [EstimatePanel], title: String, format: OutputFormat) throws -> [UInt8] {
        try estimatesChart(title: title, panels: panels).encoded(as: format)
    }

    /// A confusion-matrix heat map (row = true label, column = predicted), encoded as `format`, shaded on one scale with
    /// the matrices `others` (up to the largest mistake count of any); an empty or non-square matrix or a negative count is invalid data.
    /// `networkIndex` shades the mistakes in that network's colour, as its curves are drawn; nil for neutral greys.
    public static func confusion(_ counts: [[Int]], title: String, sharingScaleWith others: [[[Int]]] = [], networkIndex: Int? = nil,
                                 format: OutputFormat) throws -> [UInt8] {
        var chart = ConfusionMatrixChart(counts: counts, title: title, sharedMaximum: others.map(ConfusionMatrixChart.largestMistake).max() ?? 0)
        chart.tint = networkIndex.map { networkColors[$0 % networkColors.count] }
        return try chart.encoded(as: format)
    }

    /// Where two networks' confusion matrices of the same test images differ: each mistake cell `counts − subtracted`,
    /// shaded towards the colour of the network that makes more of it (the first network's colour for `counts`, the
    /// second's for `subtracted`, as in the comparison of their accuracies, both at one luminance so that neither side
    /// looks stronger), each row labelled with both networks' mistakes; encoded as `format`. `colorIndices` are the two
    /// networks' places in `networkColors` (the second network first, when it is the one the others are subtracted from).
    /// Matrices of different shapes, empty ones or negative counts are invalid data.
    public static func confusionDifference(_ counts: [[Int]], minus subtracted: [[Int]], names: (String, String), colorIndices: (Int, Int) = (0, 1),
                                           title: String, framedRows: Set<Int> = [], format: OutputFormat) throws -> [UInt8] {
        let colors = (networkColors[colorIndices.0 % networkColors.count].withLuminance(differenceLuminance),
                      networkColors[colorIndices.1 % networkColors.count].withLuminance(differenceLuminance))
        let subtrahend = ConfusionMatrixChart.Subtrahend(counts: subtracted, names: (names.0, names.1), colors: colors)
        return try ConfusionMatrixChart(counts: counts, title: title, subtracted: subtrahend, framedRows: framedRows).encoded(as: format)
    }

    /// A grid of up to 36 digit tiles with "true → pred (p)" captions, encoded as `format`; an empty list gives a
    /// "no misclassified digits" picture, a tile without 784 pixels is invalid data.
    /// `sharedMeaning` says what the frame of a tile marked `isShared` means ("MyNet (seed 1) misclassifies it too"),
    /// `noteMeaning` what the brackets of tiles made with a note hold.
    /// `sharingNetwork`: the index of the network that shares the framed mistakes, whose colour the frames take.
    public static func misclassified(_ tiles: [DigitTile], title: String, sharedMeaning: String? = nil, noteMeaning: String? = nil,
                                     sharingNetwork: Int? = nil, format: OutputFormat) throws -> [UInt8] {
        var grid = DigitTileGrid(tiles: tiles, title: title, sharedMeaning: sharedMeaning, noteMeaning: noteMeaning)
        if let sharingNetwork { grid.sharedFrameColor = networkColors[sharingNetwork % networkColors.count] }
        return try grid.encoded(as: format)
    }

    static func trainingChart(_ curves: LearningCurves) -> LineChart {
        // An epoch's training figures are means over the epoch: drawn at its middle, where the mini-batches they average lie.
        // Every mean curve of several seeds carries their range as a band, in every figure: one encoding of the seeds' spread
        // (the figure's title says it once).
        let banded = curves.seedCount > 1
        var mean = epochSeries("training, epoch mean (mid-epoch)", curves.trainLoss, color(of: curves), of: curves,
                               band: curves.ranges?.trainLoss, atMiddle: true)
        // Training thicker than validation, beside the solid against dashed, and without dots: the two cross early, in the same
        // colour, and the dots along one line are then validation's alone.
        (mean.width, mean.showsMarkers) = (trainingLineWidth, false)
        // Validation beside training on the same axes, dashed, for the gap between them.
        let validationLoss = epochSeries("validation", curves.valLoss, color(of: curves), of: curves, band: curves.ranges?.valLoss, pattern: .dashed)
        // Training accuracy runs into 100%, where a linear axis presses the later epochs flat: the error rate
        // (1 − accuracy) on a log axis shows them, as the loss panel beside it does.
        // Named as in the loss panel beside, so that the two legends read alike.
        var errors = epochSeries(mean.name, curves.trainAccuracy.map { 1 - $0 }, color(of: curves), of: curves, band: errorBand(curves.ranges?.trainAccuracy), atMiddle: true)
        // An epoch without errors in every seed is a ring on the floor, and a seed without errors takes the band's edge
        // to the floor: a log axis has no zero, and a line or band that just stopped would hide it.
        errors.marksZerosOnFloor = true
        (errors.width, errors.showsMarkers) = (trainingLineWidth, false)
        let validationErrors = epochSeries("validation", curves.valAccuracy.map { 1 - $0 }, color(of: curves), of: curves,
                                           band: errorBand(curves.ranges?.valAccuracy), pattern: .dashed)
        return LineChart(title: figureTitle(curves, "training against validation", banded: banded), panels: [
            lossPanel("Loss", [mean] + (curves.valLoss.isEmpty ? [] : [validationLoss])),
            // What a marker on the floor means is the caption's: a longer title would be set smaller than the one beside it.
            LinePanel(title: "Error rate", yLabel: "1 − accuracy (log scale)",
                      series: [errors] + (curves.valAccuracy.isEmpty ? [] : [validationErrors]),
                      yLabels: TickLabelFormatter.percentOfDecadesLabels, yScale: .logarithmic),
        ])
    }

    /// `beside`: other networks whose mean curves are drawn pale under this one's, each named in the legends.
    static func validationChart(_ curves: LearningCurves, beside others: [LearningCurves] = []) -> LineChart {
        // One series a panel; its legend says what the line and the band are (the panel's title names the marked epoch).
        // Validation is read as an error rate, as the training figure beside reads it, on a linear axis here: the figure
        // zooms into the one curve. Every run is a thin line under the mean when they are known, each marked by a diamond at
        // its own lowest loss in both panels: with three seeds a band would hide which run does what, and the discussion
        // reads the runs one by one (the figure setting the networks side by side carries the bands). Else the seeds' range
        // is a band around the mean.
        let perSeed = curves.seedValLoss.count > 1 && curves.seedValAccuracy.count == curves.seedValLoss.count
        let banded = curves.seedCount > 1 && !perSeed && curves.ranges != nil
        let name = curves.seedCount > 1 ? (perSeed ? "mean of \(curves.seedCount) seeds" : "mean; band: the seeds' range") : "validation"
        /// Each run dotted and thin under the mean, numbered at its end; with `diamonds`, a diamond at its own lowest loss
        /// (in the loss panel only: on the error rate it would read as the lowest error, which it need not be).
        func seedLines(_ runs: [[Double]], diamonds: Bool) -> [LineSeries] {
            guard perSeed else { return [] }
            return runs.indices.map { index in
                let lowest = diamonds ? LearningCurves.firstEpoch(in: curves.seedValLoss[index], where: <).map { [$0 - 1] } ?? [] : []
                // Dotted, thin and in a tint equally light for every network: solid means training in the figure above, and
                // the dashed mean with its dots stands apart even in a light colour; the diamond in the full colour.
                let name = diamonds ? "a seed (diamond: its lowest loss)" : "a seed"
                // Each seed in a dot pattern of its own, so that a line can be followed where the runs cross.
                // And a lightness of its own, darker for the first seeds, all lighter than the mean's full colour.
                let luminance = seedLineLuminance + seedLuminanceStep * Double(index % StrokePattern.seedPatterns.count - 1)
                var line = epochSeries(index == 0 ? name : "", runs[index], color(of: curves).tinted(toLuminance: luminance),
                                       of: curves, band: nil, pattern: StrokePattern.seedPatterns[index % StrokePattern.seedPatterns.count])
                (line.width, line.showsMarkers, line.diamondPoints, line.diamondColor) = (seedLineWidth, false, lowest, color(of: curves))
                line.endLabel = curves.seeds.indices.contains(index) ? "\(curves.seeds[index])" : nil
                return line
            }
        }
        /// The other networks' means, dashed as validation is, pale, without dots, under this network's lines.
        func otherMeans(_ values: (LearningCurves) -> [Double]) -> [LineSeries] {
            others.map { other in
                var line = epochSeries("\(other.networkTitle)'s mean", values(other), color(of: other).tinted(toLuminance: otherNetworkLuminance), of: other,
                                       band: nil, pattern: .dashed)
                (line.width, line.showsMarkers) = (otherNetworkWidth, false)
                return line
            }
        }
        let errors = curves.valAccuracy.map { 1 - $0 }
        let loss = epochSeries(name, curves.valLoss, color(of: curves), of: curves, band: perSeed ? nil : curves.ranges?.valLoss, pattern: .dashed)
        let error = epochSeries(name, errors, color(of: curves), of: curves, band: perSeed ? nil : errorBand(curves.ranges?.valAccuracy), pattern: .dashed)
        // The lowest loss is dotted in both panels (where the error is read against the end); with the discussion's windows
        // no single epoch is marked, as the text reads none.
        let lowest = curves.comparedWindows.isEmpty ? curves.lowestValidationLossEpoch : nil
        let best = curves.bestValidationEpoch
        func errorText(at epoch: Int) -> String? {
            errors.indices.contains(epoch - 1) ? String(format: "%.2f%%", errors[epoch - 1] * 100) : nil
        }
        // Not on the frame's last epoch, where a dotted line marks nothing the title's "last" does not.
        let markedError = lowest.flatMap { errorText(at: $0) == nil || $0 == errors.count ? nil : $0 }
        let notes = [markedError.flatMap { epoch in errorText(at: epoch).map { "\($0) at epoch \(epoch)" } },
                     best.flatMap { epoch in errorText(at: epoch).map { (epoch == errors.count ? "last: " : "lowest: epoch \(epoch), ") + $0 } }].compactMap { $0 }
        // With the windows no epoch is marked, and the loss panel's title gives the mean's lowest as the error panel's its last.
        let lowestMean = curves.comparedWindows.isEmpty ? nil : curves.lowestValidationLossEpoch.flatMap { epoch in
            curves.valLoss.indices.contains(epoch - 1) ? String(format: " (lowest mean: %.4f, epoch %d)", curves.valLoss[epoch - 1], epoch) : nil
        }
        return LineChart(title: figureTitle(curves, "validation after each epoch", banded: banded, seedsDrawn: perSeed), panels: [
            // The figure's title says validation once; the panels' titles leave room for what their marks are.
            validationLossPanel("Loss" + (lowest.map { " (grey line: lowest, epoch \($0))" } ?? lowestMean ?? ""), seedLines(curves.seedValLoss, diamonds: true) + [loss] + otherMeans(\.valLoss),
                                marker: lowest.map { VerticalMarker(x: Double($0)) }),
            errorRatePanel("Error rate" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"),
                           seedLines(curves.seedValAccuracy.map { $0.map { 1 - $0 } }, diamonds: false) + [error] + otherMeans { $0.valAccuracy.map { 1 - $0 } }, marker: markedError.map { VerticalMarker(x: Double($0)) }),
        ].enumerated().map { index, panel in
            // The windows the discussion compares, as strips along the axis: a full-height tint would mix with the bands; each
            // panel's legend keys them.
            var panel = panel
            (panel.shades, panel.shadesAlongAxis) = (curves.comparedWindows.map(windowStrip), true)
            if !curves.comparedWindows.isEmpty { panel.series.append(windowsKey) }
            return panel
        })
    }

    /// An accuracy's range as the error rate's: 1 − upper is the lower bound.
    static func errorBand(_ range: LearningCurves.Range?) -> LearningCurves.Range? {
        range.map { (lower: $0.upper.map { 1 - $0 }, upper: $0.lower.map { 1 - $0 }) }
    }

    /// Each network's validation loss per epoch on the images wrong in every epoch of the compared windows (`wrong`) and on
    /// the rest (`rest`, the short panel under it, on a log axis: its fall is small beside its first epoch), each on an axis
    /// of its own, the seeds' range as bands, the windows shaded around their points; nil unless every network has the split. Unnamed: the switches' legend beside names the colours.
    static func lossSplitPanels(_ curves: [LearningCurves]) -> (wrong: LinePanel, rest: LinePanel)? {
        guard let windows = curves.first?.comparedWindows, !windows.isEmpty,
              curves.allSatisfy({ !$0.wrongThroughoutLoss.isEmpty && !$0.restLoss.isEmpty }) else { return nil }
        func series(_ values: (LearningCurves) -> [Double], _ band: (LearningCurves) -> LearningCurves.Range?) -> [LineSeries] {
            curves.map { network in epochSeries("", values(network), color(of: network), of: network, band: band(network), pattern: .dashed) }
        }
        // Short titles, for three panels in a row: the caption says what a persistent mistake is (wrong in every window epoch)
        // and gives each group's size, a run's fewest and most images.
        // The strips keyed where they first appear in the row (the switches' legend names the networks).
        var wrong = LinePanel(title: "Persistent mistakes", yLabel: "their mean loss (nats)",
                              series: series(\.wrongThroughoutLoss, \.wrongThroughoutLossRange) + [windowsKey], yLabels: TickLabelFormatter.decimalLabels)
        wrong.shades = windows.map(windowStrip)
        wrong.shadesAlongAxis = true
        var rest = LinePanel(title: "The other images", yLabel: "mean loss (nats, log scale)",
                             series: series(\.restLoss, \.restLossRange), yLabels: TickLabelFormatter.decimalLabels, yScale: .logarithmic)
        (rest.shades, rest.shadesAlongAxis) = (wrong.shades, true)
        return (wrong, rest)
    }

    /// Training against validation loss, both with the seeds' bands and the lowest validation loss marked, over the
    /// learning rate on the same epoch axis (the record's figure; the training figure sets the two against each other
    /// without bands or the rate).
    static func comparisonChart(_ curves: LearningCurves) -> LineChart {
        let lowest = curves.lowestValidationLossEpoch
        // The mini-batch losses (their mean over the seeds) as a moving average only: raw, they span several decades late in
        // training and would set the axis for a trace nobody reads. Thin and pale, under the epoch means it averages to.
        let batches = curves.batchLoss.isEmpty ? [] : [LineSeries(
            // The average's reach in batches, 1 / (1 − β), says what β would not.
            name: "mini-batch loss" + (curves.seedCount > 1 ? ", mean of \(curves.seedCount) seeds" : "")
                + ", exponential average (β = \(String(format: "%.2f", batchLossSmoothing)))", x: curves.batchPositions,
            y: exponentialMovingAverage(curves.batchLoss, factor: batchLossSmoothing), color: color(of: curves).tinted(toLuminance: batchAverageLuminance),
            width: seedLineWidth)]
        return LineChart(title: figureTitle(curves, "training against validation, over the learning rate", banded: curves.seedCount > 1), panels: [
            lossPanel("Loss" + (lowest.map { " (grey line: lowest validation loss, epoch \($0))" } ?? ""), batches + [
                epochSeries("training (epoch mean, mid-epoch)", curves.trainLoss, color(of: curves), of: curves, band: curves.ranges?.trainLoss, atMiddle: true),
                epochSeries("validation", curves.valLoss, color(of: curves), of: curves, band: curves.ranges?.valLoss, pattern: .dashed),
            ], marker: lowest.map { VerticalMarker(x: Double($0)) }),
        ], footers: learningRatePanel(curves).map { [$0] } ?? [])
    }

    /// `ConvNet: validation after each epoch (mean of 3 seeds)`: what the figure shows, and its basis once (the legends say
    /// what the bands are).
    /// `banded`: the figure draws the seeds' range as bands, which the title then says once for every panel; `seedsDrawn`:
    /// it draws each seed beside the mean (`(3 seeds and their mean)`).
    private static func figureTitle(_ curves: LearningCurves, _ what: String, banded: Bool = false, seedsDrawn: Bool = false) -> String {
        guard curves.seedCount > 1 else { return "\(curves.networkTitle): \(what)" }
        return "\(curves.networkTitle): \(what)" + (seedsDrawn ? " (\(curves.seedCount) seeds and their mean)"
            : " (mean of \(curves.seedCount) seeds" + (banded ? "; bands: their range)" : ")"))
    }

    /// A per-epoch series at the end of each epoch (after it, as validation is measured), or at its
    /// middle (`atMiddle`, for means over the epoch).
    private static func epochSeries(_ name: String, _ values: [Double], _ color: Color, of curves: LearningCurves,
                                    band: LearningCurves.Range?, pattern: StrokePattern = .solid, atMiddle: Bool = false) -> LineSeries {
        var series = LineSeries(name: name, x: values.indices.map { Double($0 + 1) - (atMiddle ? 0.5 : 0) }, y: values, color: color, pattern: pattern,
                                showsMarkers: curves.epochCount <= maximumEpochsWithMarkers, band: band)
        series.marker = marker(ofNetwork: curves.networkIndex)
        return series
    }

    /// The training curves' width in the training figure, a step above the validation curves' (`LinePanelDrawing.lineWidth`).
    static let trainingLineWidth = 3.0

    /// A run drawn under its seeds' mean: thin and pale enough for the mean to lead, dark enough to follow.
    static let seedLineWidth = 1.8
    /// The relative luminance of a single seed's line: clearly lighter than its mean's in every network's colour (the
    /// lightest, the reddish purple, is 0.29), and as light for every network.
    static let seedLineLuminance = 0.40
    /// How much lighter each seed's line is than the one before (around `seedLineLuminance`).
    static let seedLuminanceStep = 0.1

    /// The rule for loss axes, the same in every figure and for every network, so that two networks' panels read the
    /// same way: a panel holding training loss is logarithmic, as a training loss falls by decades and a linear axis
    /// would press the later epochs into the bottom line; a panel of validation loss alone is linear
    /// (`validationLossPanel`).
    private static func lossPanel(_ title: String, _ series: [LineSeries], marker: VerticalMarker? = nil) -> LinePanel {
        LinePanel(title: title, yLabel: "loss (nats, log scale)", series: series, marker: marker, yLabels: TickLabelFormatter.powerOfTenLabels, yScale: .logarithmic)
    }

    /// Validation loss alone, on a linear axis: after the first epoch it moves within a small factor, where a log axis
    /// only bends the ticks, and a late rise reads straight off a linear one.
    private static func validationLossPanel(_ title: String, _ series: [LineSeries], marker: VerticalMarker? = nil) -> LinePanel {
        LinePanel(title: title, yLabel: "loss (nats)", series: series, marker: marker, yLabels: TickLabelFormatter.decimalLabels)
    }

    /// An error rate (1 − accuracy) on a linear axis in percent, for validation alone, which moves within a small
    /// range after the first epoch.
    private static func errorRatePanel(_ title: String, _ series: [LineSeries], marker: VerticalMarker? = nil) -> LinePanel {
        LinePanel(title: title, yLabel: "1 − accuracy", series: series, marker: marker, yLabels: TickLabelFormatter.percentLabels, yTickLimits: 0...1)
    }

    /// The learning rate as the step function it is (one rate through each epoch, from its start to its
    /// end), on a linear axis, which shows the shape of the schedule; nil without one.
    private static func learningRatePanel(_ curves: LearningCurves) -> LinePanel? {
        guard !curves.learningRate.isEmpty else { return nil }
        let x = curves.learningRate.indices.flatMap { [Double($0), Double($0 + 1)] }
        let rate = LineSeries(name: "", x: x, y: curves.learningRate.flatMap { [$0, $0] }, color: learningRateColor)
        // In units of the largest rate's power of ten, named once in the axis label: one notation for every tick.
        let exponent = TickLabelFormatter.unitExponent(curves.learningRate)
        return LinePanel(title: "Learning rate", yLabel: exponent == 0 ? "rate" : "rate (×\(TickLabelFormatter.powerOfTen(exponent)))", series: [rate],
                         yLabels: TickLabelFormatter.labels(inUnitsOf: exponent))
    }

    /// The bias-corrected exponential moving average with smoothing factor β = `factor`: sᵢ = β·sᵢ₋₁ + (1 − β)·xᵢ from
    /// s₀ = 0, drawn as sᵢ / (1 − βⁿ) after n finite values (as TensorBoard and Adam correct it): uncorrected, the curve
    /// would start near zero; seeded with x₀, one noisy first batch would dominate the start. A non-finite value is
    /// skipped (its position gets the average so far, NaN before any), so one NaN batch does not erase the curve.
    static func exponentialMovingAverage(_ values: [Double], factor: Double) -> [Double] {
        var state = 0.0
        var weight = 0.0  // 1 − βⁿ, the total weight of the values seen, kept by the same recursion
        return values.map { value in
            if value.isFinite {
                state = factor * state + (1 - factor) * value
                weight = factor * weight + (1 - factor)
            }
            return weight > 0 ? state / weight : .nan
        }
    }
}
