import Foundation

/// One classified image for the misclassified-digits figure.
public struct DigitTile: Sendable {
    static let side = 28

    var pixels: [UInt8]
    var trueLabel: Int
    var predictedLabel: Int
    var probability: Double
    var isShared: Bool
    /// What the caption's brackets say instead of the probability (e.g. `5 of 6`, how many of the runs recorded the
    /// image's prediction); nil for the probability, empty for no brackets.
    var note: String?

    /// Creates a tile from 784 intensities (row-major 28 × 28, 255 is full ink), the correct class, the class
    /// the network chose with its probability (0...1), and whether another network misclassifies the image too
    /// (such tiles get a thick frame); `index`, the image's place in its file (from 0), leads the caption so that a tile
    /// can be traced to the other figures that show the image.
    public init(pixels: [UInt8], trueLabel: Int, predictedLabel: Int, probability: Double, isShared: Bool = false, index: Int? = nil) {
        self.pixels = pixels
        self.trueLabel = trueLabel
        self.predictedLabel = predictedLabel
        self.probability = probability
        self.isShared = isShared
        self.index = index
    }

    /// The image's index in its file, shown first in the caption; nil for none.
    var index: Int?

    /// A tile whose brackets hold `note` rather than a probability: one image seen over several runs.
    public init(pixels: [UInt8], trueLabel: Int, predictedLabel: Int, note: String) {
        self.init(pixels: pixels, trueLabel: trueLabel, predictedLabel: predictedLabel, probability: 0)
        self.note = note
    }

    /// A tile whose caption is `text` itself (e.g. `#4265: 9, 7 (2–0)`), for a grid whose title gives the true digit and
    /// whose subtitle says what the caption holds.
    public init(pixels: [UInt8], trueLabel: Int, text: String) {
        self.init(pixels: pixels, trueLabel: trueLabel, predictedLabel: trueLabel, probability: 0)
        (self.note, self.text) = ("", text)
    }

    /// The caption when it is not the prediction's (`init(pixels:trueLabel:text:)`).
    var text: String?

    /// "true 4 → pred 9 (0.87)", or "true 4 → pred 9 (5 of 6)" with a note, "true 4 → pred 9" with an empty one; led by
    /// "#115: " with an index.
    /// Four decimals for every tile, so that the confident mistakes are told apart at one precision; above 0.9999 they
    /// would all read 1.0000.
    var caption: String {
        if let text { return text }
        let bracket = note ?? (probability > 0.9999 ? ">0.9999" : String(format: "%.4f", probability))
        return (index.map { "#\($0): " } ?? "") + "true \(trueLabel) → pred \(predictedLabel)" + (bracket.isEmpty ? "" : " (\(bracket))")
    }

    /// The caption as drawn under the tile: the index on a line of its own above the rest (`#2118`, `true 6 → pred 0
    /// (>0.9999)`), so that both can be set in a readable size; one line without an index.
    var captionLines: [String] {
        let text = caption
        guard text.hasPrefix("#"), let split = text.range(of: ": ") else { return [text] }
        return [String(text[..<split.lowerBound]), String(text[split.upperBound...])]
    }
}

/// A grid of the test images a network got wrong, with captions. At most `maximumTiles` are drawn (the first ones);
/// the line under the title says how many were left out and what the number in brackets in each caption is.
struct DigitTileGrid: Chart {
    var tiles: [DigitTile]
    var title: String
    /// "MyNet (seed 1) misclassifies it too"; nil when no tile is marked.
    var sharedMeaning: String?
    /// What the captions' brackets hold, for the line under the title; nil for the probability of the wrong prediction.
    /// With tiles without brackets, what they all share.
    var noteMeaning: String? = nil

    static let columns = 6
    /// Six full rows.
    static let maximumTiles = 36
    /// Each MNIST pixel becomes a 4 × 4 block (8 × 8 device pixels in a PNG), sharp under nearest-neighbour scaling.
    static let imageSide = 112.0
    static let cellWidth = 156.0
    /// An image, its caption's two lines and the gap to the next row.
    static let rowHeight = 166.0
    static let rowGap = 12.0
    static let margin = 20.0
    static let headerHeight = 62.0
    /// The frame of a shared mistake: the colour of the network that shares it, as that network is drawn everywhere
    /// (a neutral grey when no network is named).
    var sharedFrameColor = Ink.secondaryText
    static let sharedFrameWidth = 4.0

    var name: String { "digit grid '\(title)'" }
    var shownTiles: ArraySlice<DigitTile> { tiles.prefix(Self.maximumTiles) }

    /// Always six columns wide so figures with different tile counts line up on a page; the last row needs no gap.
    var size: Size {
        let rows = (shownTiles.count + Self.columns - 1) / Self.columns
        let height = rows == 0 ? Self.headerHeight + 90 : Self.headerHeight + Double(rows) * Self.rowHeight + Self.margin - Self.rowGap
        return Size(width: 2 * Self.margin + Double(Self.columns) * Self.cellWidth, height: height)
    }

    /// The line under the title: how many tiles there are and are shown, then the key to the captions and the frames.
    var subtitleLine: String {
        let count = tiles.count > Self.maximumTiles ? "first \(Self.maximumTiles) of \(tiles.count) images"
            : tiles.count == 1 ? "1 image" : tiles.isEmpty ? "" : "\(tiles.count) images"
        // Tiles without brackets leave `noteMeaning` to say what every tile shares.
        let bracketless = !shownTiles.isEmpty && shownTiles.allSatisfy { $0.note?.isEmpty == true }
        let probabilityKey = shownTiles.isEmpty ? "" : bracketless ? (noteMeaning ?? "")
            : "in brackets: " + (noteMeaning ?? "the probability the network gave its (wrong) prediction")
        let shared = shownTiles.filter(\.isShared).count
        let sharedKey = shared > 0 ? sharedMeaning.map { "thick frame (\(shared) of \(shownTiles.count)): \($0)" } ?? "" : ""
        return [count, probabilityKey, sharedKey].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    func draw(on canvas: Canvas) throws {
        for (index, tile) in shownTiles.enumerated() where tile.pixels.count != DigitTile.side * DigitTile.side {
            throw PlotError.invalidData(figure: name, reason: "tile \(index) has \(tile.pixels.count) pixels; expected 784 (28x28)")
        }
        canvas.paint(.white)
        let titleMetrics = canvas.drawText(title, at: Point(x: size.width / 2, y: Self.margin - 6), font: FontStyle.figureTitle.fitting(title, width: size.width - 2 * Self.margin, on: canvas),
                                           color: Ink.text, horizontal: .center, vertical: .top)
        if !subtitleLine.isEmpty {
            // Shrunk to fit, as the title is: a long key would run off both edges.
            canvas.drawText(subtitleLine, at: Point(x: size.width / 2, y: Self.margin - 6 + titleMetrics.height + 2),
                            font: FontStyle.annotation.fitting(subtitleLine, width: size.width - 2 * Self.margin, on: canvas),
                            color: Ink.secondaryText, horizontal: .center, vertical: .top)
        }
        guard !shownTiles.isEmpty else {
            canvas.drawText("no misclassified digits", at: Point(x: size.width / 2, y: Self.headerHeight + 30), font: .axisLabel,
                            color: Ink.secondaryText, horizontal: .center, vertical: .center)
            return
        }
        // One size for every caption line, the largest at which the widest fits its cell.
        let captionFont = shownTiles.flatMap(\.captionLines).map { FontStyle.tickLabel.fitting($0, width: Self.cellWidth - 6, on: canvas) }.min { $0.size < $1.size } ?? .tickLabel
        for (index, tile) in shownTiles.enumerated() {
            let image = imageRect(forTileAt: index)
            try canvas.drawDigit(tile.pixels, in: image)
            // A frame shows where the white image ends on the white page; a wide dark one marks a shared mistake.
            if tile.isShared && sharedMeaning != nil {
                canvas.strokeRectangle(image.insetBy(-Self.sharedFrameWidth / 2), color: sharedFrameColor, width: Self.sharedFrameWidth)
            } else {
                canvas.strokeRectangle(image, color: Ink.legendBorder, width: 1)
            }
            var top = image.maxY + 6
            for line in tile.captionLines {
                let metrics = canvas.drawText(line, at: Point(x: image.midX, y: top), font: captionFont, color: Ink.text, horizontal: .center, vertical: .top)
                top += metrics.height
            }
        }
    }

    /// Row-major, six per row.
    func imageRect(forTileAt index: Int) -> Rect {
        let cellX = Self.margin + Double(index % Self.columns) * Self.cellWidth
        let cellY = Self.headerHeight + Double(index / Self.columns) * Self.rowHeight
        return Rect(x: cellX + (Self.cellWidth - Self.imageSide) / 2, y: cellY, width: Self.imageSide, height: Self.imageSide)
    }
}
