#!/usr/bin/python3
"""Checks a re-initialised ResNet-18 against PyTorch: every tensor of RESET.pt must have the range, mean and standard
deviation that the same tensor gets in a fresh torchvision ResNet-18 (3 classes) whose layers were re-initialised by
PyTorch's own reset_parameters() (SCHEME reset-parameters) or that torchvision initialised itself (kaiming-normal),
within sampling error; batch-norm running means must be 0, variances 1, num_batches_tracked 0. Prints one line per
tensor, "ok NAME" or "bad NAME: why".

Usage: /usr/bin/python3 reset_statistics.py RESET.pt SCHEME
"""
import math
import sys

import torch
import torchvision

ours = torch.jit.load(sys.argv[1]).state_dict()
scheme = sys.argv[2]
torch.manual_seed(1)
reference = torchvision.models.resnet18(num_classes=3)
if scheme == "reset-parameters":
    for m in reference.modules():
        if hasattr(m, "reset_parameters"):
            m.reset_parameters()
theirs = reference.state_dict()
for name, t in ours.items():
    r = theirs[name]
    problems = []
    if name.endswith("running_mean") and not torch.all(t == 0):
        problems.append("running mean not 0")
    elif name.endswith("running_var") and not torch.all(t == 1):
        problems.append("running variance not 1")
    elif name.endswith("num_batches_tracked") and int(t) != 0:
        problems.append("num_batches_tracked not 0")
    elif t.dtype.is_floating_point and r.numel() > 1 and float(r.std()) > 0:
        n = t.numel()
        t, r = t.double(), r.double()
        sigma = float(r.std())
        # Means within 5 standard errors; standard deviations within 5 standard errors of a normal's or uniform's
        # sample std (relative error about 1/sqrt(2n)); the largest magnitude no larger than PyTorch's bound allows.
        if abs(float(t.mean()) - float(r.mean())) > 5 * sigma * math.sqrt(2.0 / n):
            problems.append(f"mean {float(t.mean()):.5f} vs {float(r.mean()):.5f}")
        if abs(float(t.std()) / sigma - 1) > 5 / math.sqrt(2 * n):
            problems.append(f"std {float(t.std()):.5f} vs {sigma:.5f}")
        if scheme == "reset-parameters" or not name.startswith(("conv", "layer")) or name.endswith("bias"):
            fan_in = r[0].numel() if name.endswith("weight") else None
            if fan_in is not None and float(t.abs().max()) > 1 / math.sqrt(fan_in) + 1e-6:
                problems.append(f"max |x| {float(t.abs().max()):.5f} beyond the bound {1 / math.sqrt(fan_in):.5f}")
    elif t.dtype.is_floating_point and not torch.equal(t, r):
        problems.append(f"values {t.flatten()[:4].tolist()} vs {r.flatten()[:4].tolist()}")
    print(("bad " + name + ": " + ", ".join(problems)) if problems else "ok " + name)
