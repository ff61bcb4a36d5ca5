#!/usr/bin/env bash
# Compile-time benchmark (BENCHMARKS.md, "Compile time"): `xcc compile` of the guide's Xception (head and fine-tune
# phases) and of the main job's three MobileNetV2 artifacts, wall time and peak RSS, with the compile cache off.
# Give several xcc executables to compare builds: they run alternately, case by case, `--runs` times each.
#   bash scripts/bench-compile.sh [--runs N] [--cases REGEX] [--time-report] XCC [XCC ...]
# Needs the npm packages (scripts/install-npm-deps.sh) for the main job's backbone. Prints one line per run:
#   case  xcc  wall_s  peak_rss_mb
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1
only=.
report=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --cases) only=$2; shift 2 ;;
    --time-report) report=(--time-report); shift ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--runs N] [--cases REGEX] [--time-report] XCC [XCC ...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The main job's model, as examples/nsfwjs_fashion_mnist/run.sh imports it.
node test/oracle/nsfwjs_export.js --model mobilenet_v2 --out "$work/nsfwjs" > /dev/null
"$1" import "$work/nsfwjs/model.json" --cut-at out_relu --input-shape 96,96,3 \
  --head "rescale=1/255;gap;dropout=0.2;dense=10" -o "$work/main.mlir"
xception=examples/xception_cats_vs_dogs/model.mlir
cases=(
  "xception-head|$xception --phase head --random-weights 7"
  "xception-fine-tune|$xception --phase fine-tune --random-weights 7"
  "main-head|$work/main.mlir --phase head --weights $work/nsfwjs/model.json"
  "main-fine-tune|$work/main.mlir --phase fine-tune --weights $work/nsfwjs/model.json"
  "main-random-head|$work/main.mlir --phase head --random-weights 1 --random-style he"
)
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
printf '%-20s %-50s %8s %8s\n' case xcc wall_s rss_mb
for ((r = 0; r < runs; r++)); do
  for c in "${cases[@]}"; do
    name=${c%%|*}
    [[ $name =~ $only ]] || continue
    read -r -a args <<< "${c#*|}"
    for xcc in "$@"; do
      extra=()
      "$xcc" compile --help 2>&1 | grep -q -- '--no-cache' && extra=(--no-cache "${report[@]}")
      rm -rf "$work/out"
      /usr/bin/time -f '%e %M' -o "$work/time" "$xcc" compile "${args[@]}" "${extra[@]}" -o "$work/out" \
        > /dev/null 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
      [ ${#report[@]} -gt 0 ] && grep -v '^wrote' "$work/stderr" >&2 || true
      read -r wall rss < "$work/time"
      printf '%-20s %-50s %8s %8d\n' "$name" "$xcc" "$wall" $((rss / 1024))
    done
  done
done
