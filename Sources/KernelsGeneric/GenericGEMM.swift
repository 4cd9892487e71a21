import KernelCore

/// The portable kernel: 4 × 8 tiles of 128-bit vectors, compiled for the baseline of the platform (on
/// x86-64, SSE2 without FMA, where each fused multiply-add is computed exactly in software; on arm64,
/// NEON). Slow on x86-64, it exists to prove that the fast kernels give its bits, and for CPUs with
/// neither AVX2 nor AVX-512 kernels (arm64).
public func genericGEMM(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: UnsafeMutablePointer<Float>
) {
    RegisterTile<4, SIMD4<Float>>.gemm(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc,
                                       accumulate: accumulate, workspace: workspace)
}

/// `FMAPeakLoop` with this module's vectors (SIMD4); see `FMAPeakLoop.run`.
public func genericFMAPeak(iterations: Int, seed: Float) -> (result: Float, flops: Int) {
    (FMAPeakLoop<SIMD4<Float>>.run(iterations: iterations, seed: seed), 2 * FMAPeakLoop<SIMD4<Float>>.chains * 4 * iterations)
}
