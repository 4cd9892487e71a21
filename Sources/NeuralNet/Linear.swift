import KernelCore

/// `nn.Linear(in, out)`, optionally followed by ReLU (fused: the mask is read from the output).
final class Linear {
    let spec: LinearSpec
    let appliesReLU: Bool
    private let parameters: ParameterStore
    private let engine: GEMMEngine
    private let weightOffset: Int   // (out, in)
    private let biasOffset: Int     // (out)
    /// (B, out)
    let outputs: UnsafeMutablePointer<Float>
    /// (B, in), when the layer below needs it.
    let inputGradient: UnsafeMutablePointer<Float>?

    init(spec: LinearSpec, appliesReLU: Bool, maxBatch: Int, parameters: ParameterStore,
         engine: GEMMEngine = GEMMEngine(kernels: .widest), needsInputGradient: Bool) {
        self.spec = spec
        self.engine = engine
        self.appliesReLU = appliesReLU
        self.parameters = parameters
        weightOffset = parameters.tensor(named: spec.name + ".weight")!.offset
        biasOffset = parameters.tensor(named: spec.name + ".bias")!.offset
        outputs = .allocate(capacity: spec.outFeatures * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: spec.inFeatures * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    /// outputs (B, out) = [relu](inputs (B, in) · Wᵀ (in, out) + bias)
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        let (inFeatures, outFeatures) = (spec.inFeatures, spec.outFeatures)
        let bias = parameters.values + biasOffset
        for row in 0..<batch {
            (outputs + row * outFeatures).update(from: bias, count: outFeatures)
        }
        // (B, out) += X (B, in) · Wᵀ (in, out)
        engine.multiply(m: batch, n: outFeatures, k: inFeatures,
                        a: StridedMatrix(inputs, leading: inFeatures, transposed: false),
                        b: StridedMatrix(parameters.values + weightOffset, leading: inFeatures, transposed: true),
                        c: outputs, ldc: outFeatures, accumulate: true)
        if appliesReLU {
            for index in 0..<(batch * outFeatures) where !(outputs[index] > 0) && !outputs[index].isNaN {
                outputs[index] = 0
            }
        }
    }

    /// Accumulates dW, db and writes `inputGradient`. `outputGradient` (B, out) is masked in place by
    /// the ReLU when the layer has one.
    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        let (inFeatures, outFeatures) = (spec.inFeatures, spec.outFeatures)
        if appliesReLU {
            for index in 0..<(batch * outFeatures) where !(outputs[index] > 0) {
                outputGradient[index] = 0
            }
        }
        // dW (out, in) += dYᵀ (out, B) · X (B, in)
        engine.multiply(m: outFeatures, n: inFeatures, k: batch,
                        a: StridedMatrix(outputGradient, leading: outFeatures, transposed: true),
                        b: StridedMatrix(inputs, leading: inFeatures, transposed: false),
                        c: parameters.gradients + weightOffset, ldc: inFeatures, accumulate: true)
        let biasGradient = parameters.gradients + biasOffset   // (out)
        for row in 0..<batch {
            let gradientRow = outputGradient + row * outFeatures
            for column in 0..<outFeatures { biasGradient[column] += gradientRow[column] }
        }
        guard let inputGradient else { return }
        // dX (B, in) = dY (B, out) · W (out, in)
        engine.multiply(m: batch, n: inFeatures, k: outFeatures,
                        a: StridedMatrix(outputGradient, leading: outFeatures, transposed: false),
                        b: StridedMatrix(parameters.values + weightOffset, leading: inFeatures, transposed: false),
                        c: inputGradient, ldc: inFeatures, accumulate: false)
    }
}
