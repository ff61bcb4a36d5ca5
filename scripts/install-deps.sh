#!/usr/bin/env bash
# Installs the Debian packages xcc needs, and only those that are missing (idempotent).
# Runs apt-get through sudo when not root. Fails with one clear message if apt cannot install.
#   bash scripts/install-deps.sh [--peer]   --peer: also the speed peer of scripts/bench.sh (PyTorch, jemalloc)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools
  libhalide14-0-dev libzstd-dev libedit-dev zlib1g-dev libffi-dev libxml2-dev libcurl4-openssl-dev
  libstb-dev libfmt-dev libgtest-dev googletest
  libhdf5-dev libjpeg62-turbo-dev libzip-dev nlohmann-json3-dev
  time # GNU time: scripts/bench-compile.sh measures peak memory with it
  librsvg2-bin fonts-dejavu-core # rsvg-convert: the learning-curve test renders the SVG with a real renderer
  clang-19 libclang-rt-19-dev # scripts/sanitize.sh: ASan/UBSan build and the libFuzzer targets
  python3 python3-numpy python3-h5py # h5py: test/Tools/xception-notop-weights.test writes a Keras .h5
  dataset-fashion-mnist # the main job's images (scripts/main-job.sh)
  libopenmpi-dev openmpi-bin # data-parallel fit across processes and hosts (docs/distributed.md), mpirun for its tests
)
if [ "${1:-}" = --peer ]; then
  PACKAGES+=(python3-torch libjemalloc2) # scripts/bench.sh: PyTorch + oneDNN, with the allocator it is tuned with
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "xcc: all ${#PACKAGES[@]} Debian packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "xcc: error: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi

echo "xcc: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq; then
  echo "xcc: error: 'apt-get update' failed; check the network and /etc/apt/sources.list" >&2; exit 1
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "xcc: error: 'apt-get install' failed for: ${missing[*]}" >&2
  echo "xcc: these are Debian 12 (bookworm) packages; on other releases install LLVM/MLIR 19 and Halide 14 yourself" >&2
  exit 1
fi
echo "xcc: Debian packages installed"
