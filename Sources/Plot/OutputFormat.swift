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

    /// Device pixels per logical unit: PNGs are drawn at 2x so text stays sharp on high-density screens.
    var deviceScale: Double {
        switch self {
        case .png: return 2
        case .svg, .pdf: return 1
        }
    }
}
