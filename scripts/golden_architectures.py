#!/usr/bin/env python3
"""Regenerates the golden texts of Tests/ReportTests/Golden from real PyTorch and torchsummary 1.5.1.

For each architecture below it writes, into Tests/ReportTests/Golden:
  <Class>.txt         stdout of `print(model)` followed by `summary(model, (1, 28, 28), device="cpu")`
  <Class>.count       the number of parameters
  <Class>.state_dict  each state_dict key and its shape, e.g. `conv1.weight [32, 1, 3, 3]`
and the same for the nn.Module class of every class file in Tests/ReportTests/Golden/classes
(<file>.txt and <file>.state_dict beside it), which the class reader's tests read.

Needs torch and torchsummary==1.5.1. Run from the repository root:

    ~/torch-venv/bin/python scripts/golden_architectures.py
"""
import contextlib, io, os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchsummary import summary

OUT = os.path.join("Tests", "ReportTests", "Golden")


class PaddedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(3136, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(self.dropout(x), 1)
        return self.fc2(F.relu(self.fc1(x)))


class StridedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=2)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)
        self.pool = nn.AvgPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(288, 10, bias=False)

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.pool(self.relu(self.conv2(x)))
        return self.fc(self.flatten(x))


class MLPNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 100)
        self.drop = nn.Dropout(p=0.2)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        x = F.relu(self.fc1(self.flatten(x)))
        return self.fc2(self.drop(x))


class PoolNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 5, padding=2)
        self.pool1 = nn.MaxPool2d(3, stride=2)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.fc1 = nn.Linear(400, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(x, 0.1, training=self.training)
        return self.fc1(torch.flatten(x, 1))


def write(name, text):
    with open(name if name.startswith(OUT) else os.path.join(OUT, name), "w") as f:
        f.write(text)


def printouts(model):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print(model)
        summary(model, (1, 28, 28), device="cpu")
    return out.getvalue()


def class_files():
    folder = os.path.join(OUT, "classes")
    for file in sorted(os.listdir(folder)):
        if not file.endswith(".py"):
            continue
        path = os.path.join(folder, file)
        namespace = {"__name__": "fixture"}
        exec(compile(open(path).read(), path, "exec"), namespace)
        classes = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, nn.Module) and v.__module__ == "fixture"]
        assert len(classes) == 1, f"{file}: one nn.Module class"
        model = classes[0]()
        stem = path[:-3]
        write(stem + ".txt", printouts(model))
        write(stem + ".state_dict", "".join(f"{k} {list(v.shape)}\n" for k, v in model.state_dict().items()))
        print("wrote", stem + ".{txt,state_dict}")


def main():
    class_files()
    os.makedirs(OUT, exist_ok=True)
    for cls in (PaddedNet, StridedNet, MLPNet, PoolNet):
        model = cls()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            print(model)
            summary(model, (1, 28, 28), device="cpu")
        name = cls.__name__
        write(name + ".txt", out.getvalue())
        write(name + ".count", f"{sum(p.numel() for p in model.parameters())}\n")
        write(name + ".state_dict", "".join(f"{k} {list(v.shape)}\n" for k, v in model.state_dict().items()))
        print("wrote", os.path.join(OUT, name) + ".{txt,count,state_dict}")


if __name__ == "__main__":
    main()
