#!/usr/bin/env bash
# Runs every test: installs missing packages, builds in Release, then ctest runs the lit suite (compiler)
# and the GoogleTest runtime tests; then scripts/sanitize.sh runs the runtime's and weight readers' tests and the
# fuzz targets under ASan + UBSan. Either failing fails the run. This is what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-npm-deps.sh   # TensorFlow.js for the oracle test (test/oracle)
XCC_TEST_MODELS=ON bash scripts/build.sh
status=0
(cd "${XCC_BUILD_DIR:-build}" && ctest --output-on-failure) || status=$?
XCC_PREBUILT_COMPILER="$PWD/${XCC_BUILD_DIR:-build}/compiler/tools/xcc" bash scripts/sanitize.sh || status=$?
exit $status
