/// A font request for cairo's toy text API; the family is always DejaVu Sans.
struct FontStyle: Equatable, Sendable {
    /// Size in logical points.
    var size: Double
    var isBold = false

    /// From the fonts-dejavu-core package.
    static let family = "DejaVu Sans"
    static let figureTitle = FontStyle(size: 16, isBold: true)
    static let panelTitle = FontStyle(size: 14, isBold: true)
    /// "epoch", "loss".
    static let axisLabel = FontStyle(size: 13)
    /// Tick labels and legend entries.
    static let tickLabel = FontStyle(size: 12)
    /// Notes, captions, marker labels.
    static let annotation = FontStyle(size: 11)
}

/// The size of a piece of text as laid out on one line.
struct TextMetrics: Equatable, Sendable {
    /// Horizontal advance of the whole string.
    var width: Double
    /// From the baseline up to the top of the font's tallest glyphs.
    var ascent: Double
    /// From the baseline down to the bottom of the font's lowest glyphs.
    var descent: Double

    var height: Double { ascent + descent }
}

/// Something that can tell how large a string will be when drawn. Layout code takes this instead of
/// a cairo context so it can be tested with a fake measurer and no drawing surface.
protocol TextMeasuring {
    func measure(_ text: String, font: FontStyle) -> TextMetrics
}
