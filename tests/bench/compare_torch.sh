#!/usr/bin/env bash
# Training throughput of latent-explorer against the PyTorch reference trainer
# (../shared/bench/torch_vae_reference.py), interleaved on this machine in one sitting, because
# the machine's speed drifts by tens of percent between sittings. Prints each run and the medians.
# For measuring only: the project does not need torch. Needs python3-torch and libopenblas0-openmp.
#   [ARCH=mlp|conv] tests/bench/compare_torch.sh [reps=3] [latent=20] [epochs=1] [data=data/mnist]
# mlp (784-400-z) is compared with torch on tuned OpenBLAS, with and without flush-to-zero. conv
# is compared with torch's best set-up for it (../shared/bench/BASELINE.md): tuned OpenBLAS,
# flush-to-zero, and glibc told to keep its large blocks mapped (without that, torch spends a
# third of its time in page faults on this machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}; latent=${2:-20}; epochs=${3:-1}; data=${4:-data/mnist}
arch=${ARCH:-mlp}
ref=${TORCH_REFERENCE:-../shared/bench/torch_vae_reference.py}
exe=${EXE:-build/bin/latent-explorer}
[ -x "$exe" ] || { echo "build first: $exe missing" >&2; exit 2; }
[ -f "$ref" ] || { echo "reference trainer not found: $ref" >&2; exit 2; }
case "$arch" in
  mlp) ours_arch=mlp:400; variants=("plain" "ftz") ;;
  conv) ours_arch=conv; variants=("best") ;;
  *) echo "ARCH must be mlp or conv" >&2; exit 2 ;;
esac

ours() {  # mean training samples/s over the epochs
  "$exe" train --arch "$ours_arch" --data "$data" --latent "$latent" --epochs "$epochs" --threads "$1" --json |
    python3 -c 'import sys,json; r=[json.loads(l)["samples_per_s"] for l in sys.stdin]; print(sum(r)/len(r))'
}
torch() {  # THREADS VARIANT
  local env=() flags=()
  case "$2" in
    ftz) flags=(--flush-denormal) ;;
    best) flags=(--flush-denormal)
          env=(GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184) ;;
  esac
  env "${env[@]}" /usr/bin/python3 "$ref" --arch "$arch" --data "$data" --latent "$latent" --epochs "$epochs" \
    --threads "$1" --blas openblas-omp-tuned "${flags[@]}" --infer-reps 1 2>/dev/null |
    sed -n 's/^RESULT //p' | python3 -c 'import sys,json; print(json.load(sys.stdin)["mean_samples_per_s"])'
}

declare -A runs
for rep in $(seq "$reps"); do
  for t in 1 2; do
    line="rep $rep threads $t: latent-explorer $(ours "$t" | tee /dev/stderr)"
    runs[ours$t]+="$(echo "$line" | awk '{print $NF}') "
    for v in "${variants[@]}"; do
      r=$(torch "$t" "$v"); line+="  torch-$v $r"; runs[$v$t]+="$r "
    done
    echo "$line"
  done
done 2>/dev/null
median() { python3 -c 'import sys,statistics; print(statistics.median(map(float, sys.argv[1:])))' "$@"; }
for t in 1 2; do
  o=$(median ${runs[ours$t]}); line="threads $t ($arch): medians  latent-explorer $(printf %.0f "$o")"
  for v in "${variants[@]}"; do
    p=$(median ${runs[$v$t]})
    line+="  torch-$v $(printf %.0f "$p") ($(python3 -c "print('%.2fx' % ($o / $p))"))"
  done
  echo "$line samples/s"
done
