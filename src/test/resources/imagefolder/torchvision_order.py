#!/usr/bin/python3
"""Prints torchvision's ImageFolder view of a folder as JSON: classes, class_to_idx and the samples in order
(path relative to the folder, target). The reference ImageFolderOrderTest compares the worker's index with.

Usage: /usr/bin/python3 torchvision_order.py FOLDER   (Debian: python3-torchvision)
"""
import json
import os
import sys

from torchvision.datasets import ImageFolder

root = sys.argv[1]
ds = ImageFolder(root)
print(json.dumps({
    "classes": ds.classes,
    "class_to_idx": ds.class_to_idx,
    "samples": [[os.path.relpath(path, root), target] for path, target in ds.samples],
}, ensure_ascii=True))
