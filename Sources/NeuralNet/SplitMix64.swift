/// The one seeded generator of the project: initialisation and epoch shuffling both draw from it, so a
/// seed fixes every random choice. SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, statistically sound
/// for this use, and the same on every platform, unlike the standard library's `SystemRandomNumberGenerator`.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.hash(state)
    }

    /// SplitMix64's output function: 64 well-mixed bits of `value`. Used alone where a random bit must
    /// depend on its coordinates rather than on a draw order (dropout masks).
    @inline(__always)
    public static func hash(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniformly distributed in [0, 1), from the top 24 bits (a float's whole mantissa).
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A float uniformly distributed in [lower, upper).
    public mutating func nextFloat(in lower: Float, _ upper: Float) -> Float {
        lower + (upper - lower) * nextUnitFloat()
    }

    /// An integer uniformly distributed in 0..<bound, without modulo bias (Lemire's method).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Shuffles `indices` in place with Fisher–Yates, drawing only from this generator.
    public mutating func shuffle(_ indices: inout [Int]) {
        guard indices.count > 1 else { return }
        for position in stride(from: indices.count - 1, to: 0, by: -1) {
            let other = nextIndex(below: position + 1)
            if other != position { indices.swapAt(position, other) }
        }
    }
}
