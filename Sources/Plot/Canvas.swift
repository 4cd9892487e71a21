import CCairo

/// A second series on the same axes is dashed, a reference marker dotted.
/// How a line is stroked. The dotted ones tell runs drawn alike apart: dense dots, pairs of dots, sparse dots
/// (`seedPatterns`).
enum StrokePattern {
    case solid, dashed, dotted, dotPairs, sparseDots

    /// Whether the line is made of dots (round caps on zero-length dashes).
    var isDotted: Bool { self == .dotted || self == .dotPairs || self == .sparseDots }

    /// The patterns of a figure's runs, in seed order, repeating after three.
    static let seedPatterns: [StrokePattern] = [.dotted, .dotPairs, .sparseDots]
}
enum HorizontalTextAlignment { case leading, center, trailing }
/// Relative to the font's line box, so all lines in one size align.
enum VerticalTextAlignment { case top, center }

/// A cairo surface, an image for a PNG or an SVG or PDF document streamed into memory, and its one drawing context.
/// User space is in logical units, origin top-left; a PNG is drawn at twice that size so text stays sharp on
/// high-density screens. cairo errors are sticky, so the one check when encoding catches any.
final class Canvas {
    let format: OutputFormat
    let figureName: String
    let surface: OpaquePointer
    let pointer: OpaquePointer
    /// Where the document is streamed. cairo holds an unretained pointer to it and may write until
    /// the surface is finished or destroyed, so it lives exactly as long as the surface.
    private let sink: ByteSink

    init(format: OutputFormat, size: Size, figureName: String) throws {
        let sink = ByteSink()
        let created: OpaquePointer?
        switch format {
        case .png: created = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((size.width * 2).rounded(.up)), Int32((size.height * 2).rounded(.up)))
        case .svg: created = cairo_svg_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        case .pdf: created = cairo_pdf_surface_create_for_stream(ByteSink.write, sink.closure, size.width, size.height)
        }
        guard let surface = created, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let pointer = cairo_create(surface) else {
            created.map { cairo_surface_destroy($0) }
            throw PlotError.cairoFailure(figure: figureName, operation: "create a \(format.rawValue) surface", status: "no surface returned")
        }
        self.format = format
        self.figureName = figureName
        self.surface = surface
        self.pointer = pointer
        self.sink = sink
        if format == .png {
            cairo_surface_set_device_scale(surface, 2, 2)
        } else if format == .pdf {
            // A fixed date keeps repeated renders byte-comparable; the real date carries no information here.
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Plot")
        }
        // Metrics must not depend on the device scale, or PNG, SVG and PDF would lay out differently.
        guard let options = cairo_font_options_create() else { return }
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(pointer, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        cairo_destroy(pointer)
        cairo_surface_destroy(surface)
    }

    /// A PNG (the same bytes `cairo_surface_write_to_png` would put in a file), or the finished SVG or PDF document.
    func encoded() throws -> [UInt8] {
        try check(cairo_status(pointer), "draw")
        if format == .png {
            cairo_surface_flush(surface)
            try check(cairo_surface_write_to_png_stream(surface, ByteSink.write, sink.closure), "encode the PNG")
        } else {
            cairo_surface_finish(surface)
        }
        try check(cairo_surface_status(surface), format == .png ? "encode the PNG" : "finish the \(format.rawValue)")
        return format == .svg ? Self.renumberingSurfaceIDs(sink.bytes) : sink.bytes
    }

    private func check(_ status: cairo_status_t, _ operation: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Runs `body` between `cairo_save` and `cairo_restore`, so clips, transforms and styles do not leak.
    func withSavedState(_ body: () -> Void) {
        cairo_save(pointer)
        body()
        cairo_restore(pointer)
    }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(pointer, color.red, color.green, color.blue, color.alpha)
    }

    /// Round joins keep polylines smooth; round caps turn a dotted line's dashes into dots.
    func setStroke(width: Double, pattern: StrokePattern = .solid) {
        cairo_set_line_width(pointer, width)
        cairo_set_line_join(pointer, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(pointer, pattern.isDotted ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        let dot = max(width, 1)
        let dashes: [Double]
        switch pattern {
        case .solid: dashes = []
        case .dashed: dashes = [6, 4]
        case .dotted: dashes = [dot, 3]
        case .dotPairs: dashes = [dot, 4, dot, 11]
        case .sparseDots: dashes = [dot, 10]
        }
        cairo_set_dash(pointer, dashes, Int32(dashes.count), 0)
    }

    func move(to point: Point) { cairo_move_to(pointer, point.x, point.y) }
    func line(to point: Point) { cairo_line_to(pointer, point.x, point.y) }
    func addRectangle(_ rect: Rect) { cairo_rectangle(pointer, rect.x, rect.y, rect.width, rect.height) }
    func stroke() { cairo_stroke(pointer) }
    func fill() { cairo_fill(pointer) }
    func clip() { cairo_clip(pointer) }

    /// A filled marker of `shape`: a circle of `radius`, or a square of about the same area.
    func fillMarker(_ shape: MarkerShape, center: Point, radius: Double, color: Color) {
        switch shape {
        case .circle: fillCircle(center: center, radius: radius, color: color)
        case .square:
            let half = radius * 0.9
            fill(Rect(x: center.x - half, y: center.y - half, width: 2 * half, height: 2 * half), color: color)
        }
    }

    func fillCircle(center: Point, radius: Double, color: Color) {
        setColor(color)
        addCircle(center: center, radius: radius)
        fill()
    }

    /// A ring: the circle filled with `fill`, then its outline in `color`.
    /// An open diamond (a square on its corner) reaching `radius` from `center` at its corners.
    func diamond(center: Point, radius: Double, color: Color, width: Double) {
        setColor(color)
        setStroke(width: width)
        move(to: Point(x: center.x, y: center.y - radius))
        for point in [Point(x: center.x + radius, y: center.y), Point(x: center.x, y: center.y + radius), Point(x: center.x - radius, y: center.y)] { line(to: point) }
        cairo_close_path(pointer)
        stroke()
    }

    /// An open marker of `shape` (filled with `fill`, outlined in `color`): a ring, or a square of about the same area.
    func openMarker(_ shape: MarkerShape, center: Point, radius: Double, color: Color, fill: Color, width: Double) {
        switch shape {
        case .circle: ring(center: center, radius: radius, color: color, fill: fill, width: width)
        case .square:
            let half = radius * 0.9
            let rect = Rect(x: center.x - half, y: center.y - half, width: 2 * half, height: 2 * half)
            self.fill(rect, color: fill)
            strokeRectangle(rect, color: color, width: width)
        }
    }

    func ring(center: Point, radius: Double, color: Color, fill: Color, width: Double) {
        fillCircle(center: center, radius: radius, color: fill)
        setColor(color)
        setStroke(width: width)
        addCircle(center: center, radius: radius)
        stroke()
    }

    private func addCircle(center: Point, radius: Double) {
        cairo_new_sub_path(pointer)
        cairo_arc(pointer, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_close_path(pointer)
    }

    func paint(_ color: Color) {
        setColor(color)
        cairo_paint(pointer)
    }

    func fill(_ rect: Rect, color: Color) {
        setColor(color)
        addRectangle(rect)
        fill()
    }

    func strokeRectangle(_ rect: Rect, color: Color, width: Double) {
        setColor(color)
        setStroke(width: width)
        addRectangle(rect)
        stroke()
    }

    func strokeLine(from start: Point, to end: Point, color: Color, width: Double, pattern: StrokePattern = .solid) {
        stroke([[start, end]], color: color, width: width, pattern: pattern)
    }

    /// One path for all the polylines, stroked once.
    func stroke(_ polylines: [[Point]], color: Color, width: Double, pattern: StrokePattern = .solid) {
        setColor(color)
        setStroke(width: width, pattern: pattern)
        for polyline in polylines where polyline.count > 1 {
            move(to: polyline[0])
            for point in polyline.dropFirst() { line(to: point) }
        }
        stroke()
    }

    /// The width from the string's advance; ascent and descent from the font, so all lines in one size align.
    func measure(_ text: String, font: FontStyle) -> TextMetrics {
        cairo_select_font_face(pointer, FontStyle.family, CAIRO_FONT_SLANT_NORMAL, font.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(pointer, font.size)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(pointer, &fontExtents)
        var textExtents = cairo_text_extents_t()
        cairo_text_extents(pointer, text, &textExtents)
        return TextMetrics(width: textExtents.x_advance, ascent: fontExtents.ascent, descent: fontExtents.descent)
    }

    @discardableResult
    func drawText(_ text: String, at anchor: Point, font: FontStyle, color: Color, horizontal: HorizontalTextAlignment,
                  vertical: VerticalTextAlignment, rotation: Double = 0) -> TextMetrics {
        let metrics = measure(text, font: font)
        let dx = horizontal == .leading ? 0 : horizontal == .center ? -metrics.width / 2 : -metrics.width
        let dy = vertical == .top ? metrics.ascent : (metrics.ascent - metrics.descent) / 2
        withSavedState {
            cairo_translate(pointer, anchor.x, anchor.y)
            if rotation != 0 { cairo_rotate(pointer, rotation) }
            setColor(color)
            cairo_move_to(pointer, dx, dy)
            cairo_show_text(pointer, text)
            cairo_new_path(pointer)
        }
        return metrics
    }

    /// Draws a 28 × 28 digit into `rect`, 255 as black ink on white, with nearest-neighbour scaling so pixels stay crisp.
    func drawDigit(_ pixels: [UInt8], in rect: Rect) throws {
        let side = DigitTile.side
        guard format != .svg else {
            // cairo's SVG writer drops the nearest-neighbour filter and browsers would blur the image, so draw
            // pixels as squares, one rectangle per horizontal run of equal pixels to keep the SVG small.
            let (width, height) = (rect.width / Double(side), rect.height / Double(side))
            for y in 0..<side {
                var x = 0
                while x < side {
                    let value = pixels[y * side + x]
                    let end = (x..<side).first { pixels[y * side + $0] != value } ?? side
                    let gray = Double(255 - value) / 255
                    fill(Rect(x: rect.x + Double(x) * width, y: rect.y + Double(y) * height, width: Double(end - x) * width, height: height),
                         color: Color(red: gray, green: gray, blue: gray))
                    x = end
                }
            }
            return
        }
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(side), Int32(side)) else { return }
        defer { cairo_surface_destroy(image) }
        guard let data = cairo_image_surface_get_data(image) else { return try check(cairo_surface_status(image), "create a tile image") }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        for (index, value) in pixels.enumerated() {
            let gray = UInt32(255 - value)
            UnsafeMutableRawPointer(data).storeBytes(of: (gray << 16) | (gray << 8) | gray, toByteOffset: index / side * stride + index % side * 4, as: UInt32.self)
        }
        cairo_surface_mark_dirty(image)
        withSavedState {
            cairo_translate(pointer, rect.x, rect.y)
            cairo_scale(pointer, rect.width / Double(side), rect.height / Double(side))
            cairo_set_source_surface(pointer, image, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(pointer), CAIRO_FILTER_NEAREST)
            cairo_rectangle(pointer, 0, 0, Double(side), Double(side))
            cairo_fill(pointer)
        }
    }

    /// cairo names the SVG's drawing group `surface<n>` after a counter shared by every surface the process ever
    /// created, so the same figure drawn twice came out different: each distinct `surface<n>` after a quote or `#`
    /// is renumbered 1, 2, ... in order of first appearance, so the SVG depends on the figure alone.
    static func renumberingSurfaceIDs(_ svg: [UInt8]) -> [UInt8] {
        var numbers: [Substring: Int] = [:]
        return Array(String(decoding: svg, as: UTF8.self).replacing(#/(["#])surface([0-9]+)/#) { match in
            let number = numbers[match.output.2] ?? numbers.count + 1
            numbers[match.output.2] = number
            return "\(match.output.1)surface\(number)"
        }.utf8)
    }
}

/// Collects the bytes cairo writes through a `cairo_write_func_t`; cairo gets an unretained pointer
/// to the sink as the callback's closure argument.
final class ByteSink {
    private(set) var bytes: [UInt8] = []
    var closure: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}
