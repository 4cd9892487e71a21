/// A font request for cairo's toy text API, always in DejaVu Sans (from the fonts-dejavu-core package).
struct FontStyle: Equatable {
    /// In logical points.
    var size: Double
    var isBold = false

    static let family = "DejaVu Sans"
    static let figureTitle = FontStyle(size: 16, isBold: true)
    static let panelTitle = FontStyle(size: 14, isBold: true)
    /// "epoch", "loss".
    static let axisLabel = FontStyle(size: 13)
    /// Tick labels and legend entries.
    static let tickLabel = FontStyle(size: 12)
    /// Captions and marker labels.
    static let annotation = FontStyle(size: 11)
}

/// The size of a piece of text on one line: its advance, and the font's extent above and below the baseline.
struct TextMetrics: Equatable {
    var width: Double
    var ascent: Double
    var descent: Double

    var height: Double { ascent + descent }
}

/// Something that can tell how large a string will be when drawn. Layout code takes this instead of
/// a cairo context so it can be tested with a fake measurer and no drawing surface.
protocol TextMeasuring {
    func measure(_ text: String, font: FontStyle) -> TextMetrics
}
