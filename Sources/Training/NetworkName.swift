import Foundation
import NeuralNet

/// The two networks of the assignment, by their command-line names.
public enum NetworkName: String, CaseIterable, Codable, Sendable {
    case convnet, mynet

    /// The built-in layer structure, used when the params file describes none.
    public var architecture: NetworkArchitecture {
        switch self {
        case .convnet: return .convNet
        case .mynet: return .myNet
        }
    }

    /// The file-name prefix of the assignment's figures (`conv_train.png`, `mynet_val.png`).
    public var figurePrefix: String {
        switch self {
        case .convnet: return "conv"
        case .mynet: return "mynet"
        }
    }
}
