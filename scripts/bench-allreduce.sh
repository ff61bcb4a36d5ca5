#!/usr/bin/env bash
# The data-parallel fit's gradient sums on this machine (test/bench/allreduce_bench.cpp says what it measures):
# two ranks of one thread each, over shared memory (Open MPI's vader) and over TCP on loopback (what a network
# link goes through, less the wire), then over TCP plus the wire time of a 1 and a 10 Gb/s link (what the buckets'
# overlap with the backward can hide). BENCHMARKS.md records the output.
#   bash scripts/bench-allreduce.sh [PER_RANK_BATCH=16] [REPEATS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${XCC_BUILD_DIR:-build}/test/bench/xcc-allreduce-bench
[ -x "$BENCH" ] || { echo "no $BENCH: build with MPI and XCC_TEST_MODELS=ON (scripts/build.sh)" >&2; exit 1; }
ROOT=()
[ "$(id -u)" -eq 0 ] && ROOT=(--allow-run-as-root)
lscpu | grep "Model name"
for run in "vader 0" "tcp 0" "tcp 1" "tcp 10"; do
  read -r btl gbps <<< "$run"
  echo "== Open MPI btl self,$btl; emulated link: ${gbps/#0/none} Gb/s"
  HL_NUM_THREADS=1 mpirun "${ROOT[@]}" --oversubscribe --bind-to none --mca btl "self,$btl" -x HL_NUM_THREADS \
    -np 2 "$BENCH" "${1:-16}" "${2:-5}" "$gbps"
done
