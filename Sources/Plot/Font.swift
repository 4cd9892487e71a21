/// A font for cairo's toy text API, always DejaVu Sans (from the fonts-dejavu-core package), in logical points.
struct FontStyle: Equatable {
    var size: Double
    var isBold = false

    static let family = "DejaVu Sans"
    static let figureTitle = FontStyle(size: 20, isBold: true)
    static let panelTitle = FontStyle(size: 17, isBold: true)
    static let axisLabel = FontStyle(size: 16)
    /// Tick labels and legend entries.
    static let tickLabel = FontStyle(size: 16)
    /// Captions.
    static let annotation = FontStyle(size: 15)

    /// This font, or a smaller one if `text` would be wider than `width` in it: a long title shrinks rather than
    /// running off the figure.
    func fitting(_ text: String, width: Double, on canvas: Canvas) -> FontStyle {
        let measured = canvas.measure(text, font: self).width
        return measured <= width ? self : FontStyle(size: size * width / measured, isBold: isBold)
    }
}

/// A piece of text on one line: its advance, and the font's extent above and below the baseline.
struct TextMetrics: Equatable {
    var width, ascent, descent: Double
    var height: Double { ascent + descent }
}
