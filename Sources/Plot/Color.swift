import Foundation

/// An sRGB colour with straight (not premultiplied) alpha, components in 0...1.
struct Color: Equatable, Sendable {
    /// Red component.
    var red: Double
    /// Green component.
    var green: Double
    /// Blue component.
    var blue: Double
    /// Opacity: 0 is transparent, 1 opaque.
    var alpha: Double

    /// Creates a colour from components in 0...1.
    init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Creates an opaque colour from a 24-bit value such as `0xE69F00`.
    init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255)
    }

    /// The same colour with a different opacity.
    func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Straight linear interpolation towards `other`; `fraction` 0 gives `self`, 1 gives `other`.
    func mixed(with other: Color, fraction: Double) -> Color {
        let t = min(max(fraction, 0), 1)
        return Color(red: red + (other.red - red) * t,
                     green: green + (other.green - green) * t,
                     blue: blue + (other.blue - blue) * t,
                     alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Relative luminance (WCAG definition), used to pick readable text colours on fills.
    var relativeLuminance: Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.03928 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Pure white.
    static let white = Color(hex: 0xFFFFFF)
    /// Pure black.
    static let black = Color(hex: 0x000000)
}
