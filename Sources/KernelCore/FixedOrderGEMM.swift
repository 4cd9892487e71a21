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
/// (`KernelsGeneric`, `KernelsAVX2`, `KernelsAVX512`) instantiates it inside a module
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
    /// Depth of one packed block of B (K direction).
    public static let depth = 256
    /// Columns of B packed at once (a multiple of every tile width, 8 to 64): 256 × 256 floats, 256 KB,
    /// stay in a core's L2 cache while every row tile of A streams past them.
    public static let columns = 256
    /// The largest tile `RegisterTile` supports, rows × columns (`kernel(rows:)` handles tails of up to
    /// 11 rows); the kernels use at most 8 × 32.
    public static let largestTile = (rows: 12, columns: 64)
    /// Floats of scratch memory `RegisterTile.gemm` needs: a packed block of B and one edge tile of C.
    public static let workspaceCount = depth * columns + largestTile.rows * largestTile.columns
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
    /// c (rows, 2W) with leading dimension ldc [+]= A (rows, depth) · packedB (depth, 2W), one fused
    /// multiply-add per element and step of the depth, in ascending order. A is read in place through
    /// its strides: each step broadcasts one element of every row, so no layout of A is faster to pack.
    @inlinable @inline(__always)
    static func microKernel(
        depth: Int, a: StridedMatrix, packedB: UnsafePointer<Float>,
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
        var column = a.base, b = packedB
        let rowStride = a.rowStride, columnStride = a.columnStride
        for _ in 0..<depth {
            let b0 = loadVector(b, as: V.self), b1 = loadVector(b + width, as: V.self)
            for row in 0..<rows {
                let x = V(repeating: column[row * rowStride])
                low[row] = low[row].addingProduct(x, b0)
                high[row] = high[row].addingProduct(x, b1)
            }
            column += columnStride
            b += 2 * width
        }
        for row in 0..<rows {
            storeVector(low[row], c + row * ldc)
            storeVector(high[row], c + row * ldc + width)
        }
    }

    /// `microKernel` for a tile of `count` ≤ `rows` rows: the last rows of C get a kernel of their own
    /// height, so they cost what they compute and nothing is read past the end of A.
    @inlinable @inline(__always)
    static func kernel(
        rows count: Int, depth: Int, a: StridedMatrix, packedB: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, startFromZero: Bool
    ) {
        if count == rows {
            microKernel(depth: depth, a: a, packedB: packedB, c: c, ldc: ldc, startFromZero: startFromZero)
            return
        }
        func run<let height: Int>(_ tile: RegisterTile<height, V>.Type) {
            tile.microKernel(depth: depth, a: a, packedB: packedB, c: c, ldc: ldc, startFromZero: startFromZero)
        }
        switch count {
        case 1: run(RegisterTile<1, V>.self)
        case 2: run(RegisterTile<2, V>.self)
        case 3: run(RegisterTile<3, V>.self)
        case 4: run(RegisterTile<4, V>.self)
        case 5: run(RegisterTile<5, V>.self)
        case 6: run(RegisterTile<6, V>.self)
        case 7: run(RegisterTile<7, V>.self)
        case 8: run(RegisterTile<8, V>.self)
        case 9: run(RegisterTile<9, V>.self)
        case 10: run(RegisterTile<10, V>.self)
        case 11: run(RegisterTile<11, V>.self)
        default: preconditionFailure("tiles are at most 12 rows high")
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
        let packedB = workspace                                              // (NC/columns, depth, columns)
        let edgeC = packedB + GEMMBlocking.depth * GEMMBlocking.columns      // (rows, columns)
        var jc = 0
        while jc < n {
            let nc = min(GEMMBlocking.columns, n - jc)
            var pc = 0
            while pc < k {
                let kc = min(GEMMBlocking.depth, k - pc)
                packB(b, depthStart: pc, depth: kc, columnStart: jc, columnCount: nc, into: packedB)
                let startFromZero = pc == 0 && !accumulate
                var ir = 0
                while ir < m {
                    let tileRows = min(rows, m - ir)
                    let tileA = StridedMatrix(a.base + ir * a.rowStride + pc * a.columnStride,
                                              rowStride: a.rowStride, columnStride: a.columnStride)
                    var jr = 0
                    while jr < nc {
                        let tileColumns = min(columns, nc - jr)
                        let panelB = UnsafePointer(packedB + jr * kc)
                        let target = c + ir * ldc + jc + jr
                        if tileColumns == columns {
                            kernel(rows: tileRows, depth: kc, a: tileA, packedB: panelB, c: target, ldc: ldc, startFromZero: startFromZero)
                        } else {
                            // A partial tile runs in a full scratch tile; only its valid part is copied.
                            if !startFromZero {
                                for row in 0..<tileRows {
                                    (edgeC + row * columns).update(from: target + row * ldc, count: tileColumns)
                                }
                            }
                            kernel(rows: tileRows, depth: kc, a: tileA, packedB: panelB, c: edgeC, ldc: columns, startFromZero: startFromZero)
                            for row in 0..<tileRows {
                                (target + row * ldc).update(from: edgeC + row * columns, count: tileColumns)
                            }
                        }
                        jr += columns
                    }
                    ir += rows
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
