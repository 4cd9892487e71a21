import CPUFeatures
import Dispatch
import Foundation
import KernelCore
import KernelsAVX2
import KernelsAVX512
import KernelsGeneric

/// The matrix products of one network: its kernel path, and one packing scratch per thread so that
/// networks (and threads) never share memory. With more than one thread a product's rows of C are
/// split between them: every element is still one chain computed by one thread, so the bits are the
/// same for any split.
final class MatrixProducts {
    let kernels: KernelPath
    /// Threads a large product is split between.
    let threads: Int
    /// Packed blocks of B, one per thread. (threads, GEMMBlocking.workspaceCount)
    private let workspaces: UnsafeMutablePointer<Float>

    init(kernels: KernelPath, threads: Int = 1) {
        self.kernels = kernels
        self.threads = max(1, threads)
        workspaces = .allocate(capacity: self.threads * GEMMBlocking.workspaceCount)
    }

    deinit {
        workspaces.deallocate()
    }

    /// C (m, n) = [C +] A (m, k) · B (k, n); each element one ascending fused multiply-add chain over k,
    /// starting from C's value when `accumulate`, else from zero. `c` is row-major with leading dimension `ldc`.
    func multiply(m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        // Below about a million multiply-adds a thread, starting threads costs more than it saves.
        let parts = min(threads, max(1, m * n * k / 1_000_000), max(1, m / 8))
        guard parts > 1 else {
            multiply(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, workspace: workspaces)
            return
        }
        concurrently(parts) { part in
            let rows = (m * part / parts)..<(m * (part + 1) / parts)
            let block = StridedMatrix(a.base + rows.lowerBound * a.rowStride, rowStride: a.rowStride, columnStride: a.columnStride)
            multiply(m: rows.count, n: n, k: k, a: block, b: b, c: c + rows.lowerBound * ldc, ldc: ldc,
                     accumulate: accumulate, workspace: workspaces + part * GEMMBlocking.workspaceCount)
        }
    }

    private func multiply(m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix, c: UnsafeMutablePointer<Float>,
                          ldc: Int, accumulate: Bool, workspace: UnsafeMutablePointer<Float>) {
        switch kernels {
        case .generic:
            genericGEMM(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, workspace: workspace)
        case .avx2:
            avx2GEMM(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, workspace: workspace)
        case .avx512:
            avx512GEMM(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, workspace: workspace)
        }
    }
}

/// Runs `body` over `0..<count` split into one contiguous chunk per thread (at most `threads`, and
/// chunks of at least `minimumPerChunk`). Only for element-wise work: each index is computed the same
/// way whichever chunk holds it, so the result does not depend on the split.
func parallelChunks(_ count: Int, threads: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let chunks = min(threads, max(1, count / max(1, minimumPerChunk)))
    if chunks <= 1 {
        body(0..<count)
        return
    }
    concurrently(chunks) { chunk in
        let start = count * chunk / chunks
        let end = count * (chunk + 1) / chunks
        if start < end { body(start..<end) }
    }
}

/// Runs `body(0)` … `body(count − 1)`, as many at once as there are cores, and returns when all are
/// done. The compiler cannot prove that the iterations share nothing, as they take raw pointers into
/// common buffers; every caller in the engine gives each iteration its own disjoint part of the
/// memory it writes, which is what makes this safe (and the results independent of the scheduling).
public func concurrently(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let work = DisjointWork(body: body)
        DispatchQueue.concurrentPerform(iterations: count) { work.body($0) }
    }
}

/// A closure whose concurrent calls touch disjoint memory (see `concurrently`).
private struct DisjointWork: @unchecked Sendable {
    let body: (Int) -> Void
}
