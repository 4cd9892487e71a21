import KernelCore

/// The AVX2 + FMA kernel: 6 × 16 tiles (twelve 256-bit accumulators), this module being compiled with
/// `-target-cpu haswell`. Call it only when `digits_cpu_has_avx2_fma()` says the CPU can.
public func avx2GEMM(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: UnsafeMutablePointer<Float>
) {
    RegisterTile<6, SIMD8<Float>>.gemm(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc,
                                       accumulate: accumulate, workspace: workspace)
}

/// `FMAPeakLoop` with this module's vectors (SIMD8); see `FMAPeakLoop.run`.
public func avx2FMAPeak(iterations: Int, seed: Float) -> (result: Float, flops: Int) {
    (FMAPeakLoop<SIMD8<Float>>.run(iterations: iterations, seed: seed), 2 * FMAPeakLoop<SIMD8<Float>>.chains * 8 * iterations)
}
