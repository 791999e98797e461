#!/usr/bin/python3
"""Makes the bundled photographs in workloads/images/ (run once; the PNGs are committed).

Source: Debian's python3-skimage package (apt-get install python3-skimage), whose skimage/data/
holds astronaut.png, coffee.png and chelsea.png; their licences are stated in
skimage/data/_fetchers.py and copied into workloads/images/LICENSES.md.

Each photograph is cropped to a centred square, converted to grayscale with the same integer
BT.601 luma the harness uses for colour files, (77 R + 150 G + 29 B + 128) >> 8, and reduced to
64x64, 128x128 and 256x256 with a Lanczos filter. The output is 8-bit grayscale PNG.

    /usr/bin/python3 tools/make_images.py [SKIMAGE_DATA_DIR] [OUT_DIR]
"""
import os
import sys

import numpy as np
from PIL import Image

PHOTOS = ["astronaut", "coffee", "chelsea"]
SIZES = [64, 128, 256]


def data_dir():
    try:
        import skimage.data
        return os.path.dirname(skimage.data.__file__)
    except ImportError:
        return "/usr/lib/python3/dist-packages/skimage/data"


def gray(rgb):
    a = np.asarray(rgb.convert("RGB"), dtype=np.uint32)
    y = (77 * a[:, :, 0] + 150 * a[:, :, 1] + 29 * a[:, :, 2] + 128) >> 8
    return Image.fromarray(y.astype(np.uint8), mode="L")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else data_dir()
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "workloads", "images")
    os.makedirs(out, exist_ok=True)
    for name in PHOTOS:
        im = Image.open(os.path.join(src, name + ".png"))
        w, h = im.size
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        sq = gray(im.crop((left, top, left + side, top + side)))
        for n in SIZES:
            path = os.path.join(out, "%s-%d.png" % (name, n))
            sq.resize((n, n), Image.LANCZOS).save(path, optimize=True)
            print(path)


if __name__ == "__main__":
    main()
