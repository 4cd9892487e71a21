/// Maps values from a domain onto a pixel interval, flipping y so larger values are higher up.
struct LinearScale {
    let domain: ClosedRange<Double>
    let start: Double
    let end: Double

    func position(of value: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        guard width > 0 else { return (start + end) / 2 }
        return start + (value - domain.lowerBound) / width * (end - start)
    }

    func value(at position: Double) -> Double {
        guard end != start else { return domain.lowerBound }
        return domain.lowerBound + (position - start) / (end - start) * (domain.upperBound - domain.lowerBound)
    }
}
