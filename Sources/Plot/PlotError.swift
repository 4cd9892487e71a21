/// Everything that can go wrong while laying out or writing a figure.
///
/// Each case carries the file it concerns so the message can tell the
/// user which output failed and what to do about it.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// The output path ends in an extension that is not `.png`, `.svg` or `.pdf`.
    case unsupportedExtension(path: String)
    /// The folder that should hold the output could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// Cairo reported an error while creating, drawing or writing a surface.
    case cairoFailure(path: String, operation: String, status: String)
    /// The finished temporary file could not be renamed to its final name.
    case cannotMoveIntoPlace(path: String, reason: String)
    /// The data handed to a chart cannot be drawn (wrong shape, negative size, ...).
    case invalidData(path: String, reason: String)

    /// One line naming the file, what failed and what to do.
    public var description: String {
        switch self {
        case .unsupportedExtension(let path):
            return "Cannot write figure '\(path)': unknown file extension; use .png, .svg or .pdf."
        case .cannotCreateDirectory(let path, let reason):
            return "Cannot write figure '\(path)': its folder could not be created (\(reason)); check that the parent path is a writable folder."
        case .cairoFailure(let path, let operation, let status):
            return "Cannot write figure '\(path)': cairo failed to \(operation) (\(status)); check free disk space and that the folder is writable."
        case .cannotMoveIntoPlace(let path, let reason):
            return "Cannot write figure '\(path)': renaming the finished temporary file failed (\(reason)); check that the path is not a folder and is writable."
        case .invalidData(let path, let reason):
            return "Cannot draw figure '\(path)': \(reason); fix the data passed to the chart."
        }
    }
}
