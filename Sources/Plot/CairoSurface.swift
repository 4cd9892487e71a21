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
    /// Logical size in drawing units.
    let size: Size
    /// Device pixels per logical unit (2 for PNG output, 1 for vector output).
    let scale: Double
    /// What the surface produces: `.png` for in-memory images (PNG output and tests), `.svg` or `.pdf` for vector documents.
    let format: OutputFormat
    /// Where a vector surface streams its document. cairo holds an unretained pointer to it and may
    /// write until the surface is finished or destroyed, so it lives exactly as long as the surface.
    private let sink: ByteSink?

    private init(pointer: OpaquePointer, figureName: String, size: Size, scale: Double, format: OutputFormat, sink: ByteSink?) {
        self.pointer = pointer
        self.figureName = figureName
        self.size = size
        self.scale = scale
        self.format = format
        self.sink = sink
    }

    /// Whether the pixels live in memory rather than being streamed to a vector document.
    var isImage: Bool { format == .png }

    deinit {
        cairo_surface_destroy(pointer)
    }

    /// cairo refuses images wider or taller than this many pixels.
    static let maximumPixelExtent = 32_767

    /// An in-memory ARGB image of `size` logical units, rendered at `scale` device pixels per unit.
    ///
    /// - Throws: `PlotError.invalidData` for non-positive or oversized dimensions,
    ///   `PlotError.cairoFailure` if cairo cannot allocate the image.
    static func image(size: Size, scale: Double = OutputFormat.png.deviceScale, figureName: String = "figure") throws -> CairoSurface {
        let (pixelWidth, pixelHeight) = try pixelDimensions(of: size, scale: scale, figureName: figureName)
        guard let pointer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create an image surface", status: "no surface returned")
        }
        // Wrap before checking so a failed surface is still destroyed.
        let surface = CairoSurface(pointer: pointer, figureName: figureName, size: size, scale: scale, format: .png, sink: nil)
        try surface.checkStatus(operation: "create an image surface")
        cairo_surface_set_device_scale(pointer, scale, scale)
        return surface
    }

    /// A vector surface (SVG or PDF) of `size` points whose document is collected in memory; `finish` returns it.
    ///
    /// - Throws: `PlotError.invalidData` for `.png` (PNGs are encoded from an image surface) or a bad size,
    ///   `PlotError.cairoFailure` if cairo cannot create the surface.
    static func vector(format: OutputFormat, size: Size, figureName: String = "figure") throws -> CairoSurface {
        _ = try pixelDimensions(of: size, scale: 1, figureName: figureName)
        let sink = ByteSink()
        let created: OpaquePointer?
        switch format {
        case .svg:
            created = cairo_svg_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        case .pdf:
            created = cairo_pdf_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        case .png:
            throw PlotError.invalidData(figure: figureName, reason: "PNG output is rendered on an image surface, not a vector surface")
        }
        guard let pointer = created else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create a \(format.rawValue) surface", status: "no surface returned")
        }
        let surface = CairoSurface(pointer: pointer, figureName: figureName, size: size, scale: 1, format: format, sink: sink)
        try surface.checkStatus(operation: "create a \(format.rawValue) surface")
        if format == .pdf {
            // A fixed date keeps repeated renders byte-comparable; the real date carries no information here.
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATOR, "Plot")
        }
        return surface
    }

    private static func pixelDimensions(of size: Size, scale: Double, figureName: String) throws -> (Int, Int) {
        guard size.width.isFinite, size.height.isFinite, scale.isFinite,
              size.width > 0, size.height > 0, scale > 0 else {
            throw PlotError.invalidData(figure: figureName, reason: "figure size \(size.width)x\(size.height) at scale \(scale) is not positive and finite")
        }
        let width = (size.width * scale).rounded(.up)
        let height = (size.height * scale).rounded(.up)
        let limit = Double(maximumPixelExtent)
        guard width <= limit, height <= limit else {
            throw PlotError.invalidData(figure: figureName, reason: "figure of \(Int(width))x\(Int(height)) pixels exceeds cairo's limit of \(maximumPixelExtent)")
        }
        return (Int(width), Int(height))
    }

    /// Throws `PlotError.cairoFailure` if the surface is in an error state.
    func checkStatus(operation: String) throws {
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: operation, status: CairoStatus.message(status))
        }
    }

    /// Completes a vector document (cairo writes the trailer here) and returns its bytes.
    func finish() throws -> [UInt8] {
        guard let sink else {
            throw PlotError.invalidData(figure: figureName, reason: "only vector surfaces are finished into a document")
        }
        cairo_surface_finish(pointer)
        try checkStatus(operation: "finish the \(format.rawValue)")
        return format == .svg ? SVGCanonicalizer.renumberSurfaceIDs(sink.bytes) : sink.bytes
    }

    /// Encodes an image surface as PNG, the same bytes `cairo_surface_write_to_png` would put in a file.
    func encodePNG() throws -> [UInt8] {
        guard isImage else {
            throw PlotError.invalidData(figure: figureName, reason: "only image surfaces can be encoded as PNG")
        }
        cairo_surface_flush(pointer)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(pointer, ByteSink.write, sink.closure)
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: "encode the PNG", status: CairoStatus.message(status))
        }
        return sink.bytes
    }

    /// A copy of an image surface's pixels.
    func raster() throws -> Raster {
        guard isImage else {
            throw PlotError.invalidData(figure: figureName, reason: "only image surfaces have pixels to read")
        }
        cairo_surface_flush(pointer)
        try checkStatus(operation: "read back pixels")
        return try Raster(imageSurface: pointer, figureName: figureName)
    }
}

/// Turns cairo status codes into readable text.
enum CairoStatus {
    static func message(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "cairo status \(status.rawValue)" }
        return String(cString: text)
    }
}
