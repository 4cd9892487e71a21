import ArgumentParser
import Training

/// Which networks a command covers.
enum NetworkChoice: String, ExpressibleByArgument, CaseIterable {
    case convnet, mynet, all

    var networks: [NetworkName] {
        switch self {
        case .convnet: return [.convnet]
        case .mynet: return [.mynet]
        case .all: return NetworkName.allCases
        }
    }
}
