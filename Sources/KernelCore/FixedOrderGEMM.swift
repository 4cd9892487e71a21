/// A single-precision GEMM whose every output element is one fixed chain of fused multiply-adds:
///
///     acc = accumulate ? C[i, j] : 0
///     for p in 0 ..< K (ascending): acc = fma(A[i, p], B[p, j], acc)
///     C[i, j] = acc
///
/// Vectors run across the columns of C, never across the reduction, and the K blocks continue each
/// element's chain through C in ascending order, so the bits of C depend only on A, B and the initial
/// C: not on the tile shape, the SIMD width the compiler uses, the blocking, the thread that runs a
/// tile, or the CPU. That is what makes training reproducible on any machine; `referenceGEMM` is the
/// same chain written as a scalar loop, and the tests require bit-for-bit equality with it.
///
/// The code here is `@inlinable` and generic over the register tile. Each kernel module
/// (`KernelsAVX2`, `KernelsAVX512`, and the portable one in `NeuralNet`) instantiates it inside a module
/// compiled for its own instruction set, so one description yields every machine-specific variant.

/// A matrix operand read through two strides: element (row, column) is at
/// `base[row * rowStride + column * columnStride]`. A transposed operand is the same memory with the
/// strides swapped.
public struct StridedMatrix {
    public let base: UnsafePointer<Float>
    public let rowStride: Int
    public let columnStride: Int

    @inlinable
    public init(_ base: UnsafePointer<Float>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    /// A row-major (rows, columns) matrix with leading dimension `leading`, or its transpose.
    @inlinable
    public init(_ base: UnsafePointer<Float>, leading: Int, transposed: Bool) {
        self.init(base, rowStride: transposed ? 1 : leading, columnStride: transposed ? leading : 1)
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        base[row * rowStride + column * columnStride]
    }
}

/// The cache blocking of `RegisterTile.gemm`. It changes speed only, never results.
public enum GEMMBlocking {
    /// Depth of one packed block of A and B (K direction).
    public static let depth = 256
    /// Rows of A packed at once; a multiple of every tile height used (4, 6, 8, 12, 16).
    public static let rows = 144
    /// Columns of B packed at once; a multiple of every tile width used (8 to 64).
    public static let columns = 1024
    /// Floats of scratch memory `RegisterTile.gemm` needs: packed A and B blocks and one edge tile.
    public static let workspaceCount = rows * depth + depth * columns + 16 * 64
}

@inlinable @inline(__always)
func loadVector<V: SIMD>(_ pointer: UnsafePointer<Float>, as: V.Type) -> V where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
func storeVector<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
}

/// A register tile of `rows` × (2 · V.scalarCount) accumulators of C, and the GEMM built around it.
/// The tile shape is chosen per instruction set for speed; it never changes a result.
public enum RegisterTile<let rows: Int, V: SIMD> where V.Scalar == Float {
    /// c (rows, 2W) with leading dimension ldc [+]= packedA (depth, rows) · packedB (depth, 2W), one
    /// fused multiply-add per element and step of the depth, in ascending order.
    @inlinable @inline(__always)
    static func microKernel(
        depth: Int, packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, startFromZero: Bool
    ) {
        let width = V.scalarCount
        var low = InlineArray<rows, V>(repeating: V())
        var high = InlineArray<rows, V>(repeating: V())
        if !startFromZero {
            for row in 0..<rows {
                low[row] = loadVector(c + row * ldc, as: V.self)
                high[row] = loadVector(c + row * ldc + width, as: V.self)
            }
        }
        var a = packedA, b = packedB
        for _ in 0..<depth {
            let b0 = loadVector(b, as: V.self), b1 = loadVector(b + width, as: V.self)
            for row in 0..<rows {
                let x = V(repeating: a[row])
                low[row] = low[row].addingProduct(x, b0)
                high[row] = high[row].addingProduct(x, b1)
            }
            a += rows
            b += 2 * width
        }
        for row in 0..<rows {
            storeVector(low[row], c + row * ldc)
            storeVector(high[row], c + row * ldc + width)
        }
    }

    /// Packs A[rowStart ..< rowStart + rowCount, depthStart ..< depthStart + depth] into panels of `rows`
    /// rows: panel by panel, then column by column, `rows` floats each; rows past the end are zeros.
    @inlinable @inline(__always)
    static func packA(
        _ a: StridedMatrix, rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
        into packed: UnsafeMutablePointer<Float>
    ) {
        var destination = packed
        var panel = 0
        while panel < rowCount {
            let valid = min(rows, rowCount - panel)
            let origin = a.base + (rowStart + panel) * a.rowStride + depthStart * a.columnStride
            if a.rowStride == 1 && valid == rows {
                // Rows contiguous (a transposed operand): `rows` consecutive floats per column.
                for p in 0..<depth {
                    let source = origin + p * a.columnStride, target = destination + p * rows
                    for row in 0..<rows { target[row] = source[row] }
                }
            } else {
                for row in 0..<rows {
                    let target = destination + row
                    if row < valid {
                        let source = origin + row * a.rowStride
                        for p in 0..<depth { target[p * rows] = source[p * a.columnStride] }
                    } else {
                        for p in 0..<depth { target[p * rows] = 0 }
                    }
                }
            }
            destination += rows * depth
            panel += rows
        }
    }

    /// Packs B[depthStart ..< depthStart + depth, columnStart ..< columnStart + columnCount] into panels
    /// of `columns` columns: panel by panel, then row by row, `columns` floats each; columns past the
    /// end are zeros.
    @inlinable @inline(__always)
    static func packB(
        _ b: StridedMatrix, depthStart: Int, depth: Int, columnStart: Int, columnCount: Int,
        into packed: UnsafeMutablePointer<Float>
    ) {
        let width = V.scalarCount, columns = 2 * width
        var destination = packed
        var panel = 0
        while panel < columnCount {
            let valid = min(columns, columnCount - panel)
            let origin = b.base + depthStart * b.rowStride + (columnStart + panel) * b.columnStride
            if b.columnStride == 1 && valid == columns {
                // Rows of B contiguous: two vectors per row of the panel.
                for p in 0..<depth {
                    let source = origin + p * b.rowStride, target = destination + p * columns
                    storeVector(loadVector(source, as: V.self), target)
                    storeVector(loadVector(source + width, as: V.self), target + width)
                }
            } else {
                for column in 0..<columns {
                    let target = destination + column
                    if column < valid {
                        let source = origin + column * b.columnStride
                        for p in 0..<depth { target[p * columns] = source[p * b.rowStride] }
                    } else {
                        for p in 0..<depth { target[p * columns] = 0 }
                    }
                }
            }
            destination += columns * depth
            panel += columns
        }
    }

    /// C (m, n) = [C +] A (m, k) · B (k, n), every element one ascending fused multiply-add chain over k
    /// (see the top of this file). `c` is row-major with leading dimension `ldc`; `workspace` holds at
    /// least `GEMMBlocking.workspaceCount` floats and is not used by another thread during the call.
    @inlinable @inline(__always)
    public static func gemm(
        m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, workspace: UnsafeMutablePointer<Float>
    ) {
        let columns = 2 * V.scalarCount   // of a tile
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let packedA = workspace                                              // (MC/rows, depth, rows)
        let packedB = workspace + GEMMBlocking.rows * GEMMBlocking.depth      // (NC/columns, depth, columns)
        let edge = packedB + GEMMBlocking.depth * GEMMBlocking.columns       // (rows, columns)
        var jc = 0
        while jc < n {
            let nc = min(GEMMBlocking.columns, n - jc)
            var pc = 0
            while pc < k {
                let kc = min(GEMMBlocking.depth, k - pc)
                packB(b, depthStart: pc, depth: kc, columnStart: jc, columnCount: nc, into: packedB)
                let startFromZero = pc == 0 && !accumulate
                var ic = 0
                while ic < m {
                    let mc = min(GEMMBlocking.rows, m - ic)
                    packA(a, rowStart: ic, rowCount: mc, depthStart: pc, depth: kc, into: packedA)
                    var jr = 0
                    while jr < nc {
                        let tileColumns = min(columns, nc - jr)
                        let panelB = UnsafePointer(packedB + jr * kc)
                        var ir = 0
                        while ir < mc {
                            let tileRows = min(rows, mc - ir)
                            let panelA = UnsafePointer(packedA + ir * kc)
                            let target = c + (ic + ir) * ldc + jc + jr
                            if tileRows == rows && tileColumns == columns {
                                microKernel(depth: kc, packedA: panelA, packedB: panelB,
                                            c: target, ldc: ldc, startFromZero: startFromZero)
                            } else {
                                // A partial tile runs in a full scratch tile; only its valid part is copied.
                                if !startFromZero {
                                    for row in 0..<tileRows {
                                        (edge + row * columns).update(from: target + row * ldc, count: tileColumns)
                                    }
                                }
                                microKernel(depth: kc, packedA: panelA, packedB: panelB,
                                            c: edge, ldc: columns, startFromZero: startFromZero)
                                for row in 0..<tileRows {
                                    (target + row * ldc).update(from: edge + row * columns, count: tileColumns)
                                }
                            }
                            ir += rows
                        }
                        jr += columns
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }
}

/// The definition `RegisterTile.gemm` must match bit for bit, as a plain scalar loop.
@inlinable
public func referenceGEMM(
    m: Int, n: Int, k: Int, a: StridedMatrix, b: StridedMatrix,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = accumulate ? c[i * ldc + j] : 0
            for p in 0..<k { sum = sum.addingProduct(a[i, p], b[p, j]) }
            c[i * ldc + j] = sum
        }
    }
}

/// A loop of nothing but independent fused multiply-adds, to measure what a core can do at most with
/// vectors `V`: twelve chains, enough to cover the latency of two FMA units.
public enum FMAPeakLoop<V: SIMD> where V.Scalar == Float {
    /// Chains run side by side.
    public static var chains: Int { 12 }

    /// Runs `iterations` steps of every chain; returns a sum of the chains so that none is left out.
    /// Floating-point operations done: 2 · chains · V.scalarCount · iterations.
    @inlinable @inline(__always)
    public static func run(iterations: Int, seed: Float) -> Float {
        var chains = InlineArray<12, V>(repeating: V(repeating: seed))
        let factor = V(repeating: 0.999_999), increment = V(repeating: 1e-7)
        for _ in 0..<iterations {
            for chain in 0..<12 { chains[chain] = increment.addingProduct(chains[chain], factor) }
        }
        var total = V()
        for chain in 0..<12 { total += chains[chain] }
        return total.sum()
    }
}
