import Foundation
import KernelCore
import XCTest
@testable import NeuralNet

/// Every kernel path against the definition (`referenceGEMM`, a scalar loop of fused multiply-adds),
/// bit for bit: odd sizes and tails, both transposes, accumulation, products deeper than one K block
/// and wider than one column block.
final class KernelTests: XCTestCase {
    /// (m, n, k): tails in every direction, k = 1, k past one block of 256, n past one block of 256,
    /// and shapes of MyNet's products.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 17, 3), (7, 13, 300), (29, 45, 517), (6, 16, 256), (13, 1030, 19), (5, 33, 1),
        (50, 1024, 500), (500, 800, 16), (16, 500, 800),
    ]

    func values(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.nextFloat(in: -1, 1) }
    }

    func testEveryPathMatchesTheScalarDefinitionBitForBit() {
        XCTAssertTrue(KernelPath.available.contains(.generic))
        // Every path on one thread, and the widest with its rows split between three threads.
        let productSets = KernelPath.available.map { MatrixProducts(kernels: $0) } + [MatrixProducts(kernels: .widest, threads: 3)]
        for (index, (m, n, k)) in Self.shapes.enumerated() {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = values(m * k, seed: UInt64(4 * index + 1)), b = values(k * n, seed: UInt64(4 * index + 2))
                let initial = values(m * n, seed: UInt64(4 * index + 3))
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        let matrixA = StridedMatrix(a.baseAddress!, leading: transposeA ? m : k, transposed: transposeA)
                        let matrixB = StridedMatrix(b.baseAddress!, leading: transposeB ? k : n, transposed: transposeB)
                        for accumulate in [false, true] {
                            var expected = initial
                            expected.withUnsafeMutableBufferPointer {
                                referenceGEMM(m: m, n: n, k: k, a: matrixA, b: matrixB, c: $0.baseAddress!, ldc: n, accumulate: accumulate)
                            }
                            for products in productSets {
                                var result = initial
                                result.withUnsafeMutableBufferPointer {
                                    products.multiply(m: m, n: n, k: k, a: matrixA, b: matrixB, c: $0.baseAddress!, ldc: n, accumulate: accumulate)
                                }
                                let mismatch = result.indices.first { result[$0].bitPattern != expected[$0].bitPattern }
                                XCTAssertNil(mismatch, "\(products.kernels), \(products.threads) threads: \(m)×\(n)×\(k) transposes \(transposeA)/\(transposeB) accumulate \(accumulate): element \(mismatch ?? -1) differs")
                            }
                        }
                    }
                }
            }
        }
    }

    func testAProductIntoPartOfALargerMatrixLeavesTheRestAlone() {
        // C is 5 × 40 with ldc 40; the product writes its 3 × 21 corner only.
        let (m, n, k, ldc) = (3, 21, 9, 40)
        let a = values(m * k, seed: 7), b = values(k * n, seed: 8)
        for path in KernelPath.available {
            var c = [Float](repeating: 42, count: 5 * ldc)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer {
                        MatrixProducts(kernels: path).multiply(
                            m: m, n: n, k: k, a: StridedMatrix(a.baseAddress!, leading: k, transposed: false),
                            b: StridedMatrix(b.baseAddress!, leading: n, transposed: false), c: $0.baseAddress!, ldc: ldc, accumulate: false)
                    }
                }
            }
            for row in 0..<5 {
                for column in 0..<ldc where row >= m || column >= n {
                    XCTAssertEqual(c[row * ldc + column], 42, "\(path) wrote outside its block at (\(row), \(column))")
                }
            }
            // The corner holds the product: one element checked by hand.
            var expected: Float = 0
            for p in 0..<k { expected = expected.addingProduct(a[2 * k + p], b[p * n + 20]) }
            XCTAssertEqual(c[2 * ldc + 20].bitPattern, expected.bitPattern)
        }
    }

    func testAnEmptyDepthGivesZerosOrLeavesCAlone() {
        let a: [Float] = [1], b: [Float] = [1]
        var c: [Float] = [3, 4]
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let products = MatrixProducts(kernels: .widest)
                    let matrixA = StridedMatrix(a.baseAddress!, leading: 0, transposed: false)
                    let matrixB = StridedMatrix(b.baseAddress!, leading: 2, transposed: false)
                    products.multiply(m: 1, n: 2, k: 0, a: matrixA, b: matrixB, c: c.baseAddress!, ldc: 2, accumulate: true)
                    XCTAssertEqual(Array(c), [3, 4])
                    products.multiply(m: 1, n: 2, k: 0, a: matrixA, b: matrixB, c: c.baseAddress!, ldc: 2, accumulate: false)
                    XCTAssertEqual(Array(c), [0, 0])
                }
            }
        }
    }

    func testDigitsKernelsSelectsAPathOrSaysWhatIsWrong() throws {
        XCTAssertEqual(try KernelPath.selected(environment: [:]), KernelPath.widest)
        XCTAssertEqual(try KernelPath.selected(environment: ["DIGITS_KERNELS": "generic"]), .generic)
        XCTAssertEqual(try KernelPath.selected(environment: ["DIGITS_KERNELS": "GENERIC"]), .generic)
        XCTAssertThrowsError(try KernelPath.selected(environment: ["DIGITS_KERNELS": "sse9"])) { error in
            XCTAssertEqual(error as? KernelPathError, .unknown("sse9"))
            XCTAssertTrue("\(error)".contains("use one of generic"), "\(error)")
        }
        for path in KernelPath.allCases where !path.isAvailable {
            XCTAssertThrowsError(try KernelPath.selected(environment: ["DIGITS_KERNELS": path.rawValue])) { error in
                XCTAssertEqual(error as? KernelPathError, .unavailable(path))
            }
        }
    }
}

/// The engine's own exp, log and cos: close to the C library's, and the same bits everywhere (values
/// pinned here, computed once; any machine must give them).
final class PortableMathTests: XCTestCase {
    func testExpAndLogAreWithinAnUlpOrTwoOfTheCLibrary() {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let x = generator.nextFloat(in: -100, 80)
            let expected = Foundation.exp(Double(x))
            let ours = Double(PortableMath.exp(x))
            XCTAssertLessThanOrEqual(abs(ours - expected), 2 * Double(Float(expected).ulp), "exp(\(x))")
            let y = generator.nextFloat(in: 1e-30, 1e30)
            let logExpected = Foundation.log(Double(y))
            XCTAssertLessThanOrEqual(abs(Double(PortableMath.log(y)) - logExpected), 2 * Double(Float(logExpected).ulp), "log(\(y))")
        }
        XCTAssertEqual(PortableMath.exp(0), 1)
        XCTAssertEqual(PortableMath.log(1), 0)
        XCTAssertEqual(PortableMath.exp(-200), 0)
        XCTAssertEqual(PortableMath.exp(100), .infinity)
        XCTAssertEqual(PortableMath.log(0), -.infinity)
        XCTAssertTrue(PortableMath.log(-1).isNaN)
    }

    func testCosineMatchesTheCLibraryOverTheScheduleRange() {
        for step in 0...400 {
            let x = Double.pi * Double(step) / 200
            XCTAssertEqual(PortableMath.cos(x), Foundation.cos(x), accuracy: 4e-16, "cos(\(x))")
        }
    }

    func testPinnedBits() {
        // Computed once by this code; a machine that disagrees is not computing the same function.
        XCTAssertEqual(PortableMath.exp(-1.5).bitPattern, Float(0.22313016).bitPattern)
        XCTAssertEqual(PortableMath.log(10).bitPattern, Float(2.3025851).bitPattern)
        XCTAssertEqual(PortableMath.cos(1), 0.5403023058681398)
    }
}
