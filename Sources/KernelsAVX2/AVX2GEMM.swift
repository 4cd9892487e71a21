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
