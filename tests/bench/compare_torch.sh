#!/usr/bin/env bash
# Training throughput of latent-explorer against the PyTorch reference trainer
# (../shared/bench/torch_vae_reference.py), interleaved on this machine in one sitting, because
# the machine's speed drifts by tens of percent between sittings. Prints each run and the medians.
# For measuring only: the project does not need torch. Needs python3-torch and libopenblas0-openmp.
#   tests/bench/compare_torch.sh [reps=3] [latent=20] [epochs=1] [data=data/mnist]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}; latent=${2:-20}; epochs=${3:-1}; data=${4:-data/mnist}
ref=${TORCH_REFERENCE:-../shared/bench/torch_vae_reference.py}
exe=${EXE:-build/bin/latent-explorer}
[ -x "$exe" ] || { echo "build first: $exe missing" >&2; exit 2; }
[ -f "$ref" ] || { echo "reference trainer not found: $ref" >&2; exit 2; }

ours() {  # mean training samples/s over the epochs
  "$exe" train --data "$data" --latent "$latent" --epochs "$epochs" --threads "$1" --json |
    python3 -c 'import sys,json; r=[json.loads(l)["samples_per_s"] for l in sys.stdin]; print(sum(r)/len(r))'
}
torch() {
  /usr/bin/python3 "$ref" --data "$data" --latent "$latent" --epochs "$epochs" --threads "$1" \
    --blas openblas-omp-tuned ${2:-} --infer-reps 1 2>/dev/null |
    sed -n 's/^RESULT //p' | python3 -c 'import sys,json; print(json.load(sys.stdin)["mean_samples_per_s"])'
}

declare -A runs
for rep in $(seq "$reps"); do
  for t in 1 2; do
    a=$(ours "$t"); b=$(torch "$t"); c=$(torch "$t" --flush-denormal)
    echo "rep $rep threads $t: latent-explorer $a  torch $b  torch+ftz $c"
    runs[ours$t]+="$a "; runs[torch$t]+="$b "; runs[ftz$t]+="$c "
  done
done
median() { python3 -c 'import sys,statistics; print(statistics.median(map(float, sys.argv[1:])))' "$@"; }
for t in 1 2; do
  o=$(median ${runs[ours$t]}); p=$(median ${runs[torch$t]}); f=$(median ${runs[ftz$t]})
  python3 -c "print('threads $t: medians  latent-explorer %.0f  torch %.0f  torch+ftz %.0f samples/s  ->  %.2fx torch, %.2fx torch+ftz' % ($o, $p, $f, $o/$p, $o/$f))"
done
