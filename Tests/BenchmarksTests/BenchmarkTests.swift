import Foundation
import MNIST
import Training
import XCTest
@testable import Benchmarks

/// The benchmark's logic on a tiny workload: positive finite figures and the documented JSON shape.
/// No timing assertions: the machine may be busy.
final class BenchmarkTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTinyRunGivesPositiveFiniteFiguresAndValidJSON() throws {
        let data = try MNIST.load(from: Self.repositoryRoot.appendingPathComponent("data/mnist").path)
        let options = BenchmarkOptions(steps: 2, blocks: 3, threads: 2, sgemmSize: 64, sgemmRepeats: 3)
        let result = try Benchmark.run(data: data, options: options)
        XCTAssertTrue(result.sgemmGFLOPs.isFinite && result.sgemmGFLOPs > 0)
        XCTAssertEqual(result.networks.map(\.network), [.convnet, .mynet])
        for bench in result.networks {
            for figure in [bench.trainImagesPerSecond, bench.inferenceImagesPerSecond, bench.trainGFLOPs] {
                XCTAssertTrue(figure.isFinite && figure > 0, "\(bench.network): \(figure)")
            }
        }
        XCTAssertEqual(result.networks[0].trainFLOPsPerImage, 6 * 281_640)

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["sgemm_gflops", "threads", "networks"])
        XCTAssertEqual(object["threads"] as? Int, 2)
        XCTAssertNotNil(object["sgemm_gflops"] as? Double)
        let networks = try XCTUnwrap(object["networks"] as? [String: [String: Double]])
        XCTAssertEqual(Set(networks.keys), ["convnet", "mynet"])
        for (_, figures) in networks {
            XCTAssertEqual(Set(figures.keys), ["train_images_per_second", "inference_images_per_second", "train_gflops"])
            XCTAssertTrue(figures.values.allSatisfy { $0 > 0 && $0.isFinite })
        }
        XCTAssertTrue(result.table.contains("ConvNet") && result.table.contains("MyNet"))
    }

    func testMedianAndOptionChecks() {
        XCTAssertEqual(Benchmark.median([3, 1, 2]), 2)
        XCTAssertEqual(Benchmark.median([4, 1, 2, 3]), 2.5)
        XCTAssertThrowsError(try BenchmarkOptions(steps: 0).validate())
        XCTAssertThrowsError(try BenchmarkOptions(threads: 0).validate())
    }
}
