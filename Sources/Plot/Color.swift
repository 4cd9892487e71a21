import Foundation

/// An sRGB colour with straight (not premultiplied) alpha, components in 0...1.
struct Color: Equatable {
    var red, green, blue: Double
    var alpha = 1.0

    func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// `fraction` 0 gives `self`, 1 gives `other`.
    func mixed(with other: Color, fraction: Double) -> Color {
        let t = min(max(fraction, 0), 1)
        return Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
                     blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Relative luminance (WCAG definition), to pick readable text colours on fills.
    var relativeLuminance: Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.03928 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The same hue at relative luminance `target` (linear channels scaled, each at most 1), a grey for black:
    /// so that two colours at the ends of a diverging scale weigh the same.
    func withLuminance(_ target: Double) -> Color {
        func linear(_ channel: Double) -> Double { channel <= 0.03928 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4) }
        func encoded(_ value: Double) -> Double { value <= 0.0031308 ? value * 12.92 : 1.055 * pow(value, 1 / 2.4) - 0.055 }
        let current = relativeLuminance
        let channels = current > 0 ? [red, green, blue].map { min(1, linear($0) * target / current) } : [target, target, target]
        return Color(red: encoded(channels[0]), green: encoded(channels[1]), blue: encoded(channels[2]), alpha: alpha)
    }

    /// A tint: `self` mixed with white until its relative luminance reaches `target` (itself when it is already as light),
    /// so that lines of different colours come out equally light and still pale, not saturated as `withLuminance` makes them.
    func tinted(toLuminance target: Double) -> Color {
        guard relativeLuminance < target else { return self }
        // The luminance grows with the fraction of white: 40 halvings find it far below a shade of 8-bit colour.
        var (low, high) = (0.0, 1.0)
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if mixed(with: .white, fraction: middle).relativeLuminance < target { low = middle } else { high = middle }
        }
        return mixed(with: .white, fraction: high)
    }

    static let white = Color(hex: 0xFFFFFF)
}

extension Color {
    /// An opaque colour from a 24-bit value such as `0xE69F00`.
    init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255, blue: Double(hex & 0xFF) / 255)
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
