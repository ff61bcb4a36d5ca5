#!/usr/bin/env bash
# Configures and builds xcc in Release into ./build (incremental when run again).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${XCC_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$BUILD_DIR"
