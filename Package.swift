// swift-tools-version:6.0
import Foundation
import PackageDescription

// The engine's own loops are compiled for AVX2 + FMA on x86-64 (every x86 server CPU since 2013);
// each GEMM kernel module for its own instruction set, chosen at run time (`KernelPath`).
// The kernel modules are compiled without overflow and bounds checks (-Ounchecked): their loops index
// only within the dimensions the layers pass, checked by the tests against a scalar definition, and
// the checks doubled the instructions of the inner loop. It changes no floating-point result.
let uncheckedKernels: [String] = ["-Ounchecked"]
#if arch(x86_64)
let vectorSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
let genericSettings: [SwiftSetting] = [.unsafeFlags(uncheckedKernels)]
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"] + uncheckedKernels)]
let avx512Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"] + uncheckedKernels)]
#else
let vectorSettings: [SwiftSetting] = []
let genericSettings: [SwiftSetting] = [.unsafeFlags(uncheckedKernels)]
let avx2Settings: [SwiftSetting] = [.unsafeFlags(uncheckedKernels)]
let avx512Settings: [SwiftSetting] = [.unsafeFlags(uncheckedKernels)]
#endif

// libFuzzer harnesses (Fuzz/run.sh), one per input parser, each built from this description of the
// modules it fuzzes when DIGITS_FUZZ is set, so no hand-kept file list can fall behind the sources:
// `Fuzz/run.sh all 0` builds them all (`DIGITS_FUZZ=1 swift build --sanitize fuzzer --product FuzzIDX`, ...).
let fuzzHarnesses: [(name: String, modules: [Target.Dependency])] = [
    ("FuzzIDX", ["MNIST"]), ("FuzzGzip", ["MNIST"]), ("FuzzSafetensors", ["NeuralNet"]),
    // The params harness names Training's ConfigError, which a check across settings throws before it is located.
    ("FuzzParams", ["Pipeline", "Training"]), ("FuzzPythonReader", ["NeuralNet"]),
]
let fuzzTargets: [Target] = ProcessInfo.processInfo.environment["DIGITS_FUZZ"] == nil ? [] : fuzzHarnesses.map { harness in
    .executableTarget(name: harness.name, dependencies: harness.modules, path: "Fuzz/\(harness.name)",
                      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
}

let package = Package(
    name: "digits",
    products: [
        .executable(name: "digits", targets: ["digits"]),
    ] + fuzzTargets.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries, found through pkg-config; `make deps` installs the apt packages.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // SHA-256 for data files, configurations and weights.
        .target(name: "Checksum"),
        // What the CPU can run (CPUID), to pick the widest GEMM kernel at run time.
        .target(name: "CPUFeatures"),
        // The fixed-order GEMM, generic over its register tile: one description of every kernel variant.
        .target(name: "KernelCore"),
        // That GEMM instantiated for the platform's baseline, for AVX2 + FMA, and for AVX-512.
        .target(name: "KernelsGeneric", dependencies: ["KernelCore"], swiftSettings: genericSettings),
        .target(name: "KernelsAVX2", dependencies: ["KernelCore"], swiftSettings: avx2Settings),
        .target(name: "KernelsAVX512", dependencies: ["KernelCore"], swiftSettings: avx512Settings),
        // Tensors as flat buffers, layers (forward + backward), loss, optimisers, the two models, safetensors.
        // Its SIMD loops use 256-bit vectors and fused multiply-adds on x86-64; its products go through
        // the kernel modules, so its results are the same on every machine and thread count.
        .target(name: "NeuralNet", dependencies: [
            "CPUFeatures", "KernelCore", "KernelsGeneric", "KernelsAVX2", "KernelsAVX512",
        ], swiftSettings: vectorSettings),
        // IDX reader (.gz and raw), checksums, normalisation, splits.
        .target(name: "MNIST", dependencies: ["CZlib", "Checksum"]),
        // The hyperparameters (one table), the training loop, evaluation and the metrics of a run.
        .target(name: "Training", dependencies: ["NeuralNet", "MNIST", "Checksum"]),
        // A thin Cairo wrapper and the charts built on it.
        .target(name: "Plot", dependencies: ["CCairo"]),
        // Rendering only: architecture printouts, the Markdown report and the figures of runs, as text
        // and bytes; it reads and writes no files.
        .target(name: "Report", dependencies: ["NeuralNet", "MNIST", "Training", "Plot"]),
        // What a command does, apart from its arguments: the params file, run folders, the run cache,
        // training what changed, verifying runs, and writing every file (atomically).
        .target(name: "Pipeline", dependencies: [
            "NeuralNet", "MNIST", "Training", "Report", "Plot", "Checksum", .product(name: "Yams", package: "Yams"),
        ]),
        // Training and inference speed of the two networks on real MNIST batches, the machine's FMA peak,
        // and OpenBLAS's sgemm as a reference point for the kernels.
        .target(name: "Benchmarks", dependencies: ["NeuralNet", "MNIST", "Training", "CBLAS"]),
        // The command line: argument parsing and progress only.
        .executableTarget(name: "digits", dependencies: [
            "CPUFeatures", "NeuralNet", "MNIST", "Training", "Report", "Plot", "Pipeline", "Benchmarks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "KernelCore"], exclude: ["Reference"]),
        .testTarget(name: "MNISTTests", dependencies: ["MNIST"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Pipeline"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Training", "Plot"], exclude: ["Golden"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Report", "Training", "NeuralNet", "MNIST"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "MNIST", "Training"]),
        // End-to-end tests of the built `digits` executable.
        .testTarget(name: "DigitsTests", dependencies: ["digits"]),
    ] + fuzzTargets,
    swiftLanguageModes: [.v6]
)
