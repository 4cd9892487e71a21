/// A font request for cairo's toy text API; the family is always DejaVu Sans.
public struct FontStyle: Equatable, Sendable {
    /// Size in logical points.
    public var size: Double
    /// Bold weight instead of book.
    public var isBold: Bool

    /// Creates a font request.
    public init(size: Double, isBold: Bool = false) {
        self.size = size
        self.isBold = isBold
    }

    /// The font family every chart uses (from the fonts-dejavu-core package).
    public static let family = "DejaVu Sans"

    /// Figure titles.
    public static let figureTitle = FontStyle(size: 16, isBold: true)
    /// Panel titles.
    public static let panelTitle = FontStyle(size: 14, isBold: true)
    /// Axis labels ("epoch", "loss").
    public static let axisLabel = FontStyle(size: 13)
    /// Tick labels and legend entries.
    public static let tickLabel = FontStyle(size: 12)
    /// Small annotations (notes, captions, marker labels).
    public static let annotation = FontStyle(size: 11)
}

/// The size of a piece of text as laid out on one line.
public struct TextMetrics: Equatable, Sendable {
    /// Horizontal advance of the whole string.
    public var width: Double
    /// Distance from the baseline up to the top of the font's tallest glyphs.
    public var ascent: Double
    /// Distance from the baseline down to the bottom of the font's lowest glyphs.
    public var descent: Double

    /// Creates text metrics.
    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
    }

    /// Line height: ascent plus descent.
    public var height: Double { ascent + descent }
}

/// Something that can tell how large a string will be when drawn.
///
/// Layout code takes this instead of a cairo context so it can be tested
/// with a fake measurer and no drawing surface.
public protocol TextMeasuring {
    /// The metrics of `text` set in `font`.
    func measure(_ text: String, font: FontStyle) -> TextMetrics
}

/// A measurer that assumes every character is `advance × size` wide; for tests and rough estimates.
public struct FixedWidthTextMeasurer: TextMeasuring {
    /// Width of one character as a fraction of the font size.
    public var advance: Double

    /// Creates a fixed-width measurer.
    public init(advance: Double = 0.6) {
        self.advance = advance
    }

    /// Width grows with the character count; ascent and descent are fixed fractions of the size.
    public func measure(_ text: String, font: FontStyle) -> TextMetrics {
        TextMetrics(width: Double(text.count) * advance * font.size,
                    ascent: 0.8 * font.size,
                    descent: 0.2 * font.size)
    }
}
