#!/usr/bin/env bash
# Soak: the GUI training under Xvfb for MINUTES (default 30), its resident memory sampled every
# 10 s. Prints the samples and a summary: RSS after the first minute against RSS at the end. A
# flat line means nothing accumulates (loss history is decimated, snapshots are released).
#   tests/bench/soak_gui.sh [minutes=30] [extra gui args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}; shift || true
exe=${EXE:-build/bin/latent-explorer}
log=$(mktemp); trap 'rm -f "$log"' EXIT
xvfb-run -a -s "-screen 0 1600x1000x24" "$exe" gui --autosave 0 "$@" >"$log" 2>&1 &
runner=$!
pid=""
# The GUI is a child of our xvfb-run (not any other instance that may be running).
for _ in $(seq 50); do pid=$(pgrep -P "$runner" -x latent-explorer || true); [ -n "$pid" ] && break; sleep 0.2; done
[ -n "$pid" ] || { echo "the GUI did not start:"; cat "$log"; exit 1; }
echo "seconds,rss_mb"
end=$(( $(date +%s) + minutes * 60 )); start=$(date +%s); first=""; last=""
while [ "$(date +%s)" -lt "$end" ] && kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/"$pid"/status)
  t=$(( $(date +%s) - start ))
  echo "$t,$rss"
  [ -z "$first" ] && [ "$t" -ge 60 ] && first=$rss
  last=$rss
  sleep 10
done
kill "$pid" 2>/dev/null || true; wait "$runner" 2>/dev/null || true
echo "summary: rss after 1 min ${first:-n/a} MB, at the end ${last} MB, over ${minutes} min"
