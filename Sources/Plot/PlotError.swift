/// Everything that can go wrong while drawing or encoding a figure; each case names the figure it concerns
/// (e.g. "confusion matrix 'ConvNet: test confusion matrix'").
enum PlotError: Error, Equatable, CustomStringConvertible {
    /// The data handed to a figure cannot be drawn: a non-square or negative confusion matrix,
    /// or a digit tile without 784 pixels.
    case invalidData(figure: String, reason: String)
    /// cairo reported an error while creating a surface, drawing, or encoding the result.
    case cairoFailure(figure: String, operation: String, status: String)

    /// One line saying which figure failed and why.
    var description: String {
        switch self {
        case .invalidData(let figure, let reason): "Cannot draw the \(figure): \(reason)."
        case .cairoFailure(let figure, let operation, let status): "Cannot draw the \(figure): cairo failed to \(operation) (\(status))."
        }
    }
}
