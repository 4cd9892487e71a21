"""PyTorch's training speed for a class written by `digits export-pytorch`, to compare with `digits bench`.

    digits export-pytorch --net mynet --params FILE --out /tmp/mynet.py
    ~/torch-venv/bin/python scripts/pytorch_train_speed.py /tmp/mynet.py MyNet [THREADS]

Times 200 Adam steps on mini-batches of 64 (after 20 warm-up steps) and prints images per second.
"""
import importlib.util
import sys
import time

import torch
import torch.nn.functional as F

path, class_name = sys.argv[1], sys.argv[2]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
spec = importlib.util.spec_from_file_location("exported", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
torch.set_num_threads(threads)
torch.manual_seed(0)
model = getattr(module, class_name)()
optimizer = torch.optim.Adam(model.parameters(), 1e-3)
x, y = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))


def steps(count):
    for _ in range(count):
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()


steps(20)
start = time.perf_counter()
steps(200)
seconds = time.perf_counter() - start
print(f"PyTorch {torch.__version__} {class_name}: {200 * 64 / seconds:.0f} training images/s, {threads} threads")
