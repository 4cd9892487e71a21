/// A labelled vertical reference line, e.g. "best val epoch 7".
public struct VerticalMarker {
    /// Where the line is drawn, in x-axis units.
    public var x: Double
    /// Text written next to the line.
    public var label: String
    /// Line and label colour.
    public var color: Color

    /// Creates a marker.
    public init(x: Double, label: String, color: Color = Color(hex: 0x333333)) {
        self.x = x
        self.label = label
        self.color = color
    }
}
