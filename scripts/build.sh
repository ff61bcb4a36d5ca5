#!/usr/bin/env bash
# Configures and builds xcc in Release into ./build (incremental when run again): the compiler, the runtime and
# their quick tests. XCC_TEST_MODELS=ON (what scripts/test.sh sets) also builds the tests' compiled models.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${XCC_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DXCC_TEST_MODELS="${XCC_TEST_MODELS:-OFF}" > /dev/null
cmake --build "$BUILD_DIR"
