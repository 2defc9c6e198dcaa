#!/usr/bin/python3
"""Makes the models and data of TorchScriptUserModelsTest as a user would: the small CNN of bench/export_models.py and
torchvision's ResNet-18, each exported with torch.jit.script, a torch.save state_dict and a torch.save of a whole
module (the common mistake), a module with a parameter of its own (scaled.pt), and a tiny CIFAR-10-format data set (3 classes) for the ResNet.

Usage: /usr/bin/python3 make_models.py OUT_DIR (run from the repository root: it imports bench/export_models.py)
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, "bench")
from export_models import small_cnn  # noqa: E402


def cifar_records(n: int, seed: int) -> bytes:
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % 3
    base = torch.randint(0, 256, (3, 3, 32, 32), generator=g)
    noise = torch.randint(-40, 41, (n, 3, 32, 32), generator=g)
    pixels = (base[labels] + noise).clamp(0, 255).to(torch.uint8)
    out = bytearray()
    for i in range(n):
        out.append(int(labels[i]))
        out += pixels[i].flatten().numpy().tobytes()
    return bytes(out)


class Scaled(torch.nn.Module):
    """The small CNN times a learned scalar of the root: a parameter of no standard layer kind."""

    def __init__(self):
        super().__init__()
        self.net = small_cnn(1, 3, 12, 12)
        self.scale = torch.nn.Parameter(torch.ones(1))

    def forward(self, x):
        return self.net(x) * self.scale


def main() -> None:
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "cifar"), exist_ok=True)
    torch.manual_seed(0)
    small = small_cnn(1, 3, 12, 12)
    torch.jit.script(small).save(os.path.join(out, "small-cnn.pt"))
    torch.save(small.state_dict(), os.path.join(out, "state-dict.pt"))
    torch.save(small, os.path.join(out, "pickled-module.pt"))
    resnet = torchvision.models.resnet18(num_classes=3)
    torch.jit.script(resnet).save(os.path.join(out, "resnet18.pt"))
    torch.jit.script(Scaled()).save(os.path.join(out, "scaled.pt"))
    for i in range(1, 6):
        with open(os.path.join(out, "cifar", f"data_batch_{i}.bin"), "wb") as f:
            f.write(cifar_records(12, i))
    with open(os.path.join(out, "cifar", "test_batch.bin"), "wb") as f:
        f.write(cifar_records(30, 9))
    print("ok")


if __name__ == "__main__":
    main()
