/// Anything that can draw itself at a fixed logical size; the same drawing code serves PNG, SVG, PDF and in-memory rasters.
protocol Figure {
    /// Logical size in drawing units (PNG pixels are twice this).
    var size: Size { get }

    /// Says which figure an error is about, e.g. "confusion matrix 'ConvNet: test confusion matrix'".
    var name: String { get }

    /// Draws the whole figure, background included, on `context`, whose user space is `size` with the origin top-left.
    ///
    /// - Throws: `PlotError` if the data cannot be drawn or cairo fails.
    func draw(in context: CairoContext) throws
}

extension Figure {
    /// The figure encoded as `format`: a PNG at `OutputFormat.png.deviceScale` pixels per unit, or an SVG or PDF document.
    ///
    /// - Throws: `PlotError` for data that cannot be drawn or a cairo failure.
    func encoded(as format: OutputFormat) throws -> [UInt8] {
        switch format {
        case .png:
            let surface = try CairoSurface.image(size: size, scale: format.deviceScale, figureName: name)
            try draw(on: surface)
            return try surface.encodePNG()
        case .svg, .pdf:
            let surface = try CairoSurface.vector(format: format, size: size, figureName: name)
            try draw(on: surface)
            return try surface.finish()
        }
    }

    /// Renders the figure into memory at `scale` device pixels per logical unit.
    func renderRaster(scale: Double = OutputFormat.png.deviceScale) throws -> Raster {
        let surface = try CairoSurface.image(size: size, scale: scale, figureName: name)
        try draw(on: surface)
        return try surface.raster()
    }

    /// The context is released before the caller encodes or finishes the surface, so cairo has flushed everything.
    private func draw(on surface: CairoSurface) throws {
        let context = try CairoContext(surface: surface)
        try draw(in: context)
        try context.checkStatus(operation: "draw the figure")
    }
}
