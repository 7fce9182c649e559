#!/usr/bin/env bash
# The slow checks that `setup.sh test` runs after the normal test suite:
#   asan  the unit and CLI tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan  the threading tests (worker, stress) built with ThreadSanitizer
#   fuzz  the libFuzzer targets (IDX reader, checkpoint loader), FUZZ_SECONDS each (default 30),
#         from a generated seed corpus plus tests/fuzz/regressions; a crash input is kept there
#         by libFuzzer (-artifact_prefix) so it becomes a regression case.
# Usage: scripts/check.sh [asan] [tsan] [fuzz]   (no argument: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(asan tsan fuzz)
jobs=$(nproc)

configure() {  # DIR extra cmake args...
  local dir=$1; shift
  # -O1: sanitizer builds compile much faster and still run the real-data tests quickly.
  [ -f "$dir/CMakeCache.txt" ] || cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "$@" >/dev/null
}

for step in "${steps[@]}"; do
  started=$SECONDS
  case "$step" in
    asan)
      echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
      configure build-asan -DLEX_SANITIZE=address,undefined "-DCMAKE_CXX_FLAGS=-fno-sanitize-recover=all"
      cmake --build build-asan -j "$jobs" --target core_tests thread_tests latent-explorer
      (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --no-tests=error --output-on-failure -j "$jobs" -L 'unit|thread|cli' -E 'Compare|ImportanceSampling|TestLossFallsOnRealMnist')  # numerics only: long under ASan
      ;;
    tsan)
      echo "== ThreadSanitizer"
      configure build-tsan -DLEX_SANITIZE=thread -DLEX_BUILD_APP=OFF
      cmake --build build-tsan -j "$jobs" --target thread_tests
      # libgomp is not instrumented, so its barriers look like races: keep Eigen's products serial
      # here and check our own threads (worker, UI-side readers) only.
      (cd build-tsan && OMP_NUM_THREADS=1 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --no-tests=error --output-on-failure -L thread)
      ;;
    fuzz)
      echo "== libFuzzer, ${FUZZ_SECONDS:-30} s per target"
      CC=clang CXX=clang++ configure build-fuzz -DLEX_BUILD_FUZZERS=ON -DLEX_BUILD_APP=OFF
      cmake --build build-fuzz -j "$jobs"
      corpus=build-fuzz/corpus
      rm -rf "$corpus"; mkdir -p "$corpus/idx" "$corpus/checkpoint"
      build-fuzz/bin/make_fuzz_seeds "$corpus/idx" "$corpus/checkpoint"
      for target in idx checkpoint; do
        regressions=tests/fuzz/regressions/$target
        mkdir -p "$regressions"
        # Known crashers first (each must now pass), then fuzz from the seeds and regressions.
        if compgen -G "$regressions/*" >/dev/null; then build-fuzz/bin/fuzz_$target "$regressions"/*; fi
        build-fuzz/bin/fuzz_$target -max_total_time="${FUZZ_SECONDS:-30}" -max_len=70000 -rss_limit_mb=4096 \
          -artifact_prefix="$regressions/" -print_final_stats=1 "$corpus/$target" "$regressions" 2>&1 |
          grep -E '^(stat::number_of_executed_runs|Done|==[0-9]+==ERROR|SUMMARY)' || true
        [ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz_$target found a crash; the input is in $regressions" >&2; exit 1; }
      done
      echo "fuzz: no crashes"
      ;;
    *) echo "usage: scripts/check.sh [asan] [tsan] [fuzz]" >&2; exit 2 ;;
  esac
  echo "== $step: $((SECONDS - started)) s"
done
echo "check.sh: all clean"
