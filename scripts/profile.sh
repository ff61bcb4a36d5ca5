#!/usr/bin/env bash
# Where the guide's fine-tune step spends its time, per kernel family, forward and backward: builds
# xcc-profile-bench (the phase compiled with Halide's sampling profiler, test/bench/profile_bench.cpp), runs it, and
# sums Halide's report per family against the measured FP32 peak (scripts/profile_families.py says how).
# BENCHMARKS.md records the output. The profiler's own cost is in the step time it prints.
#   bash scripts/profile.sh [--mixed] [--predict] [BATCH=32] [RUNS=2]
# XCC_PROFILE_STAGES="regex,regex": also the ms per step of the functions each matches (profile_families.py).
# --mixed: the phase with mixed_bfloat16, its GEMMs on AVX-512 bf16 dot products (peak fractions stay FP32's).
# --predict: the same artifact's forward pass alone (every weight an input, as in the fine-tune phase).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${XCC_BUILD_DIR:-build}
SUFFIX=
PREDICT=
while [ "${1:-}" = "--mixed" ] || [ "${1:-}" = "--predict" ]; do
  if [ "$1" = "--mixed" ]; then SUFFIX=-mixed; else PREDICT=--predict; fi
  shift
done
BATCH=${1:-32}
RUNS=${2:-2}
cmake --build "$BUILD" --target "xcc-profile-bench$SUFFIX" > /dev/null
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BUILD/compiler/tools/xcc" compile examples/xception_cats_vs_dogs/model.mlir --phase fine-tune --random-weights 1 \
  --emit=kernel-graph > "$OUT/graph.txt"
"$BUILD/test/bench/xcc-profile-bench$SUFFIX" --batch "$BATCH" --runs "$RUNS" $PREDICT > "$OUT/report.txt" 2>&1
lscpu | grep "Model name"
head -1 "$OUT/report.txt"
peak=$(head -1 "$OUT/report.txt" | sed -E 's/^peak ([0-9.]+).*/\1/')
/usr/bin/python3 scripts/profile_families.py "$OUT/report.txt" "$OUT/graph.txt" "$BATCH" "$RUNS" "$peak" \
  "${XCC_PROFILE_STAGES:-}"
