/// A 2-D convolution as PyTorch's `nn.Conv2d(in, out, kernel_size=k)` with stride 1 and no padding.
public struct ConvolutionSpec: Equatable, Sendable {
    /// The attribute name in the PyTorch module, e.g. `conv1`.
    public var name: String
    public var inChannels: Int
    public var outChannels: Int
    public var kernelSize: Int

    public init(name: String, inChannels: Int, outChannels: Int, kernelSize: Int) {
        self.name = name
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
    }
}

/// A fully connected layer as PyTorch's `nn.Linear(in, out)` with bias.
public struct LinearSpec: Equatable, Sendable {
    /// The attribute name in the PyTorch module, e.g. `fc1`.
    public var name: String
    public var inFeatures: Int
    public var outFeatures: Int

    public init(name: String, inFeatures: Int, outFeatures: Int) {
        self.name = name
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }
}

/// The shape of one image: (channels, height, width).
public struct ImageShape: Equatable, Sendable {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Elements in one image.
    public var count: Int { channels * height * width }
}

/// Why an architecture cannot be built.
public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    case emptyLayerList(network: String)
    case channelMismatch(layer: String, expected: Int, found: Int)
    case featureMismatch(layer: String, expected: Int, found: Int)
    case imageTooSmall(layer: String, height: Int, width: Int, kernel: Int)
    case nonPositiveSize(layer: String)

    public var description: String {
        switch self {
        case .emptyLayerList(let network):
            return "\(network) needs at least one linear layer"
        case .channelMismatch(let layer, let expected, let found):
            return "\(layer) takes \(found) input channels but the layer before it gives \(expected)"
        case .featureMismatch(let layer, let expected, let found):
            return "\(layer) takes \(found) input features but the layer before it gives \(expected)"
        case .imageTooSmall(let layer, let height, let width, let kernel):
            return "\(layer) has a \(kernel)x\(kernel) kernel but its input is only \(height)x\(width)"
        case .nonPositiveSize(let layer):
            return "\(layer) has a size of zero or less"
        }
    }
}

/// A CNN of the assignment's family: convolutions, each followed by ReLU and 2×2 max-pooling, then a
/// flatten in (C, H, W) order and linear layers with ReLU between them (none after the last).
/// ReLU and pooling are functions in the PyTorch classes, not modules, so only convolutions and
/// linear layers are named, carry parameters and get a row in the summary.
public struct NetworkArchitecture: Equatable, Sendable {
    /// The PyTorch class name, e.g. `ConvNet`.
    public var className: String
    /// A title for people, e.g. `ConvNet (LeNet-5)`.
    public var title: String
    /// The shape of one input image.
    public var inputShape: ImageShape
    public var convolutions: [ConvolutionSpec]
    public var linears: [LinearSpec]

    public init(className: String, title: String, inputShape: ImageShape, convolutions: [ConvolutionSpec], linears: [LinearSpec]) {
        self.className = className
        self.title = title
        self.inputShape = inputShape
        self.convolutions = convolutions
        self.linears = linears
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

    /// Number of classes: the last linear layer's width.
    public var classCount: Int { linears.last?.outFeatures ?? 0 }

    /// The parameter tensors in PyTorch's state_dict order, with their shapes.
    public var parameterShapes: [(name: String, shape: [Int])] {
        var shapes: [(name: String, shape: [Int])] = []
        for conv in convolutions {
            shapes.append((conv.name + ".weight", [conv.outChannels, conv.inChannels, conv.kernelSize, conv.kernelSize]))
            shapes.append((conv.name + ".bias", [conv.outChannels]))
        }
        for linear in linears {
            shapes.append((linear.name + ".weight", [linear.outFeatures, linear.inFeatures]))
            shapes.append((linear.name + ".bias", [linear.outFeatures]))
        }
        return shapes
    }

    /// The shape after each convolution (before pooling) and after each pooling, found by propagating
    /// the input shape; throws when a layer does not fit the one before it.
    public func convolutionShapes() throws -> [(convolved: ImageShape, pooled: ImageShape)] {
        var shape = inputShape
        var result: [(convolved: ImageShape, pooled: ImageShape)] = []
        for conv in convolutions {
            guard conv.inChannels > 0, conv.outChannels > 0, conv.kernelSize > 0 else {
                throw ArchitectureError.nonPositiveSize(layer: conv.name)
            }
            guard conv.inChannels == shape.channels else {
                throw ArchitectureError.channelMismatch(layer: conv.name, expected: shape.channels, found: conv.inChannels)
            }
            guard shape.height >= conv.kernelSize, shape.width >= conv.kernelSize else {
                throw ArchitectureError.imageTooSmall(layer: conv.name, height: shape.height, width: shape.width, kernel: conv.kernelSize)
            }
            let convolved = ImageShape(channels: conv.outChannels, height: shape.height - conv.kernelSize + 1, width: shape.width - conv.kernelSize + 1)
            // max_pool2d(2) floors odd sizes, as PyTorch does.
            let pooled = ImageShape(channels: convolved.channels, height: convolved.height / 2, width: convolved.width / 2)
            guard pooled.height > 0, pooled.width > 0 else {
                throw ArchitectureError.imageTooSmall(layer: conv.name, height: shape.height, width: shape.width, kernel: conv.kernelSize)
            }
            result.append((convolved, pooled))
            shape = pooled
        }
        return result
    }

    /// Checks that every layer fits the one before it.
    public func validate() throws {
        guard !linears.isEmpty else { throw ArchitectureError.emptyLayerList(network: className) }
        let flattened = try convolutionShapes().last?.pooled.count ?? inputShape.count
        var features = flattened
        for linear in linears {
            guard linear.inFeatures > 0, linear.outFeatures > 0 else { throw ArchitectureError.nonPositiveSize(layer: linear.name) }
            guard linear.inFeatures == features else {
                throw ArchitectureError.featureMismatch(layer: linear.name, expected: features, found: linear.inFeatures)
            }
            features = linear.outFeatures
        }
    }
}
