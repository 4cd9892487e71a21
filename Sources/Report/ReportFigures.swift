import Foundation
import Plot
import Training

/// Which of a network's figures, the only place their file names are spelled: `<p>_train.png`,
/// `<p>_val.png`, `<p>_curves.png`, `<p>_confusion.png` and `<p>_misclassified.png`, p = `conv` or `mynet`
/// (`.svg` or `.pdf` in place of `.png` in those formats). The figures comparing the networks are `ComparisonFigure`s.
public enum NetworkFigure: String, CaseIterable, Sendable {
    case train, val, curves, confusion, misclassified

    /// `conv_train.png`.
    public func fileName(for network: NetworkName, format: OutputFormat = .png) -> String {
        "\(baseName(for: network)).\(format.fileExtension)"
    }

    /// `conv_train`: the file name without its extension, the name its link shows.
    public func baseName(for network: NetworkName) -> String { "\(network.figurePrefix)_\(rawValue)" }
}

/// Which of the figures comparing two networks, the only place their file names are spelled: `comparison.png`
/// (test accuracy), `curves_compared.png` (the validation images switching between right and wrong, and where the validation loss went),
/// `confusion_difference.png` (where their test mistakes differ) and `mistakes_every_run.png` (the test images
/// every run of both misclassifies).
public enum ComparisonFigure: String, CaseIterable, Sendable {
    case accuracy = "comparison"
    case curves = "curves_compared"
    case confusionDifference = "confusion_difference"
    case unequalMisses = "unequal_misses"
    case everyRunMistakes = "mistakes_every_run"

    /// `comparison.png` (or `.svg`, `.pdf`).
    public func fileName(format: OutputFormat = .png) -> String {
        "\(rawValue).\(format.fileExtension)"
    }
}

/// The report's figures: their folder and file names, and each network's figures and the comparison of the
/// networks drawn from the runs' metrics, as bytes to be written by the caller.
public enum ReportFigures {
    /// The most confident test mistakes a network's figure shows: three rows of six, enough to see what kinds of
    /// digit fail without the grid becoming a wall of tiles.
    static let shownMistakes = 18

    /// The figures' folder inside the report folder; the report links to them relative to itself.
    public static let folder = "figures"

    /// The Markdown that shows the figure `fileName` from a document in the report folder: `![conv_train](figures/conv_train.png)`.
    static func markdownImage(_ fileName: String) -> String {
        "![\(fileName.split(separator: ".").first.map(String.init) ?? fileName)](\(folder)/\(fileName))"
    }

    /// The file names of `network`'s figures, in report order.
    public static func fileNames(for network: NetworkName, format: OutputFormat = .png) -> [String] {
        NetworkFigure.allCases.map { $0.fileName(for: network, format: format) }
    }

    /// Every figure of one network's runs (one per seed, the first the one whose confusion matrix and
    /// mistakes are drawn), as (file name, encoded bytes), in report order. Several runs draw the mean
    /// curves with their min–max range as a band.
    /// `other` is another network's runs: the test images its run of the same seed also misclassifies
    /// are framed among the mistakes.
    public static func render(_ runs: [RunMetrics], other: [RunMetrics]? = nil, format: OutputFormat = .png) throws -> [(name: String, bytes: [UInt8])] {
        guard let first = runs.first else { return [] }
        return try NetworkFigure.allCases.map { kind in (kind.fileName(for: first.network, format: format), try render(kind, of: runs, other: other, format: format)) }
    }

    /// The figures comparing the networks, each network given as its runs over seeds, as (file name, encoded bytes):
    /// `ComparisonFigure.accuracy`, `.curves` and, with two networks, `.confusionDifference` (the first network's test confusion
    /// matrix minus the second's, each summed over the seeds, when `comparesMistakes`). The report draws them when there
    /// are at least two networks.
    /// `testLabels` frame the rows of the digits whose test images one network misses significantly more often (the
    /// discussion's sign test), which the caption names.
    /// `testPixels`: every test image's pixels (28 × 28 bytes each, in order), to draw the images the networks miss unequally.
    public static func renderComparison(groups: [[RunMetrics]], format: OutputFormat, testLabels: [UInt8]? = nil,
                                        testPixels: [UInt8]? = nil) throws -> [(name: String, bytes: [UInt8])] {
        let networks = groups.map { curves(of: $0) }
        var figures = [(ComparisonFigure.accuracy.fileName(format: format), try renderAccuracies(groups: groups, format: format))]
        figures.append((ComparisonFigure.curves.fileName(format: format),
                        try FigureRenderer.networksCompared(networks, lowRateFrom: groups.first?.first.flatMap(WriteUp.lowRateEpochs)?.lowerBound, format: format)))
        if comparesMistakes(groups), let first = groups[0].first, let second = groups[1].first {
            let names = (first.network.shortName(title: first.title), second.network.shortName(title: second.title))
            let a = RunGroup.summedConfusion(groups[0]), b = RunGroup.summedConfusion(groups[1])
            func mistakes(_ matrix: [[Int]]) -> String { PythonFormat.grouped(RunGroup.mistakesByDigit(matrix).reduce(0, +)) }
            let basis = groups[0].count > 1 ? ", \(groups[0].count) seeds summed" : ", seed \(first.seed)"
            // The second minus the first, as the accuracy comparison's differences are.
            let title = "\(names.1) minus \(names.0): test mistakes\(basis) (\(names.0) \(mistakes(a)), \(names.1) \(mistakes(b)))"
            // The digits the discussion's sign test finds different: framed here, their images drawn next.
            let tested = testLabels.flatMap { WriteUp.significantDigits(groups[0], groups[1], labels: $0) }
            figures.append((ComparisonFigure.confusionDifference.fileName(format: format),
                            try FigureRenderer.confusionDifference(b, minus: a, names: (names.1, names.0), colorIndices: (1, 0), title: title,
                                                                   framedRows: Set(tested?.significant ?? []), format: format)))
            // The images the sign test counts, drawn from the test file when it was read.
            if let labels = testLabels, let pixels = testPixels, let tested,
               let unequal = unequalMisses(groups, labels: labels, digits: tested.significant), !unequal.images.isEmpty {
                // The title gives the digit; each tile the image's index, every guess of the network that misses it more, and both
                // networks' counts, so a tile can be traced and no guess is hidden behind a vote.
                // "3 vs 1", not "3–1", which would read as a range.
                let tiles = unequal.images.map { image in
                    DigitTile(pixels: Array(pixels[(image.index * 784)..<((image.index + 1) * 784)]), trueLabel: image.label,
                              text: "#\(image.index): \(image.guesses.map(String.init).joined(separator: ", ")) (\(image.misses.first) vs \(image.misses.second))")
                }
                // The network that misses them more named in the title when it is the same for every image.
                let firstMore = unequal.images.allSatisfy { $0.misses.first > $0.misses.second }, secondMore = unequal.images.allSatisfy { $0.misses.first < $0.misses.second }
                let title = firstMore ? "Test \(unequal.digitsWords) \(names.0) misses in more of its runs than \(names.1)"
                    : (secondMore ? "Test \(unequal.digitsWords) \(names.1) misses in more of its runs than \(names.0)"
                       : "Test \(unequal.digitsWords) one network misses in more of its runs than the other")
                figures.append((ComparisonFigure.unequalMisses.fileName(format: format),
                                try FigureRenderer.misclassified(tiles, title: title,
                                                                 noteMeaning: "under each: test index; the guesses of the network missing it more "
                                                                    + "(runs missing it: \(names.0) vs \(names.1))",
                                                                 format: format)))
            }
        }
        let everyRun = everyRunMistakes(groups)
        if !everyRun.isEmpty {
            let runs = groups.joined().count
            // Every run misses each of these. When every guess known is the digit shown the tiles need no brackets (the caption
            // says so); else the brackets say how many of the runs whose guess is known chose that digit: every run, when the
            // runs recorded the guess for each of their errors, else only those that kept the image among their surest mistakes.
            let agree = everyRun.allSatisfy { $0.runs == $0.kept }
            // Each tile with its test index, as in the grid of the images missed unequally, so a tile can be traced.
            let tiles = everyRun.map { DigitTile(pixels: $0.pixels, trueLabel: $0.label,
                                                 text: "#\($0.index): \($0.label) → \($0.predicted)" + (agree ? "" : " (\($0.runs) of \($0.kept))")) }
            let meaning = agree ? "under each: test index; true digit → the wrong digit every run guessed"
                : (allGuesses(Array(groups.joined())) != nil ? "under each: test index: true digit → the commonest guess (in brackets: how many of the \(runs) runs guessed it)"
                   : "under each: test index: true digit → the commonest guess (in brackets: how many of the runs that recorded a guess, each only for its "
                     + "\(TrainingRun.misclassifiedKept) most confident mistakes, chose it)")
            figures.append((ComparisonFigure.everyRunMistakes.fileName(format: format),
                            try FigureRenderer.misclassified(tiles, title: "Test images all \(runs) runs misclassify", noteMeaning: meaning,
                                                             format: format)))
        }
        return figures
    }

    /// The test images every run of every group misclassifies, when the runs kept their test errors, with the pixels of a
    /// run that ranked the image among its most confident mistakes and the digit most runs guessed: every run's guess when
    /// every run recorded the guesses for all its errors, else only those of the runs that kept the image; how many chose
    /// it (`runs`, of the `kept` whose guess is known). By true digit, then by index, an order the reader can see; images
    /// no run kept the pixels of are left out.
    static func everyRunMistakes(_ groups: [[RunMetrics]]) -> [(index: Int, label: Int, predicted: Int, runs: Int, kept: Int, pixels: [UInt8])] {
        let runs = Array(groups.joined())
        guard groups.count == 2, runs.allSatisfy({ $0.testErrors != nil }), var common = runs.first?.testErrors.map(Set.init) else { return [] }
        for run in runs.dropFirst() { common.formIntersection(run.testErrors ?? []) }
        let guesses = allGuesses(runs)
        let images = common.sorted().compactMap { index -> (index: Int, label: Int, predicted: Int, runs: Int, kept: Int, pixels: [UInt8])? in
            let kept = runs.compactMap { run in run.misclassified.first { $0.index == index } }
            guard let first = kept.first, let pixels = Data(base64Encoded: first.pixels), pixels.count == 784 else { return nil }
            let predictions = guesses.map { $0.compactMap { $0[index] } } ?? kept.map(\.predicted)
            guard let top = commonest(predictions) else { return nil }
            return (index, first.label, top.value, top.count, predictions.count, Array(pixels))
        }
        return images.sorted { $0.label < $1.label || ($0.label == $1.label && $0.index < $1.index) }
    }

    /// The test images of `digits`, those whose errors differ beyond chance between the two networks
    /// (`WriteUp.significantDigits`), that one network misses in a larger share of its runs than the other: the images that
    /// sign test counts. For each, how
    /// many of each network's runs miss it and the guesses of the network that misses it more, one for each of its runs that
    /// misses it, in run order. By digit, then the widest gap first, then by index. Nil without two networks, their test errors
    /// and guesses; no images when no digit differs. `digitsWords`: `4s`, or `images of digits 4 and 7`.
    static func unequalMisses(_ groups: [[RunMetrics]], labels: [UInt8], digits significant: [Int])
        -> (images: [(index: Int, label: Int, misses: (first: Int, second: Int), guesses: [Int])], digitsWords: String)? {
        guard groups.count == 2, !groups[0].isEmpty, !groups[1].isEmpty,
              let guesses = allGuesses(groups[0]).flatMap({ a in allGuesses(groups[1]).map { (a, $0) } }),
              let first = RunGroup.testMissCounts(groups[0], images: labels.count), let second = RunGroup.testMissCounts(groups[1], images: labels.count) else { return nil }
        let digits = Set(significant)
        let (runsFirst, runsSecond) = (Double(groups[0].count), Double(groups[1].count))
        var images: [(index: Int, label: Int, misses: (first: Int, second: Int), guesses: [Int])] = []
        for (index, label) in labels.enumerated() where digits.contains(Int(label)) {
            let (shareFirst, shareSecond) = (Double(first[index]) / runsFirst, Double(second[index]) / runsSecond)
            guard shareFirst != shareSecond else { continue }
            images.append((index, Int(label), (first[index], second[index]), (shareFirst > shareSecond ? guesses.0 : guesses.1).compactMap { $0[index] }))
        }
        func gap(_ image: (index: Int, label: Int, misses: (first: Int, second: Int), guesses: [Int])) -> Double {
            abs(Double(image.misses.first) / runsFirst - Double(image.misses.second) / runsSecond)
        }
        images.sort { ($0.label, -gap($0), $0.index) < ($1.label, -gap($1), $1.index) }
        let sorted = digits.sorted().map(String.init)
        return (images, sorted.count == 1 ? "\(sorted[0])s" : "images of digits \(Format.list(sorted))")
    }

    /// The commonest of `values` and how often it occurs, the smaller on a tie (a vote among runs' guesses); nil for none.
    static func commonest(_ values: [Int]) -> (value: Int, count: Int)? {
        let votes: [Int: Int] = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
        guard let top = votes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
        return (top.key, top.value)
    }

    /// Per run, its guess for each test image it misclassified, when every run recorded them all; nil otherwise.
    static func allGuesses(_ runs: [RunMetrics]) -> [[Int: Int]]? {
        var guesses: [[Int: Int]] = []
        for run in runs {
            guard let errors = run.testErrors, let predicted = run.testErrorPredictions, errors.count == predicted.count else { return nil }
            guesses.append(Dictionary(zip(errors, predicted), uniquingKeysWith: { first, _ in first }))
        }
        return guesses
    }

    /// Whether the networks' test mistakes are compared cell by cell (`ComparisonFigure.confusionDifference`): for two
    /// networks run with the same seeds, so that their summed matrices count the same test images equally often.
    public static func comparesMistakes(_ groups: [[RunMetrics]]) -> Bool {
        groups.count == 2 && !groups[0].isEmpty && groups[0].map(\.seed).sorted() == groups[1].map(\.seed).sorted()
    }

    /// The figure comparing the networks' test accuracy: on the left each run's accuracy with its binomial interval
    /// and each network's mean with its t interval; on the right, with two networks, the second's accuracy minus the
    /// first's seed by seed (paired on the same test images) and over the seeds (Welch). Intervals are 95%, those of
    /// single seeds for all seeds together (Bonferroni), as the report's tests are.
    static func renderAccuracies(groups: [[RunMetrics]], format: OutputFormat) throws -> [UInt8] {
        let (panels, title) = accuracyPanels(groups: groups)
        return try FigureRenderer.estimates(panels, title: title, format: format)
    }

    /// The panels and title of `renderAccuracies`' figure.
    static func accuracyPanels(groups: [[RunMetrics]]) -> (panels: [EstimatePanel], title: String) {
        var seeds: [UInt64] = []
        for run in groups.joined() where !seeds.contains(run.seed) { seeds.append(run.seed) }
        let z = Statistics.jointZ(tests: seeds.count)
        let summarised = groups.contains { $0.count > 1 }
        let categories = seeds.map { "seed \($0)" } + (summarised ? ["all seeds"] : [])
        let names = groups.compactMap { $0.first.map { $0.network.shortName(title: $0.title) } }
        func atSeeds(_ estimate: (UInt64) -> Estimate?, summary: Estimate?) -> [Estimate?] {
            seeds.map(estimate) + (summarised ? [summary] : [])
        }
        let accuracies = zip(names, groups).map { name, runs in
            (name: name, estimates: atSeeds({ seed in runs.first { $0.seed == seed }.map { run in
                let error = Statistics.binomialStandardError(run.test.accuracy, count: run.data.testImages)
                return (run.test.accuracy, run.test.accuracy - z * error, run.test.accuracy + z * error)
            } }, summary: Statistics.meanInterval(runs.map(\.test.accuracy)).map { ($0.mean, $0.lower, $0.upper) }))
        }
        let divider = summarised ? seeds.count : nil
        var panels = [EstimatePanel(title: summarised ? "Test accuracy: each run, and each network's mean" : "Test accuracy of each run", yLabel: "test accuracy", categories: categories, series: accuracies, isPercent: true, divider: divider)]
        // The runs each mean is made of, on its box: whether one network's runs all lie above the other's shows there.
        if summarised { panels[0].summaryPoints = groups.map { $0.map(\.test.accuracy) } }
        // Every run of the first network against every run of the second, as the text tests them (McNemar): a seed pairs
        // nothing between two designs, so no pairing is drawn alone. Each pairing's bar holds 95% jointly with the others'.
        let pairings = groups.count == 2 ? PairedComparison.allPairings(groups[0], groups[1]) : []
        if groups.count == 2, pairings.count == groups[0].count * groups[1].count, !pairings.isEmpty {
            let zPairs = Statistics.jointZ(tests: pairings.count)
            let estimates: [Estimate?] = pairings.map { let d = $0.difference(z: zPairs); return (100 * d.value, 100 * d.lower, 100 * d.upper) }
                + [Statistics.welchInterval(groups[0].map(\.test.accuracy), groups[1].map(\.test.accuracy)).map { (100 * $0.difference, 100 * $0.lower, 100 * $0.upper) }]
            var panel = EstimatePanel(title: "\(names[1]) minus \(names[0]), by pairing of runs", yLabel: "difference (percentage points)",
                                      categories: pairings.map { "\($0.seed)–\($0.secondSeed)" } + ["all"], series: [(name: "", estimates: estimates)],
                                      isPercent: false, reference: 0, divider: pairings.count)
            // The pair labels read as the axis title says: the first network's seed, then the second's.
            panel.xLabel = "pairing: \(names[0]) seed–\(names[1]) seed"
            panel.intervalNames = ("thin bar: a pairing (\(PythonFormat.fixed(100 * (1 - 0.05 / Double(pairings.count)), decimals: 1))%)", "thick bar: the mean (Welch, 95%)")
            panels.append(panel)
        } else if groups.count == 2 {
            // In points, as the report quotes differences.
            let differences = atSeeds({ seed in
                groups[0].first { $0.seed == seed }.flatMap { a in groups[1].first { $0.seed == seed }.flatMap { PairedComparison(a, $0) } }
                    .map { let d = $0.difference(z: z); return (100 * d.value, 100 * d.lower, 100 * d.upper) }
            }, summary: Statistics.welchInterval(groups[0].map(\.test.accuracy), groups[1].map(\.test.accuracy))
                .map { (100 * $0.difference, 100 * $0.lower, 100 * $0.upper) })
            panels.append(EstimatePanel(title: "\(names[1]) minus \(names[0])", yLabel: "difference (percentage points)",
                                        categories: categories, series: [(name: "", estimates: differences)], isPercent: false, reference: 0, divider: divider))
        }
        // Which interval each kind of mark is, in each panel's own legend: a seed's bar holds 95% with the other seeds' bars
        // together, so each alone holds more (said as its own coverage); a box is the 95% interval of the mean over the runs.
        let each = PythonFormat.fixed(100 * (1 - 0.05 / Double(max(1, seeds.count))), decimals: 1)
        let seedBar = seeds.count > 1 ? "\(each)%" : "95%"
        panels[0].intervalNames = ("thin bar: a run (\(seedBar))", "thick bar: the mean (t, 95%)")
        // Open and filled markers are the caption's to explain: a fifth legend row would stretch the axis.
        panels[0].summaryPointName = ""
        if panels.count > 1, pairings.isEmpty {
            panels[1].intervalNames = ("thin bar: a seed's pair (\(seedBar))", "thick bar: the mean (Welch, 95%)")
        }
        // Short legends, so that they fit inside the panels: the caption says what the seeds' bars hold together.
        let title = names.joined(separator: " vs ") + ": test accuracy"
        return (panels, title)
    }

    /// One figure of a network's runs (see `render(_:other:format:)`).
    public static func render(_ kind: NetworkFigure, of runs: [RunMetrics], other: [RunMetrics]? = nil, format: OutputFormat) throws -> [UInt8] {
        guard let metrics = runs.first else { return [] }
        let curves = curves(of: runs)
        let seed = runs.count > 1 ? ", seed \(metrics.seed)" : ""
        let correct = (0..<metrics.confusion.count).map { metrics.confusion[$0][$0] }.reduce(0, +)
        let total = metrics.confusion.flatMap { $0 }.reduce(0, +)
        // The other network's panels span the same ranges, so the two networks' figures read alike.
        let others = { other.map { [Self.curves(of: $0)] } ?? [] }
        let name = metrics.network.shortName(title: metrics.title)
        switch kind {
        case .train: return try FigureRenderer.training(curves, sharingAxesWith: others(), format: format)
        case .val: return try FigureRenderer.validation(curves, sharingAxesWith: others(), format: format)
        case .curves: return try FigureRenderer.comparison(curves, sharingAxesWith: others(), format: format)
        case .confusion:
            // Every seed's test images, as the discussion reads them; the other network's matrix shades on the same scale.
            let summed = RunGroup.summedConfusion(runs)
            let right = summed.indices.map { summed[$0][$0] }.reduce(0, +), all = summed.joined().reduce(0, +)
            let basis = runs.count > 1 ? ", \(runs.count) seeds summed" : ""
            return try FigureRenderer.confusion(summed, title: "\(name)\(basis): test confusion matrix (\(PythonFormat.grouped(right))/\(PythonFormat.grouped(all)) correct)",
                                                sharingScaleWith: other.map { [RunGroup.summedConfusion($0)] } ?? [], networkIndex: curves.networkIndex, format: format)
        case .misclassified:
            let partner = Self.partner(of: metrics, in: other)
            let sharedErrors = Set(partner?.testErrors ?? [])
            // The images every run of both networks misses have a figure of their own in the hand-in: the record shows the
            // next most confident mistakes instead of the same images again.
            let shownInHandIn = Set(other.map { everyRunMistakes([runs, $0]).map(\.index) } ?? [])
            let tiles = metrics.misclassified.filter { !shownInHandIn.contains($0.index) }.prefix(Self.shownMistakes).compactMap { item -> DigitTile? in
                guard let pixels = Data(base64Encoded: item.pixels), pixels.count == 784 else { return nil }
                return DigitTile(pixels: Array(pixels), trueLabel: item.label, predictedLabel: item.predicted, probability: item.probability,
                                 isShared: sharedErrors.contains(item.index), index: item.index)
            }
            let meaning = partner.map { "\($0.network.shortName(title: $0.title))\(seed.isEmpty ? "" : " (seed \($0.seed))") misclassifies it too" }
            // Which mistakes the tiles are drawn from, and how many there are in all: the run's own, less the every-run ones.
            let mistakes = total - correct
            let pool = shownInHandIn.isEmpty ? "most confident test mistakes (\(mistakes) in all)"
                : "most confident of the \(mistakes - shownInHandIn.count) test mistakes not every run makes (\(mistakes) in all)"
            return try FigureRenderer.misclassified(tiles, title: "\(name)\(seed): \(pool)",
                                             sharedMeaning: meaning, sharingNetwork: other.map { Self.curves(of: $0).networkIndex }, format: format)
        }
    }

    /// The other network's run of the same seed, when it kept its test errors: the run whose mistakes frame the shared
    /// ones among `run`'s most confident mistakes.
    static func partner(of run: RunMetrics, in other: [RunMetrics]?) -> RunMetrics? {
        other?.first { $0.seed == run.seed && $0.testErrors != nil }
    }

    /// How many of the mistakes the first run of `runs` shows are framed as the other network's too (see `render`), and
    /// how many it shows; nil without a partner run.
    public static func framedMistakes(of runs: [RunMetrics], other: [RunMetrics]?) -> (framed: Int, shown: Int)? {
        guard let run = runs.first, let partner = partner(of: run, in: other) else { return nil }
        let shown = run.misclassified.prefix(shownMistakes)
        let errors = Set(partner.testErrors ?? [])
        return (shown.filter { errors.contains($0.index) }.count, shown.count)
    }

    /// Several runs' histories as the figures take them: per epoch (and per mini-batch) the mean over the
    /// runs, summed in run order, with the min–max range of each per-epoch curve. One run is itself.
    static func curves(of runs: [RunMetrics]) -> LearningCurves {
        guard let first = runs.first else { return LearningCurves(networkTitle: "", trainLoss: [], trainAccuracy: [], valLoss: [], valAccuracy: []) }
        guard runs.count > 1 else { return curves(of: first) }
        let means = Statistics.meanEpochs(runs)
        let epochs = means.count
        /// Per epoch, the runs' lowest and highest of `rows` (one row a run).
        func spread(_ rows: [[Double]]) -> LearningCurves.Range {
            let count = rows.map(\.count).min() ?? 0
            return ((0..<count).map { index in rows.map { $0[index] }.min() ?? 0 }, (0..<count).map { index in rows.map { $0[index] }.max() ?? 0 })
        }
        func series(_ value: (EpochRecord) -> Double) -> (mean: [Double], range: LearningCurves.Range) {
            (means.map(value), spread(runs.map { $0.epochs.prefix(epochs).map(value) }))
        }
        let trainLoss = series(\.trainLoss), trainAccuracy = series(\.trainAccuracy)
        let valLoss = series(\.valLoss), valAccuracy = series(\.valAccuracy)
        var curves = LearningCurves(
            networkTitle: first.network.shortName(title: first.title), trainLoss: trainLoss.mean, trainAccuracy: trainAccuracy.mean,
            valLoss: valLoss.mean, valAccuracy: valAccuracy.mean, batchLoss: Statistics.elementwiseMean(runs.map(\.batchLosses)),
            batchesPerEpoch: first.batchesPerEpoch, learningRate: means.map(\.learningRate))
        curves.seedCount = runs.count
        curves.ranges = (trainLoss.range, trainAccuracy.range, valLoss.range, valAccuracy.range)
        curves.seedValLoss = runs.map { $0.epochs.prefix(epochs).map(\.valLoss) }
        curves.seeds = runs.map(\.seed)
        curves.seedValAccuracy = runs.map { $0.epochs.prefix(epochs).map(\.valAccuracy) }
        if let windows = SecondHalfChange.comparedWindows(of: runs) {
            curves.comparedWindows = [windows.early, windows.late]
            let split = runs.compactMap { SecondHalfChange.lossByEpoch(of: $0, early: windows.early, late: windows.late) }
            if split.count == runs.count {
                curves.wrongThroughoutLoss = Statistics.elementwiseMean(split.map(\.wrongThroughout))
                curves.restLoss = Statistics.elementwiseMean(split.map(\.rest))
                (curves.wrongThroughoutLossRange, curves.restLossRange) = (spread(split.map(\.wrongThroughout)), spread(split.map(\.rest)))
            }
        }
        curves.networkIndex = NetworkName.allCases.firstIndex(of: first.network) ?? 0
        // The switch counts once per run, for their mean and their range.
        if let byRun = RunGroup.validationSwitchesByRun(runs) {
            curves.validationSwitches = RunGroup.meanSwitches(byRun)
            let counts = (0..<(byRun.first?.count ?? 0)).map { epoch in byRun.map { $0[epoch].map(Double.init) ?? .nan } }
            curves.validationSwitchRange = (counts.map { $0.min() ?? .nan }, counts.map { $0.max() ?? .nan })
        }
        return curves
    }

    /// The run's history as the figures take it.
    static func curves(of metrics: RunMetrics) -> LearningCurves {
        var curves = LearningCurves(
            networkTitle: metrics.network.shortName(title: metrics.title), trainLoss: metrics.epochs.map(\.trainLoss), trainAccuracy: metrics.epochs.map(\.trainAccuracy),
            valLoss: metrics.epochs.map(\.valLoss), valAccuracy: metrics.epochs.map(\.valAccuracy),
            batchLoss: metrics.batchLosses, batchesPerEpoch: metrics.batchesPerEpoch,
            learningRate: metrics.epochs.map(\.learningRate))
        curves.networkIndex = NetworkName.allCases.firstIndex(of: metrics.network) ?? 0
        curves.validationSwitches = RunGroup.validationSwitches([metrics]) ?? []
        return curves
    }
}
