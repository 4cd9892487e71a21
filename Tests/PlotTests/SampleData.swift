import Foundation
import Plot

/// Deterministic pseudo-random numbers (SplitMix64) so sample data and renders are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}

/// Realistic-looking MNIST training results for samples and rendering tests.
enum SampleData {
    static let classTotals = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]

    /// Loss falling from about 0.3 to 0.02 and accuracy rising from about 0.92 to 0.995 over `epochs` epochs.
    /// The per-epoch training loss is the mean of that epoch's mini-batch losses, as a training loop would report it.
    static func learningCurves(epochs: Int = 10, batchesPerEpoch: Int = 469, seed: UInt64 = 7) -> LearningCurves {
        var random = SeededGenerator(seed: seed)
        let epochs = max(epochs, 1)
        let scale = Double(epochs) / 10
        func progress(_ epoch: Int) -> Double { exp(-Double(epoch - 1) * 0.55 / scale) }
        var batchLoss: [Double] = []
        for batch in 0..<(epochs * batchesPerEpoch) {
            let x = Double(batch + 1) / Double(batchesPerEpoch)
            // A steep start (random weights give ~2.3) that settles within the first epoch, then slow improvement.
            let trend = 0.018 + 2.0 * exp(-x * 30) + 0.22 * exp(-(x - 0.5) * 0.55 / scale)
            let noise = 0.6 + 0.8 * random.uniform()
            batchLoss.append(trend * noise)
        }
        let trainLoss = (0..<epochs).map { epoch -> Double in
            let slice = batchLoss[(epoch * batchesPerEpoch)..<((epoch + 1) * batchesPerEpoch)]
            return slice.reduce(0, +) / Double(max(slice.count, 1))
        }
        let valLoss = (1...epochs).map { epoch -> Double in
            // Validation loss bottoms out and creeps up a little: mild overfitting.
            0.032 + 0.09 * progress(epoch) + 0.0012 * Double(epoch) / scale
        }
        let trainAccuracy = (1...epochs).map { 0.995 - 0.075 * progress($0) }
        let valAccuracy = (1...epochs).map { epoch -> Double in
            0.9905 - 0.035 * progress(epoch) - (epoch > 8 ? 0.0008 : 0)
        }
        return LearningCurves(networkTitle: "ConvNet (LeNet-5)", trainLoss: trainLoss, trainAccuracy: trainAccuracy,
                              valLoss: valLoss, valAccuracy: valAccuracy, batchLoss: batchLoss, batchesPerEpoch: batchesPerEpoch)
    }

    /// About 1000 per class on the diagonal, a few mistakes elsewhere, and the classic 4→9 and 7→2 confusions.
    static func confusionCounts(seed: UInt64 = 11) -> [[Int]] {
        var random = SeededGenerator(seed: seed)
        var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
        for row in 0..<10 {
            for column in 0..<10 where column != row {
                let draw = random.uniform()
                counts[row][column] = draw < 0.55 ? 0 : Int(draw * 4)
            }
        }
        counts[4][9] = 9
        counts[7][2] = 6
        counts[9][4] = 5
        counts[3][5] = 4
        for row in 0..<10 {
            counts[row][row] = classTotals[row] - counts[row].enumerated().filter { $0.offset != row }.map(\.element).reduce(0, +)
        }
        return counts
    }

    /// Seven-segment style strokes, blurred by distance, so tiles look like handwritten digits rather than noise.
    static func digitPixels(_ digit: Int, seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let segments: [[(Double, Double, Double, Double)]] = [
            [(8, 5, 20, 5), (20, 5, 20, 14), (20, 14, 20, 23), (20, 23, 8, 23), (8, 23, 8, 14), (8, 14, 8, 5)],
            [(14, 4, 14, 24), (11, 7, 14, 4)],
            [(8, 5, 20, 5), (20, 5, 20, 14), (20, 14, 8, 14), (8, 14, 8, 23), (8, 23, 20, 23)],
            [(8, 5, 20, 5), (20, 5, 20, 23), (10, 14, 20, 14), (20, 23, 8, 23)],
            [(8, 4, 8, 14), (8, 14, 21, 14), (18, 4, 18, 24)],
            [(20, 5, 8, 5), (8, 5, 8, 14), (8, 14, 20, 14), (20, 14, 20, 23), (20, 23, 8, 23)],
            [(20, 5, 8, 5), (8, 5, 8, 23), (8, 23, 20, 23), (20, 23, 20, 14), (20, 14, 8, 14)],
            [(7, 5, 21, 5), (21, 5, 11, 24)],
            [(8, 5, 20, 5), (20, 5, 20, 23), (20, 23, 8, 23), (8, 23, 8, 5), (8, 14, 20, 14)],
            [(20, 14, 8, 14), (8, 14, 8, 5), (8, 5, 20, 5), (20, 5, 20, 23), (20, 23, 10, 23)],
        ]
        let strokes = segments[((digit % 10) + 10) % 10]
        let slant = (random.uniform() - 0.5) * 0.4
        let shiftX = (random.uniform() - 0.5) * 3
        let width = 0.9 + random.uniform() * 0.6
        var pixels = [UInt8](repeating: 0, count: 784)
        for row in 0..<28 {
            for column in 0..<28 {
                let x = Double(column) - shiftX - slant * (14 - Double(row))
                let y = Double(row)
                var nearest = Double.infinity
                for (x0, y0, x1, y1) in strokes {
                    let dx = x1 - x0, dy = y1 - y0
                    let t = max(0, min(1, ((x - x0) * dx + (y - y0) * dy) / max(dx * dx + dy * dy, 1e-9)))
                    nearest = min(nearest, hypot(x - x0 - t * dx, y - y0 - t * dy))
                }
                let ink = max(0, min(1, (width + 1 - nearest) / 1.5))
                pixels[row * 28 + column] = UInt8((ink * 255).rounded())
            }
        }
        return pixels
    }

    static func misclassifiedTiles(count: Int = 36, seed: UInt64 = 3) -> [DigitTile] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let trueLabel = Int(random.next() % 10)
            var predicted = Int(random.next() % 10)
            if predicted == trueLabel { predicted = (predicted + 1 + index % 9) % 10 }
            let probability = 0.45 + 0.54 * random.uniform()
            return DigitTile(pixels: digitPixels(trueLabel, seed: UInt64(index) + seed * 1000), trueLabel: trueLabel,
                             predictedLabel: predicted, probability: probability)
        }
    }
}
