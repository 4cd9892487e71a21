import CPUFeatures
import Dispatch
import Foundation
import KernelCore
import KernelsAVX2
import KernelsAVX512
import KernelsGeneric

/// Which compiled variant of the matrix-product kernel runs. Every path computes each output element
/// as the same ascending chain of fused multiply-adds (see `RegisterTile` in KernelCore), so all of
/// them give the same bits; they differ only in speed. `DIGITS_KERNELS` forces one.
public enum KernelPath: String, CaseIterable, Sendable, Codable {
    /// 4 × 8 tiles compiled for the platform's baseline: on x86-64 without hardware FMA (each fused
    /// multiply-add computed exactly in software, slowly), on arm64 with NEON.
    case generic
    /// 6 × 16 tiles of 256-bit vectors, for x86-64 CPUs with AVX2 and FMA.
    case avx2
    /// 8 × 32 tiles of 512-bit vectors, for x86-64 CPUs with AVX-512 (F, CD, BW, DQ, VL).
    case avx512

    /// The environment variable that forces a path.
    public static let environmentVariable = "DIGITS_KERNELS"

    /// Whether this CPU (and its operating system) can run the path.
    public var isAvailable: Bool {
        switch self {
        case .generic: return true
        case .avx2: return digits_cpu_has_avx2_fma() != 0
        case .avx512: return digits_cpu_has_avx512() != 0
        }
    }

    /// Every path this machine can run, narrowest first.
    public static var available: [KernelPath] { allCases.filter(\.isAvailable) }

    /// The widest path this machine can run.
    public static var widest: KernelPath { available.last ?? .generic }

    /// The path to use: the one `DIGITS_KERNELS` names, or the widest this machine has.
    public static func selected(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KernelPath {
        guard let name = environment[environmentVariable], !name.isEmpty else { return widest }
        guard let path = KernelPath(rawValue: name.lowercased()) else {
            throw KernelPathError.unknown(name)
        }
        guard path.isAvailable else { throw KernelPathError.unavailable(path) }
        return path
    }

    /// Runs this path's loop of independent fused multiply-adds (`FMAPeakLoop`) on the calling thread;
    /// returns its result (to keep it from being optimised away) and the floating-point operations done.
    public func fmaPeakLoop(iterations: Int) -> (result: Float, flops: Int) {
        switch self {
        case .generic: return genericFMAPeak(iterations: iterations, seed: 1)
        case .avx2: return avx2FMAPeak(iterations: iterations, seed: 1)
        case .avx512: return avx512FMAPeak(iterations: iterations, seed: 1)
        }
    }

    /// For people: e.g. "avx2 (6×16 tiles, AVX2+FMA)".
    public var summary: String {
        switch self {
        case .generic: return "generic (4×8 tiles, portable)"
        case .avx2: return "avx2 (6×16 tiles, AVX2+FMA)"
        case .avx512: return "avx512 (8×32 tiles, AVX-512)"
        }
    }
}

/// Why `DIGITS_KERNELS` cannot be honoured.
public enum KernelPathError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case unavailable(KernelPath)

    public var description: String {
        let names = KernelPath.available.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .unknown(let name):
            return "\(KernelPath.environmentVariable)=\(name) is not a kernel path; use one of \(names), or unset it"
        case .unavailable(let path):
            return "\(KernelPath.environmentVariable)=\(path.rawValue): this CPU cannot run it; use one of \(names), or unset it"
        }
    }
}

/// How the engine computes: a speed setting only. The thread count and the kernel path change how
/// fast a run goes, never its results.
public struct ComputeSettings: Equatable, Sendable {
    /// Worker threads (at least 1).
    public var threads: Int
    public var kernels: KernelPath

    public init(threads: Int, kernels: KernelPath = .widest) {
        self.threads = max(1, threads)
        self.kernels = kernels
    }

    /// Every core of the machine and the path `KernelPath.selected()` gives.
    public static func automatic() throws -> ComputeSettings {
        ComputeSettings(threads: ProcessInfo.processInfo.activeProcessorCount, kernels: try KernelPath.selected())
    }
}

/// The matrix products of one network: its kernel path, and one packing scratch per thread so that
/// networks (and threads) never share memory. With more than one thread a product's rows of C are
/// split between them: every element is still one chain computed by one thread, so the bits are the
/// same for any split.
final class GEMMEngine {
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
