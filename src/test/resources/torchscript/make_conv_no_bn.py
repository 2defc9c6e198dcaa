#!/usr/bin/python3
"""Generates conv-no-bn.pt, the TorchScript fixture of MultiDeviceTrainingTest (run once; the .pt file is committed).

One convolution, ReLU and a linear layer for 1x8x8 images and 3 classes, without batch norm: with batch norm, a batch
split across devices normalises each part by its own statistics, so only a network without it trains to the same
numbers on one device and on several. Usage: /usr/bin/python3 make_conv_no_bn.py [output.pt]
"""
import sys

import torch
import torch.nn as nn


class ConvNoBn(nn.Module):
    def __init__(self, classes: int = 3):
        super().__init__()
        self.conv = nn.Conv2d(1, 6, 3)
        self.fc = nn.Linear(6 * 6 * 6, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(torch.relu(self.conv(x)), 1))


if __name__ == "__main__":
    torch.manual_seed(7)
    out = sys.argv[1] if len(sys.argv) > 1 else "conv-no-bn.pt"
    torch.jit.script(ConvNoBn()).save(out)
    print("wrote", out)
