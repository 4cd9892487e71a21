import CCairo

/// Owns one cairo surface (an in-memory image, or an SVG/PDF document streamed into memory)
/// and destroys it when released.
///
/// Every call that can fail checks `cairo_surface_status` and throws `PlotError`,
/// naming `figureName` so the caller learns which figure failed.
final class CairoSurface {
    let pointer: OpaquePointer
    /// Names the figure in error messages, e.g. "confusion matrix 'ConvNet: test confusion matrix'".
    let figureName: String
    let format: OutputFormat
    /// Where a vector surface streams its document. cairo holds an unretained pointer to it and may
    /// write until the surface is finished or destroyed, so it lives exactly as long as the surface.
    private let sink: ByteSink?

    private init(pointer: OpaquePointer, figureName: String, format: OutputFormat, sink: ByteSink?) {
        self.pointer = pointer
        self.figureName = figureName
        self.format = format
        self.sink = sink
    }

    deinit {
        cairo_surface_destroy(pointer)
    }

    /// cairo refuses images wider or taller than this many pixels.
    static let maximumPixelExtent = 32_767

    /// An in-memory ARGB image of `size` logical units, rendered at `OutputFormat.png.deviceScale` pixels per unit.
    ///
    /// - Throws: `PlotError.invalidData` for non-positive or oversized dimensions,
    ///   `PlotError.cairoFailure` if cairo cannot allocate the image.
    static func image(size: Size, figureName: String) throws -> CairoSurface {
        let scale = OutputFormat.png.deviceScale
        let (pixelWidth, pixelHeight) = try pixelDimensions(of: size, scale: scale, figureName: figureName)
        guard let pointer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create an image surface", status: "no surface returned")
        }
        // Wrap before checking so a failed surface is still destroyed.
        let surface = CairoSurface(pointer: pointer, figureName: figureName, format: .png, sink: nil)
        try surface.checkStatus(operation: "create an image surface")
        cairo_surface_set_device_scale(pointer, scale, scale)
        return surface
    }

    /// An SVG or PDF surface of `size` points whose document is collected in memory; `finish` returns it.
    ///
    /// - Throws: `PlotError.invalidData` for a bad size, `PlotError.cairoFailure` if cairo cannot create the surface.
    static func vector(format: OutputFormat, size: Size, figureName: String) throws -> CairoSurface {
        _ = try pixelDimensions(of: size, scale: 1, figureName: figureName)
        let sink = ByteSink()
        let created = format == .svg ? cairo_svg_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
            : cairo_pdf_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        guard let pointer = created else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create a \(format.rawValue) surface", status: "no surface returned")
        }
        let surface = CairoSurface(pointer: pointer, figureName: figureName, format: format, sink: sink)
        try surface.checkStatus(operation: "create a \(format.rawValue) surface")
        if format == .pdf {
            // A fixed date keeps repeated renders byte-comparable; the real date carries no information here.
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATOR, "Plot")
        }
        return surface
    }

    private static func pixelDimensions(of size: Size, scale: Double, figureName: String) throws -> (Int, Int) {
        guard size.width.isFinite, size.height.isFinite, size.width > 0, size.height > 0 else {
            throw PlotError.invalidData(figure: figureName, reason: "figure size \(size.width)x\(size.height) is not positive and finite")
        }
        let width = (size.width * scale).rounded(.up)
        let height = (size.height * scale).rounded(.up)
        guard width <= Double(maximumPixelExtent), height <= Double(maximumPixelExtent) else {
            throw PlotError.invalidData(figure: figureName, reason: "figure of \(Int(width))x\(Int(height)) pixels exceeds cairo's limit of \(maximumPixelExtent)")
        }
        return (Int(width), Int(height))
    }

    /// Throws `PlotError.cairoFailure` if the surface is in an error state.
    func checkStatus(operation: String) throws {
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: operation, status: Self.message(status))
        }
    }

    /// Completes a vector document (cairo writes the trailer here) and returns its bytes.
    func finish() throws -> [UInt8] {
        cairo_surface_finish(pointer)
        try checkStatus(operation: "finish the \(format.rawValue)")
        let bytes = sink?.bytes ?? []
        return format == .svg ? ByteSink.renumberingSurfaceIDs(bytes) : bytes
    }

    /// Encodes an image surface as PNG, the same bytes `cairo_surface_write_to_png` would put in a file.
    func encodePNG() throws -> [UInt8] {
        cairo_surface_flush(pointer)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(pointer, ByteSink.write, sink.closure)
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: "encode the PNG", status: Self.message(status))
        }
        return sink.bytes
    }

    /// A cairo status as readable text.
    static func message(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "cairo status \(status.rawValue)" }
        return String(cString: text)
    }
}
