/// Pooling over windows given per output row and column, which both fixed windows (`PoolingSpec`,
/// with padding) and adaptive ones (`AdaptivePoolingSpec`) reduce to.
struct PoolingWindows: Hashable, Sendable {
    /// For each output row, the input rows of its window inside the image, in order. (outH)
    var rows: [[Int]]
    /// For each output column, the input columns of its window inside the image. (outW)
    var columns: [[Int]]
    /// For average pooling, the divisor per output row and column factor: the window's size counting
    /// padding (PyTorch's count_include_pad) or only the pixels inside the image.
    var rowDivisors: [Int]
    var columnDivisors: [Int]

    /// Windows of `kernel` taps `dilation` apart, every `stride` pixels, over an image of `size` padded
    /// by `padding` on both sides, floor mode: PyTorch's max_pool2d / avg_pool2d.
    static func fixed(size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int = 1, ceilMode: Bool = false,
                      countsPadding: Bool) -> (windows: [[Int]], divisors: [Int]) {
        let outputs = outputSize(size: size, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
        var windows: [[Int]] = [], divisors: [Int] = []
        for output in 0..<max(0, outputs) {
            let start = output * stride - padding
            let taps = (0..<kernel).map { start + $0 * dilation }.filter { $0 >= 0 && $0 < size }
            windows.append(taps)
            divisors.append(countsPadding ? min(start + kernel, size + padding) - start : taps.count)
        }
        return (windows, divisors)
    }

    /// PyTorch's output size: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, rounded up
    /// instead in ceil mode, where a last window that would start in the right padding is dropped.
    static func outputSize(size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> Int {
        let span = size + 2 * padding - dilation * (kernel - 1) - 1
        guard span >= 0 else { return 0 }
        var outputs = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
        if ceilMode && (outputs - 1) * stride >= size + padding { outputs -= 1 }
        return outputs
    }

    /// PyTorch's adaptive windows: output i of n covers ⌊i·size/n⌋ ..< ⌈(i+1)·size/n⌉.
    static func adaptive(size: Int, outputs: Int) -> [[Int]] {
        (0..<outputs).map { index in Array((index * size / outputs)..<(((index + 1) * size + outputs - 1) / outputs)) }
    }
}

/// Max- or average-pooling over `PoolingWindows`. Max: the first maximum of the window in row-major
/// order, NaN propagated, the gradient to it (added up where windows overlap). Average: the window's
/// sum in row-major order divided by its divisor; the gradient shared equally.
final class Pooling: EngineLayer {
    let profileName: String
    let windows: PoolingWindows
    let takesMaximum: Bool
    let input: ImageShape
    let output: ImageShape
    /// (C, B, outH, outW)
    let outputs: UnsafeMutablePointer<Float>
    /// For max-pooling, the offset in its input plane of each output's maximum. (C, B, outH, outW)
    private let argmax: UnsafeMutablePointer<Int32>
    /// (C, B, H, W)
    let inputGradient: UnsafeMutablePointer<Float>?
    var hasParameters: Bool { false }

    init(name: String, windows: PoolingWindows, takesMaximum: Bool, input: ImageShape, maxBatch: Int, needsInputGradient: Bool) {
        profileName = name
        self.windows = windows
        self.takesMaximum = takesMaximum
        self.input = input
        output = ImageShape(channels: input.channels, height: windows.rows.count, width: windows.columns.count)
        outputs = .allocate(capacity: output.count * maxBatch)
        argmax = .allocate(capacity: takesMaximum ? output.count * maxBatch : 1)
        inputGradient = needsInputGradient ? .allocate(capacity: input.count * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        argmax.deallocate()
        inputGradient?.deallocate()
    }

    /// outputs (C, B, outH, outW) = pool(inputs (C, B, H, W))
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        for planeIndex in 0..<(input.channels * batch) {
            let plane = inputs + planeIndex * inH * inW
            let base = planeIndex * outH * outW
            for oh in 0..<outH {
                let rows = windows.rows[oh]
                for ow in 0..<outW {
                    let columns = windows.columns[ow]
                    if takesMaximum {
                        var best = -Float.infinity, at = (rows.first ?? 0) * inW + (columns.first ?? 0)
                        var first = true
                        for h in rows {
                            for w in columns {
                                let offset = h * inW + w
                                if first || plane[offset] > best || plane[offset].isNaN && !best.isNaN {
                                    best = plane[offset]
                                    at = offset
                                    first = false
                                }
                            }
                        }
                        outputs[base + oh * outW + ow] = best
                        argmax[base + oh * outW + ow] = Int32(at)
                    } else {
                        var sum: Float = 0
                        for h in rows {
                            for w in columns { sum += plane[h * inW + w] }
                        }
                        outputs[base + oh * outW + ow] = sum / Float(windows.rowDivisors[oh] * windows.columnDivisors[ow])
                    }
                }
            }
        }
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        guard let inputGradient else { return }
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        for planeIndex in 0..<(input.channels * batch) {
            let plane = inputGradient + planeIndex * inH * inW
            plane.update(repeating: 0, count: inH * inW)
            let base = planeIndex * outH * outW
            for oh in 0..<outH {
                for ow in 0..<outW {
                    let g = outputGradient[base + oh * outW + ow]
                    if takesMaximum {
                        plane[Int(argmax[base + oh * outW + ow])] += g
                    } else {
                        let share = g / Float(windows.rowDivisors[oh] * windows.columnDivisors[ow])
                        for h in windows.rows[oh] {
                            for w in windows.columns[ow] { plane[h * inW + w] += share }
                        }
                    }
                }
            }
        }
    }
}
