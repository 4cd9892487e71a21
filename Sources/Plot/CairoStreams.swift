import CCairo

/// Collects the bytes cairo writes through a `cairo_write_func_t`.
///
/// cairo gets an unretained pointer to the sink as the callback's closure argument,
/// so whoever hands it over must keep the sink alive as long as cairo may write
/// (`CairoSurface` stores it next to the surface it belongs to).
final class ByteSink {
    private(set) var bytes: [UInt8] = []

    /// The closure argument cairo passes back to `write`.
    var closure: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Appends what cairo hands over to the sink behind `closure`.
    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        guard length > 0 else { return CAIRO_STATUS_SUCCESS }
        guard let data else { return CAIRO_STATUS_WRITE_ERROR }
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    /// Makes cairo's SVG output depend on the figure alone.
    ///
    /// cairo names the SVG's drawing group `surface<n>` after a counter shared by every surface the
    /// process ever created, so the same figure drawn twice came out different. Each distinct
    /// `surface<n>` that follows `id="` or `#` is renumbered 1, 2, ... in order of first appearance;
    /// nothing else is touched.
    static func renumberingSurfaceIDs(_ svg: [UInt8]) -> [UInt8] {
        let name = Array("surface".utf8)
        let quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        var output: [UInt8] = []
        output.reserveCapacity(svg.count)
        var index = 0
        while index < svg.count {
            let byte = svg[index]
            output.append(byte)
            index += 1
            guard byte == quote || byte == hash, svg[index...].starts(with: name) else { continue }
            var end = index + name.count
            while end < svg.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(svg[end]) { end += 1 }
            guard end > index + name.count else { continue }
            let number = numbers[svg[(index + name.count)..<end]] ?? numbers.count + 1
            numbers[svg[(index + name.count)..<end]] = number
            output += name + Array(String(number).utf8)
            index = end
        }
        return output
    }
}
