#!/usr/bin/env python3
"""Checks digits against PyTorch itself: the architecture printouts and the exported weights.

Needs `pip install torch torchsummary==1.5.1 safetensors numpy` (not needed by digits itself) and a built
digits (`make build`). Run from the repository root:

    python3 scripts/check_against_pytorch.py [--report report] [--digits .build/release/digits]

1. `print(model)` + `torchsummary.summary(model, (1, 28, 28))` of the assignment's two classes must be
   byte-identical to `digits summary`.
2. `model.load_state_dict(load_file(<report>/runs/<net>/model.safetensors))` must work, and the test accuracy
   and mean loss PyTorch computes must equal those in `<report>/runs/<net>/metrics.json`.
Exits non-zero on any difference.
"""
import argparse, contextlib, gzip, io, json, os, subprocess, sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file
from torchsummary import summary


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(256, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class MyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc1 = nn.Linear(800, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="report")
    parser.add_argument("--digits", default=".build/release/digits")
    parser.add_argument("--data-dir", default="data/mnist")
    args = parser.parse_args()
    failures = 0

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for index, cls in enumerate((ConvNet, MyNet)):
            if index:
                print()
            model = cls()
            print(model)
            summary(model, (1, 28, 28), device="cpu")
    ours = subprocess.run([args.digits, "summary"], check=True, capture_output=True, text=True).stdout
    if printed.getvalue() == ours:
        print("summary: digits summary is byte-identical to print(model) + torchsummary.summary")
    else:
        failures += 1
        for number, (a, b) in enumerate(zip(printed.getvalue().splitlines(), ours.splitlines()), 1):
            if a != b:
                print(f"summary differs at line {number}:\n  PyTorch: {a!r}\n  digits:  {b!r}")
                break
        else:
            print("summary: the texts differ in length")

    pixels = gzip.open(f"{args.data_dir}/t10k-images-idx3-ubyte.gz").read()[16:]
    labels = gzip.open(f"{args.data_dir}/t10k-labels-idx1-ubyte.gz").read()[8:]
    images = (np.frombuffer(pixels, dtype=np.uint8).reshape(-1, 1, 28, 28) / 255.0 - 0.1307) / 0.3081
    x = torch.tensor(images.astype(np.float32))
    y = torch.tensor(np.frombuffer(labels, dtype=np.uint8).astype(np.int64))
    for name, cls in (("convnet", ConvNet), ("mynet", MyNet)):
        # A seeds list keeps one run per seed in runs/<net>/seed-<n>; every seed's run is checked.
        folder = f"{args.report}/runs/{name}"
        seeds = sorted((d for d in os.listdir(folder) if d.startswith("seed-")), key=lambda d: int(d[5:]))
        for run in [f"{folder}/{d}" for d in seeds] or [folder]:
            failures += check(run, f"{name} {run.rsplit('/', 1)[-1]}" if seeds else name, cls, x, y)
    sys.exit(1 if failures else 0)


def check(run, label, cls, x, y):
    """Loads the run's weights into the PyTorch class and compares the test figures with metrics.json; 1 when they differ."""
    model = cls()
    model.load_state_dict(load_file(f"{run}/model.safetensors"))
    model.eval()
    with torch.no_grad():
        logits = model(x)
    accuracy = (logits.argmax(1) == y).float().mean().item()
    loss = F.cross_entropy(logits, y).item()
    recorded = json.load(open(f"{run}/metrics.json"))["test"]
    same = abs(accuracy - recorded["accuracy"]) < 1e-6 and abs(loss - recorded["loss"]) < 1e-5
    print(f"{label}: PyTorch test accuracy {accuracy:.4f} loss {loss:.6f}; digits recorded "
          f"{recorded['accuracy']:.4f} / {recorded['loss']:.6f}: {'same' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    main()
