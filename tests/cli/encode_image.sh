#!/usr/bin/env bash
# `latent-explorer encode` on MNIST test digits saved as a phone photo would have them (dark ink
# on white paper, 56 x 56): the JSON has every field, most digits land among test digits of their
# own class, an AE has no sigma or log p(x), a conditional model picks a label, and bad input is
# one line and status 2.
#   encode_image.sh EXE MNIST_DIR [--sanitizer]
# --sanitizer (the ASan + UBSan build, tests/cli/CMakeLists.txt): the same file, JSON and bad-input
# checks on 3 of the 12 digits with a VAE of 1 epoch instead of 6, since under ASan each encode
# takes 2 s and the 6 epochs 15 s (56 s in all, the longest test of that run). How many digits
# land among their own class is the model's quality, not memory safety: the normal build checks it.
set -uo pipefail
exe=$1; mnist=$2; here=$(dirname "$0")
sanitizer=0; [ "${3:-}" = --sanitizer ] && sanitizer=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The first 3,000 training and 500 test images (IDX counts rewritten).
be32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)))"; }
idx_head() { { head -c 4 "$1"; be32 "$3"; tail -c +9 "$1" | head -c $(($4 - 8 + $3 * $5)); } >"$2"; }
mkdir -p "$work/data" "$work/png"
idx_head "$mnist/train-images-idx3-ubyte" "$work/data/train-images-idx3-ubyte" 3000 16 784
idx_head "$mnist/train-labels-idx1-ubyte" "$work/data/train-labels-idx1-ubyte" 3000 8 1
idx_head "$mnist/t10k-images-idx3-ubyte" "$work/data/t10k-images-idx3-ubyte" 500 16 784
idx_head "$mnist/t10k-labels-idx1-ubyte" "$work/data/t10k-labels-idx1-ubyte" 500 8 1
python3 "$here/mnist_png.py" "$work/data" "$work/png" 56 0 12 || fail "writing the PNGs"

pngs=("$work"/png/*.png); epochs=6
[ "$sanitizer" = 1 ] && { pngs=("${pngs[@]:0:3}"); epochs=1; }
"$exe" train --data "$work/data" --latent 8 --epochs "$epochs" --save "$work/vae.ckpt" >/dev/null || fail "training the VAE"
right=0; total=0
for png in "${pngs[@]}"; do
  want=${png##*_}; want=${want%.png}
  "$exe" encode --load "$work/vae.ckpt" --data "$work/data" --image "$png" --invert --iw 20 --json >"$work/out.json" ||
    fail "encode $png"
  verdict=$(python3 - "$work/out.json" "$want" <<'PY'
import collections, json, math, sys
j = json.load(open(sys.argv[1]))
for key in ("mu", "sigma", "recon", "log_px", "log_px_percentile", "neighbours"):
    assert key in j, key
assert len(j["mu"]) == 8 and len(j["sigma"]) == 8 and all(s > 0 for s in j["sigma"])
assert j["recon"] > 0 and math.isfinite(j["log_px"]) and j["log_px"] < 0 and 0 <= j["log_px_percentile"] <= 100
n = j["neighbours"]
assert len(n) == 5 and all(set(x) == {"index", "label", "distance"} for x in n)
assert all(n[i]["distance"] <= n[i + 1]["distance"] for i in range(4))
votes = collections.Counter(x["label"] for x in n)
print("right" if votes.most_common(1)[0][0] == int(sys.argv[2]) else "wrong")
PY
  ) || fail "the JSON of $png: $(cat "$work/out.json")"
  total=$((total + 1)); [ "$verdict" = right ] && right=$((right + 1))
done
echo "neighbours of the right class for $right of $total digits"
[ "$total" = 12 ] || [ "$sanitizer" = 1 ] || fail "encoded $total digits, want 12"
[ "$sanitizer" = 1 ] || [ "$right" -ge 9 ] || fail "only $right of $total digits found neighbours of their class"

# The AE has no posterior: sigma, log_px and its percentile are null.
"$exe" train --data "$work/data" --mode ae --latent 8 --epochs 1 --save "$work/ae.ckpt" >/dev/null || fail "training the AE"
"$exe" encode --load "$work/ae.ckpt" --data "$work/data" --image "$work/png/0_7.png" --invert --json >"$work/ae.json" || fail "encode (AE)"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert j['sigma'] is None and j['log_px'] is None and j['log_px_percentile'] is None and len(j['mu']) == 8" "$work/ae.json" ||
  fail "AE JSON: $(cat "$work/ae.json")"

# A conditional model without --label reports the class with the best ELBO.
"$exe" train --data "$work/data" --cond --latent 2 --epochs 1 --save "$work/cvae.ckpt" >/dev/null || fail "training the CVAE"
"$exe" encode --load "$work/cvae.ckpt" --data "$work/data" --image "$work/png/1_2.png" --invert --iw 5 --json >"$work/c.json" || fail "encode (CVAE)"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert 0 <= j['label'] <= 9" "$work/c.json" || fail "CVAE JSON: $(cat "$work/c.json")"

# Bad input: one line on stderr naming the problem, status 2.
expect2() {
  local needle=$1; shift
  "$exe" "$@" >/dev/null 2>"$work/err"; local got=$?
  [ "$got" = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -qF -- "$needle" "$work/err" ||
    fail "$* -> status $got, stderr: $(cat "$work/err")"
}
python3 -c "
import struct, zlib
def chunk(k, d): return struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d) & 0xFFFFFFFF)
open('$work/blank.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8, 8, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(bytes(9 * 8))) + chunk(b'IEND', b''))"
expect2 "no ink found" encode --load "$work/vae.ckpt" --data "$work/data" --image "$work/blank.png"
expect2 "cannot open" encode --load "$work/vae.ckpt" --data "$work/data" --image "$work/none.png"
head -c 100 "$work/png/0_7.png" >"$work/cut.png"
expect2 "cut.png" encode --load "$work/vae.ckpt" --data "$work/data" --image "$work/cut.png"
expect2 "not a conditional model" encode --load "$work/vae.ckpt" --data "$work/data" --image "$work/png/0_7.png" --label 3
expect2 "classes 0..9" encode --load "$work/cvae.ckpt" --data "$work/data" --image "$work/png/0_7.png" --label 12
echo "encode: all cases passed"
