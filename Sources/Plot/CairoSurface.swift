import CCairo

/// Owns one cairo surface (an in-memory image, or an SVG/PDF file being written)
/// and destroys it when released.
///
/// Every call that can fail checks `cairo_surface_status` and throws `PlotError`,
/// naming `displayPath` so the user learns which figure failed.
public final class CairoSurface {
    let pointer: OpaquePointer
    /// The path the figure is destined for, used in error messages (the temporary file name is an implementation detail).
    public let displayPath: String
    /// Logical size in drawing units.
    public let size: Size
    /// Device pixels per logical unit (2 for PNG output, 1 for vector output).
    public let scale: Double
    /// What the surface produces: `.png` for in-memory images (PNG output and tests), `.svg` or `.pdf` for vector files.
    public let format: OutputFormat

    private init(pointer: OpaquePointer, displayPath: String, size: Size, scale: Double, format: OutputFormat) {
        self.pointer = pointer
        self.displayPath = displayPath
        self.size = size
        self.scale = scale
        self.format = format
    }

    /// Whether the pixels live in memory rather than being streamed to a vector file.
    public var isImage: Bool { format == .png }

    deinit {
        cairo_surface_destroy(pointer)
    }

    /// cairo refuses images wider or taller than this many pixels.
    static let maximumPixelExtent = 32_767

    /// An in-memory ARGB image of `size` logical units, rendered at `scale` device pixels per unit.
    ///
    /// - Throws: `PlotError.invalidData` for non-positive or oversized dimensions,
    ///   `PlotError.cairoFailure` if cairo cannot allocate the image.
    public static func image(size: Size, scale: Double = 2, displayPath: String = "<in-memory image>") throws -> CairoSurface {
        let (pixelWidth, pixelHeight) = try pixelDimensions(of: size, scale: scale, displayPath: displayPath)
        guard let pointer = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight)) else {
            throw PlotError.cairoFailure(path: displayPath, operation: "create an image surface", status: "no surface returned")
        }
        // Wrap before checking so a failed surface is still destroyed.
        let surface = CairoSurface(pointer: pointer, displayPath: displayPath, size: size, scale: scale, format: .png)
        try surface.checkStatus(operation: "create an image surface")
        cairo_surface_set_device_scale(pointer, scale, scale)
        return surface
    }

    /// A vector surface streaming to `filePath` (SVG or PDF), `size` in points.
    ///
    /// - Parameters:
    ///   - format: `.svg` or `.pdf`; `.png` is rejected because PNGs are rendered in memory.
    ///   - filePath: where cairo writes, normally a temporary name next to `displayPath`.
    ///   - displayPath: the final path, for error messages.
    public static func vector(format: OutputFormat, size: Size, filePath: String, displayPath: String) throws -> CairoSurface {
        _ = try pixelDimensions(of: size, scale: 1, displayPath: displayPath)
        let created: OpaquePointer?
        switch format {
        case .svg:
            created = cairo_svg_surface_create(filePath, size.width, size.height)
        case .pdf:
            created = cairo_pdf_surface_create(filePath, size.width, size.height)
        case .png:
            throw PlotError.invalidData(path: displayPath, reason: "PNG output is rendered on an image surface, not a vector surface")
        }
        guard let pointer = created else {
            throw PlotError.cairoFailure(path: displayPath, operation: "create a \(format.rawValue) surface", status: "no surface returned")
        }
        let surface = CairoSurface(pointer: pointer, displayPath: displayPath, size: size, scale: 1, format: format)
        try surface.checkStatus(operation: "create a \(format.rawValue) surface")
        if format == .pdf {
            // A fixed date keeps repeated renders byte-comparable; the real date carries no information here.
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATOR, "Plot")
        }
        return surface
    }

    private static func pixelDimensions(of size: Size, scale: Double, displayPath: String) throws -> (Int, Int) {
        guard size.width.isFinite, size.height.isFinite, scale.isFinite,
              size.width > 0, size.height > 0, scale > 0 else {
            throw PlotError.invalidData(path: displayPath, reason: "figure size \(size.width)x\(size.height) at scale \(scale) is not positive and finite")
        }
        let width = (size.width * scale).rounded(.up)
        let height = (size.height * scale).rounded(.up)
        let limit = Double(maximumPixelExtent)
        guard width <= limit, height <= limit else {
            throw PlotError.invalidData(path: displayPath, reason: "figure of \(Int(width))x\(Int(height)) pixels exceeds cairo's limit of \(maximumPixelExtent)")
        }
        return (Int(width), Int(height))
    }

    /// Throws `PlotError.cairoFailure` if the surface is in an error state.
    public func checkStatus(operation: String) throws {
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(path: displayPath, operation: operation, status: CairoStatus.message(status))
        }
    }

    /// Completes a vector file (cairo writes the trailer here) and checks that it worked.
    public func finish() throws {
        cairo_surface_finish(pointer)
        try checkStatus(operation: "finish the file")
    }

    /// Writes an image surface as PNG to `filePath`.
    public func writePNG(to filePath: String) throws {
        guard isImage else {
            throw PlotError.invalidData(path: displayPath, reason: "only image surfaces can be written as PNG")
        }
        cairo_surface_flush(pointer)
        let status = cairo_surface_write_to_png(pointer, filePath)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(path: displayPath, operation: "write the PNG", status: CairoStatus.message(status))
        }
    }

    /// A copy of an image surface's pixels.
    public func raster() throws -> Raster {
        guard isImage else {
            throw PlotError.invalidData(path: displayPath, reason: "only image surfaces have pixels to read")
        }
        cairo_surface_flush(pointer)
        try checkStatus(operation: "read back pixels")
        return try Raster(imageSurface: pointer, displayPath: displayPath)
    }
}

/// Turns cairo status codes into readable text.
enum CairoStatus {
    static func message(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "cairo status \(status.rawValue)" }
        return String(cString: text)
    }
}
