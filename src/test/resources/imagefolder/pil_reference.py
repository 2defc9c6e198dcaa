#!/usr/bin/python3
"""Writes small images in several PIL modes and file formats and prints, as JSON, the pixels PIL's convert("RGB")
and convert("L") give for each (what torchvision's loader feeds a model): the reference of ImageDecoderTest.

Usage: /usr/bin/python3 pil_reference.py OUT_DIR   (Debian: python3-pil)
"""
import json
import random
import sys
from pathlib import Path

from PIL import Image

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(3)
W, H = 5, 4
rgba = Image.new("RGBA", (W, H))
rgba.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(W * H)])
rgb = rgba.convert("RGB")
cases = {
    "grey.png": rgb.convert("L"),
    "grey-alpha.png": rgba.convert("LA"),
    "rgb.png": rgb,
    "rgba.png": rgba,
    "palette.png": rgb.convert("P", palette=Image.ADAPTIVE, colors=7),
    "rgb.bmp": rgb,
    "grey.bmp": rgb.convert("L"),
    "rgb.jpg": rgb,
}
result = {}
for name, image in cases.items():
    path = out / name
    image.save(path, quality=95) if name.endswith(".jpg") else image.save(path)
    back = Image.open(path)
    result[name] = {
        "rgb": [c for px in back.convert("RGB").getdata() for c in px],
        "grey": list(back.convert("L").getdata()),
    }
print(json.dumps({"width": W, "height": H, "images": result}))
