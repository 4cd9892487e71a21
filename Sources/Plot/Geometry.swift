/// A point in logical drawing units (1 unit = 1 CSS pixel at 1x; PNGs are rendered at 2x).
struct Point: Equatable, Sendable {
    /// Horizontal position, growing to the right.
    var x: Double
    /// Vertical position, growing downwards (cairo's convention).
    var y: Double

    /// Creates a point.
    init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A width and height in logical drawing units.
struct Size: Equatable, Sendable {
    /// Horizontal extent.
    var width: Double
    /// Vertical extent.
    var height: Double

    /// Creates a size.
    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// An axis-aligned rectangle in logical drawing units; `y` is the top edge.
struct Rect: Equatable, Sendable {
    /// Left edge.
    var x: Double
    /// Top edge.
    var y: Double
    /// Horizontal extent.
    var width: Double
    /// Vertical extent.
    var height: Double

    /// Creates a rectangle from its top-left corner and size.
    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Right edge.
    var maxX: Double { x + width }
    /// Bottom edge.
    var maxY: Double { y + height }
    /// Horizontal centre.
    var midX: Double { x + width / 2 }
    /// Vertical centre.
    var midY: Double { y + height / 2 }

    /// Whether `point` lies inside the rectangle or on its edge.
    func contains(_ point: Point) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// Whether the two rectangles overlap with positive area.
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// The rectangle grown by `amount` on every side (shrunk when negative).
    func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
