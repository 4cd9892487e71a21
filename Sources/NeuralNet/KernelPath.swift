import CPUFeatures
import KernelsAVX2
import KernelsAVX512
import KernelsGeneric
import Foundation

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
