import XCTest
@testable import Pipeline
import Training

/// Which runs train side by side: runs of one network in waves as wide as the threads, never a short
/// run beside a long one.
final class MultiRunTrainerTests: XCTestCase {
    func testRunsOfOneNetworkShareTheCoresAndNetworksDoNotMix() {
        let seeds3: [NetworkName] = [.convnet, .convnet, .convnet, .mynet, .mynet, .mynet]
        XCTAssertEqual(MultiRunTrainer.waves(networks: seeds3, threads: 2), [[3, 4], [5], [0, 1], [2]])
        XCTAssertEqual(MultiRunTrainer.waves(networks: seeds3, threads: 4), [[3, 4, 5], [0, 1, 2]])
        XCTAssertEqual(MultiRunTrainer.waves(networks: seeds3, threads: 1), [[3], [4], [5], [0], [1], [2]])
        XCTAssertEqual(MultiRunTrainer.waves(networks: [.convnet, .mynet], threads: 2), [[1], [0]],
                       "a ConvNet beside a MyNet would leave a core idle for most of MyNet's run")
        XCTAssertEqual(MultiRunTrainer.waves(networks: [], threads: 2), [])
    }
}
