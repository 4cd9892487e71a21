#!/usr/bin/env python3
"""Writes Tests/NeuralNetTests/Reference/parity.safetensors: PyTorch's numbers for a small network that
uses every layer kind digits runs, which NeuralNetTests/PyTorchParityTests compares with the engine.

The file holds, under these names:
  input [40, 1, 28, 28], labels [40] (as F32)            a batch of three shards (16 + 16 + 8 images)
  init.<state_dict name>                                  the starting weights and buffers
  step1.logits [40, 10], step1.loss []                    the first training-mode forward pass
  step1.grad.<parameter>                                  every parameter's gradient of the mean loss
  step1.<buffer>                                          running statistics after that pass
  step3.<state_dict name>                                 weights and buffers after three Adam steps (lr 1e-3)
  eval.logits [40, 10]                                    evaluation-mode output after them
  nll.loss [], nll.grad.<parameter>                       F.nll_loss instead of F.cross_entropy, from the
                                                          starting weights (the training-mode output above)

Dropout layers have p = 0 so that both frameworks compute the same function (their masks are tested
apart). The layers before a BatchNorm have no bias: its gradient would be zero up to rounding, which
Adam's normalised steps would turn into differences of the learning rate's size. Needs torch 2.15 and safetensors. Run from the repository root:

    ~/torch-venv/bin/python scripts/pytorch_reference.py
"""
import copy
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

OUT = os.path.join("Tests", "NeuralNetTests", "Reference", "parity.safetensors")


class ParityNet(nn.Module):
    """Every kind once: Sequential, Conv2d (padding, stride, 'same'), BatchNorm2d/1d (momentum None too),
    ReLU (fused with 2x2 max-pooling and with a Linear), ELU, Tanh, Sigmoid, LeakyReLU, GELU, Softmax,
    MaxPool2d with padding, AvgPool2d with padding, adaptive max and average pooling, Dropout/Dropout2d,
    view, Linear, log_softmax."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1, bias=False),
            nn.BatchNorm2d(4),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, stride=2),
            nn.ELU(),
            nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
            nn.Dropout2d(0.0),
        )
        self.conv3 = nn.Conv2d(6, 8, 3, padding="same", bias=False)
        self.bn3 = nn.BatchNorm2d(8, momentum=None)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.gap = nn.AdaptiveAvgPool2d((2, 2))
        self.fc1 = nn.Linear(8 * 2 * 2, 16, bias=False)
        self.bn4 = nn.BatchNorm1d(16)
        self.fc2 = nn.Linear(16, 12)
        self.drop = nn.Dropout(0.0)
        self.fc3 = nn.Linear(12, 10)

    def forward(self, x):
        x = self.features(x)
        x = torch.tanh(self.bn3(self.conv3(x)))
        x = self.pool(x)
        x = torch.sigmoid(F.adaptive_max_pool2d(x, 3))
        x = self.gap(x)
        x = x.view(x.size(0), -1)
        x = F.leaky_relu(self.bn4(self.fc1(x)), 0.1)
        x = F.relu(self.fc2(x))
        x = F.gelu(F.softmax(x, dim=1))
        x = self.fc3(self.drop(x))
        return F.log_softmax(x, dim=1)


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(7)
    model = ParityNet()
    # Starting weights drawn here (not torch's generator), so that the file alone defines them; the
    # BatchNorm weights away from 1 so that a missing weight shows.
    with torch.no_grad():
        for name, p in model.named_parameters():
            scale = 0.5 if "bn" in name or "features.1" in name else 1.0 / np.sqrt(max(1, p[0].numel()))
            base = 1.0 if name.endswith("weight") and ("bn" in name or "features.1" in name) else 0.0
            p.copy_(torch.tensor(base + scale * rng.uniform(-1, 1, p.shape), dtype=torch.float32))
    x = torch.tensor(rng.normal(0, 1, (40, 1, 28, 28)), dtype=torch.float32)
    y = torch.tensor(rng.integers(0, 10, 40), dtype=torch.int64)
    out = {"input": x, "labels": y.float()}
    for k, v in model.state_dict().items():
        out["init." + k] = v.clone()
    nll_model = copy.deepcopy(model)
    nll_model.train()
    nll = F.nll_loss(nll_model(x), y)
    nll.backward()
    out["nll.loss"] = nll.detach().clone()
    for name, p in nll_model.named_parameters():
        out["nll.grad." + name] = p.grad.detach().clone()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for step in range(3):
        optimizer.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        if step == 0:
            out["step1.logits"] = logits.detach().clone()
            out["step1.loss"] = loss.detach().clone()
            for name, p in model.named_parameters():
                out["step1.grad." + name] = p.grad.detach().clone()
            for name, b in model.named_buffers():
                out["step1." + name] = b.clone()
        optimizer.step()
    for k, v in model.state_dict().items():
        out["step3." + k] = v.clone()
    model.eval()
    with torch.no_grad():
        out["eval.logits"] = model(x)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    save_file({k: v.contiguous() for k, v in out.items()}, OUT)
    print("wrote", OUT, sum(v.numel() for v in out.values()), "values")


if __name__ == "__main__":
    main()
