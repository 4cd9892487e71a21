import XCTest
@testable import NeuralNet

/// The data-parallel network: its gradient is the whole batch's, and its bits do not depend on the
/// thread count, also when the last shard is partial.
final class ShardedNetworkTests: XCTestCase {
    /// 37 images: shards of 16, 16 and 5.
    static let batch = 37

    func gradients(threads: Int, images: [Float], labels: [UInt8]) throws -> (gradients: [Float], lossSum: Double, network: ShardedNetwork) {
        let sharded = try ShardedNetwork(architecture: .convNet, maxBatch: Self.batch, compute: ComputeSettings(threads: threads))
        var generator = SplitMix64(seed: 5)
        sharded.primary.initialize(using: &generator)
        let result = sharded.trainingStep(images, labels: labels, batch: Self.batch)
        return (sharded.parameters.gradientsArray(), result.lossSum, sharded)
    }

    func inputs() -> ([Float], [UInt8]) {
        let images = GradientCheckTests.randomArray(Self.batch * 28 * 28, seed: 3)
        let labels = (0..<Self.batch).map { UInt8($0 % 10) }
        return (images, labels)
    }

    func testThreadCountsGiveTheSameBitsWithAPartialShard() throws {
        let (images, labels) = inputs()
        let one = try gradients(threads: 1, images: images, labels: labels)
        for threads in [2, 3, 5] {
            let other = try gradients(threads: threads, images: images, labels: labels)
            XCTAssertEqual(other.lossSum.bitPattern, one.lossSum.bitPattern, "\(threads) threads")
            let mismatch = one.gradients.indices.first { one.gradients[$0].bitPattern != other.gradients[$0].bitPattern }
            XCTAssertNil(mismatch, "\(threads) threads: gradient \(mismatch ?? -1) differs")
        }
    }

    func testGradientIsTheWholeBatchMeanAsOneNetworkComputesIt() throws {
        // One unsharded network on the same 37 images: the same mathematics summed in another order, so
        // equal to within rounding. A wrong scale (a shard's mean instead of the batch's) would be off by
        // far more.
        let (images, labels) = inputs()
        let sharded = try gradients(threads: 2, images: images, labels: labels)
        let single = try Network(architecture: .convNet, maxBatch: Self.batch)
        single.parameters.values.update(from: sharded.network.parameters.values, count: single.parameters.count)
        let result = single.trainingStep(images, labels: labels, batch: Self.batch)
        XCTAssertEqual(result.lossSum, sharded.lossSum, accuracy: 1e-4)
        let reference = single.parameters.gradientsArray()
        let scale = reference.map(abs).max() ?? 1
        for (index, (a, b)) in zip(sharded.gradients, reference).enumerated() {
            XCTAssertEqual(a, b, accuracy: 1e-4 * scale, "gradient \(index)")
        }
    }
}

extension ParameterStore {
    /// A copy of all gradients, in state_dict order.
    func gradientsArray() -> [Float] {
        Array(UnsafeBufferPointer(start: gradients, count: count))
    }
}
