import CBLAS
import Dispatch

/// How many threads the engine uses: that many Dispatch workers, each running single-threaded OpenBLAS
/// GEMMs on its own slice of the output (`parallelGemm`) and its own share of the element-wise loops
/// (im2col, col2im, pooling, the optimiser). OpenBLAS's own threading is kept at 1: on this engine's
/// small, skinny GEMMs its threads gained nothing over one thread, and they spin (sched_yield) between
/// calls, taking the cores from the loops in between.
public enum ComputeThreads {
    nonisolated(unsafe) private static var current = 1

    /// The thread count in force.
    public static var count: Int { current }

    /// Sets the thread count of the engine (at least 1); OpenBLAS itself runs one thread per call.
    public static func set(_ threads: Int) {
        current = max(1, threads)
        openblas_set_num_threads(1)
    }

    /// Runs `body(0)` … `body(workers − 1)` on their own threads; the engine's loops inside run on one
    /// thread each, so the workers share the cores instead of splitting every layer again.
    static func eachWorker(_ workers: Int, _ body: (Int) -> Void) {
        guard workers > 1 else {
            body(0)
            return
        }
        let saved = current
        current = 1
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        current = saved
    }

    /// The BLAS library's own description (for the reproducibility manifest), e.g. "OpenBLAS 0.3.21 ...".
    public static var blasDescription: String {
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: config).trimmingCharacters(in: " ")
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}

/// Runs `body` over `0..<count` split into one contiguous chunk per thread. Chunks are disjoint and
/// each writes only its own outputs, so the result does not depend on scheduling.
@inline(__always)
func parallelChunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = min(ComputeThreads.count, max(1, count / max(1, minimumPerChunk)))
    if threads <= 1 {
        body(0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { chunk in
        let start = count * chunk / threads
        let end = count * (chunk + 1) / threads
        if start < end { body(start..<end) }
    }
}

/// Row-major single-precision GEMM through CBLAS:
/// C (m, n) = alpha · op(A) (m, k) · op(B) (k, n) + beta · C.
@inline(__always)
func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Which dimension of C `parallelGemm` divides between the threads.
enum GemmSplit {
    /// Row blocks of C (and of op(A)).
    case rows
    /// Column blocks of C (and of op(B)), in multiples of 16 so each block keeps whole SIMD vectors.
    case columns
}

/// `gemm` with C divided into one disjoint block per thread, each computed by a single-threaded GEMM.
/// Every element of C is computed by exactly one call with the whole k range, so the result does not
/// depend on scheduling. Small products (under about 0.5 M multiply-adds a thread) run on one thread.
@inline(__always)
func parallelGemm(
    split: GemmSplit, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    let work = m * n * k
    let length = split == .rows ? m : n
    let unit = split == .rows ? 1 : 16
    let threads = min(ComputeThreads.count, work / 500_000, (length + unit - 1) / unit)
    if threads <= 1 {
        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
             a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    let units = (length + unit - 1) / unit
    DispatchQueue.concurrentPerform(iterations: threads) { chunk in
        let start = min(length, units * chunk / threads * unit)
        let end = min(length, units * (chunk + 1) / threads * unit)
        guard start < end else { return }
        switch split {
        case .rows:
            gemm(transposeA: transposeA, transposeB: transposeB, m: end - start, n: n, k: k, alpha: alpha,
                 a: a + (transposeA ? start : start * lda), lda: lda, b: b, ldb: ldb,
                 beta: beta, c: c + start * ldc, ldc: ldc)
        case .columns:
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: end - start, k: k, alpha: alpha,
                 a: a, lda: lda, b: b + (transposeB ? start * ldb : start), ldb: ldb,
                 beta: beta, c: c + start, ldc: ldc)
        }
    }
}
