import MNIST
import NeuralNet

/// The network as a PyTorch class, in Python: the modules under the names of the weights' state_dict
/// and the forward pass the engine runs, so `load_state_dict` takes a `model.safetensors` as it is.
public enum PyTorchExport {
    /// The module source: the class named as the network, and a `__main__` block that loads a weights
    /// file given on the command line and scores it on the MNIST test files with `lossFunction`.
    public static func source(of architecture: NetworkArchitecture, lossFunction: LossFunction = .crossEntropy) -> String {
        let name = architecture.className
        var lines = [
            "\"\"\"\(architecture.title), as digits defines and trains it (written by `digits export-pytorch`).",
            "",
            "The weights digits saves (runs/<net>/.../model.safetensors) load with load_state_dict. Inputs are",
            "(N, \(architecture.inputShape.channels), \(architecture.inputShape.height), \(architecture.inputShape.width)) images normalised as (x/255 - \(MNIST.mean)) / \(MNIST.standardDeviation).",
            "\"\"\"",
            "import collections",
            "import torch",
            "import torch.nn as nn",
            "import torch.nn.functional as F",
            "",
            "",
            "class \(name)(nn.Module):",
            "    def __init__(self):",
            "        super().__init__()",
        ]
        for module in architecture.modules {
            lines.append("        self.\(module.name) = " + PyTorchExport.constructor(module.layer.kind))
        }
        lines += ["", "    def forward(self, x):"]
        // The engine's forward order, step by step; the softmax belongs to the loss.
        for step in architecture.forward {
            lines.append("        x = " + call(step))
        }
        lines.append("        return x")
        lines += [
            "",
            "",
            "if __name__ == \"__main__\":",
            "    # python \(name.lowercased()).py WEIGHTS.safetensors [MNIST_FOLDER]: loads the weights and scores the test set.",
            "    import gzip, sys",
            "    import numpy as np",
            "    from safetensors.torch import load_file",
            "",
            "    model = \(name)()",
            "    model.load_state_dict(load_file(sys.argv[1]))",
            "    model.eval()",
            "    folder = sys.argv[2] if len(sys.argv) > 2 else \"data/mnist\"",
            "    pixels = gzip.open(f\"{folder}/t10k-images-idx3-ubyte.gz\").read()[16:]",
            "    labels = gzip.open(f\"{folder}/t10k-labels-idx1-ubyte.gz\").read()[8:]",
            "    images = (np.frombuffer(pixels, dtype=np.uint8).reshape(-1, 1, 28, 28) / 255.0 - \(MNIST.mean)) / \(MNIST.standardDeviation)",
            "    x = torch.tensor(images.astype(np.float32))",
            "    y = torch.tensor(np.frombuffer(labels, dtype=np.uint8).astype(np.int64))",
            "    with torch.no_grad():",
            "        logits = model(x)",
            "    accuracy = (logits.argmax(1) == y).float().mean().item()",
            "    print(f\"\(name) test accuracy {accuracy:.4f} loss {\(lossFunction.pythonCall(outputs: "logits", labels: "y")).item():.6f}\")",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The module's constructor with PyTorch's `nn.` prefix, also on a container's children.
    static func constructor(_ kind: any LayerKind) -> String {
        kind.pythonConstructor(prefix: "nn.")
    }

    /// The Python expression of one forward step applied to `x`: a module by its attribute path
    /// (`self.features[0]` for a Sequential's numbered child), or the functional call.
    static func call(_ step: ForwardStep) -> String {
        if let module = step.module {
            let access = module.split(separator: ".").map { Int($0) != nil ? "[\($0)]" : ".\($0)" }.joined()
            return "self\(access)(x)"
        }
        guard let call = step.layer.kind.functionalCall else { preconditionFailure("a functional step has a functional form") }
        return call
    }
}
