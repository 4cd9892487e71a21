/// `torch.flatten(x, 1)`: from the engine's channel-major activations (C, B, H, W) to the
/// (B, C·H·W) rows the linear layers take, keeping PyTorch's (C, H, W) order inside each row so that
/// exported `fc1.weight` means the same thing in both frameworks.
final class Flatten {
    let input: ImageShape
    /// (B, C·H·W)
    let outputs: UnsafeMutablePointer<Float>
    /// (C, B, H, W)
    let inputGradient: UnsafeMutablePointer<Float>

    /// True when the input is the images themselves, (B, C, H, W): flatten is then a plain copy.
    let inputIsBatchMajor: Bool

    init(input: ImageShape, maxBatch: Int, inputIsBatchMajor: Bool) {
        self.input = input
        self.inputIsBatchMajor = inputIsBatchMajor
        outputs = .allocate(capacity: input.count * maxBatch)
        inputGradient = .allocate(capacity: input.count * maxBatch)
    }

    deinit {
        outputs.deallocate()
        inputGradient.deallocate()
    }

    /// outputs[b, c·S + s] = inputs[c, b, s] with S = H·W.
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        if inputIsBatchMajor {
            outputs.update(from: inputs, count: batch * input.count)
            return
        }
        let spatial = input.height * input.width
        let channels = input.channels
        for image in 0..<batch {
            for channel in 0..<channels {
                (outputs + (image * channels + channel) * spatial)
                    .update(from: inputs + (channel * batch + image) * spatial, count: spatial)
            }
        }
    }

    /// inputGradient[c, b, s] = outputGradient[b, c·S + s].
    func backward(outputGradient: UnsafePointer<Float>, batch: Int) {
        if inputIsBatchMajor {
            inputGradient.update(from: outputGradient, count: batch * input.count)
            return
        }
        let spatial = input.height * input.width
        let channels = input.channels
        for image in 0..<batch {
            for channel in 0..<channels {
                (inputGradient + (channel * batch + image) * spatial)
                    .update(from: outputGradient + (image * channels + channel) * spatial, count: spatial)
            }
        }
    }
}
