/// The Okabe–Ito palette: seven colours that stay distinguishable for the common colour-vision deficiencies.
enum Palette {
    /// #E69F00
    static let orange = Color(hex: 0xE69F00)
    /// #56B4E9
    static let skyBlue = Color(hex: 0x56B4E9)
    /// #009E73
    static let bluishGreen = Color(hex: 0x009E73)
    /// #0072B2
    static let blue = Color(hex: 0x0072B2)
    /// #D55E00
    static let vermillion = Color(hex: 0xD55E00)
    /// #CC79A7
    static let reddishPurple = Color(hex: 0xCC79A7)
    /// #000000
    static let black = Color(hex: 0x000000)

    /// All seven colours, in the order used when a caller asks for "the n-th series colour".
    static let all: [Color] = [blue, vermillion, bluishGreen, orange, skyBlue, reddishPurple, black]

    /// The n-th palette colour, cycling when there are more series than colours.
    static func color(at index: Int) -> Color {
        all[((index % all.count) + all.count) % all.count]
    }
}

/// Neutral greys for text, axes and grids, kept in one place so all charts agree.
enum Ink {
    static let text = Color(hex: 0x222222)
    static let secondaryText = Color(hex: 0x555555)
    static let axis = Color(hex: 0x777777)
    static let grid = Color(hex: 0xE6E6E6)
    static let legendBorder = Color(hex: 0xCCCCCC)
}
