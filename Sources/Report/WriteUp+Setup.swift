import Foundation
import MNIST
import NeuralNet
import Training

// How the networks were trained: the setup paragraph and the testing rule.
extension WriteUp {
    /// How the networks were trained, in one paragraph (the settings table follows it).
    var setup: String {
        let configs = groups.map(\.representative.config)
        guard let config = configs.first, let data = groups.first?.representative.data else { return "" }
        let (subject, object) = groups.count == 1 ? ("the network", "it") : (groups.count == 2 ? "both networks" : "the networks", "them")
        var sentences = ["We trained \(subject) on the first \(PythonFormat.grouped(data.trainImages)) MNIST training images, validated \(object) after every epoch on the other "
                         + "\(PythonFormat.grouped(data.valImages)) and tested \(object) once, with the last epoch's weights, on the \(PythonFormat.grouped(data.testImages)) test images."]
        let shared = configs.dropFirst().allSatisfy { Self.sameTraining($0, config) }
        if shared {
            // The optimiser, rates and sizes are in the table that follows; what it cannot say is said here.
            sentences.append("\(subject.prefix(1).uppercased() + subject.dropFirst()) minimised the \(config.loss.words) on unaugmented images normalised with MNIST's mean and sd "
                             + "(\(MNIST.mean) and \(MNIST.standardDeviation)), "
                             + "with the learning rate \(Self.scheduleWords(config)).")
            // Why one recipe: the comparison is of the architectures (tuning each is among the next steps).
            if groups.count > 1 { sentences.append("They share one untuned recipe, so that only the architecture differs.") }
        } else {
            sentences.append("The networks were trained with different settings, listed in the table.")
            if Set(configs.map(\.loss)).count > 1 {
                sentences.append("The loss is " + Format.list(zip(groups, configs).map { "\($1.loss.words) for \(name($0))" }) + ".")
            }
        }
        let seeds = groups.map { $0.runs.map { "\($0.seed)" } }
        if groups.contains(where: \.isMultiSeed) {
            let same = seeds.dropFirst().allSatisfy { $0 == seeds[0] }
            // Counts of test errors are totals: a mean of a few errors per seed reads worse than the images themselves.
            sentences.append("Each seed (\(same ? Format.list(seeds[0]) : "see the table")) sets the initial weights (initialised as PyTorch initialises them) and the batch order.")
            sentences.append("Numbers are means over the seeds unless a seed is named; test error counts are totals over them.")
        } else {
            let distinct = Set(seeds.map { $0.joined() })
            sentences.append(groups.count == 1 ? "We ran it once, with seed \(seeds[0].joined())."
                             : (distinct.count == 1 ? "We ran each network once, with seed \(seeds[0].joined())."
                                : "We ran each network once, with seeds \(Format.list(seeds.map { $0.joined() })) respectively."))
        }
        // The printouts are not PyTorch's own output: the program that made them is named, since they look exactly like it.
        sentences.append(Self.printoutsSentence)
        if let testing = testingSentence { sentences.append(testing) }
        return sentences.joined(separator: " ")
    }

    /// The testing rule in one sentence for the setup, the tests themselves defined in the appendix (`testingAppendix`):
    /// a reader meets each result before its method. Nil when the hand-in tests nothing.
    var testingSentence: String? {
        guard !testingDefinitions.isEmpty else { return nil }
        let level = PythonFormat.fixed(PairedEpochChange.significantP, decimals: 2)
        return "A difference is called significant at p < \(level), two-sided, with Bonferroni's correction where a test is repeated; "
            + "the appendix defines each test."
    }

    /// How we test, the hand-in's appendix, said once so that each result names its test in a word: the level (two-sided
    /// 5%), Bonferroni's share of it for each family of repeated tests (a network's seeds, the pairings of the two networks'
    /// runs, the digits), and which test answers which question, for the tests the hand-in uses. Nil when it tests nothing.
    var testingAppendix: String? {
        let tests = testingDefinitions
        guard !tests.isEmpty else { return nil }
        let level = PairedEpochChange.significantP
        var families: [(over: String, repeats: Int)] = []
        let seedCount = groups.map(\.runs.count).max() ?? 1
        if seedCount > 1 { families.append(("over a network's \(seedCount) seeds", seedCount)) }
        if let c = comparison, c.crossPairs.count > 1 { families.append(("over the \(c.crossPairs.count) pairings of their runs", c.crossPairs.count)) }
        if let digits = groups.first?.summedConfusion.count, groups.count == 2, digits > 1 { families.append(("over the \(digits) digits", digits)) }
        let levels = families.map { family -> String in
            // Two significant digits, without a trailing zero (0.005, not 0.0050).
            var text = Format.probability(level / Double(family.repeats))
            while text.contains("."), text.hasSuffix("0") { text.removeLast() }
            return text
        }
        // `… must pass p < 0.05 / k (Bonferroni): 0.017 over a network's 3 seeds, 0.0056 over the 9 pairings of their runs and …`.
        let shares = zip(families, levels).map { "\($1) \($0.over)" }
        let lead = "A difference is significant at p < \(PythonFormat.fixed(level, decimals: 2)) (two-sided)"
            + (levels.isEmpty ? "." : "; a test asked of each of k seeds, pairings or digits must pass p < \(PythonFormat.fixed(level, decimals: 2)) / k (Bonferroni): " + Format.list(shares) + ".")
        // A blank line before the list: python-markdown, unlike cmark, does not let a list interrupt a paragraph.
        return lead + "\n\n" + tests.map { "- " + $0 }.joined(separator: "\n")
    }

    /// Each test the hand-in uses, once, with what it answers, so that a result can name it in a word.
    private var testingDefinitions: [String] {
        var tests: [String] = []
        if readsSecondHalf || findings.values.contains(where: { !$0.seedChanges.isEmpty }) {
            tests.append("Sign-flip test, for a change between epochs: were the change chance, each validation image's change (in loss, or in being right) "
                         + "would be as likely negative as positive. The test negates them at random \(PythonFormat.grouped(PairedEpochChange.signFlips)) times; p is the share of "
                         + "mean changes at least as far from 0 as the one observed (itself counted, so no p is below "
                         + "\(PythonFormat.fixed(1.0 / Double(PairedEpochChange.signFlips + 1), decimals: 4))).")
        }
        if let c = comparison, !c.pairs.isEmpty || !c.crossPairs.isEmpty {
            tests.append("McNemar's exact test, for two trained models on the same test images: it counts the images only one of them gets right, "
                         + "which equal models would split evenly. It judges those two trained models, not the designs.")
        }
        if let c = comparison, c.interval != nil {
            // With a handful of runs each the sds, and so the interval, are themselves rough: said once, with the definition.
            let rough = max(c.first.runs.count, c.second.runs.count) < 5 ? " (rough with so few runs: its sds are estimates from them too)" : ""
            tests.append("Welch's t interval, for the difference of the networks' mean accuracies over the seeds\(rough)"
                         + (c.cleanSplitProbability != nil ? "; an exact rank test (Mann–Whitney), for whether one network's runs tend to beat the other's." : "."))
        }
        if let c = comparison, significantDigits(c) != nil {
            tests.append("Sign test, for one digit's test images: each image is counted for the network that misses it in more runs, and equal networks would split them evenly.")
        }
        if groups.contains(where: \.isMultiSeed), groups.count == 2 {
            let seeds = groups.map(\.runs.count).max() ?? 1
            // And for a pairing of runs (the comparison figure's right panel): the paired difference, jointly over the pairings.
            let pairings = comparison?.crossPairs.count ?? 0
            let paired = pairings > 1 ? "; for a pairing of runs, their accuracies' difference ± \(PythonFormat.fixed(Statistics.jointZ(tests: pairings), decimals: 2)) "
                + "standard errors of a paired difference (from the images only one run gets right), so that the \(pairings) hold 95% jointly" : ""
            tests.append("Wald interval, for one run's test accuracy: its value ± \(PythonFormat.fixed(Statistics.jointZ(tests: seeds), decimals: 2)) "
                         + "binomial standard errors, so that a network's \(seeds) intervals hold 95% jointly\(paired).")
        }
        return tests
    }

    /// What the architecture printouts are: the program's, in PyTorch's and torchsummary's formats (how tests hold them to
    /// those programs' output is the record's).
    static let printoutsSentence = "Our Swift program, digits, trained them and printed the tables below in PyTorch's and torchsummary's formats."

    static func sameTraining(_ a: TrainingConfig, _ b: TrainingConfig) -> Bool {
        var b = b
        b.architecture = a.architecture
        b.network = a.network
        b.seed = a.seed
        return a == b
    }

    private static func scheduleWords(_ config: TrainingConfig) -> String {
        switch config.schedule {
        case .constant: return "kept constant"
        case .cosine: return "on a cosine decay, stepped once per epoch"
        case .step: return "multiplied by \(config.gamma) every \(config.stepSize) epochs"
        }
    }
}
