import CBLAS
import Dispatch

/// How many threads the engine uses: OpenBLAS's own threads inside each GEMM, and the same number of
/// Dispatch workers for the element-wise loops between GEMMs (im2col, col2im, pooling). The two never
/// run at once, so they share the cores instead of fighting over them.
public enum ComputeThreads {
    nonisolated(unsafe) private static var current = 1

    /// The thread count in force.
    public static var count: Int { current }

    /// Sets the thread count for OpenBLAS and for the engine's own loops (at least 1).
    public static func set(_ threads: Int) {
        current = max(1, threads)
        openblas_set_num_threads(Int32(current))
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
