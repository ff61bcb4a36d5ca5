#!/usr/bin/env bash
# The runtime, the weight readers, the model CLIs and the compiler's readers of untrusted text (.mlir, Keras configs)
# under AddressSanitizer + UndefinedBehaviorSanitizer, built with clang: the runtime's, weights' and model CLIs'
# tests, then each libFuzzer target for a few seconds from its seed corpus (test/fuzz). Any report fails.
# The model the CLI tests run is compiled by the main build's xcc (XCC_PREBUILT_COMPILER, default build/'s); without
# one those tests report themselves skipped. scripts/test.sh runs this after the main suite; XCC_FUZZ_SECONDS
# (default 10) sets each target's time.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${XCC_SANITIZE_BUILD_DIR:-build-sanitize}
XCC=${XCC_PREBUILT_COMPILER:-$PWD/build/compiler/tools/xcc}
[ -x "$XCC" ] || XCC=""
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-19 \
  -DCMAKE_CXX_COMPILER=clang++-19 -DXCC_BUILD_COMPILER=OFF -DXCC_BUILD_COMPILER_FRONTEND=ON \
  -DXCC_PREBUILT_COMPILER="$XCC" -DXCC_SANITIZE=ON -DXCC_FUZZ=ON \
  -DXCC_FUZZ_SECONDS="${XCC_FUZZ_SECONDS:-10}" > /dev/null
cmake --build "$BUILD_DIR"
cd "$BUILD_DIR"
# halt_on_error: the first report ends the test; detect_leaks: a leak is a failure too.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --output-on-failure
