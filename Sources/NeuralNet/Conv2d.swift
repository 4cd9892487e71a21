/// `nn.Conv2d(inC, outC, k)` with stride 1 and no padding, computed as one GEMM over the whole
/// mini-batch: im2col lays every receptive field of every image side by side, then
/// weights (outC, inC·k·k) × columns (inC·k·k, B·outH·outW).
///
/// Activations use the channel-major layout (C, B, H, W) inside the network, because that is what the
/// GEMM produces and consumes without any transpose; for the first layer (one channel) it is the same
/// memory as PyTorch's (B, 1, H, W).
final class Conv2d {
    let spec: ConvolutionSpec
    let input: ImageShape
    let output: ImageShape
    let maxBatch: Int
    private let parameters: ParameterStore
    private let weightOffset: Int   // (outC, inC, k, k)
    private let biasOffset: Int     // (outC)

    /// Receptive fields; reused for their gradient in backward once dW is done. (inC·k·k, B·outH·outW)
    let columns: UnsafeMutablePointer<Float>
    /// Output activations. (outC, B, outH, outW)
    let outputs: UnsafeMutablePointer<Float>
    /// Gradient with respect to the input, when the layer below needs it. (inC, B, inH, inW)
    let inputGradient: UnsafeMutablePointer<Float>?
    /// The first layer reads the images as given, (B, inC, inH, inW); later layers read (inC, B, inH, inW).
    let readsBatchMajorInput: Bool

    private var patchSize: Int { input.channels * spec.kernelSize * spec.kernelSize }

    init(spec: ConvolutionSpec, input: ImageShape, maxBatch: Int, parameters: ParameterStore, isFirstLayer: Bool) {
        self.spec = spec
        readsBatchMajorInput = isFirstLayer
        self.input = input
        self.maxBatch = maxBatch
        self.parameters = parameters
        output = ImageShape(channels: spec.outChannels, height: input.height - spec.kernelSize + 1, width: input.width - spec.kernelSize + 1)
        weightOffset = parameters.tensor(named: spec.name + ".weight")!.offset
        biasOffset = parameters.tensor(named: spec.name + ".bias")!.offset
        let patch = input.channels * spec.kernelSize * spec.kernelSize
        columns = .allocate(capacity: patch * maxBatch * output.height * output.width)
        outputs = .allocate(capacity: output.count * maxBatch)
        inputGradient = !isFirstLayer ? .allocate(capacity: input.count * maxBatch) : nil
    }

    deinit {
        columns.deallocate()
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    /// outputs (outC, B, outH, outW) = conv(inputs (inC, B, inH, inW), or (B, inC, inH, inW) for the first layer) + bias
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        let pixels = batch * output.height * output.width   // columns of the GEMM
        im2col(inputs, batch: batch)
        let bias = parameters.values + biasOffset
        parallelChunks(output.channels) { channels in
            for channel in channels {
                (outputs + channel * pixels).update(repeating: bias[channel], count: pixels)
            }
        }
        // (outC, pixels) += W (outC, patch) · columns (patch, pixels)
        parallelGemm(split: .columns, transposeA: false, transposeB: false, m: output.channels, n: pixels, k: patchSize,
                     a: parameters.values + weightOffset, lda: patchSize, b: columns, ldb: pixels,
                     beta: 1, c: outputs, ldc: pixels)
    }

    /// Accumulates dW and db from `outputGradient` (outC, B, outH, outW) and, when asked for, writes
    /// `inputGradient` (inC, B, inH, inW). Needs `columns` as left by the forward pass.
    func backward(outputGradient: UnsafePointer<Float>, batch: Int) {
        let pixels = batch * output.height * output.width
        // dW (outC, patch) += dY (outC, pixels) · columnsᵀ (pixels, patch)
        parallelGemm(split: .columns, transposeA: false, transposeB: true, m: output.channels, n: patchSize, k: pixels,
                     a: outputGradient, lda: pixels, b: columns, ldb: pixels,
                     beta: 1, c: parameters.gradients + weightOffset, ldc: patchSize)
        let biasGradient = parameters.gradients + biasOffset   // (outC)
        parallelChunks(output.channels) { channels in
            for channel in channels {
                let row = outputGradient + channel * pixels
                var sum: Float = 0
                for index in 0..<pixels { sum += row[index] }
                biasGradient[channel] += sum
            }
        }
        guard let inputGradient else { return }
        // columns (patch, pixels) = Wᵀ (patch, outC) · dY (outC, pixels)
        parallelGemm(split: .columns, transposeA: true, transposeB: false, m: patchSize, n: pixels, k: output.channels,
                     a: parameters.values + weightOffset, lda: patchSize, b: outputGradient, ldb: pixels,
                     beta: 0, c: columns, ldc: pixels)
        col2im(into: inputGradient, batch: batch)
    }

    /// columns[(c, kh, kw), (b, oh, ow)] = inputs[c, b, oh + kh, ow + kw]; each copy is one output row.
    private func im2col(_ inputs: UnsafePointer<Float>, batch: Int) {
        let kernel = spec.kernelSize
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let pixels = batch * outH * outW
        let columns = self.columns
        let channelCount = input.channels, batchMajor = readsBatchMajorInput
        parallelChunks(patchSize) { rows in
            for row in rows {
                let channel = row / (kernel * kernel)
                let kh = (row / kernel) % kernel
                let kw = row % kernel
                var destination = columns + row * pixels
                for image in 0..<batch {
                    let planeIndex = batchMajor ? image * channelCount + channel : channel * batch + image
                    let plane = inputs + planeIndex * inH * inW
                    for oh in 0..<outH {
                        copyRow(plane + (oh + kh) * inW + kw, destination, count: outW)
                        destination += outW
                    }
                }
            }
        }
    }

    /// The adjoint of im2col: inputGradient[c, b, oh + kh, ow + kw] += columns[(c, kh, kw), (b, oh, ow)].
    /// Each input channel is summed by one worker, so the order of additions is fixed.
    private func col2im(into gradient: UnsafeMutablePointer<Float>, batch: Int) {
        let kernel = spec.kernelSize
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let pixels = batch * outH * outW
        let columns = self.columns
        parallelChunks(input.channels * batch) { planes in
            for planeIndex in planes {
                let channel = planeIndex / batch
                let image = planeIndex % batch
                let plane = gradient + planeIndex * inH * inW
                plane.update(repeating: 0, count: inH * inW)
                for kh in 0..<kernel {
                    for kw in 0..<kernel {
                        let row = (channel * kernel + kh) * kernel + kw
                        let source = columns + row * pixels + image * outH * outW
                        for oh in 0..<outH {
                            addRow(source + oh * outW, plane + (oh + kh) * inW + kw, count: outW)
                        }
                    }
                }
            }
        }
    }
}
