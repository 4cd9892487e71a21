import Foundation

/// A network described by a `NetworkArchitecture`, with every buffer it needs for mini-batches of up to
/// `maxBatch` images allocated once, so the training loop allocates nothing.
///
/// The forward order becomes a trunk (the steps before the flatten, on images), the flatten, and a head
/// (the steps after it, on feature vectors). Neighbouring steps that compute as one are fused, which
/// changes no result: a linear layer and the ReLU after it; ReLU and a 2×2 max-pool in either order
/// (max and ReLU commute, and the gradient lands on the same element).
public final class Network {
    /// What the network is.
    public let architecture: NetworkArchitecture
    /// Parameters and gradients, one flat buffer each.
    public let parameters: ParameterStore
    /// Running statistics and other state that is not trained; shared with the replicas.
    public let buffers: BufferStore
    /// The largest mini-batch the buffers hold.
    public let maxBatch: Int
    /// The matrix-product kernel and its scratch, used by this network's layers only.
    private let products: MatrixProducts

    /// The steps before the flatten, on (C, B, H, W) activations.
    private let trunk: [EngineLayer]
    private let flatten: Flatten
    /// The steps after the flatten, on (features, B) activations.
    private let head: [EngineLayer]
    private let loss: ClassificationLoss
    /// Whether a layer of the trunk has parameters (then the head passes a gradient down to it).
    private var trunkHasParameters: Bool { !trunkParameterRanges.isEmpty }
    /// The ranges of the parameter buffer that belong to the trunk, whose gradients the shards add up
    /// (adjacent tensors merged).
    let trunkParameterRanges: [Range<Int>]
    /// The images of the last trunk forward pass, the first trunk layer's input. (B, C, H, W)
    private var lastImages: UnsafePointer<Float>?

    /// When set, every layer's forward and backward is timed into `profile` (for `digits bench`).
    public var isProfiling = false
    /// Seconds spent per layer and direction since the last `resetProfile()`, in network order.
    public private(set) var profile: [LayerTime] = []

    /// Builds the network with zeroed parameters; call `initialize(using:)` or load weights next.
    /// `kernels` and `threads` (which split its large products) change the speed, never the results.
    /// `lossFunction` is applied to what forward returns.
    public convenience init(architecture: NetworkArchitecture, maxBatch: Int, kernels: KernelPath = .widest, threads: Int = 1,
                            lossFunction: LossFunction = .crossEntropy) throws {
        let buffers = BufferStore(shapes: architecture.bufferShapes.map { ($0.name, $0.shape, $0.element) })
        try self.init(architecture: architecture, maxBatch: maxBatch, kernels: kernels, threads: threads,
                      parameters: ParameterStore(shapes: architecture.parameterShapes), buffers: buffers, lossFunction: lossFunction)
        resetBuffers()
    }

    /// A replica of `network` for data-parallel training: the same parameter values, its own gradients
    /// and activation buffers for mini-batches of up to `maxBatch` images.
    public convenience init(replicating network: Network, maxBatch: Int) throws {
        try self.init(architecture: network.architecture, maxBatch: maxBatch, kernels: network.products.kernels, threads: 1,
                      parameters: ParameterStore(sharingValuesWith: network.parameters), buffers: network.buffers,
                      lossFunction: network.lossFunction)
    }

    private init(architecture: NetworkArchitecture, maxBatch: Int, kernels: KernelPath, threads: Int, parameters: ParameterStore,
                 buffers: BufferStore, lossFunction: LossFunction) throws {
        try architecture.validate()
        precondition(maxBatch > 0, "maxBatch must be positive")
        // The images arrive as (B, C, H, W); steps before the first convolution read them as (C, B, H, W),
        // the same memory for one channel (MNIST's).
        precondition(architecture.inputShape.channels == 1 || architecture.forward.first?.layer.is(ConvolutionSpec.self) == true,
                     "an input with several channels must go to a convolution first")
        self.architecture = architecture
        self.maxBatch = maxBatch
        self.parameters = parameters
        self.buffers = buffers
        let products = MatrixProducts(kernels: kernels, threads: threads)
        self.products = products
        let steps = architecture.forward
        let shapes = try architecture.stepShapes()
        var trunk: [EngineLayer] = [], head: [EngineLayer] = []
        var shape = ActivationShape.image(architecture.inputShape)
        var flatten: Flatten?
        var sawParameters = false
        // The parameter tensors of the trunk's layers, whose gradients the shards add up.
        var trunkTensors: [String] = []
        var index = 0
        func isReLU(_ at: Int) -> Bool { at < steps.count && steps[at].layer.is(ReLUSpec.self) }
        func isMaxPool2(_ at: Int) -> Bool {
            guard at < steps.count, let pool = steps[at].layer.as(PoolingSpec.self) else { return false }
            return pool.takesMaximum && pool.kernelSize == 2 && pool.stride == 2 && pool.padding == 0 && pool.dilation == 1 && !pool.ceilMode
        }
        while index < steps.count {
            let step = steps[index]
            let name = NetworkArchitecture.stepName(step)
            let isTrunk = flatten == nil
            var consumed = 1
            var layer: EngineLayer?
            let build = EngineLayerBuild(name: name, input: shape, output: shapes[index], maxBatch: maxBatch, parameters: parameters,
                                         products: products, readsImages: trunk.isEmpty, needsInputGradient: sawParameters, index: index,
                                         buffers: buffers, module: step.module)
            if step.layer.is(FlattenSpec.self) {
                guard case .image(let image) = shape else { preconditionFailure("validated") }
                flatten = Flatten(input: image, maxBatch: maxBatch, inputIsBatchMajor: trunk.isEmpty)
            } else if let linear = step.layer.as(LinearSpec.self), isReLU(index + 1) {
                // Linear + ReLU: the mask is read from the output.
                layer = Linear(spec: linear, appliesReLU: true, maxBatch: maxBatch, parameters: parameters, products: products,
                               needsInputGradient: sawParameters)
                consumed = 2
            } else if (isReLU(index) && isMaxPool2(index + 1)) || (isMaxPool2(index) && isReLU(index + 1)) {
                // ReLU and 2×2 max-pooling in either order: max and ReLU commute, and the gradient lands on the same element.
                guard case .image(let image) = shape else { preconditionFailure("validated") }
                layer = ReLUMaxPool(input: image, maxBatch: maxBatch, name: "relu+max_pool2d(2)" + (trunk.last.map { " after \($0.profileName)" } ?? ""),
                                    needsInputGradient: sawParameters)
                consumed = 2
            } else {
                layer = step.layer.engineKind.engineLayer(build)
            }
            if let layer {
                if isTrunk {
                    trunk.append(layer)
                    if let module = step.module {
                        trunkTensors += step.layer.kind.parameterShapes.map { module + "." + $0.suffix }
                    }
                } else {
                    head.append(layer)
                }
                sawParameters = sawParameters || layer.hasParameters
            }
            index += consumed
            shape = shapes[index - 1]
        }
        guard let flatten else { preconditionFailure("validated: one flatten") }
        self.trunk = trunk
        self.flatten = flatten
        self.head = head
        var ranges: [Range<Int>] = []
        for tensor in parameters.tensors where trunkTensors.contains(tensor.name) {
            let range = tensor.offset..<(tensor.offset + tensor.count)
            if let last = ranges.last, last.upperBound == range.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
            } else {
                ranges.append(range)
            }
        }
        trunkParameterRanges = ranges
        loss = ClassificationLoss(lossFunction, classCount: architecture.classCount, maxBatch: maxBatch)
        let names = trunk.map(\.profileName) + ["flatten"] + head.map(\.profileName) + ["softmax+loss"]
        profile = names.map { LayerTime(layer: $0) }
    }

    /// Sets every entry of `profile` back to zero.
    public func resetProfile() {
        for index in profile.indices { profile[index].forwardSeconds = 0; profile[index].backwardSeconds = 0 }
    }

    /// Runs `body`, adding its wall time to `profile[slot]` when profiling (a trunk layer's slot is its
    /// index, which `ShardedNetwork` uses for the phases of a batch normalisation it runs itself).
    @inline(__always)
    func timed(_ slot: Int, backward: Bool = false, _ body: () -> Void) {
        guard isProfiling else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if backward { profile[slot].backwardSeconds += seconds } else { profile[slot].forwardSeconds += seconds }
    }

    /// Every buffer at its starting value (running means 0, running variances 1, counters 0).
    public func resetBuffers() {
        let fills = Dictionary(uniqueKeysWithValues: architecture.bufferShapes.map { ($0.name, $0.fill) })
        for tensor in buffers.tensors {
            switch tensor.element {
            case .float32: (buffers.floats + tensor.offset).update(repeating: fills[tensor.name] ?? 0, count: tensor.count)
            case .int64: (buffers.integers + tensor.offset).update(repeating: Int64(fills[tensor.name] ?? 0), count: tensor.count)
            }
        }
    }

    /// Every parameter tensor set to its kind's default initialisation (for Conv2d and Linear,
    /// PyTorch's kaiming_uniform with a = √5, which reduces to U(−1/√fan_in, 1/√fan_in), and the same
    /// bound for the bias), drawn module by module in state_dict order from `generator`.
    public func initialize(using generator: inout SplitMix64) {
        for (path, module) in architecture.modulePaths {
            let values = module.layer.kind.initialValues(using: &generator)
            for (tensorShape, tensorValues) in zip(module.layer.kind.parameterShapes, values) {
                guard let tensor = parameters.tensor(named: path + "." + tensorShape.suffix) else { preconditionFailure("every tensor is stored") }
                precondition(tensorValues.count == tensor.count, "initial values of \(tensor.name) fit its shape")
                for (offset, value) in tensorValues.enumerated() { parameters.values[tensor.offset + offset] = value }
            }
        }
        resetBuffers()
    }

    /// The trunk and the flatten of `batch` images (B, C, H, W), their features written as the first
    /// `batch` columns of `destination` (features, leading).
    func forwardFeatures(_ images: UnsafePointer<Float>, batch: Int, into destination: UnsafeMutablePointer<Float>, leading: Int,
                         context: StepContext = .evaluation) {
        lastImages = images
        forwardTrunk(0..<trunk.count, batch: batch, context: context)
        flattenFeatures(batch: batch, into: destination, leading: leading)
    }

    /// Forward passes of the trunk's layers in `layers`, reading the images of the last
    /// `forwardFeatures` or `setImages` (the first layer) or the previous layer's outputs.
    func forwardTrunk(_ layers: Range<Int>, batch: Int, context: StepContext) {
        for index in layers {
            let input = trunkInput(index)
            timed(index) { trunk[index].forward(input, batch: batch, context: context) }
        }
    }

    /// Sets the images the trunk's first layer reads. (B, C, H, W)
    func setImages(_ images: UnsafePointer<Float>) { lastImages = images }

    /// What trunk layer `index` reads: the images, or the outputs of the layer before it.
    func trunkInput(_ index: Int) -> UnsafePointer<Float> {
        guard index > 0 else {
            guard let images = lastImages else { preconditionFailure("images set before the trunk runs") }
            return images
        }
        return UnsafePointer(trunk[index - 1].outputs)
    }

    /// The flatten of the trunk's last outputs into the first `batch` columns of `destination` (features, leading).
    func flattenFeatures(batch: Int, into destination: UnsafeMutablePointer<Float>, leading: Int) {
        let activations = trunk.isEmpty ? trunkInput(0) : UnsafePointer(trunk[trunk.count - 1].outputs)
        timed(trunk.count) { flatten.forward(activations, batch: batch, into: destination, leading: leading) }
    }

    /// Layers before the flatten.
    var trunkLayerCount: Int { trunk.count }

    /// The trunk's batch-normalisation layers by index, whose training passes need the whole batch.
    var trunkBatchNorms: [(index: Int, layer: BatchNorm)] {
        trunk.enumerated().compactMap { entry in (entry.element as? BatchNorm).map { (entry.offset, $0) } }
    }

    /// The head on the features in `headInput` (features, B); returns the logits. (classes, B)
    func forwardHead(batch: Int, context: StepContext = .evaluation) -> UnsafePointer<Float> {
        var activations = UnsafePointer(flatten.outputs)
        for (index, layer) in head.enumerated() {
            timed(trunk.count + 1 + index) { layer.forward(activations, batch: batch, context: context) }
            activations = UnsafePointer(layer.outputs)
        }
        return activations
    }

    /// Where the head reads its input: the flattened features. (features, maxBatch)
    var headInput: UnsafeMutablePointer<Float> { flatten.outputs }

    /// d(loss)/d(features) after `backwardHead`, when the trunk has parameters. (features, B)
    var featureGradient: UnsafePointer<Float>? {
        guard trunkHasParameters else { return nil }
        // Without head layers (global pooling, then flatten) the loss's gradient is the features'.
        return UnsafePointer(head.first?.inputGradient ?? loss.logitGradient)
    }

    /// The loss of the logits `forwardHead` left.
    func headLoss(labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        let logits = lastOutputs
        var result = (lossSum: 0.0, correct: 0)
        timed(profile.count - 1) { result = loss.forward(logits: logits, labels: labels, batch: batch) }
        return result
    }

    /// What forward returned in the last pass: the scores the loss reads. (classes, B)
    var lastOutputs: UnsafePointer<Float> { UnsafePointer(head.last?.outputs ?? flatten.outputs) }

    /// The loss applied to what forward returns.
    public var lossFunction: LossFunction { loss.function }

    /// Softmax probabilities of the last loss computed. (B, classes)
    var probabilities: UnsafePointer<Float> { UnsafePointer(loss.probabilities) }

    /// Per-image losses of the last loss computed. (B)
    var losses: UnsafePointer<Float> { UnsafePointer(loss.losses) }

    /// The loss's gradient, then the head's gradients (from the last layer to the first), after
    /// `forwardHead` and `headLoss`; leaves d(loss)/d(features) in `featureGradient`.
    func backwardHead(labels: UnsafePointer<UInt8>, batch: Int) {
        timed(profile.count - 1, backward: true) { loss.backward(labels: labels, batch: batch) }
        var gradient = loss.logitGradient   // (features of the layer above, B)
        for index in stride(from: head.count - 1, through: 0, by: -1) {
            let input = index > 0 ? UnsafePointer(head[index - 1].outputs) : UnsafePointer(flatten.outputs)
            timed(trunk.count + 1 + index, backward: true) { head[index].backward(input, outputGradient: gradient, batch: batch) }
            guard let next = head[index].inputGradient else { return }
            gradient = next
        }
    }

    /// The trunk's gradients from d(loss)/d(features), given as the first `batch` columns of
    /// `featureGradient` (features, leading).
    func backwardFeatures(_ featureGradient: UnsafePointer<Float>, leading: Int, batch: Int) {
        guard trunkHasParameters else { return }
        unflattenGradient(featureGradient, leading: leading, batch: batch)
        backwardTrunk(0..<trunk.count, batch: batch)
    }

    /// The flatten's backward: d(loss)/d(trunk output) from the features' gradient (features, leading).
    func unflattenGradient(_ featureGradient: UnsafePointer<Float>, leading: Int, batch: Int) {
        timed(trunk.count, backward: true) { flatten.backward(outputGradient: featureGradient, batch: batch, leading: leading) }
    }

    /// d(loss)/d(output of trunk layer `index`): the flatten's input gradient for the last layer, else
    /// the input gradient of the layer above; nil when nothing below needs it.
    func trunkOutputGradient(_ index: Int) -> UnsafeMutablePointer<Float>? {
        index == trunk.count - 1 ? flatten.inputGradient : trunk[index + 1].inputGradient
    }

    /// Backward passes of the trunk's layers in `layers`, from the last to the first, after the layer
    /// above the range (or the flatten) has written its input gradient; stops where nothing below
    /// needs a gradient.
    func backwardTrunk(_ layers: Range<Int>, batch: Int) {
        for index in layers.reversed() {
            guard let gradient = trunkOutputGradient(index) else { return }
            let input = trunkInput(index)
            timed(index, backward: true) { trunk[index].backward(input, outputGradient: gradient, batch: batch) }
        }
    }
}

/// Time spent in one layer, forward and backward (summed over replicas when they are combined).
public struct LayerTime: Equatable, Sendable {
    public var layer: String
    public var forwardSeconds = 0.0
    public var backwardSeconds = 0.0

    public init(layer: String, forwardSeconds: Double = 0, backwardSeconds: Double = 0) {
        self.layer = layer
        self.forwardSeconds = forwardSeconds
        self.backwardSeconds = backwardSeconds
    }
}
