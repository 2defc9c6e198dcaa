#!/usr/bin/python3
"""Loads two TorchScript files with torch.jit.load and prints, for every tensor of the first one's state_dict
(parameters and buffers: running statistics, num_batches_tracked), "same" or "changed", bit for bit, one per line.

Usage: /usr/bin/python3 compare_layers.py ORIGINAL.pt UNLEARNED.pt
"""
import sys

import torch

a = torch.jit.load(sys.argv[1]).state_dict()
b = torch.jit.load(sys.argv[2]).state_dict()
assert list(a) == list(b), (list(a), list(b))
for name, tensor in a.items():
    print(name, "same" if torch.equal(tensor, b[name]) else "changed")
