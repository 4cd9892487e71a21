import Foundation
import MNIST
import NeuralNet
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
        XCTAssertTrue(result.peakGFLOPs.isFinite && result.peakGFLOPs > 0)
        XCTAssertEqual(result.kernels, .widest)
        XCTAssertEqual(result.networks.map(\.network), [.convnet, .mynet])
        for bench in result.networks {
            for figure in [bench.trainImagesPerSecond, bench.inferenceImagesPerSecond, bench.trainGFLOPs] {
                XCTAssertTrue(figure.isFinite && figure > 0, "\(bench.network): \(figure)")
            }
        }
        XCTAssertEqual(result.networks[0].trainFLOPsPerImage, 6 * 281_640)
        for bench in result.networks {
            // Every layer with parameters is in the breakdown, and the times are real measurements.
            let layers = Set(bench.profile.map(\.layer))
            for name in bench.network.architecture.convolutions.map(\.name) { XCTAssertTrue(layers.contains(name), "\(name) missing") }
            XCTAssertTrue(bench.profile.allSatisfy { $0.forwardSeconds >= 0 && $0.backwardSeconds >= 0 })
            XCTAssertGreaterThan(bench.profile.reduce(0) { $0 + $1.forwardSeconds + $1.backwardSeconds }, 0)
        }

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["cpu", "kernels", "peak_gflops", "sgemm_gflops", "threads", "networks"])
        XCTAssertEqual(object["threads"] as? Int, 2)
        XCTAssertEqual(object["kernels"] as? String, KernelPath.widest.rawValue)
        XCTAssertNotNil(object["sgemm_gflops"] as? Double)
        XCTAssertNotNil(object["peak_gflops"] as? Double)
        let networks = try XCTUnwrap(object["networks"] as? [String: [String: Any]])
        XCTAssertEqual(Set(networks.keys), ["convnet", "mynet"])
        for (_, figures) in networks {
            XCTAssertEqual(Set(figures.keys), ["train_images_per_second", "inference_images_per_second", "train_gflops",
                                               "share_of_peak", "step_ms_forward_backward"])
            for key in ["train_images_per_second", "inference_images_per_second", "train_gflops", "share_of_peak"] {
                let value = try XCTUnwrap(figures[key] as? Double)
                XCTAssertTrue(value > 0 && value.isFinite, key)
            }
            let layers = try XCTUnwrap(figures["step_ms_forward_backward"] as? [String: [Double]])
            XCTAssertTrue(layers.values.allSatisfy { $0.count == 2 })
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
