/// `nn.Linear(in, out)`, optionally followed by ReLU (fused: the mask is read from the output).
final class Linear {
    let spec: LinearSpec
    let appliesReLU: Bool
    private let parameters: ParameterStore
    private let weightOffset: Int   // (out, in)
    private let biasOffset: Int     // (out)
    /// (B, out)
    let outputs: UnsafeMutablePointer<Float>
    /// (B, in), when the layer below needs it.
    let inputGradient: UnsafeMutablePointer<Float>?

    init(spec: LinearSpec, appliesReLU: Bool, maxBatch: Int, parameters: ParameterStore, needsInputGradient: Bool) {
        self.spec = spec
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
        parallelGemm(split: .rows, transposeA: false, transposeB: true, m: batch, n: outFeatures, k: inFeatures,
                     a: inputs, lda: inFeatures, b: parameters.values + weightOffset, ldb: inFeatures,
                     beta: 1, c: outputs, ldc: outFeatures)
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
        parallelGemm(split: .rows, transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: batch,
                     a: outputGradient, lda: outFeatures, b: inputs, ldb: inFeatures,
                     beta: 1, c: parameters.gradients + weightOffset, ldc: inFeatures)
        let biasGradient = parameters.gradients + biasOffset   // (out)
        for row in 0..<batch {
            let gradientRow = outputGradient + row * outFeatures
            for column in 0..<outFeatures { biasGradient[column] += gradientRow[column] }
        }
        guard let inputGradient else { return }
        // dX (B, in) = dY (B, out) · W (out, in)
        parallelGemm(split: .rows, transposeA: false, transposeB: false, m: batch, n: inFeatures, k: outFeatures,
                     a: outputGradient, lda: outFeatures, b: parameters.values + weightOffset, ldb: inFeatures,
                     beta: 0, c: inputGradient, ldc: inFeatures)
    }
}
