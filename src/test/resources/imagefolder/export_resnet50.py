#!/usr/bin/python3
"""Exports torchvision's ResNet-50 (bottleneck blocks, convolutions without bias, batch norm) with torch.jit.script,
as a PyTorch user would, for 3x32x32 input and 10 classes, and prints as JSON the name and element count of every
convolution weight and the first value of conv1.weight (what ResNet50ImageFolderTest checks the worker against).

Usage: /usr/bin/python3 export_resnet50.py OUT.pt   (Debian: python3-torch, python3-torchvision)
"""
import json
import sys

import torch
import torchvision

torch.manual_seed(50)
model = torchvision.models.resnet50(num_classes=10)
model.eval()
assert tuple(model(torch.zeros(2, 3, 32, 32)).shape) == (2, 10)
scripted = torch.jit.script(model)
scripted.save(sys.argv[1])
convs = [(name + ".weight", m.weight.numel()) for name, m in model.named_modules() if isinstance(m, torch.nn.Conv2d)]
assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d))
print(json.dumps({
    "convWeights": [n for n, _ in convs],
    "convElements": sum(c for _, c in convs),
    "conv1Weight0": float(model.conv1.weight.flatten()[0]),
}))
