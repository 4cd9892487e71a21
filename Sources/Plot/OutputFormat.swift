/// The encodings a figure can be rendered as.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Raster image, rendered at twice the logical size for sharp text on high-density screens.
    case png
    /// Scalable vector graphics.
    case svg
    /// Portable document format (vector).
    case pdf

    /// The usual file name extension, without the dot: "png", "svg" or "pdf".
    public var fileExtension: String { rawValue }
}
