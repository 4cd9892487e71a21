import KernelCore

/// `nn.Linear(in, out, bias)`, optionally followed by ReLU (fused: the mask is read from the output).
///
/// Activations are feature-major, (features, B), like the convolutions' channel-major (C, B, H, W):
/// then all three products read the large weight matrix in place and pack only the small batch-sized
/// operand.
final class Linear: EngineLayer {
    let spec: LinearSpec
    let appliesReLU: Bool
    private let parameters: ParameterStore
    private let products: MatrixProducts
    private let weightOffset: Int   // (out, in)
    private let biasOffset: Int?    // (out), nil without a bias
    /// (out, B)
    let outputs: UnsafeMutablePointer<Float>
    /// (in, B), when the layer below needs it.
    let inputGradient: UnsafeMutablePointer<Float>?

    init(spec: LinearSpec, appliesReLU: Bool, maxBatch: Int, parameters: ParameterStore,
         products: MatrixProducts = MatrixProducts(kernels: .widest), needsInputGradient: Bool) {
        self.spec = spec
        self.products = products
        self.appliesReLU = appliesReLU
        self.parameters = parameters
        weightOffset = parameters.tensor(named: spec.name + ".weight")!.offset
        biasOffset = spec.hasBias ? parameters.tensor(named: spec.name + ".bias")!.offset : nil
        outputs = .allocate(capacity: spec.outFeatures * maxBatch)
        inputGradient = needsInputGradient ? .allocate(capacity: spec.inFeatures * maxBatch) : nil
    }

    deinit {
        outputs.deallocate()
        inputGradient?.deallocate()
    }

    var profileName: String { appliesReLU ? spec.name + "+relu" : spec.name }
    var hasParameters: Bool { true }

    func forward(_ inputs: UnsafePointer<Float>, batch: Int, context: StepContext) {
        forward(inputs, batch: batch)
    }

    /// outputs (out, B) = [relu](bias + W (out, in) · inputs (in, B))
    func forward(_ inputs: UnsafePointer<Float>, batch: Int) {
        let (inFeatures, outFeatures) = (spec.inFeatures, spec.outFeatures)
        for feature in 0..<outFeatures {
            (outputs + feature * batch).update(repeating: biasOffset.map { parameters.values[$0 + feature] } ?? 0, count: batch)
        }
        // (out, B) += W (out, in) · X (in, B)
        products.multiply(m: outFeatures, n: batch, k: inFeatures,
                        a: StridedMatrix(parameters.values + weightOffset, leading: inFeatures, transposed: false),
                        b: StridedMatrix(inputs, leading: batch, transposed: false),
                        c: outputs, ldc: batch, accumulate: true)
        if appliesReLU {
            for index in 0..<(batch * outFeatures) where !(outputs[index] > 0) && !outputs[index].isNaN {
                outputs[index] = 0
            }
        }
    }

    /// Writes dW and db (each parameter's gradient is written by its layer alone, once per step) and
    /// `inputGradient`. `outputGradient` (out, B) is masked in place by the ReLU when the layer has one.
    func backward(_ inputs: UnsafePointer<Float>, outputGradient: UnsafeMutablePointer<Float>, batch: Int) {
        let (inFeatures, outFeatures) = (spec.inFeatures, spec.outFeatures)
        if appliesReLU {
            for index in 0..<(batch * outFeatures) where !(outputs[index] > 0) {
                outputGradient[index] = 0
            }
        }
        // dW (out, in) = dY (out, B) · Xᵀ (B, in)
        products.multiply(m: outFeatures, n: inFeatures, k: batch,
                        a: StridedMatrix(outputGradient, leading: batch, transposed: false),
                        b: StridedMatrix(inputs, leading: batch, transposed: true),
                        c: parameters.gradients + weightOffset, ldc: inFeatures, accumulate: false)
        // db (out) = Σ_b dY (out, B), image by image in order.
        if let biasOffset {
            let biasGradient = parameters.gradients + biasOffset
            for feature in 0..<outFeatures {
                let row = outputGradient + feature * batch
                var sum: Float = 0
                for image in 0..<batch { sum += row[image] }
                biasGradient[feature] = sum
            }
        }
        guard let inputGradient else { return }
        // dX (in, B) = Wᵀ (in, out) · dY (out, B)
        products.multiply(m: inFeatures, n: batch, k: outFeatures,
                        a: StridedMatrix(parameters.values + weightOffset, leading: inFeatures, transposed: true),
                        b: StridedMatrix(outputGradient, leading: batch, transposed: false),
                        c: inputGradient, ldc: batch, accumulate: false)
    }
}
