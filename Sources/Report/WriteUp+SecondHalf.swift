import Foundation
import Training

// The second half of training on one basis: each run's last epochs against as many before the second half, image by image
// (`SecondHalfChange`), for the late rise of the validation loss, the accuracy and the schedule alike.
extension WriteUp {
    /// Each run of `group` read across the second half, its tests sharing 5% between the seeds; empty for one seed, too few
    /// epochs or a run without its per-image record (the discussion then reads each run from its own lowest epoch).
    static func secondHalfChanges(of group: RunGroup) -> [SecondHalfChange] {
        guard SecondHalfChange.comparedWindows(of: group.runs) != nil else { return [] }
        let level = PairedEpochChange.significantP / Double(group.runs.count)
        let changes = group.runs.compactMap { SecondHalfChange($0, testLevel: level) }
        // Runs of as many epochs (`comparedWindows`) share their windows.
        return changes.count == group.runs.count ? changes : []
    }

    /// `secondHalfChanges` of `group`, as computed once when the write-up was made (each draws thousands of sign patterns).
    func secondHalf(_ group: RunGroup) -> [SecondHalfChange] { secondHalves[group.network] ?? [] }

    /// Whether the discussion reads the second half from the windows: every network has them, over the same epochs.
    var readsSecondHalf: Bool {
        !groups.isEmpty && groups.allSatisfy { !secondHalf($0).isEmpty } && Set(groups.compactMap { secondHalf($0).first?.late }).count == 1
    }

    /// The runs of every network with their changes, in the report's order.
    var secondHalfRuns: [(group: RunGroup, change: SecondHalfChange)] {
        groups.flatMap { group in secondHalf(group).map { (group, $0) } }
    }

    /// `10–12`, or `12` for a window of one epoch.
    static func epochs(_ window: ClosedRange<Int>) -> String {
        window.count == 1 ? "\(window.lowerBound)" : "\(window.lowerBound)–\(window.upperBound)"
    }

    /// The hand-in's reading of the second half: the windows and why, the table, whether any network overfit (the accuracy),
    /// what the validation loss did and what carried it, a possible cause, and what the schedule did meanwhile. Nil without
    /// the windows.
    var secondHalfText: String? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let runs = secondHalfRuns
        let (early, late) = (Self.epochs(first.early), Self.epochs(first.late))
        let width = first.late.count
        let schedule = groups[0].representative.config.schedule == .constant ? "training" : "the schedule"
        // What overfitting looks like, why these windows, then how a change is tested and of what.
        let (earlyText, lateText) = width == 1 ? ("epoch \(early)", "epoch \(late)") : ("epochs \(early)", "epochs \(late)")
        // The question asked of the gap the results sized: did it cost anything on new images? Then the windows and why, a rule
        // of the epoch count a reader can check, and the test (defined in the appendix).
        let rule = width == 1 ? "The two epochs follow from the epoch count alone: the last, and the middle one."
            : "The windows, a quarter of the epochs each, are fixed by the epoch count, not chosen from the curves."
        let fitted = fittedBetter
        let one = groups.count == 1
        let (subject, object, possessive) = one ? (fitted.isEmpty ? "The network" : "It", "it", "its") : (fitted.isEmpty ? "The networks" : "They", "them", "their")
        let method = fitted + "\(subject) overfit late in training if that cost \(object) on new images: if \(possessive) validation loss or accuracy got worse "
            + "while \(possessive) training loss kept falling. We compare each run's "
            + "\(lateText) with its \(earlyText), before \(schedule)'s second half\(cite(groups.map { NetworkFigure.val.baseName(for: $0.network) })), "
            + "image by image, by sign-flip tests; \(RecordDocument.markdownLink) has each run's numbers. " + rule
        var verdict: [String] = []
        // The loss's sentences make a paragraph of their own; the accuracy's and what carried the loss the next.
        var lossSentences = 0
        let all = runs.count
        // The loss first: the training loss against the validation loss between the windows, the textbook sign.
        let lossRose = runs.filter { $0.change.lossLate > $0.change.lossEarly }
        let risenSignificantly = runs.filter { $0.change.lossRoseSignificantly }
        let tested = risenSignificantly.isEmpty ? "in none significantly"
            : (risenSignificantly.count == lossRose.count ? "each significantly"
               : "significantly only in " + Format.list(risenSignificantly.map { "\(seedNames($0.group, [$0.change.seed], amongNetworks: groups.count)) (\(Self.signFlipText($0.change.lossP)))" }))
        // Unchanged beyond chance in every run: said as that, not as a count of signs.
        let changed = runs.filter { $0.change.lossP < $0.change.testLevel }
        let overall = changed.isEmpty ? "no run's validation loss changed significantly" : (lossRose.isEmpty ? "the validation loss rose in no run"
                       : "the validation loss rose in \(lossRose.count == all ? "every run" : "\(lossRose.count) of the \(all) runs"), \(tested)")
        let overfit = overfitByLoss
        // With several networks, which way each one's validation loss went, run by run: a network whose loss fell in most runs
        // did not overfit by the loss, whatever the tests say.
        let validation = groups.count < 2 ? overall : Format.list(groups.map { group -> String in
            let (up, n) = (lossRoseRuns(group), secondHalf(group).count)
            let way = up * 2 >= n ? (up == n ? "rose in all \(n)" : "rose in \(up) of its \(n) runs") : (up == 0 ? "fell in all \(n)" : "fell in \(n - up) of its \(n) runs")
            return "\(name(group))'s" + (group.network == groups[0].network ? " validation loss " : " ") + way
        }) + (changed.isEmpty ? ", in no run significantly" : ", significantly in " + Format.list(groups.compactMap { group -> String? in
            // The runs whose change passed its test (their p are in the table), by network.
            let seeds = changed.filter { $0.group.network == group.network }.map(\.change.seed)
            guard !seeds.isEmpty else { return nil }
            return seeds.count == secondHalf(group).count ? "every \(name(group)) run" : seedNames(group, seeds, amongNetworks: groups.count)
        }))
        if let falls = trainingLossFalls {
            let training = groups.count == 1 ? "the training loss fell \(Format.ratio(falls[0]))"
                : "the training loss fell " + Format.list(zip(groups, falls).map { "\(Format.ratio($1)) (\(name($0)))" })
            // Overfitting by the loss is claimed only where a rise passed its test; a rise that did not is left to the verdict
            // after the accuracy.
            let proven = overfitByLossTested.proven
            let who = networks(proven)
            let reading = proven.isEmpty ? "" : "by the loss, \(who) overfit"
            // One claim a sentence: the training loss's fall, then the validation loss's course.
            verdict.append("Between the windows \(training).")
            verdict.append("Meanwhile \(validation)" + (reading.isEmpty ? "." : ": \(reading)."))
            // How much the reading depends on the windows: the quarter after the middle, the other the rule could have chosen.
            if let other = laterWindowReading { verdict.append(other) }
            lossSentences = verdict.count
        } else {
            verdict.append(validation.prefix(1).uppercased() + validation.dropFirst() + ".")
        }
        // Then the accuracy: lost accuracy is overfitting in the decisions.
        let fell = runs.filter { $0.change.accuracyFellSignificantly }
        let rose = runs.filter { $0.change.accuracyChange > 0 }
        let raised = runs.filter { $0.change.accuracyRoseSignificantly }
        let none = groups.count == 1 ? "The network lost no validation accuracy" : (groups.count == 2 ? "Neither network lost validation accuracy" : "No network lost validation accuracy")
        if fell.isEmpty {
            let gains = rose.map { $0.change.accuracyChange * 100 }
            let size = gains.isEmpty ? "" : ", by \(Self.range(gains)) points"
            let accuracy = rose.isEmpty ? "" : "it rose in \(rose.count == all ? "every run" : "\(rose.count) of the \(all) runs")\(size), "
                    + (raised.isEmpty ? "in none significantly" : (raised.count == rose.count ? "each significantly" : "significantly in \(raised.count) of them"))
                    + (rose.count < all ? ", and fell in none significantly" : "")
            if !overfit.isEmpty, rose.count == all {
                // Overfit by the loss, yet the accuracy rose everywhere: said in one sentence, with what it answers.
                let answer = groups.count == 1 ? "the network did not overfit in accuracy" : (groups.count == 2 ? "neither network overfit in accuracy" : "no network overfit in accuracy")
                verdict.append("Validation accuracy " + accuracy.dropFirst(3) + ": \(answer).")
            } else {
                let lead = overfit.isEmpty ? none : "Yet " + none.prefix(1).lowercased() + none.dropFirst()
                verdict.append(rose.isEmpty ? "\(lead). No run's fell significantly." : "\(lead). \(accuracy.prefix(1).uppercased() + accuracy.dropFirst()).")
            }
        } else {
            verdict.append(lostAccuracy(fell) + " (" + fell.map { "\(Format.signedPoints($0.change.accuracyChange)), \(Self.signFlipText($0.change.accuracyP))" }.joined(separator: "; ") + ").")
        }
        // What carried the loss: the images wrong throughout against the rest (each run's split is in the table).
        let surer = runs.filter { $0.change.mistakesGrewSurer }
        var mechanism: [String] = []
        if !surer.isEmpty {
            let epochs = Self.numberWord(first.early.count + first.late.count)
            let most = lossRose.max { $0.change.relativeLossChange < $1.change.relativeLossChange }
            // Where the loss went: the other images' part fell in every run, or not.
            let restFell = runs.allSatisfy { $0.change.changeFromRest < 0 }
            // Whether the run whose loss rose most owes the rise to its mistakes: they added to its mean loss, the rest took off.
            let carried = most.map { $0.change.mistakesGrewSurer && $0.change.changeFromPersistent > 0 && $0.change.changeFromRest < 0 } ?? false
            // How many grew surer beyond chance (the same sign-flip test over those images), named by network when it is one's.
            let significant = surer.filter(\.change.mistakesGrewSurerSignificantly)
            let passing = groups.compactMap { group -> String? in
                let seeds = significant.filter { $0.group.network == group.network }.map(\.change.seed)
                guard !seeds.isEmpty else { return nil }
                return seeds.count == secondHalf(group).count && groups.count > 1 ? "all of \(name(group))'s" : seedNames(group, seeds, amongNetworks: groups.count)
            }
            let surerTested = significant.isEmpty ? " (in none significantly)" : (significant.count == surer.count ? " (each significantly)"
                : (groups.count > 1 && passing.count == 1 ? " (significantly in \(passing[0]))" : " (significantly in \(significant.count) runs)"))
            // The other images, tested alike, in the same sentence; then the run whose loss rose most split between the two.
            let restSignificant = runs.filter(\.change.restFellSignificantly).count
            let restTested = restSignificant == 0 ? " (in none significantly)" : (restSignificant == all ? " (each significantly)" : " (significantly in \(restSignificant) runs)")
            // How much of the loss those few images carry at the end: why the loss says little of the many.
            let shares = surer.map { Int(($0.change.persistentShareLate * 100).rounded()) }
            // One finding a sentence: the mistakes grew surer, they carry most of the loss, the other images' loss fell.
            mechanism.append("In \(surer.count == all ? "every run" : "\(surer.count) of the \(all) runs") the images wrong in all \(epochs) window epochs, its persistent mistakes, "
                             + "grew more confidently wrong" + surerTested + ".")
            if !shares.isEmpty { mechanism.append("Over epochs \(Self.epochs(first.late)) these few persistent mistakes carried \(Self.range(shares))% of each run's validation loss.") }
            if restFell { mechanism.append("The other images' loss fell in every run\(restTested).") }
            // Where the overfitting sits when the accuracy held and the rise is on the mistakes: in their confidence, not in
            // the decisions.
            if fell.isEmpty, carried, restFell {
                let accuracy = rose.count == all ? "rose" : "held"
                // A rise that passes its test is read as the probabilities overfitting; one that does not, with the training loss
                // still falling, as overfitting in the confidence of a few mistakes; without that, as only a trace of it.
                mechanism.append(!risenSignificantly.isEmpty ? "Where the loss rose, surer mistakes carried it while the accuracy \(accuracy): the probabilities overfit, the decisions did not."
                                 : (overfit.isEmpty ? "Overfitting, as lost accuracy, did not happen. Its only trace is the surer mistakes, in the probabilities."
                                    : verdictByLossAndAccuracy(overfit)))
            }
            // Why, as a hypothesis the runs do not test: nothing held the logits back; the weight decay among the next steps tests it.
            // Not when a design's introduction already named that risk (nothing restraining its weights): said once.
            let lifted = groups.filter { meanLossRose($0) }
            if !lifted.isEmpty, groups.allSatisfy({ $0.representative.config.weightDecay == 0 }) {
                // With a design's risk named in its introduction, the mechanism for the networks that fit every training image.
                let fitting = lifted.filter(fitsEveryTrainingImage)
                if !groups.contains(where: { capacityRiskFacts($0) != nil }) {
                    mechanism.append("A possible cause, untested: without weight decay nothing held the logits back" + logitGrowth(groups, lifted) + ".")
                } else if !fitting.isEmpty {
                    let names = Format.list(fitting.map(name)), its = fitting.count == 1 ? "its" : "their"
                    // Every network's mistakes grew surer, not only the one that fit every training image: the cause named for all.
                    let whose = groups.count == 1 ? "the network's" : (groups.count == 2 ? "either network's" : "any network's")
                    mechanism.append("Why, untested: without weight decay nothing held \(whose) outputs back; with every training image right, \(names) could lower "
                                     + "\(its) training loss only by more extreme outputs.")
                }
            }
        }
        // The loss, the accuracy, then what carried the loss: a paragraph each.
        let loss = verdict.prefix(lossSentences).joined(separator: " ")
        let accuracy = verdict.dropFirst(lossSentences).joined(separator: " ")
        let carried = mechanism.joined(separator: " ")
        // Each run's numbers and p are the record's (`secondHalfRecord`): the hand-in reads them in words.
        let parts: [String?] = [method] + [loss, accuracy, carried].map { $0.isEmpty ? nil : $0 } + [secondHalfSchedule]
        return parts.compactMap { $0 }.joined(separator: "\n\n")
    }

    /// For the record: how the second half is read, and `secondHalfTable`. Nil without the windows.
    var secondHalfRecord: String? {
        guard let table = secondHalfTable, let first = secondHalfRuns.first?.change else { return nil }
        let level = first.testLevel
        let (early, late) = (Self.epochs(first.early), Self.epochs(first.late))
        let epochs = first.late.count == 1 ? ("epoch \(late)", "epoch \(early)") : ("epochs \(late)", "epochs \(early)")
        return "The report's reading of the second half: each run's validation images over \(epochs.0) against \(epochs.1), each image's "
            + "mean over a window compared with a sign-flip test (the images' changes negated at random \(PythonFormat.grouped(PairedEpochChange.signFlips)) "
            + "times; p is the share of mean changes at least as far from 0). A change is significant below p = "
            + "\(PythonFormat.fixed(level, decimals: level < 0.05 ? 3 : 2)) (the 5% shared by a network's seeds). Persistent mistakes: the images "
            + "wrong in every epoch of both windows; the other images: the rest.\n\n" + table
    }

    /// One row a run: its validation loss and accuracy in each window with each change's p, and the mean loss of the images
    /// wrong throughout. Nil without the windows.
    var secondHalfTable: String? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let (early, late) = (Self.epochs(first.early), Self.epochs(first.late))
        let word = first.late.count == 1 ? "Epoch" : "Epochs"
        var lines = ["| Run | Validation loss, \(word.lowercased()) \(early) → \(late) (p) | Validation accuracy (p) | Persistent mistakes (wrong in all \(Self.numberWord(first.early.count + first.late.count)) window epochs): count, mean loss (p) | The other images' mean loss (p) |",
                     "| --- | ---: | ---: | ---: | ---: |"]
        for (group, change) in secondHalfRuns {
            let wrong = change.persistentMistakes == 0 ? "none"
                : "\(change.persistentMistakes): \(PythonFormat.fixed(change.persistentLossEarly, decimals: 1)) → \(PythonFormat.fixed(change.persistentLossLate, decimals: 1)) "
                    + "(\(Format.signFlip(change.persistentP)))"
            let rest = "\(Format.loss(change.restLossEarly)) → \(Format.loss(change.restLossLate)) (\(Format.signFlip(change.restP)))"
            lines.append("| \(name(group)), seed \(change.seed) | \(Format.loss(change.lossEarly)) → \(Format.loss(change.lossLate)), \(Format.signedRelative(change.relativeLossChange)) "
                         + "(\(Format.signFlip(change.lossP))) | \(Format.percent(change.accuracyEarly)) → \(Format.percent(change.accuracyLate)) (\(Format.signFlip(change.accuracyP))) | \(wrong) | \(rest) |")
        }
        return lines.joined(separator: "\n")
    }

    /// What the schedule did in the second half: the rate at its first and last epoch, and why these runs cannot credit the
    /// rate. Nil without the windows or a schedule that lowers the rate.
    private var secondHalfSchedule: String? {
        guard readsSecondHalf, let span = lowRateEpochs, let rates = groups.first?.representative.epochs, rates.count >= span.upperBound else { return nil }
        // The second half is also the last: a gain in it may be the extra epochs as much as the lower rate.
        // How the predictions settled meanwhile, which the figure below draws (means over the seeds).
        let settled = settlingClause.map { " Meanwhile the predictions settled\(cite([ComparisonFigure.curves.rawValue])): the validation images switching between right and wrong per run numbered \($0)." } ?? ""
        return "The late gains may come from the lower learning rate or from the extra epochs; these runs cannot tell which. "
            + "The learning rate fell from \(Format.scientific(rates[span.lowerBound - 1].learningRate)) (epoch \(span.lowerBound)) to \(Format.scientific(rates[span.upperBound - 1].learningRate)) "
            + "(epoch \(span.upperBound)).\(settled)"
    }

    /// The answer to the section's question when no network lost accuracy and some network's validation loss rose, none
    /// beyond chance, while its training loss fell (`overfit`): no overfitting by accuracy; by the loss those stopped
    /// improving, through surer persistent mistakes.
    private func verdictByLossAndAccuracy(_ overfit: [RunGroup]) -> String {
        // The surer mistakes outweighed the other images' gains where the loss rose: a sign, as no rise passed its test.
        // The definition names the loss too: the answer for it is the weak evidence of a rise that no test confirms, carried by
        // the persistent mistakes (more than all of it when, without them, the loss fell in every run), said for every network
        // whose persistent mistakes grew surer, so that the effect is not read as one network's alone.
        let its = overfit.count == 1 ? "its" : "their"
        let whose = groups.count == 1 ? "the network's" : Format.list(overfit.map { "\(name($0))'s" })
        let entirely = overfit.allSatisfy { group in secondHalf(group).allSatisfy { $0.changeFromRest < 0 && $0.changeFromPersistent > 0 } }
        // An accounting split over images chosen by the windows, not a cause: "comes from" the mistakes, as a sum comes from its parts.
        // The size of the rise, run by run: the smallest and largest of the runs whose loss rose.
        let rises = overfit.flatMap { secondHalf($0).filter { $0.lossLate > $0.lossEarly }.map(\.relativeLossChange) }
        let (low, high) = (Format.signedRelative(rises.min() ?? 0), Format.signedRelative(rises.max() ?? 0))
        let size = rises.isEmpty ? "" : (low == high ? " (\(low))" : " (\(low) to \(high))")
        // The accuracy's answer is the sentence that reads it; the other networks' loss is the paragraph above's.
        var sentences = ["\(whose.prefix(1).uppercased() + whose.dropFirst()) rise\(size), in no run significant, comes from \(its) persistent mistakes growing surer"
                            + (entirely ? "; without them \(its) loss fell in every run." : ".")]
        // What grew is confidence on a few images the decisions already had wrong: overfitting in the loss at most, untested
        // as significant, and none in the decisions.
        sentences.append("That is at most a mild overfitting in the loss, not in the decisions: growing overconfidence on a few images.")
        return sentences.joined(separator: " ")
    }

    /// The gap the results sized, said as the question's premise: `Both networks ended far better fitted to their training
    /// images than to new ones. ` when every network's last training loss lies below its validation loss ("far" at five
    /// times), else empty.
    private var fittedBetter: String {
        let ends = groups.compactMap { curve($0).last }
        guard ends.count == groups.count, ends.allSatisfy({ $0.trainLoss < $0.valLoss }) else { return "" }
        let far = ends.allSatisfy { $0.valLoss >= 5 * $0.trainLoss } ? "far " : ""
        let who = groups.count == 1 ? "The network" : (groups.count == 2 ? "Both networks" : "Every network")
        return "\(who) ended \(far)better fitted to \(groups.count == 1 ? "its" : "their") training images than to new ones. "
    }

    /// The late window against the quarter of epochs just after the middle instead of just before it, on the mean curves:
    /// whether each network's validation loss moves the same way, and by less. `Against epochs 7–9 instead of 4–6, the mean
    /// validation loss moved 0.0396 → 0.0394 (ConvNet) and 0.0395 → 0.0403 (MyNet): the same directions, by less.` Nil
    /// without the windows or room for a third between them.
    private var laterWindowReading: String? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let middle = (first.early.upperBound + 1)...(first.early.upperBound + first.early.count)
        guard middle.upperBound < first.late.lowerBound else { return nil }
        func mean(_ values: [Double], _ window: ClosedRange<Int>) -> Double { Statistics.mean(window.map { values[$0 - 1] }) }
        let moves = groups.compactMap { group -> (name: String, early: Double, middle: Double, late: Double)? in
            let losses = curve(group).map(\.valLoss)
            guard losses.count >= first.late.upperBound else { return nil }
            return (name(group), mean(losses, first.early), mean(losses, middle), mean(losses, first.late))
        }
        guard moves.count == groups.count else { return nil }
        let turned = moves.filter { ($0.late > $0.middle) != ($0.late > $0.early) }
        let less = moves.allSatisfy { abs($0.late - $0.middle) < abs($0.late - $0.early) }
        let figures = Format.list(moves.map { "\(Format.loss($0.middle)) → \(Format.loss($0.late))" + (groups.count == 1 ? "" : " (\($0.name))") })
        let way = groups.count == 1 ? "the same direction" : "the same directions"
        let reading = turned.isEmpty ? (less ? "\(way), by less" : way)
            : (groups.count == 1 ? "the other way" : Format.list(turned.map { "\($0.name)'s" }) + " moved the other way") + ", so this reading depends on the windows"
        return "Against epochs \(Self.epochs(middle)) instead of \(Self.epochs(first.early)), the mean validation loss moved \(figures): \(reading)."
    }

    /// Per network, how many times lower its mean training loss was over the late window than over the early one (the mean
    /// curve's window sums); nil without the windows or for a curve too short or ending at zero.
    var trainingLossFalls: [Double]? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let falls = groups.map { group -> Double? in
            let records = curve(group)
            guard records.count >= first.late.upperBound else { return nil }
            let from = first.early.map { records[$0 - 1].trainLoss }.reduce(0, +), to = first.late.map { records[$0 - 1].trainLoss }.reduce(0, +)
            return to > 0 ? from / to : nil
        }
        return falls.allSatisfy { $0 != nil } ? falls.compactMap { $0 } : nil
    }

    /// The networks that overfit by the loss between the windows: their training loss fell while their validation loss rose
    /// (the mean over their runs) and no run's fell beyond chance.
    var overfitByLoss: [RunGroup] {
        guard let falls = trainingLossFalls else { return [] }
        return zip(groups, falls).filter { group, fall in fall > 1 && meanLossRose(group) && !secondHalf(group).contains(where: \.lossFellSignificantly) }.map(\.0)
    }

    /// `overfitByLoss` split by whether some run's validation loss rose beyond chance (`proven`) or none did (`unproven`):
    /// only the first are called overfit by the loss.
    private var overfitByLossTested: (proven: [RunGroup], unproven: [RunGroup]) {
        let overfit = overfitByLoss
        let proven = overfit.filter { group in secondHalf(group).contains(where: \.lossRoseSignificantly) }
        return (proven, overfit.filter { group in !proven.contains { $0.network == group.network } })
    }

    /// `both networks` (`the network`, `every network`) when `subset` is every network, else their names.
    private func networks(_ subset: [RunGroup]) -> String {
        subset.count == groups.count ? (groups.count == 1 ? "the network" : (groups.count == 2 ? "both networks" : "every network")) : Format.list(subset.map(name))
    }

    /// Whether the mean over `group`'s runs of the validation loss was higher in the last window than before the second half.
    func meanLossRose(_ group: RunGroup) -> Bool {
        secondHalfMeans(group).map { $0.lossLate > $0.lossEarly } ?? false
    }

    /// The mean over `group`'s runs of the window-mean validation loss and accuracy, before the second half and at the end;
    /// nil without the windows.
    func secondHalfMeans(_ group: RunGroup) -> (lossEarly: Double, lossLate: Double, accuracyEarly: Double, accuracyLate: Double)? {
        let changes = secondHalf(group)
        guard !changes.isEmpty else { return nil }
        return (Statistics.mean(changes.map(\.lossEarly)), Statistics.mean(changes.map(\.lossLate)), Statistics.mean(changes.map(\.accuracyEarly)), Statistics.mean(changes.map(\.accuracyLate)))
    }

    /// The conclusion's reading of the second half, on the discussion's basis and shorter than it: whether any network lost
    /// accuracy, then the networks whose mean validation loss rose and whether their mistakes grew surer.
    var secondHalfSummary: String? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let runs = secondHalfRuns
        let windows = "from epochs \(Self.epochs(first.early)) to \(Self.epochs(first.late))"
        let fell = runs.filter { $0.change.accuracyFellSignificantly }
        var sentences: [String] = []
        // Overfit by the loss, not by accuracy: said as that, with where the loss went.
        let overfit = overfitByLoss
        if fell.isEmpty, !overfit.isEmpty {
            // Overfitting by the loss only where a rise passed its test (as the discussion says it).
            let (proven, unproven) = overfitByLossTested
            let rose = runs.allSatisfy { $0.change.accuracyChange > 0 } ? ", which rose in every run" + (groups.count > 1 ? " of both" : "") : ""
            // Every network's persistent mistakes, not only the overfit one's (which grew more is not tested).
            let surer = runs.allSatisfy(\.change.mistakesGrewSurer) ? "; the persistent mistakes grew surer in every run" : ""
            guard proven.isEmpty else { return "Late in training \(networks(proven)) overfit by the loss but not by accuracy\(rose)\(surer)." }
            // Accuracy first, then the loss, as the discussion reads them.
            let lost = groups.count == 1 ? "the network lost no accuracy" : (groups.count == 2 ? "neither network lost accuracy" : "no network lost accuracy")
            let drift = unproven.map { group -> String in
                let (changes, up) = (secondHalf(group), lossRoseRuns(group))
                return (groups.count == 1 ? "the" : "\(name(group))'s") + " validation loss drifted up in " + (up == changes.count ? "all \(up)" : "\(up) of \(changes.count)") + " runs"
            }
            let surest = runs.filter { run in unproven.contains { $0.network == run.group.network } }.allSatisfy(\.change.mistakesGrewSurer)
            let drifted = "Late in training \(lost). \(Format.list(drift).prefix(1).uppercased() + Format.list(drift).dropFirst()), in none significantly"
            // When every network's persistent mistakes grew surer the mechanism is both's, and the discussion's to say: here the
            // drift and its weight.
            if groups.count > 1 && runs.allSatisfy(\.change.mistakesGrewSurer) { return drifted + ": at most a mild overfitting in the loss." }
            return drifted
                + (surest ? ", as \(unproven.count == 1 && groups.count > 1 ? "its" : "the") persistent mistakes grew surer: at most a mild overfitting in the loss, as overconfidence on a few images." : ".")
        }
        if fell.isEmpty {
            sentences.append(groups.count == 1 ? "Late training cost the network no validation accuracy." : (groups.count == 2 ? "Late training cost neither network validation accuracy."
                : "Late training cost no network validation accuracy."))
        } else {
            sentences.append(lostAccuracy(fell) + " \(windows).")
        }
        let lifted = groups.filter { meanLossRose($0) }
        if !lifted.isEmpty {
            let theirs = runs.filter { run in lifted.contains { $0.network == run.group.network } }
            let significant = theirs.filter(\.change.lossRoseSignificantly)
            let surer = theirs.allSatisfy(\.change.mistakesGrewSurer)
            let names = Format.list(lifted.map { "\(name($0))'s" })
            sentences.append("\(names) validation loss rose meanwhile, "
                             + (significant.isEmpty ? "in no run significantly" : (significant.count == theirs.count ? "significantly in every run"
                                : "significantly only in " + Format.list(significant.map { seedNames($0.group, [$0.change.seed], amongNetworks: lifted.count) })))
                             + (surer ? ", and \(lifted.count == 1 ? "its" : "their") mistakes grew surer." : "."))
        }
        return sentences.joined(separator: " ")
    }

    /// `ConvNet overfit: validation accuracy fell significantly in seeds 1 and 3`: the networks with a run whose accuracy fell
    /// beyond chance, and those runs.
    private func lostAccuracy(_ fell: [(group: RunGroup, change: SecondHalfChange)]) -> String {
        let lost = groups.filter { group in fell.contains { $0.group.network == group.network } }
        let runs = lost.map { group -> String in
            let seeds = fell.filter { $0.group.network == group.network }.map(\.change.seed)
            guard group.isMultiSeed else { return lost.count == 1 ? "its run" : name(group) }
            return seeds.count == secondHalf(group).count ? (lost.count == 1 ? "every run" : "every run of \(name(group))") : seedNames(group, seeds, amongNetworks: lost.count)
        }
        return "\(Format.list(lost.map(name))) overfit: validation accuracy fell significantly in \(Format.list(runs))"
    }

    /// `p = 0.021`, or `p ≤ 0.0001` where no random sign pattern reached the observed change.
    static func signFlipText(_ p: Double) -> String {
        let text = Format.signFlip(p)
        return text.hasPrefix("≤") ? "p \(text)" : "p = \(text)"
    }

    /// The switching figure's right panel, the loss split between the images wrong throughout and the rest, in words: how
    /// the first moved from window to window in each network (means over its runs) and whether the rest fell in every run.
    /// Nil without the windows.
    var lossSplitCaption: String? {
        guard readsSecondHalf, let first = secondHalfRuns.first?.change else { return nil }
        let moves = groups.map { group -> String in
            let changes = secondHalf(group).filter { $0.persistentMistakes > 0 }
            let (from, to) = (Statistics.mean(changes.map(\.persistentLossEarly)), Statistics.mean(changes.map(\.persistentLossLate)))
            return "\(PythonFormat.fixed(from, decimals: 1)) → \(PythonFormat.fixed(to, decimals: 1))" + (groups.count == 1 ? "" : " (\(name(group)))")
        }
        let restFell = secondHalfRuns.allSatisfy { $0.change.changeFromRest < 0 }
        let rose = secondHalfRuns.allSatisfy { $0.change.persistentLossLate > $0.change.persistentLossEarly }
        let epochs = Self.numberWord(first.early.count + first.late.count)
        // The groups differ in size between networks, and so in how hard their images are: their changes compare, their levels less so.
        // The figure's titles leave the sizes to the caption: each network's fewest and most images a run.
        let sizes = groups.map { Self.range(secondHalf($0).map(\.persistentMistakes)) }
        let unequal = "; " + (groups.count == 1 ? sizes[0] : zip(groups, sizes).map { "\(name($0)) \($1)" }.joined(separator: ", ")) + " a run"
            + (groups.count > 1 && Set(sizes).count > 1 ? ": compare changes, not levels" : "")
        return "Middle: mean loss of each run's persistent mistakes (wrong in all \(epochs) window epochs, the yellow strips\(unequal)), \(rose ? "up" : "moving") " + Format.list(moves)
            + (restFell ? ". Right: the other images', which fell in every run." : ". Right: the other images'.")
    }

    /// `0.13–0.37` (percentage points or any values already scaled; `decimals` places), or one value when they print alike.
    static func range(_ values: [Double], decimals: Int = 2) -> String {
        let (smallest, largest) = (PythonFormat.fixed(values.min() ?? 0, decimals: decimals), PythonFormat.fixed(values.max() ?? 0, decimals: decimals))
        return smallest == largest ? smallest : "\(smallest)–\(largest)"
    }

    /// `13–39`: the smallest and largest of `values`, or one value when they are equal; empty for none.
    static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    /// How many of `group`'s runs ended the second half with a higher validation loss than before it.
    func lossRoseRuns(_ group: RunGroup) -> Int {
        secondHalf(group).filter { $0.lossLate > $0.lossEarly }.count
    }

    /// `three` for small counts, digits beyond.
    static func numberWord(_ count: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return words.indices.contains(count) ? words[count] : "\(count)"
    }
}
