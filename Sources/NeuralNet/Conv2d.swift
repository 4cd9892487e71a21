import KernelCore

/// `nn.Conv2d(inC, outC, k, stride, padding, bias)` (zero padding), computed as products over chunks of the
/// mini-batch: im2col lays every receptive field of a chunk's images side by side, then
/// weights (outC, inC·k·k) × columns (inC·k·k, chunk·outH·outW). The shards of `ShardedNetwork` are what
/// run in parallel; a layer's own loops run on the calling thread.
///
/// Activations use the channel-major layout (C, B, H, W) inside the network, because that is what the
/// GEMM produces and consumes without any transpose; for the first layer (one channel) it is the same
/// memory as PyTorch's (B, 1, H, W).
final class Conv2d: EngineLayer {
    let spec: ConvolutionSpec
    let input: ImageShape
    let output: ImageShape
    let maxBatch: Int
    private let parameters: ParameterStore
    private let products: MatrixProducts
    private let weightOffset: Int   // (outC, inC, k, k)
    /// The bias values: the parameters', or zeros for a convolution without bias. (outC)
    private let biasValues: UnsafeMutablePointer<Float>
    /// Where the bias sits in the parameters, nil without a bias.
    private let biasOffset: Int?
    /// Zeros standing in for the bias of a convolution without one. (outC)
    private let zeroBias: UnsafeMutablePointer<Float>?

    /// Receptive fields of one chunk of images, and in backward their gradient. (inC·k·k, chunk·outH·outW)
    let columns: UnsafeMutablePointer<Float>
    /// Images whose columns are laid out at once: as many as keep the columns within `columnBudget`
    /// bytes, so they stay in a core's L2 cache between being written and being read by the product.
    /// The products over the chunks give the same bits as one product over the whole batch: outputs are
    /// independent per pixel, and dWᵀ continues each element's chain through C in pixel order.
    let chunkImages: Int
    /// 256 KB: half of a Zen 3 core's L2, the smallest of the machines this runs on.
    static let columnBudget = 256 << 10
    /// The input of the last forward pass, read again by backward to lay out the columns of each chunk.
    private var lastInput: UnsafePointer<Float>?
    /// Output activations. (outC, B, outH, outW)
    let outputs: UnsafeMutablePointer<Float>
    /// Gradient with respect to the input, when the layer below needs it. (inC, B, inH, inW)
    let inputGradient: UnsafeMutablePointer<Float>?
    /// dWᵀ as its product gives it, before it is laid out as dW. (inC·k·k, outC)
    private let transposedWeightGradient: UnsafeMutablePointer<Float>
    /// The first layer reads the images as given, (B, inC, inH, inW); later layers read (inC, B, inH, inW).
    let readsBatchMajorInput: Bool
    /// A layer with one input channel, stride 1 and no padding, that passes no gradient down (both
    /// networks' conv1), convolves directly, without columns:
    /// its products would have k = 25 and m = outC ≤ 20, too thin to be fast, and the columns
    /// would be 25 times the images. It keeps a copy of its input for the weight gradient instead.
    let convolvesDirectly: Bool
    /// The input of the last forward pass, when convolving directly. (B, 1, inH, inW)
    private let savedInput: UnsafeMutablePointer<Float>?
    /// For stride 1 (other than the one-vector rows below): the chunk's input planes with a border of
    /// `padding` zeros, from which every row of the columns is a run of whole vectors, with slack so a
    /// vector may be read past a plane's end; in backward, one plane of the input gradient with its
    /// border. (inC, chunk, inH + 2p, inW + 2p) + slack
    private let paddedPlanes: UnsafeMutablePointer<Float>?
    /// Floats past the end of `columns` and `paddedPlanes` that a vector running over a row's end may touch.
    static let vectorSlack = 16

    private var patchSize: Int { input.channels * spec.kernelSize * spec.kernelSize }

    /// `readsImages`: the input is the images (B, inC, inH, inW) rather than an activation (inC, B, inH, inW).
    init(spec: ConvolutionSpec, input: ImageShape, maxBatch: Int, parameters: ParameterStore,
         products: MatrixProducts = MatrixProducts(kernels: .widest), readsImages: Bool, needsInputGradient: Bool) {
        self.spec = spec
        self.products = products
        readsBatchMajorInput = readsImages
        self.input = input
        self.maxBatch = maxBatch
        self.parameters = parameters
        output = spec.outputShape(for: input)
        weightOffset = parameters.tensor(named: spec.name + ".weight")!.offset
        biasOffset = spec.hasBias ? parameters.tensor(named: spec.name + ".bias")!.offset : nil
        zeroBias = spec.hasBias ? nil : .allocate(capacity: spec.outChannels)
        zeroBias?.initialize(repeating: 0, count: spec.outChannels)
        biasValues = zeroBias ?? parameters.values + biasOffset!
        let patch = input.channels * spec.kernelSize * spec.kernelSize
        convolvesDirectly = input.channels == 1 && spec.stride == 1 && spec.padding == 0 && !needsInputGradient
        let columnBytesPerImage = patch * output.height * output.width * MemoryLayout<Float>.size
        chunkImages = max(1, min(maxBatch, Self.columnBudget / max(1, columnBytesPerImage)))
        columns = .allocate(capacity: convolvesDirectly ? 1 : patch * chunkImages * output.height * output.width + Self.vectorSlack)
        let paddedPlaneSize = (input.height + 2 * spec.padding) * (input.width + 2 * spec.padding)
        // Both networks' second convolution has unpadded rows of exactly one vector, read in place.
        let usesPaddedPlanes = !convolvesDirectly && spec.stride == 1 && !(spec.padding == 0 && output.width == 8)
        paddedPlanes = usesPaddedPlanes ? .allocate(capacity: input.channels * chunkImages * paddedPlaneSize + Self.vectorSlack) : nil
        paddedPlanes?.initialize(repeating: 0, count: input.channels * chunkImages * paddedPlaneSize + Self.vectorSlack)
        savedInput = convolvesDirectly ? .allocate(capacity: input.count * maxBatch) : nil
        outputs = .allocate(capacity: output.count * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: input.count * maxBatch) : nil
        transposedWeightGradient = .allocate(capacity: convolvesDirectly ? 1 : patch * spec.outChannels)
    }

    deinit {
        zeroBias?.deallocate()
        columns.deallocate()
        savedInput?.deallocate()
        paddedPlanes?.deallocate()
        outputs.deallocate()
        inputGradient?.deallocate()
        transposedWeightGradient.deallocate()
    }

    var profileName: String { spec.name }
    var hasParameters: Bool { true }

    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        forward(inputs, batch: batch)
    }

    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        backward(outputGradient: outputGradient, batch: batch)
    }

    /// outputs (outC, B, outH, outW) = conv(inputs (inC, B, inH, inW), or (B, inC, inH, inW) for the first layer) + bias
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        if let savedInput {
            savedInput.update(from: inputs, count: batch * input.count)
            forwardDirect(UnsafePointer(savedInput), batch: batch)
            return
        }
        lastInput = inputs
        let plane = output.height * output.width, pixels = batch * plane
        let bias = biasValues
        for channel in 0..<output.channels {
            (outputs + channel * pixels).update(repeating: bias[channel], count: pixels)
        }
        for images in chunks(batch: batch) {
            let chunkPixels = images.count * plane
            im2col(inputs, batch: batch, images: images)
            // (outC, chunk pixels) += W (outC, patch) · columns (patch, chunk pixels), into the chunk's
            // columns of the outputs (outC, pixels).
            products.multiply(m: output.channels, n: chunkPixels, k: patchSize,
                            a: StridedMatrix(parameters.values + weightOffset, leading: patchSize, transposed: false),
                            b: StridedMatrix(columns, leading: chunkPixels, transposed: false),
                            c: outputs + images.lowerBound * plane, ldc: pixels, accumulate: true)
        }
    }

    /// The batch's images in consecutive chunks of at most `chunkImages`.
    private func chunks(batch: Int) -> [Range<Int>] {
        stride(from: 0, to: batch, by: chunkImages).map { $0..<min(batch, $0 + chunkImages) }
    }

    /// Writes dW and db from `outputGradient` (outC, B, outH, outW) (each parameter's gradient is
    /// written by its layer alone, once per step) and, when asked for, `inputGradient` (inC, B, inH, inW).
    /// Needs the input of the forward pass unchanged.
    func backward(outputGradient: UnsafePointer<Float>, batch: Int) {
        let pixels = batch * output.height * output.width
        if let savedInput {
            weightGradientDirect(UnsafePointer(savedInput), outputGradient: outputGradient, batch: batch)
            biasGradient(outputGradient, pixels: pixels)
            return
        }
        guard let inputs = lastInput else { preconditionFailure("backward before forward") }
        let outC = output.channels, patch = patchSize, plane = output.height * output.width
        for images in chunks(batch: batch) {
            let chunkPixels = images.count * plane
            im2col(inputs, batch: batch, images: images)
            let dY = outputGradient + images.lowerBound * plane   // the chunk's pixels of (outC, pixels)
            // dWᵀ (patch, outC) [+]= columns (patch, chunk pixels) · dYᵀ (chunk pixels, outC): the large
            // columns are read in place and only dY is repacked; each element continues one chain over
            // the pixels in order, chunk after chunk, as dW's single product would.
            products.multiply(m: patch, n: outC, k: chunkPixels,
                            a: StridedMatrix(columns, leading: chunkPixels, transposed: false),
                            b: StridedMatrix(dY, leading: pixels, transposed: true),
                            c: transposedWeightGradient, ldc: outC, accumulate: images.lowerBound > 0)
            guard let inputGradient else { continue }
            // columns (patch, chunk pixels) = Wᵀ (patch, outC) · dY (outC, chunk pixels)
            products.multiply(m: patch, n: chunkPixels, k: outC,
                            a: StridedMatrix(parameters.values + weightOffset, leading: patch, transposed: true),
                            b: StridedMatrix(dY, leading: pixels, transposed: false),
                            c: columns, ldc: chunkPixels, accumulate: false)
            col2im(into: inputGradient, batch: batch, images: images)
        }
        let weightGradient = parameters.gradients + weightOffset   // (outC, patch)
        for row in 0..<patch {
            for channel in 0..<outC { weightGradient[channel * patch + row] = transposedWeightGradient[row * outC + channel] }
        }
        biasGradient(outputGradient, pixels: pixels)
    }

    /// db (outC) = Σ over (B, outH, outW) of dY (outC, B, outH, outW); each channel summed in
    /// 16 fixed lanes and then lane by lane: a fixed order whatever the vector width of the CPU.
    private func biasGradient(_ outputGradient: UnsafePointer<Float>, pixels: Int) {
        guard let biasOffset else { return }
        let biasGradient = parameters.gradients + biasOffset   // (outC)
        for channel in 0..<output.channels {
            let row = outputGradient + channel * pixels
            var lanes = SIMD16<Float>(repeating: 0)
            var index = 0
            while index + 16 <= pixels {
                lanes += load16(row + index)
                index += 16
            }
            var sum = Self.laneSum(lanes)
            while index < pixels {
                sum += row[index]
                index += 1
            }
            biasGradient[channel] = 0 + sum   // as a sum into a zeroed buffer: −0 becomes +0
        }
    }

    /// outputs (outC, B, outH, outW) = bias + Σ_(kh, kw) W[c, 0, kh, kw] · inputs (B, 1, inH, inW) shifted by
    /// (kh, kw): eight output pixels of a row per SIMD vector, two or three channels at a time for independent
    /// multiply-add chains. Each output is one fixed chain of fused multiply-adds over the taps in order.
    private func forwardDirect(_ inputs: UnsafePointer<Float>, batch: Int) {
        let kernel = spec.kernelSize, taps = kernel * kernel
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let outC = output.channels, plane = outH * outW, pixels = batch * plane
        let weights = UnsafePointer(parameters.values + weightOffset)   // (outC, 1, k, k)
        let bias = UnsafePointer(biasValues)                             // (outC)
        let outputs = self.outputs
        for image in 0..<batch {
            let source = inputs + image * inH * inW
            var channel = 0
            while channel < outC {
                if channel + 3 <= outC && outW == 24 {
                    // Both networks' conv1 (24 pixels a row): three channels × three vectors, nine
                    // independent chains sharing each load of the input.
                    forwardDirectThreeChannels24(source, image: image, channel: channel, batch: batch)
                    channel += 3
                    continue
                }
                let pair = channel + 1 < outC   // two channels at once when there are two left
                let w0 = weights + channel * taps, w1 = pair ? w0 + taps : w0
                let out0 = outputs + channel * pixels + image * plane
                let out1 = pair ? out0 + pixels : out0
                for oh in 0..<outH {
                    var ow = 0
                    // 24 pixels (three vectors) of both channels: six independent chains.
                    while ow + 24 <= outW {
                        var a0 = SIMD8<Float>(repeating: bias[channel]), a1 = a0, a2 = a0
                        var b0 = SIMD8<Float>(repeating: bias[pair ? channel + 1 : channel]), b1 = b0, b2 = b0
                        for kh in 0..<kernel {
                            let row = source + (oh + kh) * inW + ow
                            for kw in 0..<kernel {
                                let x0 = load8(row + kw), x1 = load8(row + kw + 8), x2 = load8(row + kw + 16)
                                let u = SIMD8<Float>(repeating: w0[kh * kernel + kw])
                                let v = SIMD8<Float>(repeating: w1[kh * kernel + kw])
                                a0.addProduct(x0, u); a1.addProduct(x1, u); a2.addProduct(x2, u)
                                b0.addProduct(x0, v); b1.addProduct(x1, v); b2.addProduct(x2, v)
                            }
                        }
                        let at0 = out0 + oh * outW + ow, at1 = out1 + oh * outW + ow
                        store8(a0, at0); store8(a1, at0 + 8); store8(a2, at0 + 16)
                        if pair { store8(b0, at1); store8(b1, at1 + 8); store8(b2, at1 + 16) }
                        ow += 24
                    }
                    while ow + 8 <= outW {
                        var sum0 = SIMD8<Float>(repeating: bias[channel])
                        var sum1 = SIMD8<Float>(repeating: bias[pair ? channel + 1 : channel])
                        for kh in 0..<kernel {
                            let row = source + (oh + kh) * inW + ow
                            for kw in 0..<kernel {
                                let x = load8(row + kw)
                                sum0.addProduct(x, SIMD8(repeating: w0[kh * kernel + kw]))
                                sum1.addProduct(x, SIMD8(repeating: w1[kh * kernel + kw]))
                            }
                        }
                        store8(sum0, out0 + oh * outW + ow)
                        if pair { store8(sum1, out1 + oh * outW + ow) }
                        ow += 8
                    }
                    while ow < outW {
                        var sum0 = bias[channel], sum1 = bias[pair ? channel + 1 : channel]
                        for kh in 0..<kernel {
                            let row = source + (oh + kh) * inW + ow
                            for kw in 0..<kernel {
                                sum0.addProduct(row[kw], w0[kh * kernel + kw])
                                sum1.addProduct(row[kw], w1[kh * kernel + kw])
                            }
                        }
                        out0[oh * outW + ow] = sum0
                        if pair { out1[oh * outW + ow] = sum1 }
                        ow += 1
                    }
                }
                channel += pair ? 2 : 1
            }
        }
    }

    /// `forwardDirect` for three channels from `channel` of one image whose output rows are 24 pixels:
    /// each output is the same chain (bias, then the taps in order) as in the general loop.
    @inline(__always)
    private func forwardDirectThreeChannels24(_ source: UnsafePointer<Float>, image: Int, channel: Int, batch: Int) {
        let kernel = spec.kernelSize, taps = kernel * kernel
        let (inW, outH) = (input.width, output.height)
        let plane = outH * 24, pixels = batch * plane
        let weights = UnsafePointer(parameters.values + weightOffset) + channel * taps   // (3, 1, k, k)
        let bias = UnsafePointer(biasValues) + channel
        let out = outputs + channel * pixels + image * plane
        for oh in 0..<outH {
            var a0 = SIMD8<Float>(repeating: bias[0]), a1 = a0, a2 = a0
            var b0 = SIMD8<Float>(repeating: bias[1]), b1 = b0, b2 = b0
            var c0 = SIMD8<Float>(repeating: bias[2]), c1 = c0, c2 = c0
            for kh in 0..<kernel {
                let row = source + (oh + kh) * inW
                for kw in 0..<kernel {
                    let x0 = load8(row + kw), x1 = load8(row + kw + 8), x2 = load8(row + kw + 16)
                    let tap = kh * kernel + kw
                    let u = SIMD8<Float>(repeating: weights[tap])
                    a0.addProduct(x0, u); a1.addProduct(x1, u); a2.addProduct(x2, u)
                    let v = SIMD8<Float>(repeating: weights[taps + tap])
                    b0.addProduct(x0, v); b1.addProduct(x1, v); b2.addProduct(x2, v)
                    let w = SIMD8<Float>(repeating: weights[2 * taps + tap])
                    c0.addProduct(x0, w); c1.addProduct(x1, w); c2.addProduct(x2, w)
                }
            }
            let at = out + oh * 24
            store8(a0, at); store8(a1, at + 8); store8(a2, at + 16)
            store8(b0, at + pixels); store8(b1, at + pixels + 8); store8(b2, at + pixels + 16)
            store8(c0, at + 2 * pixels); store8(c1, at + 2 * pixels + 8); store8(c2, at + 2 * pixels + 16)
        }
    }

    /// dW (outC, 1, k, k) = Σ_(b, oh, ow) dY[c, b, oh, ow] · inputs[b, 0, oh + kh, ow + kw], without columns.
    /// Each (c, kh) sums its k taps in SIMD lanes over every output row in a fixed
    /// order, then across lanes: the result does not depend on the thread count.
    private func weightGradientDirect(_ inputs: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, batch: Int) {
        let kernel = spec.kernelSize
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let plane = outH * outW, pixels = batch * plane
        let gradients = parameters.gradients + weightOffset   // (outC, 1, k, k)
        let vectorEnd = outW / 8 * 8
        if kernel == 5 {
            weightGradientDirect5(inputs, outputGradient: outputGradient, batch: batch)
            return
        }
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: kernel) { lanes in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: kernel) { tails in
                for job in 0..<(output.channels * kernel) {
                    let channel = job / kernel, kh = job % kernel
                    for kw in 0..<kernel {
                        lanes[kw] = SIMD8(repeating: 0)
                        tails[kw] = 0
                    }
                    for image in 0..<batch {
                        let dY = outputGradient + channel * pixels + image * plane
                        let source = inputs + image * inH * inW + kh * inW
                        for oh in 0..<outH {
                            let gradientRow = dY + oh * outW, inputRow = source + oh * inW
                            var ow = 0
                            while ow < vectorEnd {
                                let g = load8(gradientRow + ow)
                                for kw in 0..<kernel { lanes[kw].addProduct(g, load8(inputRow + ow + kw)) }
                                ow += 8
                            }
                            while ow < outW {
                                for kw in 0..<kernel { tails[kw].addProduct(gradientRow[ow], inputRow[ow + kw]) }
                                ow += 1
                            }
                        }
                    }
                    for kw in 0..<kernel {
                        gradients[(channel * kernel + kh) * kernel + kw] = 0 + (Self.laneSum(lanes[kw]) + tails[kw])
                    }
                }
            }
        }
    }

    /// `weightGradientDirect` for 5×5 kernels (both networks): the five taps of a kernel row in registers.
    private func weightGradientDirect5(_ inputs: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, batch: Int) {
        let kernel = 5
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let plane = outH * outW, pixels = batch * plane
        let gradients = parameters.gradients + weightOffset   // (outC, 1, 5, 5)
        let vectorEnd = outW / 8 * 8
        for job in 0..<(output.channels * kernel) {
            let channel = job / kernel, kh = job % kernel
            var l0 = SIMD8<Float>(repeating: 0), l1 = l0, l2 = l0, l3 = l0, l4 = l0
            var t0: Float = 0, t1: Float = 0, t2: Float = 0, t3: Float = 0, t4: Float = 0
            for image in 0..<batch {
                let dY = outputGradient + channel * pixels + image * plane
                let source = inputs + image * inH * inW + kh * inW
                for oh in 0..<outH {
                    let gradientRow = dY + oh * outW, x = source + oh * inW
                    var ow = 0
                    while ow < vectorEnd {
                        let g = load8(gradientRow + ow)
                        l0.addProduct(g, load8(x + ow))
                        l1.addProduct(g, load8(x + ow + 1))
                        l2.addProduct(g, load8(x + ow + 2))
                        l3.addProduct(g, load8(x + ow + 3))
                        l4.addProduct(g, load8(x + ow + 4))
                        ow += 8
                    }
                    while ow < outW {
                        let g = gradientRow[ow]
                        t0.addProduct(g, x[ow]); t1.addProduct(g, x[ow + 1]); t2.addProduct(g, x[ow + 2])
                        t3.addProduct(g, x[ow + 3]); t4.addProduct(g, x[ow + 4])
                        ow += 1
                    }
                }
            }
            let row = gradients + (channel * kernel + kh) * kernel
            row[0] = 0 + (Self.laneSum(l0) + t0)   // as a sum into a zeroed buffer: −0 becomes +0
            row[1] = 0 + (Self.laneSum(l1) + t1)
            row[2] = 0 + (Self.laneSum(l2) + t2)
            row[3] = 0 + (Self.laneSum(l3) + t3)
            row[4] = 0 + (Self.laneSum(l4) + t4)
        }
    }

    /// The lanes of `vector` added from the first to the last, starting from −0: written out rather than
    /// `SIMD.sum()`, whose order the standard library does not promise to keep.
    @inline(__always)
    static func laneSum<V: SIMD>(_ vector: V) -> Float where V.Scalar == Float {
        var sum: Float = -0.0
        for lane in 0..<V.scalarCount { sum += vector[lane] }
        return sum
    }

    /// columns[(c, kh, kw), (b, oh, ow)] = inputs[c, b, oh + kh − p, ow + kw − p] (zero outside the
    /// image). The input planes are first copied inside a border of p zeros (`paddedPlanes`), so that
    /// each output row of a column row is one unclipped run of whole vectors; a vector that runs past
    /// the row's end writes into the next row's place, which is written after it. Any other stride
    /// goes to im2colStrided.
    private func im2col(_ inputs: UnsafePointer<Float>, batch: Int, images: Range<Int>) {
        guard spec.stride == 1 else { return im2colStrided(inputs, batch: batch, images: images) }
        let (kernel, padding) = (spec.kernelSize, spec.padding)
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let chunkPixels = images.count * outH * outW
        let channelCount = input.channels, batchMajor = readsBatchMajorInput
        func plane(channel: Int, image: Int) -> UnsafePointer<Float> {
            inputs + (batchMajor ? image * channelCount + channel : channel * batch + image) * inH * inW
        }
        guard let paddedPlanes else {
            // One-vector rows: each output row is one vector of the input row, read in place.
            for row in 0..<patchSize {
                let channel = row / (kernel * kernel), kh = (row / kernel) % kernel, kw = row % kernel
                var destination = columns + row * chunkPixels
                for image in images {
                    let source = plane(channel: channel, image: image) + kh * inW + kw
                    for oh in 0..<outH { store8(load8(source + oh * inW), destination + oh * 8) }
                    destination += outH * 8
                }
            }
            return
        }
        let paddedW = inW + 2 * padding, paddedPlane = (inH + 2 * padding) * paddedW
        // The borders stay zero from allocation (col2im zeroes what it uses); only the interiors are written.
        for channel in 0..<channelCount {
            for image in images {
                let source = plane(channel: channel, image: image)
                let target = paddedPlanes + (channel * images.count + image - images.lowerBound) * paddedPlane + padding * paddedW + padding
                for ih in 0..<inH { copyRow(source + ih * inW, target + ih * paddedW, count: inW) }
            }
        }
        for row in 0..<patchSize {
            let channel = row / (kernel * kernel), kh = (row / kernel) % kernel, kw = row % kernel
            var destination = columns + row * chunkPixels
            for image in 0..<images.count {
                let source = paddedPlanes + (channel * images.count + image) * paddedPlane + kh * paddedW + kw
                for oh in 0..<outH {
                    let from = source + oh * paddedW
                    var index = 0
                    while index < outW {
                        store8(load8(from + index), destination + index)
                        index += 8
                    }
                    destination += outW
                }
            }
        }
    }

    /// The adjoint of im2col for the chunk `images`: inputGradient[c, b, oh + kh − p, ow + kw − p] =
    /// Σ columns[(c, kh, kw), (b, oh, ow)], each input plane summed in one fixed order of (kh, kw, oh),
    /// starting from +0. The sums run in a plane with a border (the border's sums are dropped), in whole
    /// vectors whose lanes past a row's end add +0: x + 0 is x for every sum that starts from +0 (no
    /// such sum is ever −0). Any other stride goes to col2imStrided.
    private func col2im(into gradient: UnsafeMutablePointer<Float>, batch: Int, images: Range<Int>) {
        guard spec.stride == 1 else { return col2imStrided(into: gradient, batch: batch, images: images) }
        let (kernel, padding) = (spec.kernelSize, spec.padding)
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let chunkPixels = images.count * outH * outW
        let paddedW = inW + 2 * padding, paddedPlane = (inH + 2 * padding) * paddedW
        // Lanes of a row's last vector that lie inside the row.
        let tailLanes = outW % 8 == 0 ? 8 : outW % 8
        let tailMask = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .< SIMD8<Int32>(repeating: Int32(tailLanes))
        for channel in 0..<input.channels {
            for image in images {
                let plane = gradient + (channel * batch + image) * inH * inW
                let source = columns + (image - images.lowerBound) * outH * outW
                guard let paddedPlanes else {
                    plane.update(repeating: 0, count: inH * inW)
                    for kh in 0..<kernel {
                        for kw in 0..<kernel {
                            let rowSource = source + ((channel * kernel + kh) * kernel + kw) * chunkPixels
                            let target = plane + kh * inW + kw
                            for oh in 0..<outH { store8(load8(target + oh * inW) + load8(rowSource + oh * 8), target + oh * inW) }
                        }
                    }
                    continue
                }
                paddedPlanes.update(repeating: 0, count: paddedPlane)
                for kh in 0..<kernel {
                    for kw in 0..<kernel {
                        let rowSource = source + ((channel * kernel + kh) * kernel + kw) * chunkPixels
                        let target = paddedPlanes + kh * paddedW + kw
                        for oh in 0..<outH {
                            let from = rowSource + oh * outW, to = target + oh * paddedW
                            var index = 0
                            while index + 8 < outW {
                                store8(load8(to + index) + load8(from + index), to + index)
                                index += 8
                            }
                            let tail = load8(from + index).replacing(with: 0, where: .!tailMask)
                            store8(load8(to + index) + tail, to + index)
                        }
                    }
                }
                let interior = paddedPlanes + padding * paddedW + padding
                for ih in 0..<inH { copyRow(interior + ih * paddedW, plane + ih * inW, count: inW) }
            }
        }
        // The next chunk's im2col reads the border as zeros.
        paddedPlanes?.update(repeating: 0, count: paddedPlane)
    }

    /// columns[(c, kh, kw), (b, oh, ow)] = inputs[c, b, oh·s + kh − p, ow·s + kw − p], zero outside the
    /// image: im2col for any stride s > 1 and padding p.
    private func im2colStrided(_ inputs: UnsafePointer<Float>, batch: Int, images: Range<Int>) {
        let (kernel, stride, padding) = (spec.kernelSize, spec.stride, spec.padding)
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let chunkPixels = images.count * outH * outW
        let channelCount = input.channels, batchMajor = readsBatchMajorInput
        for row in 0..<patchSize {
            let channel = row / (kernel * kernel), kh = (row / kernel) % kernel, kw = row % kernel
            var destination = columns + row * chunkPixels
            for image in images {
                let planeIndex = batchMajor ? image * channelCount + channel : channel * batch + image
                let plane = inputs + planeIndex * inH * inW
                for oh in 0..<outH {
                    let ih = oh * stride + kh - padding
                    for ow in 0..<outW {
                        let iw = ow * stride + kw - padding
                        destination[ow] = ih >= 0 && ih < inH && iw >= 0 && iw < inW ? plane[ih * inW + iw] : 0
                    }
                    destination += outW
                }
            }
        }
    }

    /// The adjoint of im2colStrided for the chunk `images`, each input plane summed in one fixed order
    /// of (kh, kw, oh, ow).
    private func col2imStrided(into gradient: UnsafeMutablePointer<Float>, batch: Int, images: Range<Int>) {
        let (kernel, stride, padding) = (spec.kernelSize, spec.stride, spec.padding)
        let (inH, inW, outH, outW) = (input.height, input.width, output.height, output.width)
        let chunkPixels = images.count * outH * outW
        for channel in 0..<input.channels {
            for image in images {
                let plane = gradient + (channel * batch + image) * inH * inW
                plane.update(repeating: 0, count: inH * inW)
                for kh in 0..<kernel {
                    for kw in 0..<kernel {
                        let row = (channel * kernel + kh) * kernel + kw
                        let source = columns + row * chunkPixels + (image - images.lowerBound) * outH * outW
                        for oh in 0..<outH {
                            let ih = oh * stride + kh - padding
                            guard ih >= 0 && ih < inH else { continue }
                            for ow in 0..<outW {
                                let iw = ow * stride + kw - padding
                                if iw >= 0 && iw < inW { plane[ih * inW + iw] += source[oh * outW + ow] }
                            }
                        }
                    }
                }
            }
        }
    }
}
