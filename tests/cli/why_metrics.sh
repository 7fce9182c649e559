#!/usr/bin/env bash
# The "why" measures from the command line, on a small MNIST subset: a two-beta sweep writes one
# JSON line per beta with every key and its PNG; eval prints prior_mass_in_holes and, with
# --iw-curve, the bound at k = 1, 10, 100, 1000; an AE's curve is refused (it has no q(z|x)).
#   why_metrics.sh EXE MNIST_DIR
set -uo pipefail
exe=$1; mnist=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The first 2,000 training and 500 test images, as IDX files with their counts set to match.
be32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)))"; }
idx_head() {  # SRC DST COUNT HEADER_BYTES RECORD_BYTES
  { head -c 4 "$1"; be32 "$3"; tail -c +9 "$1" | head -c $(($4 - 8 + $3 * $5)); } >"$2"
}
data=$work/small; mkdir -p "$data"
idx_head "$mnist/train-images-idx3-ubyte" "$data/train-images-idx3-ubyte" 2000 16 784
idx_head "$mnist/train-labels-idx1-ubyte" "$data/train-labels-idx1-ubyte" 2000 8 1
idx_head "$mnist/t10k-images-idx3-ubyte" "$data/t10k-images-idx3-ubyte" 500 16 784
idx_head "$mnist/t10k-labels-idx1-ubyte" "$data/t10k-labels-idx1-ubyte" 500 8 1

# --- sweep --------------------------------------------------------------------------------------
"$exe" sweep --betas 0.5,2 --epochs 1 --latent 2 --hidden 64 --data "$data" --json --save-dir "$work/out" \
  >"$work/sweep.json" 2>"$work/sweep.err" || fail "sweep exited with status $?: $(head -3 "$work/sweep.err")"
[ "$(wc -l <"$work/sweep.json")" = 2 ] || fail "sweep printed $(wc -l <"$work/sweep.json") lines, want 2"
for key in beta rate distortion test_loss active_units knn_accuracy prior_mass_in_holes; do
  [ "$(grep -c "\"$key\":" "$work/sweep.json")" = 2 ] || fail "sweep: key $key is not on both lines"
done
grep -q '"beta":0.5,' "$work/sweep.json" && grep -q '"beta":2.0,' "$work/sweep.json" || fail "sweep: betas 0.5 and 2 not both reported"
[ "$(head -c 8 "$work/out/sweep.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "sweep: $work/out/sweep.png is missing or not a PNG"
[ "$(stat -c %s "$work/out/sweep.png" 2>/dev/null || echo 0)" -gt 5000 ] || fail "sweep: sweep.png is suspiciously small"

# A beta for an AE, or --beta instead of --betas, is a mistake: one line, status 2.
"$exe" sweep --betas 1 --mode ae --epochs 1 --data "$data" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q -- "--mode" "$work/err" || fail "sweep --mode ae was not refused in one line"
"$exe" sweep --betas 1,1 --epochs 1 --data "$data" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "given twice" "$work/err" || fail "sweep --betas 1,1 was not refused"

# --- eval: holes and the importance-weighted curve ----------------------------------------------
"$exe" train --epochs 1 --latent 2 --hidden 64 --data "$data" --save "$work/vae.ckpt" --json >/dev/null 2>&1 ||
  fail "train (vae) failed"
"$exe" eval --load "$work/vae.ckpt" --data "$data" --iw-curve --iw-images 50 --json >"$work/eval.json" 2>"$work/eval.err" ||
  fail "eval --iw-curve exited with status $?: $(head -3 "$work/eval.err")"
grep -q '"prior_mass_in_holes":' "$work/eval.json" || fail "eval --json has no prior_mass_in_holes"
for k in 1 10 100 1000; do
  grep -q "{\"k\":$k,\"log_px\":[-0-9.e]*,\"stderr\":[0-9.e-]*}" "$work/eval.json" || fail "eval --iw-curve: no point for k = $k"
done
"$exe" train --mode ae --epochs 1 --latent 2 --hidden 64 --data "$data" --save "$work/ae.ckpt" --json >/dev/null 2>&1 ||
  fail "train (ae) failed"
"$exe" eval --load "$work/ae.ckpt" --data "$data" --iw-curve >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "no posterior\|needs a posterior" "$work/err" ||
  fail "eval --iw-curve of an AE was not refused in one line"

[ "$failures" = 0 ] && echo "why_metrics: all checks passed"
exit $((failures > 0))
