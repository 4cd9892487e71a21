/// The file formats a figure can be written as, chosen from the output path's extension.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Raster image, rendered at twice the logical size for sharp text on high-density screens.
    case png
    /// Scalable vector graphics.
    case svg
    /// Portable document format (vector).
    case pdf

    /// The format implied by `path`'s extension (case-insensitive).
    ///
    /// - Throws: `PlotError.unsupportedExtension` for anything but `.png`, `.svg` and `.pdf`.
    public init(path: String) throws {
        let fileName = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else {
            throw PlotError.unsupportedExtension(path: path)
        }
        let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
        guard let format = OutputFormat(rawValue: fileExtension) else {
            throw PlotError.unsupportedExtension(path: path)
        }
        self = format
    }
}
