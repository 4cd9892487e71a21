/// A font request for cairo's toy text API; the family is always DejaVu Sans.
struct FontStyle: Equatable, Sendable {
    /// Size in logical points.
    var size: Double
    /// Bold weight instead of book.
    var isBold: Bool

    /// Creates a font request.
    init(size: Double, isBold: Bool = false) {
        self.size = size
        self.isBold = isBold
    }

    /// The font family every chart uses (from the fonts-dejavu-core package).
    static let family = "DejaVu Sans"

    /// Figure titles.
    static let figureTitle = FontStyle(size: 16, isBold: true)
    /// Panel titles.
    static let panelTitle = FontStyle(size: 14, isBold: true)
    /// Axis labels ("epoch", "loss").
    static let axisLabel = FontStyle(size: 13)
    /// Tick labels and legend entries.
    static let tickLabel = FontStyle(size: 12)
    /// Small annotations (notes, captions, marker labels).
    static let annotation = FontStyle(size: 11)
}

/// The size of a piece of text as laid out on one line.
struct TextMetrics: Equatable, Sendable {
    /// Horizontal advance of the whole string.
    var width: Double
    /// Distance from the baseline up to the top of the font's tallest glyphs.
    var ascent: Double
    /// Distance from the baseline down to the bottom of the font's lowest glyphs.
    var descent: Double

    /// Creates text metrics.
    init(width: Double, ascent: Double, descent: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
    }

    /// Line height: ascent plus descent.
    var height: Double { ascent + descent }
}

/// Something that can tell how large a string will be when drawn.
///
/// Layout code takes this instead of a cairo context so it can be tested
/// with a fake measurer and no drawing surface.
protocol TextMeasuring {
    /// The metrics of `text` set in `font`.
    func measure(_ text: String, font: FontStyle) -> TextMetrics
}

/// A measurer that assumes every character is `advance × size` wide; for tests and rough estimates.
struct FixedWidthTextMeasurer: TextMeasuring {
    /// Width of one character as a fraction of the font size.
    var advance: Double

    /// Creates a fixed-width measurer.
    init(advance: Double = 0.6) {
        self.advance = advance
    }

    /// Width grows with the character count; ascent and descent are fixed fractions of the size.
    func measure(_ text: String, font: FontStyle) -> TextMetrics {
        TextMetrics(width: Double(text.count) * advance * font.size,
                    ascent: 0.8 * font.size,
                    descent: 0.2 * font.size)
    }
}
