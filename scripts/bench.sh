#!/usr/bin/env bash
# xcc against the PyTorch peer (issue 18), side by side in one run: for each phase (inference, head-phase train
# step, fine-tune train step) the guide's Xception at 150x150, batch 32, xcc's bench program and the peer's
# tuned configuration alternately, --rounds times. Prints the CPU, the measured FP32 peak, a table of medians
# (images/s, fraction of peak, ratio xcc/peer) and one JSON line per round and phase for scripts:
#   {"phase":"inference","batch":32,"img_per_s":..,"peer_img_per_s":..,"cpu":".."}
#
#   bash scripts/bench.sh [--rounds N] [--phases inference,head,fine-tune] [--build DIR]
#
# Needs the bench programs (XCC_TEST_MODELS=ON bash scripts/build.sh, or scripts/test.sh) and the peer:
# Debian's python3-torch and libjemalloc2 (scripts/install-deps.sh --peer) and torch_xception_bench.py from
# $XCC_PEER_DIR (default ../shared/peer, next to the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
phases=inference,head,fine-tune
build=build
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --phases) phases=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--phases inference,head,fine-tune] [--build DIR]" >&2; exit 2 ;;
  esac
done
peer=${XCC_PEER_DIR:-../shared/peer}/torch_xception_bench.py
bench=$build/test/bench
for program in "$bench/xcc-forward-bench" "$bench/xcc-train-bench"; do
  [ -x "$program" ] || { echo "bench.sh: $program is missing: build with XCC_TEST_MODELS=ON bash scripts/build.sh" >&2; exit 1; }
done
[ -f "$peer" ] || { echo "bench.sh: the peer $peer is missing (set XCC_PEER_DIR)" >&2; exit 1; }
/usr/bin/python3 -c 'import torch' 2> /dev/null ||
  { echo "bench.sh: PyTorch is not installed: run 'bash scripts/install-deps.sh --peer'" >&2; exit 1; }
jemalloc=$(ls /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 2> /dev/null || true)

cpu=$(lscpu | sed -n 's/^Model name: *//p')
flags=$(grep -o -w -e avx512f -e avx512_bf16 -e amx_bf16 /proc/cpuinfo | sort -u | tr '\n' ' ')
peak=$("$bench/xcc-forward-bench" --runs 1 --batch 1 | sed -n 's/^measured FP32 peak.*: \([0-9.]*\) GFLOP.*/\1/p')
echo "cpu: $cpu, $(nproc) cores; ${flags:-no AVX-512}"
echo "measured FP32 peak (2 threads): $peak GFLOP/s"

# One xcc measurement: "images/s fraction-of-peak" of the batch-32 line of its bench program.
xcc_run() {
  case $1 in
    inference) "$bench/xcc-forward-bench" --runs 5 --batch 32 --peak "$peak" | grep '^xception+head forward' ;;
    head) "$bench/xcc-train-bench" --phase head --runs 3 --peak "$peak" | grep '^train step' ;;
    fine-tune) "$bench/xcc-train-bench" --phase fine-tune --runs 3 --peak "$peak" | grep '^train step' ;;
  esac | awk '{print $(NF-2), $NF}' | tr -d '%'
}

# One peer measurement: images/s, in the configuration its README calls tuned.
peer_run() {
  local args
  case $1 in
    inference) args=(--mode infer --jit) ;;
    head) args=(--mode a --jit) ;;
    fine-tune) args=(--mode b --cl) ;;
  esac
  env ${jemalloc:+LD_PRELOAD=$jemalloc MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1} \
    /usr/bin/python3 "$peer" "${args[@]}" --batch 32 --threads 2 |
    /usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["img_per_s"])'
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for phase in ${phases//,/ }; do
    read -r ips fraction < <(xcc_run "$phase") || true
    [ -n "${ips:-}" ] || { echo "bench.sh: xcc's $phase benchmark printed no result" >&2; exit 1; }
    peer_ips=$(peer_run "$phase")
    echo "$phase $ips $fraction $peer_ips" >> "$results"
    printf '{"phase":"%s","batch":32,"img_per_s":%s,"peer_img_per_s":%s,"cpu":"%s","round":%d}\n' \
      "$phase" "$ips" "$peer_ips" "$cpu" "$r"
  done
done

echo
printf '%-10s %12s %10s %14s %8s\n' phase "xcc img/s" "of peak" "peer img/s" ratio
for phase in ${phases//,/ }; do
  ips=$(awk -v p="$phase" '$1 == p {print $2}' "$results" | median)
  fraction=$(awk -v p="$phase" '$1 == p {print $3}' "$results" | median)
  peer_ips=$(awk -v p="$phase" '$1 == p {print $4}' "$results" | median)
  printf '%-10s %12.1f %9.1f%% %14.1f %8.2f\n' "$phase" "$ips" "$fraction" "$peer_ips" \
    "$(awk -v a="$ips" -v b="$peer_ips" 'BEGIN {print a / b}')"
done
echo "(medians of $rounds rounds, batch 32, xcc and the peer alternately; ratio = xcc / peer)"
