/// A figure that draws itself at a fixed logical size: a line chart, the confusion matrix or the digit grid.
/// The same drawing code serves PNG, SVG and PDF.
protocol Chart {
    /// Logical size in drawing units (PNG pixels are twice this).
    var size: Size { get }
    /// Names the figure in error messages, e.g. "confusion matrix 'ConvNet: test confusion matrix'".
    var name: String { get }
    /// Draws the whole figure, background included, on `canvas`, whose user space is `size` with the origin top-left.
    func draw(on canvas: Canvas) throws
}

extension Chart {
    /// The chart as a PNG at twice its logical size, or as an SVG or PDF document.
    ///
    /// - Throws: `PlotError` for data that cannot be drawn or a cairo failure.
    func encoded(as format: OutputFormat) throws -> [UInt8] {
        let canvas = try Canvas(format: format, size: size, figureName: name)
        try draw(on: canvas)
        return try canvas.encoded()
    }
}
