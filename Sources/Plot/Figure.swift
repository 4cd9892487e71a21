/// Anything that can draw itself at a fixed logical size; the same drawing code serves PNG, SVG, PDF and in-memory rasters.
public protocol Figure {
    /// Logical size in drawing units (PNG pixels are twice this).
    var size: Size { get }

    /// Draws the whole figure, background included, on `context`, whose user space is `size` with the origin top-left.
    ///
    /// - Throws: `PlotError` if the data cannot be drawn or cairo fails.
    func draw(in context: CairoContext) throws
}

extension Figure {
    /// Writes the figure to `path`; the extension (.png, .svg, .pdf) picks the format.
    ///
    /// The file appears complete or not at all: it is written under a temporary
    /// name in the same folder and renamed into place. Missing folders are created.
    ///
    /// - Throws: `PlotError` for an unknown extension, an unwritable location, bad data or a cairo failure.
    public func write(to path: String) throws {
        try FigureFileWriter.write(self, to: path)
    }

    /// Renders the figure into memory at `scale` device pixels per logical unit.
    public func renderRaster(scale: Double = 2) throws -> Raster {
        let surface = try CairoSurface.image(size: size, scale: scale)
        let context = try CairoContext(surface: surface)
        try draw(in: context)
        try context.checkStatus(operation: "render the figure")
        return try surface.raster()
    }
}
