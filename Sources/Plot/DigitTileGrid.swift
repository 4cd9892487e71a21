/// A grid of digit images with captions, e.g. the test images a network got wrong.
///
/// At most `maximumTiles` are drawn (the first ones); the line under the title says how many
/// were left out and what the number in brackets in each caption is. With no tiles the figure
/// says "no misclassified digits".
struct DigitTileGrid: Figure {
    /// Tiles in display order.
    var tiles: [DigitTile]
    /// Figure title.
    var title: String
    /// Shown in place of the grid when there are no tiles.
    var emptyMessage: String
    /// What a shared tile's frame means ("MyNet (seed 1) misclassifies it too"); nil when no tile is marked.
    var sharedMeaning: String?

    /// Tiles per row.
    static let columns = 6
    /// Six full rows.
    static let maximumTiles = 36
    /// Each MNIST pixel becomes a 4 × 4 block (8 × 8 device pixels in a PNG), sharp under nearest-neighbour scaling.
    static let imageSide = 112.0
    static let cellWidth = 156.0
    static let captionHeight = 26.0
    static let rowGap = 12.0
    static let margin = 20.0
    static let headerHeight = 62.0

    /// Creates a digit grid.
    init(tiles: [DigitTile], title: String, emptyMessage: String = "no misclassified digits", sharedMeaning: String? = nil) {
        self.tiles = tiles
        self.title = title
        self.emptyMessage = emptyMessage
        self.sharedMeaning = sharedMeaning
    }

    /// The frame of a shared tile: a neutral grey, since every palette colour stands for a curve or a network elsewhere.
    static let sharedFrameColor = Ink.secondaryText
    static let sharedFrameWidth = 4.0

    /// "digit grid 'title'", for error messages.
    var name: String { title.isEmpty ? "digit grid" : "digit grid '\(title)'" }

    /// The tiles actually drawn.
    var shownTiles: ArraySlice<DigitTile> { tiles.prefix(Self.maximumTiles) }

    /// Rows of tiles drawn.
    var rowCount: Int { (shownTiles.count + Self.columns - 1) / Self.columns }

    /// Always six columns wide so figures with different tile counts line up on a page.
    var size: Size {
        let width = 2 * Self.margin + Double(Self.columns) * Self.cellWidth
        guard rowCount > 0 else { return Size(width: width, height: Self.headerHeight + 90) }
        let rowHeight = Self.imageSide + Self.captionHeight + Self.rowGap
        return Size(width: width, height: Self.headerHeight + Double(rowCount) * rowHeight + Self.margin - Self.rowGap)
    }

    /// What the number in brackets in a caption is, for the line under the title; nil when no caption has one.
    var probabilityKey: String? {
        guard shownTiles.contains(where: { $0.probability.isFinite }) else { return nil }
        return "in brackets: the probability the network gave its (wrong) prediction"
    }

    /// What the frames mean, with how many of the shown tiles have one; nil when none does.
    var sharedKey: String? {
        let shared = shownTiles.filter(\.isShared).count
        guard shared > 0, let sharedMeaning else { return nil }
        return "dark frame (\(shared) of \(shownTiles.count)): \(sharedMeaning)"
    }

    /// The line under the title: the tile count, then the key to the captions and the frames.
    var subtitleLine: String {
        [subtitle, probabilityKey ?? "", sharedKey ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// How many tiles there are and how many are shown.
    var subtitle: String {
        switch tiles.count {
        case 0: return ""
        case 1: return "1 image"
        case ...Self.maximumTiles: return "\(tiles.count) images"
        default: return "first \(Self.maximumTiles) of \(tiles.count) images"
        }
    }

    /// Draws the grid.
    ///
    /// - Throws: `PlotError.invalidData` when a tile does not have 784 pixels.
    func draw(in context: CairoContext) throws {
        for (index, tile) in shownTiles.enumerated() where tile.pixels.count != DigitTile.side * DigitTile.side {
            throw PlotError.invalidData(figure: name,
                                        reason: "tile \(index) has \(tile.pixels.count) pixels; expected 784 (28x28)")
        }
        context.paint(.white)
        let titleMetrics = context.drawText(title, at: Point(x: size.width / 2, y: Self.margin - 6), font: .figureTitle,
                                            color: Ink.text, horizontal: .center, vertical: .top)
        if !subtitleLine.isEmpty {
            context.drawText(subtitleLine, at: Point(x: size.width / 2, y: Self.margin - 6 + titleMetrics.height + 2), font: .annotation,
                             color: Ink.secondaryText, horizontal: .center, vertical: .top)
        }
        guard !shownTiles.isEmpty else {
            context.drawText(emptyMessage, at: Point(x: size.width / 2, y: Self.headerHeight + 30), font: .axisLabel,
                             color: Ink.secondaryText, horizontal: .center, vertical: .center)
            try context.checkStatus(operation: "draw the empty digit grid")
            return
        }
        for (index, tile) in shownTiles.enumerated() {
            try draw(tile, at: index, context: context)
        }
        try context.checkStatus(operation: "draw the digit grid")
    }

    /// Where the image of the tile at `index` is drawn (row-major, six per row).
    func imageRect(forTileAt index: Int) -> Rect {
        let row = index / Self.columns
        let column = index % Self.columns
        let cellX = Self.margin + Double(column) * Self.cellWidth
        let cellY = Self.headerHeight + Double(row) * (Self.imageSide + Self.captionHeight + Self.rowGap)
        return Rect(x: cellX + (Self.cellWidth - Self.imageSide) / 2, y: cellY, width: Self.imageSide, height: Self.imageSide)
    }

    private func draw(_ tile: DigitTile, at index: Int, context: CairoContext) throws {
        let image = imageRect(forTileAt: index)
        try context.drawGrayscaleImage(pixels: tile.pixels, width: DigitTile.side, height: DigitTile.side, in: image, inkIsDark: true)
        // A frame shows where the white image ends on the white page; a wide coloured one marks a shared mistake.
        if tile.isShared && sharedMeaning != nil {
            let inset = Self.sharedFrameWidth / 2
            context.setColor(Self.sharedFrameColor)
            context.setStroke(width: Self.sharedFrameWidth)
            context.addRectangle(image.insetBy(-inset))
        } else {
            context.setColor(Ink.legendBorder)
            context.setStroke(width: 1)
            context.addRectangle(image)
        }
        context.stroke()

        var font = FontStyle.annotation
        let width = context.measure(tile.caption, font: font).width
        let available = Self.cellWidth - 6
        if width > available, width > 0 {
            font = FontStyle(size: font.size * available / width)
        }
        context.drawText(tile.caption, at: Point(x: image.midX, y: image.maxY + 6), font: font, color: Ink.text,
                         horizontal: .center, vertical: .top)
    }
}
