/// A point in logical drawing units (1 unit = 1 CSS pixel at 1x; PNGs are rendered at 2x); y grows downwards.
struct Point: Equatable {
    var x, y: Double
}

struct Size: Equatable {
    var width, height: Double
}

/// An axis-aligned rectangle in logical drawing units; `y` is the top edge.
struct Rect: Equatable {
    var x, y, width, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// Whether `point` lies inside the rectangle or on its edge.
    func contains(_ point: Point) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// Whether the two share some area (touching edges do not count).
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Grown when `amount` is negative.
    func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
