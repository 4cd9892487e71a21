/// A named module of the PyTorch class: what `print(model)` lists, in registration order.
public struct Module: Hashable, Sendable {
    /// The attribute name, e.g. `conv1`, or a container's child name (`0`).
    public var name: String
    public var layer: Layer

    public init(name: String, layer: Layer) {
        self.name = name
        self.layer = layer
    }

    init(name: String, kind: any EngineLayerKind) {
        self.init(name: name, layer: Layer(kind))
    }
}

/// One step of `forward`: a call of a module (`self.conv1(x)`) or a functional operation (`F.relu(x)`).
public struct ForwardStep: Hashable, Sendable {
    /// The module called, by its path in the class (`conv1`, `features.0`), or nil for a functional operation.
    public var module: String?
    public var layer: Layer

    public init(module: String?, layer: Layer) {
        self.module = module
        self.layer = layer
    }

    /// A functional operation.
    public static func functional(_ layer: Layer) -> ForwardStep { ForwardStep(module: nil, layer: layer) }

    static func functional(_ kind: any EngineLayerKind) -> ForwardStep { ForwardStep(module: nil, layer: Layer(kind)) }

    /// A call of `module`.
    public static func call(_ module: Module) -> ForwardStep { ForwardStep(module: module.name, layer: module.layer) }
}

/// Why an architecture cannot be built; each message names the layer and the numbers.
public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    case channelMismatch(layer: String, expected: Int, found: Int)
    /// `featuresText` says where the features come from, e.g. `50×5×5 = 1,250`.
    case featureMismatch(layer: String, expected: Int, found: Int, featuresText: String)
    case imageTooSmall(layer: String, height: Int, width: Int, window: Int)
    case nonPositiveSize(layer: String)
    case needsImage(layer: String)
    case needsFeatures(layer: String)
    case flattenCount(found: Int)
    case wrongClassCount(expected: Int, found: Int)
    case moduleUsedTwice(name: String)
    case badProbability(layer: String, probability: Double)
    /// A `view(-1, N)` whose N is not what the image holds.
    case viewMismatch(step: String, stated: Int, image: ImageShape)
    /// More than the engine allocates for: `what` says which limit, e.g. `parameters`.
    case tooLarge(what: String, found: Int, limit: Int)

    /// The module or step the error is about, when it is about one.
    public var layer: String? {
        switch self {
        case .channelMismatch(let layer, _, _), .featureMismatch(let layer, _, _, _), .imageTooSmall(let layer, _, _, _),
             .nonPositiveSize(let layer), .needsImage(let layer), .needsFeatures(let layer), .badProbability(let layer, _):
            return layer
        case .moduleUsedTwice(let name):
            return name
        case .viewMismatch(let step, _, _):
            return step
        case .flattenCount, .wrongClassCount, .tooLarge:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .channelMismatch(let layer, let expected, let found):
            return "\(layer) expects \(found) input channels but the forward order gives it \(expected)"
        case .featureMismatch(let layer, _, let found, let featuresText):
            return "\(layer) expects \(groupedThousands(found)) inputs but the forward order gives it \(featuresText)"
        case .imageTooSmall(let layer, let height, let width, let window):
            return "\(layer) has a \(window)×\(window) window but its input is only \(height)×\(width)"
        case .nonPositiveSize(let layer):
            return "\(layer) has a size of zero or less"
        case .needsImage(let layer):
            return "\(layer) needs an image (C, H, W) but comes after flatten"
        case .needsFeatures(let layer):
            return "\(layer) needs flattened features; add flatten before it in the forward order"
        case .flattenCount(let found):
            return "the forward order must flatten exactly once (before the first Linear), found \(found)"
        case .wrongClassCount(let expected, let found):
            return "the forward order must end with \(expected) features (one per digit), got \(groupedThousands(found))"
        case .moduleUsedTwice(let name):
            return "\(name) has parameters and is used twice in the forward order; sharing weights is not supported"
        case .badProbability(let layer, let probability):
            return "\(layer) has dropout probability \(probability); it must be in [0, 1)"
        case .viewMismatch(let step, let stated, let image):
            return "\(step) makes \(groupedThousands(stated)) features but the image it flattens is \(image.channels)×\(image.height)×\(image.width) = \(groupedThousands(image.count))"
        case .tooLarge(let what, let found, let limit):
            return "the network has \(groupedThousands(found)) \(what); at most \(groupedThousands(limit)) are supported"
        }
    }
}

/// 1234567 → "1,234,567": Python's `"{:,}".format(n)`, which messages about sizes and the printouts
/// (`PythonFormat.grouped`) both use.
public func groupedThousands(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return value < 0 ? "-" + result : result
}

/// A network as its PyTorch class defines it: the modules `__init__` registers (in that order, which is
/// also the order of the state_dict) and the steps of `forward`, modules and functional operations.
/// The engine supports one shape of forward pass: image steps (convolutions, pooling), one flatten,
/// then feature steps (linear layers); ReLU and dropout anywhere.
public struct NetworkArchitecture: Hashable, Sendable {
    /// The PyTorch class name, e.g. `ConvNet`.
    public var className: String
    /// A title for people, e.g. `ConvNet (LeNet-5)`.
    public var title: String
    /// The shape of one input image.
    public var inputShape: ImageShape
    /// The registered modules, in registration order.
    public var modules: [Module]
    /// The steps of `forward`, in order.
    public var forward: [ForwardStep]
    /// The classes the last step must give one score each (the ten digits).
    public var classCount = 10
    /// The Python file the class was read from, as the params file or the command line names it; not
    /// part of what the network is (a comment or a move of the file changes nothing).
    public var sourceFile: String?

    public static func == (a: NetworkArchitecture, b: NetworkArchitecture) -> Bool {
        a.className == b.className && a.title == b.title && a.inputShape == b.inputShape && a.modules == b.modules
            && a.forward == b.forward && a.classCount == b.classCount
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(className)
        hasher.combine(title)
        hasher.combine(inputShape)
        hasher.combine(modules)
        hasher.combine(forward)
        hasher.combine(classCount)
    }

    /// Limits that keep a description's numbers within what the engine can index: parameters, values
    /// one step gives per image, steps of the forward order. Whether a network fits in memory is
    /// `checkBufferSize`'s estimate, for the batch it trains with.
    public static let maximumParameters = 1_000_000_000
    public static let maximumStepOutput = 2_000_000
    public static let maximumSteps = 200
    /// A convolution's im2col columns for one image (inC·k·k × outH·outW), which it allocates whatever the batch.
    public static let maximumColumns = 16_000_000
    /// Multiply-adds of one image's forward pass: beyond this one training step takes minutes.
    public static let maximumMultiplyAdds = 2_000_000_000
    /// The most memory a network may take (`memoryBytes(batch:)`): buffers, parameters, gradients, Adam's moments.
    public static let maximumBufferBytes = 8 << 30

    public init(className: String, title: String, inputShape: ImageShape, modules: [Module], forward: [ForwardStep]) {
        self.className = className
        self.title = title
        self.inputShape = inputShape
        self.modules = modules
        self.forward = forward
    }

    /// The assignment's family: each convolution followed by ReLU and 2×2 max-pooling (functional),
    /// then a flatten and the linear layers with ReLU between them (none after the last).
    public init(className: String, title: String, inputShape: ImageShape, convolutions: [ConvolutionSpec], linears: [LinearSpec]) {
        var modules: [Module] = convolutions.map { Module(name: $0.name, kind: $0) }
        modules += linears.map { Module(name: $0.name, kind: $0) }
        var forward: [ForwardStep] = []
        for conv in convolutions {
            forward += [ForwardStep(module: conv.name, layer: Layer(conv)), .functional(ReLUSpec()), .functional(PoolingSpec(kernelSize: 2))]
        }
        forward.append(.functional(FlattenSpec()))
        for (index, linear) in linears.enumerated() {
            forward.append(ForwardStep(module: linear.name, layer: Layer(linear)))
            if index < linears.count - 1 { forward.append(.functional(ReLUSpec())) }
        }
        self.init(className: className, title: title, inputShape: inputShape, modules: modules, forward: forward)
        classCount = linears.last?.outFeatures ?? 10
    }

    /// LeNet-5 as in the assignment: 44,426 parameters.
    /// Deviations from LeCun et al. (1998): ReLU instead of scaled tanh, max-pooling instead of trainable
    /// sub-sampling, full connection between conv1 and conv2, and no padding of the 28×28 input, so
    /// fc1 sees 16×4×4 = 256 features rather than 16×5×5.
    public static let convNet = NetworkArchitecture(
        className: "ConvNet", title: "ConvNet (LeNet-5)",
        inputShape: ImageShape(channels: 1, height: 28, width: 28),
        convolutions: [
            ConvolutionSpec(name: "conv1", inChannels: 1, outChannels: 6, kernelSize: 5),
            ConvolutionSpec(name: "conv2", inChannels: 6, outChannels: 16, kernelSize: 5),
        ],
        linears: [
            LinearSpec(name: "fc1", inFeatures: 256, outFeatures: 120),
            LinearSpec(name: "fc2", inFeatures: 120, outFeatures: 84),
            LinearSpec(name: "fc3", inFeatures: 84, outFeatures: 10),
        ])

    /// MyNet as in the assignment: 431,080 parameters.
    public static let myNet = NetworkArchitecture(
        className: "MyNet", title: "MyNet",
        inputShape: ImageShape(channels: 1, height: 28, width: 28),
        convolutions: [
            ConvolutionSpec(name: "conv1", inChannels: 1, outChannels: 20, kernelSize: 5),
            ConvolutionSpec(name: "conv2", inChannels: 20, outChannels: 50, kernelSize: 5),
        ],
        linears: [
            LinearSpec(name: "fc1", inFeatures: 800, outFeatures: 500),
            LinearSpec(name: "fc2", inFeatures: 500, outFeatures: 10),
        ])

    /// Every module with its path in the class (`conv1`, `features.0`), depth first in registration
    /// order: the order of the state_dict.
    public var modulePaths: [(path: String, module: Module)] {
        var result: [(path: String, module: Module)] = []
        func visit(_ modules: [Module], prefix: String) {
            for module in modules {
                let path = prefix + module.name
                result.append((path, module))
                if let container = module.layer.as(SequentialSpec.self) { visit(container.children, prefix: path + ".") }
            }
        }
        visit(modules, prefix: "")
        return result
    }

    /// The module at `path`, if any.
    public func module(at path: String) -> Module? {
        modulePaths.first { $0.path == path }?.module
    }

    /// Whether forward ends in `log_softmax` (its outputs are log-probabilities, as `F.nll_loss` needs).
    public var returnsLogProbabilities: Bool { forward.last?.layer.as(SoftmaxSpec.self)?.takesLog == true }

    /// The convolutions, in registration order.
    public var convolutions: [ConvolutionSpec] { modulePaths.compactMap { $0.module.layer.as(ConvolutionSpec.self) } }

    /// The linear layers, in registration order.
    public var linears: [LinearSpec] { modulePaths.compactMap { $0.module.layer.as(LinearSpec.self) } }

    /// The parameter tensors in PyTorch's state_dict order (registration order), with their shapes.
    public var parameterShapes: [(name: String, shape: [Int])] {
        modulePaths.flatMap { entry in entry.module.layer.kind.parameterShapes.map { (entry.path + "." + $0.suffix, $0.shape) } }
    }

    /// The buffers (running statistics) in state_dict order, with their shapes, element types and starting values.
    public var bufferShapes: [(name: String, shape: [Int], element: BufferTensor.Element, fill: Float)] {
        modulePaths.flatMap { entry in
            entry.module.layer.kind.bufferShapes.map { (entry.path + "." + $0.suffix, $0.shape, $0.element, $0.fill) }
        }
    }

    /// Every state_dict entry (parameters and buffers) in PyTorch's order: module by module, its
    /// parameters, then its buffers.
    public var stateDictShapes: [(name: String, shape: [Int])] {
        modulePaths.flatMap { entry in
            entry.module.layer.kind.parameterShapes.map { (entry.path + "." + $0.suffix, $0.shape) }
                + entry.module.layer.kind.bufferShapes.map { (entry.path + "." + $0.suffix, $0.shape) }
        }
    }

    /// How a step is named in messages: its module, or the functional operation as a forward list writes it.
    public static func stepName(_ step: ForwardStep) -> String {
        DescriptionSyntax.stepText(step)
    }

    /// The shape after every step of `forward`, found by propagating the input shape; throws, naming
    /// the layer and the numbers, when a step does not fit the one before it.
    public func stepShapes() throws(ArchitectureError) -> [ActivationShape] {
        var shape = ActivationShape.image(inputShape)
        // The image a flatten turned into features, for the message of a mismatched first Linear.
        var flattenedFrom: ImageShape?
        var shapes: [ActivationShape] = []
        guard forward.count <= Self.maximumSteps else { throw .tooLarge(what: "steps in its forward order", found: forward.count, limit: Self.maximumSteps) }
        // Saturating: a description's sizes can multiply past Int.max (a 1,000,000-channel 10,000×10,000 kernel).
        func saturated(_ result: (partialValue: Int, overflow: Bool)) -> Int { result.overflow ? Int.max : result.partialValue }
        let parameterCount = parameterShapes.reduce(0) { total, tensor in
            saturated(tensor.shape.reduce(1) { saturated($0.multipliedReportingOverflow(by: $1)) }.addingReportingOverflow(total))
        }
        var multiplyAdds = 0
        for step in forward {
            let name = Self.stepName(step)
            let input = shape
            do {
                shape = try step.layer.kind.outputShape(for: input, name: name)
            } catch .featureMismatch(let layer, let expected, let found, _) where flattenedFrom != nil {
                let image = flattenedFrom!
                throw .featureMismatch(layer: layer, expected: expected, found: found,
                                       featuresText: "\(image.channels)×\(image.height)×\(image.width) = \(groupedThousands(expected))")
            } catch .needsImage where step.layer.is(FlattenSpec.self) {
                throw .flattenCount(found: forward.filter { $0.layer.is(FlattenSpec.self) }.count)
            }
            if step.layer.is(FlattenSpec.self), case .image(let image) = input { flattenedFrom = image }
            if step.layer.kind.hasParameters { flattenedFrom = nil }
            multiplyAdds = saturated(multiplyAdds.addingReportingOverflow(step.layer.kind.multiplyAdds(input: input, output: shape)))
            guard shape.count <= Self.maximumStepOutput else {
                throw .tooLarge(what: "values per image after \(name)", found: shape.count, limit: Self.maximumStepOutput)
            }
            shapes.append(shape)
        }
        guard parameterCount <= Self.maximumParameters else {
            throw .tooLarge(what: "parameters", found: parameterCount, limit: Self.maximumParameters)
        }
        guard multiplyAdds <= Self.maximumMultiplyAdds else {
            throw .tooLarge(what: "multiply-adds per image", found: multiplyAdds, limit: Self.maximumMultiplyAdds)
        }
        return shapes
    }

    /// The multiply-adds of one image's forward pass (0 for an architecture that does not build), a
    /// measure of how long it takes to train compared with another.
    public func multiplyAddsPerImage() -> Int {
        guard let shapes = try? stepShapes() else { return 0 }
        var input = ActivationShape.image(inputShape)
        var total = 0
        for (step, output) in zip(forward, shapes) {
            total = total.addingReportingOverflow(step.layer.kind.multiplyAdds(input: input, output: output)).partialValue
            input = output
        }
        return total
    }

    /// About how many bytes of buffers one image of a mini-batch takes: every step's output, its
    /// gradient and the sharded trunk's copies, four times the values of the forward pass in floats.
    public func bufferBytesPerImage() throws(ArchitectureError) -> Int {
        let values = try stepShapes().reduce(inputShape.count) { $0 + $1.count }
        return 4 * values * MemoryLayout<Float>.size
    }

    /// About how many bytes training with mini-batches of `batch` images takes: the activations'
    /// buffers, the parameters with their gradients and Adam's two moments (16 bytes each), and every
    /// trunk replica's gradients of the trunk's parameters.
    public func memoryBytes(batch: Int) throws(ArchitectureError) -> Int {
        let perImage = try bufferBytesPerImage()
        var trunkParameters = 0
        for step in forward {
            if step.layer.is(FlattenSpec.self) { break }
            if step.module != nil { trunkParameters += step.layer.kind.parameterShapes.reduce(0) { $0 + saturatingProduct($1.shape) } }
        }
        let parameters = parameterShapes.reduce(0) { $0 + saturatingProduct($1.shape) }
        let shards = (batch + ShardedNetwork.shardSize - 1) / ShardedNetwork.shardSize
        let terms = [saturatingProduct([perImage, batch]), saturatingProduct([parameters, 16]), saturatingProduct([trunkParameters, 4, shards])]
        return terms.reduce(0) { total, term in
            let (sum, overflow) = total.addingReportingOverflow(term)
            return overflow ? Int.max : sum
        }
    }

    /// Throws when training with mini-batches of `batch` images would take more than `maximumBufferBytes`.
    public func checkBufferSize(batch: Int) throws(ArchitectureError) {
        let total = try memoryBytes(batch: batch)
        guard total <= Self.maximumBufferBytes else {
            throw .tooLarge(what: "bytes of memory for mini-batches of \(groupedThousands(batch)) images", found: total, limit: Self.maximumBufferBytes)
        }
    }

    /// Checks that every step fits the one before it, that the forward order has the shape the engine
    /// runs (image steps, one flatten, a linear layer after it) and ends with one score per class, and
    /// that every module is used (a module with parameters exactly once).
    public func validate() throws(ArchitectureError) {
        let shapes = try stepShapes()
        let flattens = forward.filter { $0.layer.is(FlattenSpec.self) }.count
        guard flattens == 1 else { throw .flattenCount(found: flattens) }
        // A module registered but never called is kept, as PyTorch keeps it: in print(model) and the
        // state_dict, without a row in torchsummary's table.
        for (path, module) in modulePaths where !module.layer.is(SequentialSpec.self) {
            let uses = forward.filter { $0.module == path }.count
            if uses > 1 && module.layer.kind.hasParameters { throw .moduleUsedTwice(name: path) }
        }
        let output = shapes.last?.count ?? 0
        guard output == classCount else { throw .wrongClassCount(expected: classCount, found: output) }
    }
}
