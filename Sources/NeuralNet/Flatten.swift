/// `torch.flatten(x, 1)`: from the convolutions' channel-major activations (C, B, H, W) to the
/// feature-major (C·H·W, B) the linear layers take, keeping PyTorch's (C, H, W) order of the features
/// so that exported `fc1.weight` means the same thing in both frameworks.
final class Flatten {
    let input: ImageShape
    /// (C·H·W, B)
    let outputs: UnsafeMutablePointer<Float>
    /// (C, B, H, W), or (B, C, H, W) when the input is the images.
    let inputGradient: UnsafeMutablePointer<Float>

    /// True when the input is the images themselves, (B, C, H, W) (a network without convolutions).
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

    /// Where feature `feature` of image `image` is in the input: (C, B, S) or (B, C·S).
    @inline(__always)
    private func inputIndex(feature: Int, image: Int, batch: Int) -> Int {
        if inputIsBatchMajor { return image * input.count + feature }
        let spatial = input.height * input.width
        return ((feature / spatial) * batch + image) * spatial + feature % spatial
    }

    /// outputs[c·S + s, b] = inputs[c, b, s] with S = H·W.
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        forward(inputs, batch: batch, into: outputs, leading: batch)
    }

    /// destination[c·S + s, b] = inputs[c, b, s]: the features as columns of a wider (C·S, leading)
    /// matrix, where a shard writes its images' columns of the whole batch's.
    func forward(_ inputs: UnsafePointer<Float>, batch: Int, into destination: UnsafeMutablePointer<Float>, leading: Int) {
        for feature in 0..<input.count {
            let row = destination + feature * leading
            for image in 0..<batch { row[image] = inputs[inputIndex(feature: feature, image: image, batch: batch)] }
        }
    }

    /// inputGradient[c, b, s] = outputGradient[c·S + s, b], from columns of a (C·S, leading) matrix.
    func backward(outputGradient: UnsafePointer<Float>, batch: Int, leading: Int? = nil) {
        let leading = leading ?? batch
        for feature in 0..<input.count {
            let row = outputGradient + feature * leading
            for image in 0..<batch { inputGradient[inputIndex(feature: feature, image: image, batch: batch)] = row[image] }
        }
    }
}
