#!/usr/bin/env bash
# xcc against the PyTorch peer (issue 18), side by side in one run: for each phase (inference, head-phase train
# step, fine-tune train step) the guide's Xception at 150x150, batch 32, xcc's bench program and the peer's
# tuned configuration alternately, --rounds times. Prints the CPU, the measured FP32 peak, a table of medians
# (images/s, fraction of peak, ratio xcc/peer) and one JSON line per round and phase for scripts:
#   {"phase":"inference","batch":32,"img_per_s":..,"peer_img_per_s":..,"cpu":".."}
#
#   bash scripts/bench.sh [--rounds N] [--phases inference,head,fine-tune] [--build DIR] [--mixed]
#
# --mixed (issue 19): mixed_bfloat16 instead, against xcc's own float32 and the peer's bf16 autocast (--bf16 --cl),
# all three alternately; the table adds the ratio to xcc's float32, the JSON lines "policy", "fp32_img_per_s" and
# "compute" (where the matrix work ran: AMX tiles where the CPU and Linux allow them, else AVX-512 bf16 dot
# products). The bench programs are built first (the mixed ones are outside `all`: minutes after a change).
#
# Needs the bench programs (XCC_TEST_MODELS=ON bash scripts/build.sh, or scripts/test.sh) and the peer:
# Debian's python3-torch and libjemalloc2 (scripts/install-deps.sh --peer) and torch_xception_bench.py from
# $XCC_PEER_DIR (default ../shared/peer, next to the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
phases=inference,head,fine-tune
build=build
mixed=
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --phases) phases=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --mixed) mixed=-mixed; shift ;;
    *) echo "usage: $0 [--rounds N] [--phases inference,head,fine-tune] [--build DIR] [--mixed]" >&2; exit 2 ;;
  esac
done
peer=${XCC_PEER_DIR:-../shared/peer}/torch_xception_bench.py
bench=$build/test/bench
# Built here, not only checked for: the mixed programs are outside `all`, and a stale one measures an older xcc.
targets="xcc-forward-bench xcc-train-bench${mixed:+ xcc-bench-mixed}"
# shellcheck disable=SC2086
cmake --build "$build" --target $targets > "$build/bench-build.log" 2>&1 ||
  { echo "bench.sh: building $targets in $build failed (see $build/bench-build.log; the bench programs need" \
      "XCC_TEST_MODELS=ON: bash scripts/build.sh)" >&2; exit 1; }
[ -f "$peer" ] || { echo "bench.sh: the peer $peer is missing (set XCC_PEER_DIR)" >&2; exit 1; }
/usr/bin/python3 -c 'import torch' 2> /dev/null ||
  { echo "bench.sh: PyTorch is not installed: run 'bash scripts/install-deps.sh --peer'" >&2; exit 1; }
jemalloc=$(ls /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 2> /dev/null || true)

cpu=$(lscpu | sed -n 's/^Model name: *//p')
flags=$(grep -o -w -e avx512f -e avx512_bf16 -e amx_bf16 /proc/cpuinfo | sort -u | tr '\n' ' ')
peak=$("$bench/xcc-forward-bench" --runs 1 --batch 1 | sed -n 's/^measured FP32 peak.*: \([0-9.]*\) GFLOP.*/\1/p')
echo "cpu: $cpu, $(nproc) cores; ${flags:-no AVX-512}"
echo "measured FP32 peak (2 threads): $peak GFLOP/s"

# One xcc measurement: "images/s fraction-of-peak" of the batch-32 line of its bench program; $2 the programs'
# suffix ("" float32, "-mixed" mixed_bfloat16).
xcc_run() {
  case $1 in
    inference) "$bench/xcc-forward-bench$2" --runs 5 --batch 32 --peak "$peak" | grep '^xception+head forward' ;;
    head) "$bench/xcc-train-bench$2" --phase head --runs 3 --peak "$peak" | grep '^train step' ;;
    fine-tune) "$bench/xcc-train-bench$2" --phase fine-tune --runs 3 --peak "$peak" | grep '^train step' ;;
  esac | awk '{print $(NF-2), $NF}' | tr -d '%'
}

# One peer measurement: images/s, in the configuration its README calls tuned (bf16: --bf16 --cl, no --jit).
peer_run() {
  local args
  case $1 in
    inference) args=(--mode infer --jit) ;;
    head) args=(--mode a --jit) ;;
    fine-tune) args=(--mode b --cl) ;;
  esac
  [ -z "$mixed" ] || args=("${args[0]}" "${args[1]}" --bf16 --cl)
  env ${jemalloc:+LD_PRELOAD=$jemalloc MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1} \
    /usr/bin/python3 "$peer" "${args[@]}" --batch 32 --threads 2 |
    /usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["img_per_s"])'
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
compute=
[ -z "$mixed" ] || compute=$("$bench/xcc-forward-bench$mixed" --runs 1 --batch 1 --peak 1 | sed -n 's/^compute: //p')
for ((r = 1; r <= rounds; r++)); do
  for phase in ${phases//,/ }; do
    read -r ips fraction < <(xcc_run "$phase" "$mixed") || true
    [ -n "${ips:-}" ] || { echo "bench.sh: xcc's $phase benchmark printed no result" >&2; exit 1; }
    fp32_ips=$ips
    if [ -n "$mixed" ]; then
      read -r fp32_ips _ < <(xcc_run "$phase" "") || true
      [ -n "${fp32_ips:-}" ] || { echo "bench.sh: xcc's float32 $phase benchmark printed no result" >&2; exit 1; }
    fi
    peer_ips=$(peer_run "$phase")
    echo "$phase $ips $fraction $peer_ips $fp32_ips" >> "$results"
    if [ -n "$mixed" ]; then
      printf '{"phase":"%s","batch":32,"policy":"mixed_bfloat16","img_per_s":%s,"fp32_img_per_s":%s,"peer_img_per_s":%s,"compute":"%s","cpu":"%s","round":%d}\n' \
        "$phase" "$ips" "$fp32_ips" "$peer_ips" "$compute" "$cpu" "$r"
    else
      printf '{"phase":"%s","batch":32,"img_per_s":%s,"peer_img_per_s":%s,"cpu":"%s","round":%d}\n' \
        "$phase" "$ips" "$peer_ips" "$cpu" "$r"
    fi
  done
done

col() { awk -v p="$2" -v c="$1" '$1 == p {print $c}' "$results" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
echo
if [ -n "$mixed" ]; then
  echo "mixed_bfloat16 runs: $compute"
  printf '%-10s %12s %12s %9s %15s %9s\n' phase "bf16 img/s" "fp32 img/s" "/ fp32" "peer bf16 img/s" "/ peer"
  for phase in ${phases//,/ }; do
    ips=$(col 2 "$phase") fp32=$(col 5 "$phase") peer_ips=$(col 4 "$phase")
    printf '%-10s %12.1f %12.1f %9.2f %15.1f %9.2f\n' "$phase" "$ips" "$fp32" "$(ratio "$ips" "$fp32")" "$peer_ips" \
      "$(ratio "$ips" "$peer_ips")"
  done
  echo "(medians of $rounds rounds, batch 32; xcc mixed_bfloat16, xcc float32 and the peer's bf16 autocast alternately)"
  exit 0
fi
printf '%-10s %12s %10s %14s %8s\n' phase "xcc img/s" "of peak" "peer img/s" ratio
for phase in ${phases//,/ }; do
  ips=$(col 2 "$phase") fraction=$(col 3 "$phase") peer_ips=$(col 4 "$phase")
  printf '%-10s %12.1f %9.1f%% %14.1f %8.2f\n' "$phase" "$ips" "$fraction" "$peer_ips" "$(ratio "$ips" "$peer_ips")"
done
echo "(medians of $rounds rounds, batch 32, xcc and the peer alternately; ratio = xcc / peer)"
