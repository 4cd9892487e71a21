import CCairo

/// Owns one cairo surface, an in-memory image for a PNG or an SVG or PDF document streamed into memory,
/// and destroys it when released. cairo errors are sticky, so checking once after drawing catches any.
final class CairoSurface {
    let pointer: OpaquePointer
    let format: OutputFormat
    /// Names the figure in error messages.
    let figureName: String
    /// Where the document is streamed. cairo holds an unretained pointer to it and may write until
    /// the surface is finished or destroyed, so it lives exactly as long as the surface.
    private let sink: ByteSink

    /// PNGs are drawn at twice the logical size so text stays sharp on high-density screens.
    ///
    /// - Throws: `PlotError.cairoFailure` if cairo cannot create the surface.
    init(format: OutputFormat, size: Size, figureName: String) throws {
        let sink = ByteSink()
        let created: OpaquePointer?
        switch format {
        case .png: created = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((size.width * 2).rounded(.up)), Int32((size.height * 2).rounded(.up)))
        case .svg: created = cairo_svg_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        case .pdf: created = cairo_pdf_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        }
        guard let created else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create a \(format.rawValue) surface", status: "no surface returned")
        }
        self.pointer = created
        self.format = format
        self.figureName = figureName
        self.sink = sink
        try checkStatus(operation: "create a \(format.rawValue) surface")
        if format == .png {
            cairo_surface_set_device_scale(pointer, 2, 2)
        } else if format == .pdf {
            // A fixed date keeps repeated renders byte-comparable; the real date carries no information here.
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(pointer, CAIRO_PDF_METADATA_CREATOR, "Plot")
        }
    }

    deinit {
        cairo_surface_destroy(pointer)
    }

    /// Throws `PlotError.cairoFailure` if the surface is in an error state.
    func checkStatus(operation: String) throws {
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: operation, status: Self.message(status))
        }
    }

    /// A PNG (the same bytes `cairo_surface_write_to_png` would put in a file), or the finished SVG or PDF document.
    func encoded() throws -> [UInt8] {
        guard format == .png else {
            cairo_surface_finish(pointer)
            try checkStatus(operation: "finish the \(format.rawValue)")
            return format == .svg ? Self.renumberingSurfaceIDs(sink.bytes) : sink.bytes
        }
        cairo_surface_flush(pointer)
        let status = cairo_surface_write_to_png_stream(pointer, ByteSink.write, sink.closure)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: "encode the PNG", status: Self.message(status))
        }
        return sink.bytes
    }

    static func message(_ status: cairo_status_t) -> String {
        cairo_status_to_string(status).map { String(cString: $0) } ?? "cairo status \(status.rawValue)"
    }

    /// Makes cairo's SVG output depend on the figure alone.
    ///
    /// cairo names the SVG's drawing group `surface<n>` after a counter shared by every surface the
    /// process ever created, so the same figure drawn twice came out different. Each distinct
    /// `surface<n>` that follows `id="` or `#` is renumbered 1, 2, ... in order of first appearance;
    /// nothing else is touched.
    static func renumberingSurfaceIDs(_ svg: [UInt8]) -> [UInt8] {
        let name = Array("surface".utf8)
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        var output: [UInt8] = []
        output.reserveCapacity(svg.count)
        var index = 0
        while index < svg.count {
            let byte = svg[index]
            output.append(byte)
            index += 1
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "#"), svg[index...].starts(with: name) else { continue }
            var end = index + name.count
            while end < svg.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(svg[end]) { end += 1 }
            guard end > index + name.count else { continue }
            let number = numbers[svg[(index + name.count)..<end]] ?? numbers.count + 1
            numbers[svg[(index + name.count)..<end]] = number
            output += name + Array(String(number).utf8)
            index = end
        }
        return output
    }
}

/// Collects the bytes cairo writes through a `cairo_write_func_t`; cairo gets an unretained pointer
/// to the sink as the callback's closure argument.
final class ByteSink {
    private(set) var bytes: [UInt8] = []

    var closure: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        guard length > 0 else { return CAIRO_STATUS_SUCCESS }
        guard let data else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}
