import Foundation
import NeuralNet
import Training

// The networks side by side: costs, scores, what the architectures differ in and whether the gap is established.
extension WriteUp {
    /// The costs, the designs, the scores and the errors side by side: the numbers the comparison's text reads.
    var comparisonTable: String {
        guard let c = comparison else { return "" }
        let a = c.first, b = c.second
        func times(_ x: Double, _ y: Double) -> String { y > 0 ? " (\(Format.ratio(x / y)))" : "" }
        var lines = ["| Measure | \(name(a)) | \(name(b)) |", "| --- | ---: | ---: |",
                     "| Parameters | \(PythonFormat.grouped(c.parameters.first)) | \(PythonFormat.grouped(c.parameters.second))\(times(Double(c.parameters.second), Double(c.parameters.first))) |",
                     "| Multiply-adds per image | \(PythonFormat.grouped(c.multiplyAdds.first)) | \(PythonFormat.grouped(c.multiplyAdds.second))\(times(Double(c.multiplyAdds.second), Double(c.multiplyAdds.first))) |"]
        lines += designRows(c)
        lines.append(timeRow(c))
        if a.isMultiSeed || b.isMultiSeed {
            // The mean ± sd is each network's result, given in its own section.
            lines.append("| Test accuracy per seed | \(a.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) | \(b.runs.map { Format.percent($0.test.accuracy) }.joined(separator: ", ")) |")
        } else {
            lines.append("| Test accuracy | \(Format.percent(a.representative.test.accuracy)) | \(Format.percent(b.representative.test.accuracy)) |")
        }
        // The loss too: a network can be more accurate and worse calibrated.
        lines.append("| Test loss\(a.isMultiSeed ? " (mean)" : "") | \(Format.loss(meanTestLoss(a))) | \(Format.loss(meanTestLoss(b))) |")
        if let interval = c.interval {
            // The design-level answer beside the runs' numbers (the McNemar pairings judge runs, and are the text's): the gap in
            // mean accuracy with its Welch interval, in the second network's column, as the second minus the first.
            lines.append("| Gap in mean test accuracy (\(name(c.second)) minus \(name(c.first)), 95% Welch interval) | – | "
                         + "\(Format.signedNumber(c.meanDifference)) points (\(Format.signedNumber(interval.lower)) to \(Format.signedNumber(interval.upper))) |")
        }
        if let (sa, sb) = errorSpread(c), a.isMultiSeed {
            lines.append("| Test errors over the \(a.runs.count) seeds (distinct images) | \(PythonFormat.grouped(sa.total)) (\(PythonFormat.grouped(sa.distinct))) | "
                         + "\(PythonFormat.grouped(sb.total)) (\(PythonFormat.grouped(sb.distinct))) |")
            lines.append("| Test images every seed misses | \(sa.core) | \(sb.core) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The mean test loss over the group's seeds.
    func meanTestLoss(_ group: RunGroup) -> Double {
        group.runs.map(\.test.loss).reduce(0, +) / Double(group.runs.count)
    }

    /// What the validation images every run of both networks misclassifies in the last epoch cost each network: each run's
    /// mean loss on them, averaged over the network's runs, with how many there are. The same images for every run, so a
    /// network whose mistakes are fewer and harder is not charged for that, and no run is paired with another: a higher loss
    /// here is surer mistakes. `everyRun`: whether every run of the first network is surer (higher) than every run of the
    /// second, or the other way round. Nil unless every run recorded its per-image validation losses and errors of the same
    /// images, and some image is wrong in every run.
    func sharedMistakeLoss(_ c: NetworkComparison) -> (first: Double, second: Double, images: Int, firstRuns: [Double], secondRuns: [Double])? {
        let runs = c.first.runs + c.second.runs
        let last = runs.compactMap { run -> (losses: [Float], errors: [Int])? in
            guard let losses = run.validationLossMatrix?.last, let errors = run.epochs.last?.valErrors else { return nil }
            return (losses, errors)
        }
        guard last.count == runs.count, let images = last.first?.losses.count, last.allSatisfy({ $0.losses.count == images }) else { return nil }
        let wrong = last.dropFirst().reduce(Set(last[0].errors)) { $0.intersection($1.errors) }.filter { $0 >= 0 && $0 < images }.sorted()
        guard !wrong.isEmpty else { return nil }
        let perRun = last.map { run in wrong.reduce(0.0) { $0 + Double(run.losses[$1]) } / Double(wrong.count) }
        let (a, b) = (Array(perRun.prefix(c.first.runs.count)), Array(perRun.dropFirst(c.first.runs.count)))
        return (Statistics.mean(a), Statistics.mean(b), wrong.count, a, b)
    }

    /// `sharedMistakeLoss` with the better network's loss first, and whether each of its runs is surer than each of the
    /// other's; nil without a better network.
    func betterSharedMistakeLoss(_ c: NetworkComparison) -> (better: Double, other: Double, images: Int, everyRun: Bool)? {
        guard let better = c.better, let shared = sharedMistakeLoss(c) else { return nil }
        let firstIsBetter = better.network == c.first.network
        let (mine, theirs) = firstIsBetter ? (shared.firstRuns, shared.secondRuns) : (shared.secondRuns, shared.firstRuns)
        let everyRun = mine.count * theirs.count > 1 && (mine.min() ?? 0) > (theirs.max() ?? 0)
        return firstIsBetter ? (shared.first, shared.second, shared.images, everyRun) : (shared.second, shared.first, shared.images, everyRun)
    }

    /// Each run of `group` on the test images: the mean loss of the images it misclassifies (how sure its mistakes are: a loss
    /// of 4.6 nats gives the true digit 1%) and the share of its test loss they carry. Nil unless every run recorded its
    /// per-image test losses and made some mistake.
    func testMistakeLosses(_ group: RunGroup) -> [(meanLoss: Double, share: Double, errors: Int, summed: Double, rightLoss: Double)]? {
        let runs = group.runs.compactMap { run -> (meanLoss: Double, share: Double, errors: Int, summed: Double, rightLoss: Double)? in
            guard let losses = run.testLossVector, let errors = run.testErrors, !errors.isEmpty, errors.count < losses.count,
                  errors.allSatisfy(losses.indices.contains) else { return nil }
            let total = losses.reduce(0.0) { $0 + Double($1) }
            let wrong = errors.reduce(0.0) { $0 + Double(losses[$1]) }
            return total > 0 ? (wrong / Double(errors.count), wrong / total, errors.count, wrong, (total - wrong) / Double(losses.count - errors.count)) : nil
        }
        return runs.count == group.runs.count && !runs.isEmpty ? runs : nil
    }

    /// Every pairing of a run of `first` with a run of `second`: the mean test loss each gives the images both runs misclassify,
    /// and how many there are. Nil unless every run recorded its per-image test losses and every pairing shares a mistake.
    func pairedMistakeLosses(_ first: RunGroup, _ second: RunGroup) -> [(mine: Double, theirs: Double, images: Int)]? {
        var pairs: [(mine: Double, theirs: Double, images: Int)] = []
        for a in first.runs {
            for b in second.runs {
                guard let la = a.testLossVector, let lb = b.testLossVector, let ea = a.testErrors, let eb = b.testErrors else { return nil }
                // In index order: a sum over a Set would follow its per-process hash order, and the report must not.
                let shared = Set(ea).intersection(eb).filter { la.indices.contains($0) && lb.indices.contains($0) }.sorted()
                guard !shared.isEmpty else { return nil }
                func mean(_ losses: [Float]) -> Double { shared.reduce(0.0) { $0 + Double(losses[$1]) } / Double(shared.count) }
                pairs.append((mean(la), mean(lb), shared.count))
            }
        }
        return pairs.isEmpty ? nil : pairs
    }

    /// The training times: the mean when every run had the same threads, else each seed's time with its threads
    /// (runs that trained side by side shared the cores), so that no mean mixes thread counts.
    private func timeRow(_ c: NetworkComparison) -> String {
        let cpu = c.timingCPUs.count == 1 ? ", on \(c.timingCPUs[0])" : ""
        // The ratio of each seed's two runs (which had the same threads); the mean only when every seed had the same threads.
        let ratios = c.matchedTimeRatios
        let ratio = ratios.isEmpty ? "" : (c.sameThreads ? " (\(Format.ratio(c.matchedTimeRatio ?? 0)), the mean of the seeds' ratios)"
                                           : " (\(Format.list(ratios.map(Format.ratio))) per seed)")
        if c.sameThreads, let threads = c.first.runs.first?.timing.threads {
            return "| Training time per run, mean (\(threads) thread\(threads == 1 ? "" : "s"))\(cpu) | \(Format.seconds(c.trainSeconds.first)) | \(Format.seconds(c.trainSeconds.second))\(ratio) |"
        }
        func times(_ group: RunGroup) -> String { group.runs.map { Format.seconds($0.timing.trainSeconds) }.joined(separator: ", ") }
        // Runs that trained side by side shared the cores: their times are wall-clock, not one network's own cost; each run's
        // threads and CPU are in the record, the ratio compares the runs of a seed, which had the same threads.
        // A seed's two runs with the same threads are compared by the ratio: their thread counts, seed by seed, say why the
        // seeds' times differ.
        let threads = c.first.runs.map(\.timing.threads)
        let label = threads == c.second.runs.map(\.timing.threads) ? "\(Format.list(threads.map(String.init))) threads" : "threads differ; each run's in the record"
        return "| Training time per seed (\(label)) | \(times(c.first)) | \(times(c.second))\(ratio) |"
    }

    /// The difference across seeds (the architectures) and on the test images (the trained models).
    var comparisonText: String {
        guard let c = comparison else { return "" }
        let a = name(c.first), b = name(c.second)
        var sentences: [String] = []
        if c.timingCPUs.count > 1 { sentences.append("The runs were timed on different CPUs (\(Format.list(c.timingCPUs))), so the times mix machines.") }
        if let interval = c.interval {
            let (ahead, behind) = c.meanDifference > 0 ? (b, a) : (a, b)
            // The seed draws each network's weights and then its batch order from one stream, and the
            // networks draw different numbers of weights, so a seed pairs nothing between them.
            let runs = c.first.runs.count == c.second.runs.count ? "\(c.first.runs.count) runs per network" : "\(c.first.runs.count) and \(c.second.runs.count) runs"
            let established = c.intervalExcludesZero ?? false
            let welch = "its 95% Welch interval is \(Format.signedNumber(interval.lower)) to \(Format.signedNumber(interval.upper)) points"
            // One finding a sentence: the gap, then whether the runs establish it and by which tests.
            let split = c.cleanSplitProbability
            let validation = c.separatedOnValidation ? ", on test and on validation accuracy" : ""
            // The figure draws the test accuracy: cited there, not after the validation clause.
            sentences.append("\(ahead)'s test accuracy is \(Format.points(c.meanDifference)) higher" + cite([ComparisonFigure.accuracy.rawValue])
                             + (split != nil ? ", and every \(ahead) run beat every \(behind) run\(validation)" : "") + ".")
            // The permutation test's floor with so few runs is why a clean split still leaves the gap open.
            let permutation = split.map { p in
                // The exact permutation test, said as what it computes: how often equal networks would split as cleanly.
                "Equal designs would give so clean a split "
                    + "\(Self.oneTimeIn(p)) (p = \(Format.probability(p)), the least a rank test allows with "
                    + (c.first.runs.count == c.second.runs.count ? "\(c.first.runs.count) runs each)." : "\(c.first.runs.count) against \(c.second.runs.count) runs).")
            } ?? ""
            sentences.append("These \(runs) \(established ? "establish" : "do not establish") the gap: \(welch).")
            if !permutation.isEmpty { sentences.append(permutation) }
        }
        // The trained models compared on the same images right after the runs' test of the designs, then the loss.
        if c.crossPairs.count > 1 {
            sentences.append(crossPairingSentence(c))
        } else if let pair = c.pairs.first {
            sentences.append("Of the \(PythonFormat.grouped(pair.images)) test images, \(pair.onlySecond) are right only for \(b) and \(pair.onlyFirst) only for \(a) "
                             + "(McNemar's exact p = \(Format.probability(pair.pValue))).")
        }
        // The loss and the confidence of the mistakes, a topic of its own, in a paragraph of its own.
        return ([sentences.joined(separator: " ")] + (testLossReading(c).map { [$0] } ?? [])).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Run against run on the same test images: in how many of the pairings of a run of one network with a run of the other
    /// one network's run is significantly better (McNemar, Bonferroni over the pairings), and, when the pairings that are not
    /// all involve one run, which (with "its most accurate run" when it is): `Run against run on the same test images, MyNet's
    /// is significantly better in 6 of the 9 pairings; the 3 others all involve ConvNet's seed 2, its most accurate run.`
    func crossPairingSentence(_ c: NetworkComparison) -> String {
        let (a, b) = (name(c.first), name(c.second))
        let total = c.crossPairs.count
        let level = PairedEpochChange.significantP / Double(total)
        let significant = c.crossPairs.filter { $0.pValue < level }
        let secondWins = significant.filter { $0.onlySecond > $0.onlyFirst }.count
        let firstWins = significant.count - secondWins
        let lead = "Run against run on the same test images (McNemar), "
        var text: String
        if significant.isEmpty {
            return lead + "no pairing of a \(a) run with a \(b) run differs significantly."
        } else if firstWins == 0 || secondWins == 0 {
            let count = significant.count == total ? "all \(total)" : "\(significant.count) of the \(total)"
            text = lead + "\(firstWins == 0 ? b : a)'s run is significantly better in \(count) pairings"
        } else {
            text = lead + "the runs differ significantly in \(significant.count) of the \(total) pairings (\(a) better in \(firstWins), \(b) in \(secondWins))"
        }
        let others = c.crossPairs.filter { $0.pValue >= level }
        // The pairings that do not differ, when one run is in all of them: that run, a network's best or not.
        func shared(_ group: RunGroup, _ seeds: [UInt64]) -> String? {
            guard others.count > 1, Set(seeds).count == 1, let run = group.runs.first(where: { $0.seed == seeds[0] }) else { return nil }
            let best = group.runs.allSatisfy { $0.seed == run.seed || $0.test.accuracy < run.test.accuracy }
            return "; the \(Self.numberWord(others.count)) others all involve \(name(group))'s seed \(run.seed)" + (best ? ", its most accurate run" : "")
        }
        text += shared(c.first, others.map(\.seed)) ?? shared(c.second, others.map(\.secondSeed)) ?? ""
        // Each pairing judges two trained runs, and the pairings share runs: a finding about these models, not the designs.
        // Each run of one network is paired with every run of the other: the pairings are not independent of one another.
        let (n, m) = (c.first.runs.count, c.second.runs.count)
        let reuse = n == m ? "Each run is in \(Self.numberWord(n)) pairings" : "Each run is in several pairings"
        return text + ". \(reuse); they compare trained runs, not designs."
    }

    /// `one time in 10` for p = 0.10: a probability as the odds a reader can picture.
    static func oneTimeIn(_ p: Double) -> String {
        let times = (1 / max(p, 1e-12)).rounded()
        return times <= 1 ? "every time" : "one time in \(PythonFormat.grouped(Int(min(times, 1e9))))"
    }

    /// When the more accurate network's test loss is not lower, whether it is higher (a Welch interval over the seeds, as
    /// for the accuracy), and, when it is, whether its mistakes are surer: its loss on the validation images both networks
    /// misclassify. Nil otherwise.
    func testLossReading(_ c: NetworkComparison) -> String? {
        guard let better = c.better, let (higher, welch) = betterTestLoss(c) else { return nil }
        let loser = c.other(than: better)
        let difference = Format.signedLoss(meanTestLoss(better) - meanTestLoss(loser))
        let interval = welch.map { " (\(name(better)) minus \(name(loser)): \(difference), 95% Welch interval \(Format.signedLoss($0.lower)) to \(Format.signedLoss($0.upper)))" } ?? ""
        // The two means are in the table.
        var text = "\(name(better))'s test loss is \(higher ? "higher" : "no lower") despite its fewer errors\(interval)."
        // Fewer errors should lower the loss; surer mistakes are why a test loss is not lower (or is higher) despite them. With
        // each test image's loss recorded, measured on the test images themselves: what a mistake costs each run, and how much
        // of the test loss the mistakes carry (an accounting, not a test).
        if let mine = testMistakeLosses(better), let theirs = testMistakeLosses(loser), let paired = pairedMistakeLosses(better, loser),
           Statistics.mean(paired.map(\.mine)) > Statistics.mean(paired.map(\.theirs)) {
            // Like for like first: the images both runs of a pairing miss, so that easier mistakes of the other network do not
            // pass for surer ones of this one.
            let higher = paired.filter { $0.mine > $0.theirs }.count
            let images = Self.range(paired.map(\.images))
            let pairings = paired.count == 1 ? "the images both runs miss (\(images))" : "the test images both runs of a pairing miss (\(images) a pairing)"
            let every = paired.count == 1 ? "" : (higher == paired.count ? ", higher in all \(paired.count) pairings" : ", higher in \(higher) of the \(paired.count) pairings")
            text += " Its mistakes are surer: on \(pairings), \(name(better))'s loss averaged \(Self.range(paired.map(\.mine))) nats against "
                + "\(name(loser))'s \(Self.range(paired.map(\.theirs)))\(every)."
            // Its right answers too, so that the loss is read as confidence on both sides, not as worse probabilities overall.
            let (rightMine, rightTheirs) = (mine.map(\.rightLoss), theirs.map(\.rightLoss))
            if (rightMine.max() ?? 0) < (rightTheirs.min() ?? 0) {
                text += " Its right answers are surer too: \(Self.range(rightMine, decimals: 4)) nats against \(Self.range(rightTheirs, decimals: 4)) a run."
            }
            // The arithmetic of the loss: mistakes fewer by one ratio, each dearer by another; what their sums come to.
            let count = Double(mine.map(\.errors).reduce(0, +)) / Double(max(1, theirs.map(\.errors).reduce(0, +)))
            let dearer = Statistics.mean(mine.map(\.meanLoss)) / Statistics.mean(theirs.map(\.meanLoss))
            let sums = Statistics.mean(mine.map(\.summed)) / Statistics.mean(theirs.map(\.summed))
            let shares = (mine + theirs).map { Int(($0.share * 100).rounded()) }
            let made = count < 1 ? "\(Format.percentRounded(1 - count)) fewer test errors, but each cost" : "\(Format.ratio(count)) \(name(loser))'s test errors, each costing"
            text += " \(name(better)) made \(made) \(Format.ratio(dearer)) as much, so its mistakes' summed loss is about \(PythonFormat.fixed(sums))× "
                + "\(name(loser))'s; the mistakes carry \(Self.range(shares))% of each run's test loss."
        } else if let shared = betterSharedMistakeLoss(c), shared.better > shared.other {
            // The images every run gets wrong: the same for all, no run paired with another.
            let both = c.first.runs.count + c.second.runs.count > 2 ? "every run of both networks misclassifies" : "both networks misclassify"
            // A mean loss read as the probability it stands for: exp(−mean loss), the geometric mean of the true digit's probability.
            // Two significant digits: these probabilities are small, and a fixed two decimals would print 0.0091% as 0.01%.
            let probability = { (loss: Double) in Format.probability(100 * exp(-loss)) + "%" }
            let runs = shared.everyRun ? " Every \(name(better)) run gives it less than any \(name(loser)) run." : ""
            // One claim a sentence: the reason offered, where its evidence comes from, the evidence.
            text += " Surer mistakes could offset them. Per-image losses were recorded for validation only; there, on the \(shared.images) validation image\(shared.images == 1 ? "" : "s") "
                + "\(both) at the end, \(name(better)) gives the true digit a probability of \(probability(shared.better)) against \(name(loser))'s "
                + "\(probability(shared.other)) (geometric means, e to the minus mean loss).\(runs)"
        }
        return text
    }

    /// When the more accurate network's mean test loss is the higher: whether it is significantly higher, by the Welch
    /// interval of the difference over the seeds (better minus other; nil with one seed each). Nil otherwise.
    func betterTestLoss(_ c: NetworkComparison) -> (higher: Bool, welch: (lower: Double, upper: Double)?)? {
        guard let better = c.better else { return nil }
        let loser = c.other(than: better)
        guard meanTestLoss(better) > meanTestLoss(loser) else { return nil }
        let welch = Statistics.welchInterval(loser.runs.map(\.test.loss), better.runs.map(\.test.loss)).map { (lower: $0.lower, upper: $0.upper) }
        return (welch.map { $0.lower > 0 } ?? false, welch)
    }

    /// The convolutions' output channels, in order.
    private func convolutionChannels(_ facts: SummaryTable) -> [Int] {
        facts.moduleRows.filter { $0.moduleType == "Conv2d" }.compactMap { $0.kernelShape?.first }
    }

    /// `one hidden fully connected layer fewer`: how the fully connected layers between the features and the output
    /// differ in number (the counts are in the comparison table), nil when they do not.
    private func hiddenLayerDifference(_ facts: SummaryTable, _ other: SummaryTable) -> String? {
        guard let mine = hiddenLayers(facts), let theirs = hiddenLayers(other), mine != theirs else { return nil }
        let difference = abs(mine - theirs)
        return "\(difference == 1 ? "one" : "\(difference)") hidden fully connected layer\(difference == 1 ? "" : "s") \(mine < theirs ? "fewer" : "more")"
    }

    /// The fully connected layers between the features and the output: all but the last; nil without any.
    private func hiddenLayers(_ facts: SummaryTable) -> Int? {
        let linear = facts.moduleRows.filter { $0.moduleType == "Linear" }.count
        return linear > 0 ? linear - 1 : nil
    }

    /// How many features the convolutional part hands to the first fully connected layer (its input width).
    func flattenedFeatures(_ facts: SummaryTable) -> Int? {
        facts.moduleRows.first { $0.moduleType == "Linear" }?.kernelShape?.last
    }

    /// The share of the multiply-adds in the convolutions.
    private func convolutionShare(_ facts: SummaryTable) -> Double? {
        guard facts.totalMultiplyAdds > 0 else { return nil }
        let convolutions = facts.moduleRows.filter { $0.moduleType == "Conv2d" }.map(\.multiplyAdds).reduce(0, +)
        return convolutions > 0 ? Double(convolutions) / Double(facts.totalMultiplyAdds) : nil
    }

    /// The module holding the most parameters, and its share.
    func largestModule(_ facts: SummaryTable) -> (name: String, parameters: Int, share: Double)? {
        guard let row = facts.moduleRows.max(by: { $0.parameters < $1.parameters }), facts.totalParameters > 0 else { return nil }
        return (row.name, row.parameters, Double(row.parameters) / Double(facts.totalParameters))
    }

    /// What in the designs differs, as rows of the comparison table: the convolutions' channels, the features they hand
    /// the first fully connected layer, their share of the multiply-adds, the largest layer's share of the parameters and
    /// the hidden fully connected layers; only the rows whose values differ between the networks.
    private func designRows(_ c: NetworkComparison) -> [String] {
        guard let fa = facts[c.first.network], let fb = facts[c.second.network] else { return [] }
        var rows: [(measure: String, first: String?, second: String?)] = []
        let channels = [fa, fb].map { facts in convolutionChannels(facts).map(String.init).joined(separator: ", ") }
        rows.append(("Convolution channels", channels[0].isEmpty ? nil : channels[0], channels[1].isEmpty ? nil : channels[1]))
        rows.append(("Features into the first fully connected layer", flattenedFeatures(fa).map(PythonFormat.grouped), flattenedFeatures(fb).map(PythonFormat.grouped)))
        rows.append(("Share of the multiply-adds in the convolutions", convolutionShare(fa).map(Format.percentRounded), convolutionShare(fb).map(Format.percentRounded)))
        let largest = [fa, fb].map { facts in largestModule(facts).map { "`\($0.name)`, \(Format.percentRounded($0.share))" } }
        rows.append(("Largest layer, share of the parameters", largest[0], largest[1]))
        let hidden = [fa, fb].map { hiddenLayers($0).map(String.init) }
        rows.append(("Hidden fully connected layers", hidden[0], hidden[1]))
        return rows.compactMap { row in
            guard let first = row.first, let second = row.second, first != second else { return nil }
            return "| \(row.measure) | \(first) | \(second) |"
        }
    }

    /// What in the better network's design the data point to: its wider convolutions (where its extra
    /// multiply-adds go, with the features they hand the classifier), its largest layer (where its extra parameters
    /// go) and a different number of hidden fully connected layers, as parts ("wider convolutions"), or a note when
    /// the better network is the smaller one or its extra capacity sits nowhere in particular.
    func designReason(_ c: NetworkComparison) -> (parts: [String], note: String?) {
        guard let better = c.better else { return ([], nil) }
        let other = c.other(than: better)
        guard let fb = facts[better.network], let fo = facts[other.network] else { return ([], nil) }
        guard better.representative.parameters > other.representative.parameters else {
            return ([], "The gain does not come from size: \(name(better)) has the fewer parameters, so the order and shape of its layers make the difference.")
        }
        let cb = convolutionChannels(fb), co = convolutionChannels(fo)
        var clauses: [String] = []
        if cb.count == co.count, !cb.isEmpty, zip(cb, co).allSatisfy({ $0 > $1 }) {
            // Where the extra compute and parameters sit (their shares) is the comparison table's.
            clauses.append("wider convolutions")
        }
        if let largest = largestModule(fb), largest.share > 0.5 {
            // Against the other's layer of the same name when it has one (its size is in the introduction and the printout).
            let theirs = fo.moduleRows.first { $0.name == largest.name }?.parameters ?? 0
            clauses.append((theirs > 0 && theirs < largest.parameters ? "a \(Format.ratio(Double(largest.parameters) / Double(theirs))) larger `\(largest.name)`"
                            : "a \(PythonFormat.grouped(largest.parameters))-parameter `\(largest.name)`"))
        }
        if let hidden = hiddenLayerDifference(fb, fo) { clauses.append(hidden) }
        guard !clauses.isEmpty else { return ([], "\(name(better)) has more capacity; which of its layers buys the gain is not tested here.") }
        return (clauses, nil)
    }
}
