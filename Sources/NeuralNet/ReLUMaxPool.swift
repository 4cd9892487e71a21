/// `max_pool2d(relu(x), 2)` in one pass. ReLU and max are both monotone, so relu(max(window)) equals
/// max(relu(window)); the gradient goes to the first maximum of the window (PyTorch's choice) and only
/// where the pooled value is positive (ReLU's `result > 0` rule). Odd sizes are floored, as in PyTorch.
final class ReLUMaxPool {
    let input: ImageShape
    let output: ImageShape
    /// Pooled activations. (C, B, H/2, W/2)
    let outputs: UnsafeMutablePointer<Float>
    /// Index of each output's maximum inside its (c, b) input plane. (C, B, H/2, W/2)
    private let argmax: UnsafeMutablePointer<Int32>
    /// Gradient with respect to the input. (C, B, H, W)
    let inputGradient: UnsafeMutablePointer<Float>

    init(input: ImageShape, maxBatch: Int) {
        self.input = input
        output = ImageShape(channels: input.channels, height: input.height / 2, width: input.width / 2)
        outputs = .allocate(capacity: output.count * maxBatch)
        argmax = .allocate(capacity: output.count * maxBatch)
        inputGradient = .allocate(capacity: input.count * maxBatch)
    }

    deinit {
        outputs.deallocate()
        argmax.deallocate()
        inputGradient.deallocate()
    }

    /// outputs (C, B, H/2, W/2) = maxpool2(relu(inputs (C, B, H, W)))
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let outputs = self.outputs, argmax = self.argmax
        parallelChunks(input.channels * batch) { planes in
            for planeIndex in planes {
                let plane = inputs + planeIndex * inH * inW
                let pooled = outputs + planeIndex * outH * outW
                let pooledArgmax = argmax + planeIndex * outH * outW
                for oh in 0..<outH {
                    for ow in 0..<outW {
                        let first = 2 * oh * inW + 2 * ow
                        var best = first
                        var bestValue = plane[first]
                        // Row-major window order, first maximum kept, NaN propagated: as PyTorch's kernel.
                        @inline(__always) func consider(_ candidate: Int) {
                            let value = plane[candidate]
                            if value > bestValue || value.isNaN {
                                bestValue = value
                                best = candidate
                            }
                        }
                        consider(first + 1)
                        consider(first + inW)
                        consider(first + inW + 1)
                        pooled[oh * outW + ow] = bestValue > 0 || bestValue.isNaN ? bestValue : 0
                        pooledArgmax[oh * outW + ow] = Int32(best)
                    }
                }
            }
        }
    }

    /// inputGradient (C, B, H, W) from outputGradient (C, B, H/2, W/2).
    func backward(outputGradient: UnsafePointer<Float>, batch: Int) {
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let outputs = self.outputs, argmax = self.argmax, gradient = inputGradient
        parallelChunks(input.channels * batch) { planes in
            for planeIndex in planes {
                let plane = gradient + planeIndex * inH * inW
                plane.update(repeating: 0, count: inH * inW)
                let base = planeIndex * outH * outW
                for index in 0..<(outH * outW) where outputs[base + index] > 0 {
                    plane[Int(argmax[base + index])] = outputGradient[base + index]
                }
            }
        }
    }
}
