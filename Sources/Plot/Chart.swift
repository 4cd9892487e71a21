/// A figure that draws itself at a fixed logical size: a line chart, the confusion matrix or the digit grid.
/// The same drawing code serves PNG, SVG and PDF.
protocol Chart {
    /// Logical size in drawing units (PNG pixels are twice this).
    var size: Size { get }
    /// Names the figure in error messages, e.g. "confusion matrix 'ConvNet: test confusion matrix'".
    var name: String { get }
    /// Draws the whole figure, background included, on `context`, whose user space is `size` with the origin top-left.
    func draw(in context: CairoContext) throws
}

extension Chart {
    /// The chart as a PNG at twice its logical size, or as an SVG or PDF document.
    ///
    /// - Throws: `PlotError` for data that cannot be drawn or a cairo failure.
    func encoded(as format: OutputFormat) throws -> [UInt8] {
        let surface = try CairoSurface(format: format, size: size, figureName: name)
        // The context is released before the surface is encoded or finished, so cairo has flushed everything.
        try {
            let context = try CairoContext(surface: surface)
            try draw(in: context)
            try context.checkStatus()
        }()
        return try surface.encoded()
    }
}
