/// A labelled vertical reference line, e.g. "best val epoch 7".
struct VerticalMarker {
    /// Where the line is drawn, in x-axis units.
    var x: Double
    /// Text written next to the line.
    var label: String
    /// Line and label colour.
    var color: Color

    /// Creates a marker.
    init(x: Double, label: String, color: Color = Color(hex: 0x333333)) {
        self.x = x
        self.label = label
        self.color = color
    }
}
