#!/usr/bin/env python3
"""Writes MNIST test digits as PNG files the way a phone photo would have them: dark ink on
white paper, at another size (bilinear), named <index>_<label>.png. Standard library only.
  mnist_png.py MNIST_DIR OUT_DIR SIZE FIRST COUNT"""
import struct
import sys
import zlib

mnist, out, size, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
images = open(f"{mnist}/t10k-images-idx3-ubyte", "rb").read()
labels = open(f"{mnist}/t10k-labels-idx1-ubyte", "rb").read()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


for i in range(first, first + count):
    img = images[16 + 784 * i: 16 + 784 * (i + 1)]

    def px(y, x):
        return img[min(max(y, 0), 27) * 28 + min(max(x, 0), 27)]

    rows = bytearray()
    for Y in range(size):
        rows.append(0)  # PNG filter: none
        for X in range(size):
            fy, fx = (Y + 0.5) * 28 / size - 0.5, (X + 0.5) * 28 / size - 0.5
            y0, x0 = int(fy // 1), int(fx // 1)
            ty, tx = fy - y0, fx - x0
            v = (px(y0, x0) * (1 - tx) * (1 - ty) + px(y0, x0 + 1) * tx * (1 - ty) +
                 px(y0 + 1, x0) * (1 - tx) * ty + px(y0 + 1, x0 + 1) * tx * ty)
            rows.append(255 - int(round(v)))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    with open(f"{out}/{i}_{labels[8 + i]}.png", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))
