/// A loop of nothing but independent fused multiply-adds, to measure what a core can do at most with
/// vectors `V`: twelve chains, enough to cover the latency of two FMA units.
public enum FMAPeakLoop<V: SIMD> where V.Scalar == Float {
    /// Chains run side by side.
    public static var chains: Int { 12 }

    /// Runs `iterations` steps of every chain; returns a sum of the chains so that none is left out.
    /// Floating-point operations done: 2 · chains · V.scalarCount · iterations.
    @inlinable @inline(__always)
    public static func run(iterations: Int, seed: Float) -> Float {
        var chains = InlineArray<12, V>(repeating: V(repeating: seed))
        let factor = V(repeating: 0.999_999), increment = V(repeating: 1e-7)
        for _ in 0..<iterations {
            for chain in 0..<12 { chains[chain] = increment.addingProduct(chains[chain], factor) }
        }
        var total = V()
        for chain in 0..<12 { total += chains[chain] }
        return total.sum()
    }
}
