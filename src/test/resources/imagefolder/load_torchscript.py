#!/usr/bin/python3
"""Loads a TorchScript file with torch.jit.load, runs it on zeros of the given input shape in eval mode and prints
as JSON the output shape, whether every parameter is finite, and the first value of the named parameter.

Usage: /usr/bin/python3 load_torchscript.py MODEL.pt N,C,H,W PARAMETER_NAME   (Debian: python3-torch)
"""
import json
import sys

import torch

model = torch.jit.load(sys.argv[1])
model.eval()
shape = [int(d) for d in sys.argv[2].split(",")]
with torch.no_grad():
    out = model(torch.zeros(*shape))
params = dict(model.named_parameters())
print(json.dumps({
    "outputShape": list(out.shape),
    "allFinite": all(bool(torch.isfinite(p).all()) for p in params.values()),
    "parameter0": float(params[sys.argv[3]].flatten()[0]),
}))
