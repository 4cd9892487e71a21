import CCairo

/// Owns one cairo drawing context on a `CairoSurface` and destroys it when released.
///
/// User space is in logical units with the origin at the top-left; the
/// surface's device scale takes care of PNG's 2x rendering.
final class CairoContext: TextMeasuring {
    let pointer: OpaquePointer
    /// Kept so the surface outlives every drawing call made through this context.
    let surface: CairoSurface

    /// Creates a context drawing on `surface`.
    ///
    /// - Throws: `PlotError.cairoFailure` if cairo cannot create it.
    init(surface: CairoSurface) throws {
        guard let pointer = cairo_create(surface.pointer) else {
            throw PlotError.cairoFailure(figure: surface.figureName, operation: "create a drawing context", status: "no context returned")
        }
        self.pointer = pointer
        self.surface = surface
        try checkStatus(operation: "create a drawing context")
        configureTextRendering()
    }

    deinit {
        cairo_destroy(pointer)
    }

    /// Metrics must not depend on the device scale, or PNG, SVG and PDF would lay out differently.
    private func configureTextRendering() {
        guard let options = cairo_font_options_create() else { return }
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(pointer, options)
        cairo_font_options_destroy(options)
    }

    /// Throws `PlotError.cairoFailure` if the context or its surface is in an error state.
    func checkStatus(operation: String = "draw") throws {
        let status = cairo_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: surface.figureName, operation: operation, status: CairoStatus.message(status))
        }
        try surface.checkStatus(operation: operation)
    }

    /// How error messages name the figure being drawn.
    var figureName: String { surface.figureName }

    // MARK: State

    /// Runs `body` between `cairo_save` and `cairo_restore`, so clips, transforms and styles do not leak.
    func withSavedState<T>(_ body: () throws -> T) rethrows -> T {
        cairo_save(pointer)
        defer { cairo_restore(pointer) }
        return try body()
    }

    /// Sets the colour for following fills, strokes and text.
    func setColor(_ color: Color) {
        cairo_set_source_rgba(pointer, color.red, color.green, color.blue, color.alpha)
    }

    /// Sets the stroke width and dash pattern; round caps and joins keep polylines smooth.
    func setStroke(width: Double, pattern: StrokePattern = .solid) {
        cairo_set_line_width(pointer, width)
        cairo_set_line_join(pointer, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(pointer, pattern == .dotted ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        let dashes = pattern.dashes(lineWidth: width)
        dashes.withUnsafeBufferPointer { buffer in
            cairo_set_dash(pointer, buffer.baseAddress, Int32(buffer.count), 0)
        }
    }

    /// Moves the origin.
    func translate(x: Double, y: Double) {
        cairo_translate(pointer, x, y)
    }

    /// Rotates user space by `radians` (positive is clockwise on screen).
    func rotate(radians: Double) {
        cairo_rotate(pointer, radians)
    }

    // MARK: Paths

    /// Starts a new sub-path at `point`.
    func move(to point: Point) {
        cairo_move_to(pointer, point.x, point.y)
    }

    /// Adds a straight segment to `point`.
    func line(to point: Point) {
        cairo_line_to(pointer, point.x, point.y)
    }

    /// Adds a closed rectangle sub-path.
    func addRectangle(_ rect: Rect) {
        cairo_rectangle(pointer, rect.x, rect.y, rect.width, rect.height)
    }

    /// Adds a closed circle sub-path.
    func addCircle(center: Point, radius: Double) {
        cairo_new_sub_path(pointer)
        cairo_arc(pointer, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_close_path(pointer)
    }

    /// Strokes and clears the current path.
    func stroke() {
        cairo_stroke(pointer)
    }

    /// Fills and clears the current path.
    func fill() {
        cairo_fill(pointer)
    }

    /// Intersects the clip with the current path and clears it.
    func clip() {
        cairo_clip(pointer)
    }

    /// Fills the whole clip region with `color`.
    func paint(_ color: Color) {
        setColor(color)
        cairo_paint(pointer)
    }

    /// Fills `rect` with `color`.
    func fill(_ rect: Rect, color: Color) {
        setColor(color)
        addRectangle(rect)
        fill()
    }

    /// Strokes a single segment.
    func strokeLine(from start: Point, to end: Point, color: Color, width: Double, pattern: StrokePattern = .solid) {
        setColor(color)
        setStroke(width: width, pattern: pattern)
        move(to: start)
        line(to: end)
        stroke()
    }

    // MARK: Text

    private func select(_ font: FontStyle) {
        cairo_select_font_face(pointer, FontStyle.family, CAIRO_FONT_SLANT_NORMAL,
                               font.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(pointer, font.size)
    }

    /// Width from the string's advance; ascent and descent from the font so all lines in one size align.
    func measure(_ text: String, font: FontStyle) -> TextMetrics {
        select(font)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(pointer, &fontExtents)
        var textExtents = cairo_text_extents_t()
        cairo_text_extents(pointer, text, &textExtents)
        return TextMetrics(width: textExtents.x_advance, ascent: fontExtents.ascent, descent: fontExtents.descent)
    }

    /// Draws one line of text anchored at `anchor`, optionally rotated about the anchor.
    ///
    /// - Returns: the metrics used, so callers can stack further text.
    @discardableResult
    func drawText(_ text: String, at anchor: Point, font: FontStyle, color: Color,
                         horizontal: HorizontalTextAlignment = .leading,
                         vertical: VerticalTextAlignment = .baseline,
                         rotation: Double = 0) -> TextMetrics {
        let metrics = measure(text, font: font)
        let dx: Double
        switch horizontal {
        case .leading: dx = 0
        case .center: dx = -metrics.width / 2
        case .trailing: dx = -metrics.width
        }
        let dy: Double
        switch vertical {
        case .top: dy = metrics.ascent
        case .center: dy = (metrics.ascent - metrics.descent) / 2
        case .baseline: dy = 0
        case .bottom: dy = -metrics.descent
        }
        withSavedState {
            translate(x: anchor.x, y: anchor.y)
            if rotation != 0 { rotate(radians: rotation) }
            setColor(color)
            cairo_move_to(pointer, dx, dy)
            cairo_show_text(pointer, text)
            cairo_new_path(pointer)
        }
        return metrics
    }

    // MARK: Images

    /// Draws a grayscale image into `rect` with nearest-neighbour scaling so pixels stay crisp.
    ///
    /// - Parameters:
    ///   - pixels: row-major intensities, `width × height` of them.
    ///   - inkIsDark: when true, 255 is drawn black on white (how people write digits);
    ///     when false, 255 is white.
    /// - Throws: `PlotError.invalidData` if the pixel count does not match, `PlotError.cairoFailure` if cairo fails.
    func drawGrayscaleImage(pixels: [UInt8], width: Int, height: Int, in rect: Rect, inkIsDark: Bool = true) throws {
        let (expected, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, pixels.count == expected else {
            throw PlotError.invalidData(figure: figureName, reason: "image has \(pixels.count) pixels; expected \(width)x\(height)")
        }
        if surface.format == .svg {
            // cairo's SVG writer drops the nearest-neighbour filter and browsers would blur the image, so draw pixels as squares.
            drawPixelsAsRectangles(pixels: pixels, width: width, height: height, in: rect, inkIsDark: inkIsDark)
        } else {
            try drawPixelsAsImage(pixels: pixels, width: width, height: height, in: rect, inkIsDark: inkIsDark)
        }
        try checkStatus(operation: "draw a tile image")
    }

    private static func displayedGray(_ intensity: UInt8, inkIsDark: Bool) -> UInt8 {
        inkIsDark ? 255 - intensity : intensity
    }

    private func drawPixelsAsImage(pixels: [UInt8], width: Int, height: Int, in rect: Rect, inkIsDark: Bool) throws {
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create a tile image", status: "no surface returned")
        }
        defer { cairo_surface_destroy(image) }
        let status = cairo_surface_status(image)
        guard status == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image) else {
            throw PlotError.cairoFailure(figure: figureName, operation: "create a tile image", status: CairoStatus.message(status))
        }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        let raw = UnsafeMutableRawPointer(data)
        for y in 0..<height {
            for x in 0..<width {
                let gray = UInt32(Self.displayedGray(pixels[y * width + x], inkIsDark: inkIsDark))
                raw.storeBytes(of: (gray << 16) | (gray << 8) | gray, toByteOffset: y * stride + x * 4, as: UInt32.self)
            }
        }
        cairo_surface_mark_dirty(image)
        withSavedState {
            translate(x: rect.x, y: rect.y)
            cairo_scale(pointer, rect.width / Double(width), rect.height / Double(height))
            cairo_set_source_surface(pointer, image, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(pointer), CAIRO_FILTER_NEAREST)
            cairo_rectangle(pointer, 0, 0, Double(width), Double(height))
            cairo_fill(pointer)
        }
    }

    /// One rectangle per horizontal run of equal pixels keeps the SVG small.
    private func drawPixelsAsRectangles(pixels: [UInt8], width: Int, height: Int, in rect: Rect, inkIsDark: Bool) {
        let pixelWidth = rect.width / Double(width)
        let pixelHeight = rect.height / Double(height)
        for y in 0..<height {
            var x = 0
            while x < width {
                let value = pixels[y * width + x]
                var end = x + 1
                while end < width && pixels[y * width + end] == value { end += 1 }
                let gray = Double(Self.displayedGray(value, inkIsDark: inkIsDark)) / 255
                fill(Rect(x: rect.x + Double(x) * pixelWidth, y: rect.y + Double(y) * pixelHeight,
                          width: Double(end - x) * pixelWidth, height: pixelHeight),
                     color: Color(red: gray, green: gray, blue: gray))
                x = end
            }
        }
    }
}
