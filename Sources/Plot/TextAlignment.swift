/// Where a string sits horizontally relative to its anchor point.
enum HorizontalTextAlignment: Sendable {
    /// The anchor is the left end of the text.
    case leading
    /// The anchor is the middle of the text.
    case center
    /// The anchor is the right end of the text.
    case trailing
}

/// Where a string sits vertically relative to its anchor point.
enum VerticalTextAlignment: Sendable {
    /// The anchor is the top of the font's line box.
    case top
    /// The anchor is the middle of the font's line box.
    case center
    /// The anchor is the baseline.
    case baseline
    /// The anchor is the bottom of the font's line box.
    case bottom
}
