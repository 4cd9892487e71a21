import Foundation

/// A network of the `NetworkArchitecture` family with every buffer it needs for mini-batches of up to
/// `maxBatch` images allocated once, so the training loop allocates nothing.
public final class Network {
    /// What the network is.
    public let architecture: NetworkArchitecture
    /// Parameters and gradients, one flat buffer each.
    public let parameters: ParameterStore
    /// The largest mini-batch the buffers hold.
    public let maxBatch: Int
    /// The matrix-product kernel and its scratch, used by this network's layers only.
    private let engine: GEMMEngine

    private let convolutions: [Conv2d]
    private let pools: [ReLUMaxPool]
    private let flatten: Flatten
    private let linears: [Linear]
    private let loss: SoftmaxCrossEntropy

    /// When set, every layer's forward and backward is timed into `profile` (for `digits bench`).
    public var isProfiling = false
    /// Seconds spent per layer and direction since the last `resetProfile()`, in network order.
    public private(set) var profile: [LayerTime] = []

    /// Builds the network with zeroed parameters; call `initialize(using:)` or load weights next.
    /// `kernels` and `threads` (which split its large products) change the speed, never the results.
    public convenience init(architecture: NetworkArchitecture, maxBatch: Int, kernels: KernelPath = .widest, threads: Int = 1) throws {
        try self.init(architecture: architecture, maxBatch: maxBatch, kernels: kernels, threads: threads,
                      parameters: ParameterStore(shapes: architecture.parameterShapes))
    }

    /// A replica of `network` for data-parallel training: the same parameter values, its own gradients
    /// and activation buffers for mini-batches of up to `maxBatch` images.
    public convenience init(replicating network: Network, maxBatch: Int) throws {
        try self.init(architecture: network.architecture, maxBatch: maxBatch, kernels: network.engine.kernels, threads: 1,
                      parameters: ParameterStore(sharingValuesWith: network.parameters))
    }

    private init(architecture: NetworkArchitecture, maxBatch: Int, kernels: KernelPath, threads: Int, parameters: ParameterStore) throws {
        try architecture.validate()
        precondition(maxBatch > 0, "maxBatch must be positive")
        self.architecture = architecture
        self.maxBatch = maxBatch
        self.parameters = parameters
        let engine = GEMMEngine(kernels: kernels, threads: threads)
        self.engine = engine
        var shape = architecture.inputShape
        var convolutions: [Conv2d] = []
        var pools: [ReLUMaxPool] = []
        for (index, spec) in architecture.convolutions.enumerated() {
            // The first layer's input is the data: read as given, no gradient needed there.
            let conv = Conv2d(spec: spec, input: shape, maxBatch: maxBatch, parameters: parameters, engine: engine,
                              isFirstLayer: index == 0)
            let pool = ReLUMaxPool(input: conv.output, maxBatch: maxBatch)
            convolutions.append(conv)
            pools.append(pool)
            shape = pool.output
        }
        let hasConvolutions = !convolutions.isEmpty
        flatten = Flatten(input: shape, maxBatch: maxBatch, inputIsBatchMajor: !hasConvolutions)
        let store = parameters
        linears = architecture.linears.enumerated().map { index, spec in
            Linear(spec: spec, appliesReLU: index < architecture.linears.count - 1, maxBatch: maxBatch,
                   parameters: store, engine: engine, needsInputGradient: index > 0 || hasConvolutions)
        }
        self.convolutions = convolutions
        self.pools = pools
        loss = SoftmaxCrossEntropy(classCount: architecture.classCount, maxBatch: maxBatch)
        var names: [String] = []
        for conv in convolutions { names += [conv.spec.name, "relu+maxpool after \(conv.spec.name)"] }
        names.append("flatten")
        names += linears.map { $0.appliesReLU ? $0.spec.name + "+relu" : $0.spec.name }
        names.append("softmax+loss")
        profile = names.map { LayerTime(layer: $0) }
    }

    /// Sets every entry of `profile` back to zero.
    public func resetProfile() {
        for index in profile.indices { profile[index].forwardSeconds = 0; profile[index].backwardSeconds = 0 }
    }

    /// Runs `body`, adding its wall time to `profile[slot]` when profiling.
    @inline(__always)
    private func timed(_ slot: Int, backward: Bool = false, _ body: () -> Void) {
        guard isProfiling else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if backward { profile[slot].backwardSeconds += seconds } else { profile[slot].forwardSeconds += seconds }
    }

    /// PyTorch's default initialisation for `Conv2d` and `Linear` (kaiming_uniform with a = √5, which
    /// reduces to U(−1/√fan_in, 1/√fan_in), and the same bound for the bias), drawn tensor by tensor in
    /// state_dict order from `generator`.
    public func initialize(using generator: inout SplitMix64) {
        for tensor in parameters.tensors {
            let weightName = tensor.name.hasSuffix(".bias") ? String(tensor.name.dropLast(5)) + ".weight" : tensor.name
            guard let weight = parameters.tensor(named: weightName) else { continue }
            let fanIn = weight.shape.dropFirst().reduce(1, *)
            let bound = 1 / Float(Double(fanIn).squareRoot())
            for index in 0..<tensor.count {
                parameters.values[tensor.offset + index] = generator.nextFloat(in: -bound, bound)
            }
        }
    }

    /// Runs the forward pass on `batch` images (B, C, H, W) and returns the logits, feature-major. (classes, B)
    @discardableResult
    func forward(_ images: UnsafePointer<Float>, batch: Int) -> UnsafePointer<Float> {
        precondition(batch > 0 && batch <= maxBatch, "batch \(batch) outside 1...\(maxBatch)")
        forwardFeatures(images, batch: batch, into: flatten.outputs, leading: batch)
        return forwardHead(batch: batch)
    }

    /// The convolutional trunk: convolutions, ReLU, pooling and flatten of `batch` images (B, C, H, W),
    /// their features written as the first `batch` columns of `destination` (features, leading).
    func forwardFeatures(_ images: UnsafePointer<Float>, batch: Int, into destination: UnsafeMutablePointer<Float>, leading: Int) {
        var activations = images
        for (index, (conv, pool)) in zip(convolutions, pools).enumerated() {
            timed(2 * index) { conv.forward(activations, batch: batch) }
            timed(2 * index + 1) { pool.forward(conv.outputs, batch: batch) }
            activations = UnsafePointer(pool.outputs)
        }
        timed(2 * convolutions.count) { flatten.forward(activations, batch: batch, into: destination, leading: leading) }
    }

    /// The linear head on the features in `headInput` (features, B); returns the logits. (classes, B)
    func forwardHead(batch: Int) -> UnsafePointer<Float> {
        var activations = UnsafePointer(flatten.outputs)
        for (index, linear) in linears.enumerated() {
            timed(2 * convolutions.count + 1 + index) { linear.forward(activations, batch: batch) }
            activations = UnsafePointer(linear.outputs)
        }
        return activations
    }

    /// Where the linear head reads its input: the flattened features. (features, maxBatch)
    var headInput: UnsafeMutablePointer<Float> { flatten.outputs }

    /// d(loss)/d(features) after `backwardHead`, when the network has convolutions. (features, B)
    var featureGradient: UnsafePointer<Float>? { linears.first?.inputGradient.map { UnsafePointer($0) } }

    /// Parameters of the trunk (the convolutions): the first ones in state_dict order.
    var trunkParameterCount: Int {
        linears.first.flatMap { parameters.tensor(named: $0.spec.name + ".weight")?.offset } ?? parameters.count
    }

    /// Forward pass plus loss: summed loss and correct predictions over the batch; the softmax
    /// probabilities are then in `probabilities`.
    func evaluate(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        forward(images, batch: batch)
        return headLoss(labels: labels, batch: batch)
    }

    /// The loss of the logits `forwardHead` left.
    func headLoss(labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        let logits = UnsafePointer(linears.last?.outputs ?? flatten.outputs)
        var result = (lossSum: 0.0, correct: 0)
        timed(profile.count - 1) { result = loss.forward(logits: logits, labels: labels, batch: batch) }
        return result
    }

    /// Softmax probabilities of the last `evaluate` or `trainingStep`. (B, classes)
    var probabilities: UnsafePointer<Float> { UnsafePointer(loss.probabilities) }

    /// Per-image losses of the last `evaluate` or `trainingStep`. (B)
    var losses: UnsafePointer<Float> { UnsafePointer(loss.losses) }

    /// One forward and backward pass: every gradient is overwritten with d(mean loss)/dθ (each layer
    /// writes its own, so nothing needs zeroing first).
    /// Returns the summed loss and number of correct predictions of the batch (before the update).
    func trainingStep(_ images: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int) -> (lossSum: Double, correct: Int) {
        let result = evaluate(images, labels: labels, batch: batch)
        backwardHead(labels: labels, batch: batch)
        if let featureGradient { backwardFeatures(featureGradient, leading: batch, batch: batch) }
        return result
    }

    /// The loss's gradient, then the linear layers' gradients (from the last to the first), after
    /// `forwardHead` and `headLoss`; leaves d(loss)/d(features) in `featureGradient`.
    func backwardHead(labels: UnsafePointer<UInt8>, batch: Int) {
        timed(profile.count - 1, backward: true) { loss.backward(labels: labels, batch: batch) }
        var gradient = loss.logitGradient   // (features of the layer above, B)
        let firstLinearSlot = 2 * convolutions.count + 1
        for index in stride(from: linears.count - 1, through: 0, by: -1) {
            let input = index > 0 ? UnsafePointer(linears[index - 1].outputs) : UnsafePointer(flatten.outputs)
            timed(firstLinearSlot + index, backward: true) { linears[index].backward(input, outputGradient: gradient, batch: batch) }
            if let next = linears[index].inputGradient { gradient = next }
        }
    }

    /// The trunk's gradients from d(loss)/d(features), given as the first `batch` columns of
    /// `featureGradient` (features, leading).
    func backwardFeatures(_ featureGradient: UnsafePointer<Float>, leading: Int, batch: Int) {
        guard !convolutions.isEmpty else { return }
        timed(2 * convolutions.count, backward: true) { flatten.backward(outputGradient: featureGradient, batch: batch, leading: leading) }
        var poolGradient = UnsafePointer(flatten.inputGradient)   // (C, B, H, W)
        for index in stride(from: convolutions.count - 1, through: 0, by: -1) {
            timed(2 * index + 1, backward: true) { pools[index].backward(outputGradient: poolGradient, batch: batch) }
            timed(2 * index, backward: true) { convolutions[index].backward(outputGradient: pools[index].inputGradient, batch: batch) }
            if let next = convolutions[index].inputGradient { poolGradient = UnsafePointer(next) }
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
