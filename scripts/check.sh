#!/usr/bin/env bash
# The slow checks that `setup.sh test` runs after the normal test suite:
#   asan  the unit, thread and CLI tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#         (clang, command line only: no window)
#   fuzz  the libFuzzer targets (IDX reader, checkpoint loader, image decoding and resizing,
#         safetensors reader) of that same build, FUZZ_SECONDS each (default 15), from a generated
#         seed corpus plus tests/fuzz/regressions; a crash input is kept there by libFuzzer
#         (-artifact_prefix) so it becomes a regression case; one fuzzer per core at a time
#   tsan  the threading tests (worker, stress) built with ThreadSanitizer
# Usage: scripts/check.sh [asan] [fuzz] [tsan]   (no argument: all three)
# One clang build serves both asan and fuzz, and neither compiles the window: on the 2-core CI
# machine the three sanitizer builds of the whole tree took 19 of a 25-minute run.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(asan fuzz tsan)
jobs=$(nproc)

configure() {  # DIR extra cmake args...
  local dir=$1; shift
  # Ninja where there is one (setup.sh installs it): unlike make it compiles a target's files
  # while the libraries it links are still being built (this build: 290 s with make, 272 s).
  local gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
  # -O1: sanitizer builds compile much faster and still run the real-data tests quickly. Line
  # tables only: stack traces keep file and line, and the build skips full debug information.
  [ -f "$dir/CMakeCache.txt" ] || cmake "${gen[@]}" -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEX_BUILD_GUI=OFF "$@" >/dev/null
}

sanitizer_build() {  # the clang ASan + UBSan build, with the fuzz targets
  CC=clang CXX=clang++ configure build-san -DLEX_BUILD_FUZZERS=ON "-DCMAKE_CXX_FLAGS=-fno-sanitize-recover=all" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
  cmake --build build-san -j "$jobs" --target "$@"
}

for step in "${steps[@]}"; do
  started=$SECONDS
  case "$step" in
    asan)
      echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
      sanitizer_build core_tests thread_tests latent-explorer make_image_folder
      # Left out: numerics that take minutes under ASan and exercise no code the others do not.
      # The convolution's checks against the naive definition and the conv model's finite-
      # difference checks (38 + 24 + 16 s of this step's 2 x 120) test model/conv.cpp and
      # model/linear.cpp, which this build compiles without ASan (LEX_KERNEL_TU_OPTIONS in the top
      # CMakeLists.txt says why): here they would check little but the tests' own code. They run
      # in the normal build (ctest), and the conv layers still run in this one behind the
      # instrumented model, checkpoint and safetensors code (Archs/EachArch.*/conv*,
      # Checkpoints.EveryArchitectureRoundTrips, Gradients.ConvBatchesInChunks...).
      (cd build-san && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --no-tests=error --output-on-failure -j "$jobs" -L 'unit|thread|cli' \
              -E 'Compare|ImportanceSampling|TestLossFallsOnRealMnist|BitIdenticalRunsOnOneAndTwoThreads/conv|FiniteDifferences/conv|Conv\.(FloatKernelsMatch|DoublePathMatches)TheNaiveDefinition')
      ;;
    tsan)
      echo "== ThreadSanitizer"
      # Without -march=native: the races live in the worker's threads, not in the AVX-512 kernels
      # (one thread each), and the kernels' templates are most of an instrumented build's time.
      configure build-tsan -DLEX_SANITIZE=thread -DLEX_BUILD_APP=OFF -DLEX_NATIVE=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
      cmake --build build-tsan -j "$jobs" --target thread_tests
      # libgomp is not instrumented, so its barriers look like races: keep Eigen's products serial
      # here and check our own threads (worker, UI-side readers) only.
      (cd build-tsan && OMP_NUM_THREADS=1 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --no-tests=error --output-on-failure -j "$jobs" -L thread)
      ;;
    fuzz)
      echo "== libFuzzer, ${FUZZ_SECONDS:-15} s per target"
      sanitizer_build make_fuzz_seeds fuzz_idx fuzz_checkpoint fuzz_image fuzz_safetensors
      corpus=build-san/corpus
      rm -rf "$corpus"; mkdir -p "$corpus/idx" "$corpus/checkpoint" "$corpus/image" "$corpus/safetensors"
      build-san/bin/make_fuzz_seeds "$corpus/idx" "$corpus/checkpoint" "$corpus/image" "$corpus/safetensors"
      fuzz_one() {  # TARGET: its known crashers (each must now pass), then fuzz from the seeds and regressions
        local target=$1 regressions=tests/fuzz/regressions/$1
        mkdir -p "$regressions"
        if compgen -G "$regressions/*" >/dev/null; then build-san/bin/fuzz_$target "$regressions"/* || return 1; fi
        build-san/bin/fuzz_$target -max_total_time="${FUZZ_SECONDS:-15}" -max_len=70000 -rss_limit_mb=4096 \
          -artifact_prefix="$regressions/" -print_final_stats=1 "$corpus/$target" "$regressions" ||
          { echo "fuzz_$target found a crash; the input is in $regressions"; return 1; }
      }
      # As many fuzzers at once as there are cores: each is one single-threaded process, so every
      # target still gets FUZZ_SECONDS of a whole core, and on 2 cores the four take 30 s, not 60.
      targets=(idx checkpoint image safetensors); failed=()
      for ((first = 0; first < ${#targets[@]}; first += jobs)); do
        pids=()
        for target in "${targets[@]:first:jobs}"; do fuzz_one "$target" >"$corpus/$target.log" 2>&1 & pids+=("$!"); done
        for i in "${!pids[@]}"; do
          target=${targets[first + i]}
          wait "${pids[$i]}" || failed+=("$target")
          echo "fuzz_$target:"
          grep -E '^(stat::number_of_executed_runs|Done|==[0-9]+==ERROR|SUMMARY|fuzz_)' "$corpus/$target.log" | sed 's/^/  /' || true
        done
      done
      if [ ${#failed[@]} -gt 0 ]; then
        for target in "${failed[@]}"; do tail -40 "$corpus/$target.log" >&2; done
        echo "fuzzing found a crash in: ${failed[*]} (the input is in tests/fuzz/regressions/<target>)" >&2; exit 1
      fi
      echo "fuzz: no crashes"
      ;;
    *) echo "usage: scripts/check.sh [asan] [fuzz] [tsan]" >&2; exit 2 ;;
  esac
  echo "== $step: $((SECONDS - started)) s"
done
echo "check.sh: all clean"
