import KernelCore

/// The AVX-512 kernel: 8 × 32 tiles (sixteen 512-bit accumulators), this module being compiled with
/// `-target-cpu skylake-avx512`. Call it only when `digits_cpu_has_avx512()` says the CPU can.
public func avx512GEMM(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: UnsafeMutablePointer<Float>
) {
    RegisterTile<8, SIMD16<Float>>.gemm(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc,
                                        accumulate: accumulate, workspace: workspace)
}

/// `FMAPeakLoop` with this module's vectors (SIMD16); see `FMAPeakLoop.run`.
public func avx512FMAPeak(iterations: Int, seed: Float) -> (result: Float, flops: Int) {
    (FMAPeakLoop<SIMD16<Float>>.run(iterations: iterations, seed: seed), 2 * FMAPeakLoop<SIMD16<Float>>.chains * 16 * iterations)
}
