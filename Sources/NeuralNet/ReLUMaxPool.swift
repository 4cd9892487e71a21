/// `max_pool2d(relu(x), 2)` in one pass. ReLU and max are both monotone, so relu(max(window)) equals
/// max(relu(window)); the gradient goes to the first maximum of the window (PyTorch's choice) and only
/// where the pooled value is positive (ReLU's `result > 0` rule). Odd sizes are floored, as in PyTorch.
final class ReLUMaxPool: EngineLayer {
    let profileName: String
    let input: ImageShape
    let output: ImageShape
    /// Pooled activations. (C, B, H/2, W/2)
    let outputs: UnsafeMutablePointer<Float>
    /// Where each output's maximum is inside its 2×2 window: 0 top left, 1 top right, 2 bottom left,
    /// 3 bottom right. (C, B, H/2, W/2)
    private let argmax: UnsafeMutablePointer<Int32>
    /// Gradient with respect to the input, when the layer below needs it. (C, B, H, W)
    let inputGradient: UnsafeMutablePointer<Float>?
    var hasParameters: Bool { false }

    init(input: ImageShape, maxBatch: Int, name: String = "relu+max_pool2d(2)", needsInputGradient: Bool = true) {
        profileName = name
        self.input = input
        output = ImageShape(channels: input.channels, height: input.height / 2, width: input.width / 2)
        outputs = .allocate(capacity: output.count * maxBatch)
        argmax = .allocate(capacity: output.count * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: input.count * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        argmax.deallocate()
        inputGradient?.deallocate()
    }

    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        forward(inputs, batch: batch)
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        backward(outputGradient: outputGradient, batch: batch)
    }

    /// outputs (C, B, H/2, W/2) = maxpool2(relu(inputs (C, B, H, W)))
    /// Four windows at a time in SIMD lanes; the comparisons are the scalar rule's, lane by lane.
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let outputs = self.outputs, argmax = self.argmax
        for planeIndex in 0..<(input.channels * batch) {
            let plane = inputs + planeIndex * inH * inW
            let pooled = outputs + planeIndex * outH * outW
            let pooledArgmax = argmax + planeIndex * outH * outW
            for oh in 0..<outH {
                let top = plane + 2 * oh * inW, bottom = top + inW
                let row = pooled + oh * outW, rowArgmax = pooledArgmax + oh * outW
                var ow = 0
                while ow + 4 <= outW {
                    let upper = load8(top + 2 * ow), lower = load8(bottom + 2 * ow)
                    // Row-major window order, first maximum kept, NaN propagated: as PyTorch's kernel.
                    var best = upper.evenHalf
                    var at = SIMD4<Int32>(repeating: 0)
                    @inline(__always) func consider(_ candidate: SIMD4<Float>, _ code: Int32) {
                        let take = (candidate .> best) .| (candidate .!= candidate)
                        best.replace(with: candidate, where: take)
                        at.replace(with: code, where: take)
                    }
                    consider(upper.oddHalf, 1)
                    consider(lower.evenHalf, 2)
                    consider(lower.oddHalf, 3)
                    let keep = (best .> 0) .| (best .!= best)
                    let relu = SIMD4<Float>(repeating: 0).replacing(with: best, where: keep)
                    UnsafeMutableRawPointer(row + ow).storeBytes(of: relu, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(rowArgmax + ow).storeBytes(of: at, as: SIMD4<Int32>.self)
                    ow += 4
                }
                while ow < outW {
                    var best = top[2 * ow], at: Int32 = 0
                    @inline(__always) func consider(_ candidate: Float, _ code: Int32) {
                        if candidate > best || candidate.isNaN {
                            best = candidate
                            at = code
                        }
                    }
                    consider(top[2 * ow + 1], 1)
                    consider(bottom[2 * ow], 2)
                    consider(bottom[2 * ow + 1], 3)
                    row[ow] = best > 0 || best.isNaN ? best : 0
                    rowArgmax[ow] = at
                    ow += 1
                }
            }
        }
    }

    /// inputGradient (C, B, H, W) from outputGradient (C, B, H/2, W/2): each window gets the output's
    /// gradient at its maximum (when the pooled value is positive) and zeros elsewhere.
    func backward(outputGradient: UnsafePointer<Float>, batch: Int) {
        guard let gradient = inputGradient else { return }
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let outputs = self.outputs, argmax = self.argmax
        let coversPlane = inH == 2 * outH && inW == 2 * outW
        for planeIndex in 0..<(input.channels * batch) {
            let plane = gradient + planeIndex * inH * inW
            // Odd sizes leave a last row or column outside every window.
            if !coversPlane { plane.update(repeating: 0, count: inH * inW) }
            let base = planeIndex * outH * outW
            for oh in 0..<outH {
                let top = plane + 2 * oh * inW, bottom = top + inW
                var ow = 0
                // Four windows at a time: the gradient, masked by the ReLU, lands on each window's
                // maximum; the lanes are interleaved back into the two input rows.
                while ow + 4 <= outW {
                    let index = base + oh * outW + ow
                    let pooled = UnsafeRawPointer(outputs + index).loadUnaligned(as: SIMD4<Float>.self)
                    let at = UnsafeRawPointer(argmax + index).loadUnaligned(as: SIMD4<Int32>.self)
                    let g = SIMD4<Float>(repeating: 0).replacing(
                        with: UnsafeRawPointer(outputGradient + index).loadUnaligned(as: SIMD4<Float>.self), where: pooled .> 0)
                    let zero = SIMD4<Float>(repeating: 0)
                    let g0 = zero.replacing(with: g, where: at .== 0), g1 = zero.replacing(with: g, where: at .== 1)
                    let g2 = zero.replacing(with: g, where: at .== 2), g3 = zero.replacing(with: g, where: at .== 3)
                    store8(SIMD8(g0[0], g1[0], g0[1], g1[1], g0[2], g1[2], g0[3], g1[3]), top + 2 * ow)
                    store8(SIMD8(g2[0], g3[0], g2[1], g3[1], g2[2], g3[2], g2[3], g3[3]), bottom + 2 * ow)
                    ow += 4
                }
                while ow < outW {
                    let index = base + oh * outW + ow
                    let g: Float = outputs[index] > 0 ? outputGradient[index] : 0
                    let at = argmax[index]
                    top[2 * ow] = at == 0 ? g : 0
                    top[2 * ow + 1] = at == 1 ? g : 0
                    bottom[2 * ow] = at == 2 ? g : 0
                    bottom[2 * ow + 1] = at == 3 ? g : 0
                    ow += 1
                }
            }
        }
    }
}
