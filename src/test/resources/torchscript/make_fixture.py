#!/usr/bin/python3
"""Generates tiny-cnn.pt, the TorchScript fixture of the engine tests (run once; the .pt file is committed).

A two-conv CNN for 1x12x12 images and 3 classes, scripted with torch.jit.script. Made with Debian's python3-torch
1.13; libtorch 2.7.1 (DJL) loads files of that version. Usage: /usr/bin/python3 make_fixture.py [output.pt]
"""
import sys

import torch
import torch.nn as nn


class TinyCnn(nn.Module):
    def __init__(self, classes: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 3 * 3, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.max_pool2d(torch.relu(self.bn2(self.conv2(x))), 2)
        return self.fc(torch.flatten(x, 1))


if __name__ == "__main__":
    torch.manual_seed(7)
    out = sys.argv[1] if len(sys.argv) > 1 else "tiny-cnn.pt"
    torch.jit.script(TinyCnn()).save(out)
    print("wrote", out)
