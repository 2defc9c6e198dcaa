#!/usr/bin/env python3
"""Export the two benchmark networks as TorchScript files that both sides of the throughput benchmark load.

  resnet18-cifar.pt  CIFAR-style ResNet-18 (torchvision BasicBlock layout, 3x3 stem, no max-pool), 3x32x32 input
  resnet50-cifar.pt  torchvision's ResNet-50 as it is (7x7 stride-2 stem, max-pool) on 3x32x32 input, the seed
                     experiment's setting: layer4 sees 1024 channels of 2x2 (the 1x1 convolutions oneDNN 3.7.1 divided
                     by zero in on CPUs that hide their cache sizes; engine.runtime.OneDnnCacheSizes)
  small-cnn.pt       the engine's built-in small-cnn layer for layer (dev.unlearning.engine.model.Architectures):
                     conv5x5/2(16)-BN-ReLU, conv3x3(32)-BN-ReLU, maxpool2, flatten, linear(256)-ReLU,
                     linear(classes); 1x28x28 input (Fashion-MNIST)

Usage: /usr/bin/python3 bench/export_models.py [--out DIR] [--classes 10] [--seed 0]
"""
import argparse
import json
import os

import torch
import torchvision
from torch import nn


def small_cnn(channels: int, classes: int, height: int = 28, width: int = 28) -> nn.Module:
    # Strided 5x5 conv with padding 2 halves the side (rounding up), the max-pool halves it again.
    h, w = (height + 1) // 2 // 2, (width + 1) // 2 // 2
    return nn.Sequential(
        nn.Conv2d(channels, 16, 5, stride=2, padding=2, bias=True), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1, bias=True), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * h * w, 256), nn.ReLU(), nn.Linear(256, classes))


def resnet18_cifar(classes: int) -> nn.Module:
    net = torchvision.models.resnet18(num_classes=classes)
    net.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    net.maxpool = nn.Identity()
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="bench/models")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    exported = {}
    for name, net, shape in [("small-cnn", small_cnn(1, args.classes), (1, 1, 28, 28)),
                             ("resnet18-cifar", resnet18_cifar(args.classes), (1, 3, 32, 32)),
                             ("resnet50-cifar", torchvision.models.resnet50(num_classes=args.classes), (1, 3, 32, 32))]:
        net.eval()
        scripted = torch.jit.script(net)
        path = os.path.join(args.out, name + ".pt")
        scripted.save(path)
        # Check the file loads back and gives the same output as the eager module.
        x = torch.randn(*shape)
        with torch.no_grad():
            same = torch.allclose(torch.jit.load(path)(x), net(x), atol=1e-5)
        if not same:
            raise SystemExit(f"{path}: reloaded TorchScript output differs from the eager module")
        exported[name] = {"file": path, "input": list(shape[1:]),
                          "parameters": sum(p.numel() for p in net.parameters())}
    print(json.dumps({"torch": torch.__version__, "models": exported}, indent=2))


if __name__ == "__main__":
    main()
