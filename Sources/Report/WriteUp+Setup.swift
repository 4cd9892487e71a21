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
            // The printouts are not PyTorch's own output: the program that made them is named, since they look exactly like it.
            sentences.append("Our Swift program, digits, minimised the \(config.loss.words) on unaugmented images normalised with MNIST's mean and sd (\(MNIST.mean), "
                             + "\(MNIST.standardDeviation)), with the learning rate \(Self.scheduleWords(config)).")
            // Why one recipe: the comparison is of the architectures (tuning each is among the next steps).
            if groups.count > 1 { sentences.append("Both networks share one untuned recipe, so that only the architecture differs.") }
            sentences.append(Self.printoutsSentence)
        } else {
            sentences.append("Our Swift program, digits, trained the networks with different settings, listed in the table.")
            sentences.append(Self.printoutsSentence)
            if Set(configs.map(\.loss)).count > 1 {
                sentences.append("The loss is " + Format.list(zip(groups, configs).map { "\($1.loss.words) for \(name($0))" }) + ".")
            }
        }
        let seeds = groups.map { $0.runs.map { "\($0.seed)" } }
        if groups.contains(where: \.isMultiSeed) {
            let same = seeds.dropFirst().allSatisfy { $0 == seeds[0] }
            // Counts of test errors are totals: a mean of a few errors per seed reads worse than the images themselves.
            sentences.append("Each seed (\(same ? Format.list(seeds[0]) : "see the table")) sets the initial weights (from PyTorch's default ranges) and the batch order.")
            sentences.append("Numbers are means over the seeds unless a seed is named; test error counts are totals over them.")
        } else {
            let distinct = Set(seeds.map { $0.joined() })
            sentences.append(groups.count == 1 ? "We ran it once, with seed \(seeds[0].joined())."
                             : (distinct.count == 1 ? "We ran each network once, with seed \(seeds[0].joined())."
                                : "We ran each network once, with seeds \(Format.list(seeds.map { $0.joined() })) respectively."))
        }
        return sentences.joined(separator: " ") + "\n\n" + noiseSentence(validationImages: data.valImages, testImages: data.testImages)
    }

    /// The testing rule, said once: two-sided 5% tests, shared by the seeds when a test is repeated for each (Bonferroni),
    /// and how a change of validation loss is tested.
    private func noiseSentence(validationImages: Int, testImages: Int) -> String {
        let seedCount = groups.map(\.runs.count).max() ?? 1
        // Each test is named where it is used; the sign-flip test here when its table is in the hand-in (not cross-checked).
        let signFlip = findings.values.contains { !$0.seedChanges.isEmpty } && !curvesTableIsRecorded
            ? " Changes in validation loss are tested by a sign-flip test of the mean per-image change (\(PythonFormat.grouped(PairedEpochChange.signFlips)) random sign patterns)." : ""
        // Every level the report uses, announced here: the seeds' and, with two networks to compare digit by digit, the digits'.
        var shared: [(over: String, repeats: Int)] = []
        let level = PairedEpochChange.significantP
        if seedCount > 1 { shared.append(("over a network's \(seedCount) seeds", seedCount)) }
        if let digits = groups.first?.summedConfusion.count, groups.count == 2, digits > 1 { shared.append(("over the \(digits) digits", digits)) }
        // `a test repeated over a network's 3 seeds needs p < 0.017, over the 10 digits p < 0.005`.
        let levels = shared.enumerated().map { index, item in
            "\(item.over)\(index == 0 ? " needs" : "") p < \(PythonFormat.fixed(level / Double(item.repeats), decimals: 3))"
        }
        return "A difference counts as significant at p < \(PythonFormat.fixed(level, decimals: 2)) (two-sided)"
            + (levels.isEmpty ? "" : "; a test repeated " + levels.joined(separator: ", ") + " (Bonferroni)")
            + "." + signFlip
    }

    /// What the architecture printouts are: the program's, in torchsummary's format, which tests hold to torchsummary's own
    /// output character for character.
    static let printoutsSentence = "It printed the architecture tables below, which its tests hold to PyTorch's print(model) and torchsummary 1.5.1's "
        + "output character for character."

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
