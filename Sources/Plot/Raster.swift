import CCairo

/// One pixel with straight (not premultiplied) 8-bit channels.
struct RGBA8: Equatable, Sendable, CustomStringConvertible {
    /// Red channel.
    var red: UInt8
    /// Green channel.
    var green: UInt8
    /// Blue channel.
    var blue: UInt8
    /// Opacity channel.
    var alpha: UInt8

    /// Creates a pixel.
    init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// The opaque 8-bit pixel nearest to `color`.
    init(_ color: Color) {
        func channel(_ value: Double) -> UInt8 { UInt8((min(max(value, 0), 1) * 255).rounded()) }
        self.init(red: channel(color.red), green: channel(color.green), blue: channel(color.blue), alpha: channel(color.alpha))
    }

    /// Whether every colour channel is within `tolerance` of `other`'s (alpha ignored).
    func isClose(to other: RGBA8, tolerance: Int) -> Bool {
        abs(Int(red) - Int(other.red)) <= tolerance
            && abs(Int(green) - Int(other.green)) <= tolerance
            && abs(Int(blue) - Int(other.blue)) <= tolerance
    }

    /// `#RRGGBBAA`.
    var description: String {
        func hex(_ value: UInt8) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + hex(red) + hex(green) + hex(blue) + hex(alpha)
    }
}

/// A copied grid of pixels, for inspecting rendered figures (tests, thumbnails).
struct Raster: Sendable {
    /// Width in device pixels.
    let width: Int
    /// Height in device pixels.
    let height: Int
    private let pixels: [RGBA8]

    /// Decodes a PNG held in memory, such as one `Figures` returned.
    ///
    /// - Throws: `PlotError.cairoFailure` if the bytes are not a PNG cairo can read.
    init(png bytes: [UInt8]) throws {
        let figureName = "PNG image"
        let source = ByteSource(bytes)
        let decoded = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(ByteSource.read, source.closure)
        }
        guard let pointer = decoded else {
            throw PlotError.cairoFailure(figure: figureName, operation: "decode the PNG", status: "no surface returned")
        }
        defer { cairo_surface_destroy(pointer) }
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairoFailure(figure: figureName, operation: "decode the PNG", status: CairoStatus.message(status))
        }
        try self.init(imageSurface: pointer, figureName: figureName)
    }

    init(imageSurface pointer: OpaquePointer, figureName: String) throws {
        let format = cairo_image_surface_get_format(pointer)
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
            throw PlotError.invalidData(figure: figureName, reason: "image pixel format \(format.rawValue) is not 32-bit RGB")
        }
        let width = Int(cairo_image_surface_get_width(pointer))
        let height = Int(cairo_image_surface_get_height(pointer))
        let stride = Int(cairo_image_surface_get_stride(pointer))
        guard let data = cairo_image_surface_get_data(pointer) else {
            throw PlotError.cairoFailure(figure: figureName, operation: "access image pixels", status: "no pixel data")
        }
        let hasAlpha = format == CAIRO_FORMAT_ARGB32
        let raw = UnsafeRawPointer(data)
        var pixels: [RGBA8] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width {
                // cairo stores native-endian 0xAARRGGBB words with premultiplied colour.
                let word = raw.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                let alpha = hasAlpha ? UInt8(truncatingIfNeeded: word >> 24) : 255
                func unpremultiplied(_ shift: UInt32) -> UInt8 {
                    let channel = UInt32(truncatingIfNeeded: (word >> shift) & 0xFF)
                    guard alpha != 0 else { return 0 }
                    guard alpha != 255 else { return UInt8(channel) }
                    return UInt8(min(255, (channel * 255 + UInt32(alpha) / 2) / UInt32(alpha)))
                }
                pixels.append(RGBA8(red: unpremultiplied(16), green: unpremultiplied(8), blue: unpremultiplied(0), alpha: alpha))
            }
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y` (0 is the top), or nil outside the image.
    func pixel(x: Int, y: Int) -> RGBA8? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return pixels[y * width + x]
    }

    /// Counts the pixels within `tolerance` of `color`, optionally restricted to device-pixel rows and columns `region` selects.
    func count(of color: RGBA8, tolerance: Int = 0, where region: (_ x: Int, _ y: Int) -> Bool = { _, _ in true }) -> Int {
        var matches = 0
        for y in 0..<height {
            for x in 0..<width where region(x, y) && pixels[y * width + x].isClose(to: color, tolerance: tolerance) {
                matches += 1
            }
        }
        return matches
    }
}
