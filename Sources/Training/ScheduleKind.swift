import Foundation
import NeuralNet

/// The learning-rate schedules, by the names the params file and the command line use.
public enum ScheduleKind: String, CaseIterable, Codable, Sendable {
    case constant, cosine, step
}
