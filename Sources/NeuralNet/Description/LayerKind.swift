/// Everything about one kind of module or functional step that is not the engine: PyTorch's syntax
/// and defaults (read by the kind's `parse`), the shape it gives, its parameter tensors and their
/// initialisation, and how `print(model)`, the params file, the forward pass in words and the exported
/// class write it. Each kind is one type in `Sources/NeuralNet/Layers/`, together with its engine layer.
public protocol LayerKind: Sendable {
    /// PyTorch's class of the module form: `Conv2d`, `ReLU`.
    var moduleType: String { get }
    /// The constructor as a params file writes it, short and canonical: positional for the required
    /// arguments, keywords for the others where they differ from PyTorch's defaults
    /// (`Conv2d(1, 32, 3, padding=1)`). Two layers are the same layer when their constructors are.
    var constructor: String { get }
    /// The constructor as Python source, every module class after `prefix` (`nn.`).
    func pythonConstructor(prefix: String) -> String
    /// The module as `print(model)` shows it: `Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))`.
    /// `indent` is the nesting level, for containers whose children take lines of their own.
    func repr(indent: Int) -> String
    /// The functional form as a forward list writes it (`relu`, `max_pool2d(2)`), nil for a kind that
    /// is only a module.
    var functionalText: String? { get }
    /// The functional form applied to `x` in the exported class (`F.max_pool2d(x, 2)`).
    var functionalCall: String? { get }
    /// The step in words, for the forward pass as the report writes it (`max-pool 2`, `5×5 conv`).
    var words: String { get }
    /// The parameter tensors after the module's name (`weight`, `bias`) and their shapes, in state_dict order.
    var parameterShapes: [(suffix: String, shape: [Int])] { get }
    /// Buffers after the module's name (`running_mean`), with their shapes, element type and starting
    /// value, in state_dict order (after the parameters).
    var bufferShapes: [(suffix: String, shape: [Int], element: BufferTensor.Element, fill: Float)] { get }
    /// The shape of one image after the step; throws, naming the step `name`, when its input does not fit.
    func outputShape(for input: ActivationShape, name: String) throws(ArchitectureError) -> ActivationShape
    /// Multiply-adds of one image's forward pass (weight × input products only).
    func multiplyAdds(input: ActivationShape, output: ActivationShape) -> Int
    /// The parameter tensors' starting values (PyTorch's default initialisation), in the order of
    /// `parameterShapes`, drawn from `generator` in that order.
    func initialValues(using generator: inout SplitMix64) -> [[Float]]
}

extension LayerKind {
    public func pythonConstructor(prefix: String) -> String { prefix + constructor }
    public func repr(indent: Int) -> String { constructor }
    public var functionalText: String? { nil }
    public var functionalCall: String? { nil }
    public var words: String { moduleType }
    public var parameterShapes: [(suffix: String, shape: [Int])] { [] }
    public var bufferShapes: [(suffix: String, shape: [Int], element: BufferTensor.Element, fill: Float)] { [] }
    public func multiplyAdds(input: ActivationShape, output: ActivationShape) -> Int { 0 }
    public func initialValues(using generator: inout SplitMix64) -> [[Float]] { [] }
    /// Whether the kind has parameter tensors.
    public var hasParameters: Bool { !parameterShapes.isEmpty }
}

/// A kind the engine runs and a description can name: how its module and functional forms are read,
/// and the engine layer that computes it.
protocol EngineLayerKind: LayerKind {
    /// The module classes this kind reads (`Conv2d`; `MaxPool2d` and `AvgPool2d`), none for a kind
    /// with only a functional form.
    static var moduleNames: [String] { get }
    /// The functional names this kind reads (`relu`, `max_pool2d`), without `F.` or `torch.`.
    static var functionNames: [String] { get }
    /// The kind from its module constructor; `path` is the module's place in the class (`features.0`).
    static func module(_ call: PythonCall, path: String) throws(DescriptionSyntax.Failure) -> Self
    /// The kind from a functional call; the tensor argument (`x`) is already removed.
    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> Self
    /// The engine layer of this step over preallocated buffers.
    func engineLayer(_ build: EngineLayerBuild) -> EngineLayer
}

extension EngineLayerKind {
    static var moduleNames: [String] { [] }
    static var functionNames: [String] { [] }
    static func functional(_ call: PythonCall) throws(DescriptionSyntax.Failure) -> Self {
        throw DescriptionSyntax.Failure("\(call.name) has no functional form")
    }
}

/// What an engine layer is built from: the step, its place and its buffers' sizes.
struct EngineLayerBuild {
    /// The module's path (`conv1`, `features.0`) or the functional step's text: the profile's name.
    var name: String
    var input: ActivationShape
    var output: ActivationShape
    var maxBatch: Int
    var parameters: ParameterStore
    var products: MatrixProducts
    /// The step reads the network's input images (B, C, H, W) rather than an activation (C, B, H, W).
    var readsImages: Bool
    /// A layer below has parameters, so this one must pass the gradient down.
    var needsInputGradient: Bool
    /// The step's index in the forward order, which keys its random masks.
    var index: Int
    /// The network's buffers (running statistics), shared by its replicas.
    var buffers: BufferStore
    /// The module's path, for the kinds that find their tensors by name.
    var module: String?
}
