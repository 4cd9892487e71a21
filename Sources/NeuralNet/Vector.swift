/// Small SIMD helpers for the element-wise loops: unaligned vector loads and stores through raw
/// pointers (no bounds checks, no aliasing assumptions the optimiser has to prove), and row copies and
/// sums for the short rows of im2col and col2im (8, 12 or 24 floats), where a `memmove` call per row
/// costs more than the copy.
@inline(__always)
func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}

@inline(__always)
func store16(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
}

/// destination[0..<count] = source[0..<count] for short rows.
@inline(__always)
func copyRow(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
    var index = 0
    while index + 16 <= count {
        store16(load16(source + index), destination + index)
        index += 16
    }
    while index + 8 <= count {
        store8(load8(source + index), destination + index)
        index += 8
    }
    while index < count {
        destination[index] = source[index]
        index += 1
    }
}

/// destination[0..<count] += source[0..<count] for short rows.
@inline(__always)
func addRow(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
    var index = 0
    while index + 16 <= count {
        store16(load16(destination + index) + load16(source + index), destination + index)
        index += 16
    }
    while index + 8 <= count {
        store8(load8(destination + index) + load8(source + index), destination + index)
        index += 8
    }
    while index < count {
        destination[index] += source[index]
        index += 1
    }
}
