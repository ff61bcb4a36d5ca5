#!/usr/bin/env bash
# The main job: the transfer-learning guide's two phases with a real pretrained backbone and real images that the
# project fetches itself (no Xception weights can be downloaded here):
#   backbone  nsfwjs's MobileNetV2 (npm nsfwjs, pinned in test/oracle/package-lock.json; ImageNet-derived, then
#             fine-tuned by nsfwjs on other content; used only as a feature extractor), cut at out_relu and
#             imported at SIZExSIZE (--input-shape; no weight depends on the size), inputs scaled to [0, 1] as
#             nsfwjs expects, GAP -> Dropout(0.2) -> Dense(10) logits, SparseCategoricalCrossentropy(from_logits)
#   data      Fashion-MNIST (Debian dataset-fashion-mnist), a deterministic subset written as class-per-folder
#             PNGs by make_folders.py: TRAIN and VAL images per class from the official training file, TEST per
#             class from the official test file; 28x28 grey, resized to SIZE by the loader
#   phase 1   base frozen, Adam(1e-3), HEAD_EPOCHS epochs, validation each epoch
#   phase 2   everything trainable (BN in inference mode), Adam(1e-5), FINE_EPOCHS epochs, from phase 1's checkpoint
#   control   the same head, phase 1 only, on the same architecture with seeded random weights that keep the
#             features' scale (--random-style he, see CMakeLists.txt)
# then each trained model is evaluated on the test images, and the two phase-1 test accuracies are printed side by
# side: the gap is what the pretrained features are worth. Batch 64, seed 1337, no augmentation.
#
#   run.sh BUILD_DIR OUT_DIR [--size S] [--train N] [--val N] [--test N] [--head-epochs E] [--fine-epochs E]
#          [--skip-fine-tune] [--check]
# Defaults: --size 96 --train 1000 --val 100 --test 200 --head-epochs 20 --fine-epochs 2.
# BUILD_DIR is an xcc build (scripts/build.sh: build/); it is installed into OUT_DIR/xcc and the three artifacts
# are compiled by the small CMake project next to this script (OUT_DIR/cli; a rerun with the same model reuses
# them). --skip-fine-tune leaves out phase 2 and its artifact (its train step is most of the compile time);
# --check fails unless the pretrained base beats the random one on the test images. The CI test uses both.
# Each step prints its wall time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -lt 2 ]; then
  sed -n '18,25p' "$0" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
out=$2
shift 2
size=96 train=1000 val=100 test=200 head_epochs=20 fine_epochs=2 fine_tune=1 check=0
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --train) train=$2; shift 2 ;;
    --val) val=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --head-epochs) head_epochs=$2; shift 2 ;;
    --fine-epochs) fine_epochs=$2; shift 2 ;;
    --skip-fine-tune) fine_tune=0; shift ;;
    --check) check=1; shift ;;
    *) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
xcc=$build/compiler/tools/xcc
[ -x "$xcc" ] || { echo "run.sh: no xcc in $build (build it first: bash scripts/build.sh)" >&2; exit 1; }

source "$here/../workflow_steps.sh"

step data "Fashion-MNIST, $train/$val/$test images per class for train/validation/test -> $out/data"
# Reused when a rerun asks for the same subset (the PNGs depend on nothing else).
subset="make_folders.py --train $train --val $val --test $test"
if [ "$(cat "$out/data/.subset" 2>/dev/null)" = "$subset" ]; then
  echo "reusing $out/data ($subset)"
else
  rm -rf "$out/data"
  python3 "$here/make_folders.py" --train "$train" --val "$val" --test "$test" "$out/data"
  echo "$subset" > "$out/data/.subset"
fi

step backbone "nsfwjs MobileNetV2 (npm) -> $out/nsfwjs_mobilenet_v2"
if [ ! -d "$root/test/oracle/node_modules/nsfwjs" ]; then
  echo "run.sh: nsfwjs is not installed: run 'bash scripts/install-npm-deps.sh' (scripts/quickstart.sh does)" >&2
  exit 1
fi
# Written aside and moved in only when it differs, so that a rerun does not recompile the artifacts.
rm -rf "$out/nsfwjs_mobilenet_v2.new"
node "$root/test/oracle/nsfwjs_export.js" --model mobilenet_v2 --out "$out/nsfwjs_mobilenet_v2.new"
if diff -rq "$out/nsfwjs_mobilenet_v2.new" "$out/nsfwjs_mobilenet_v2" > /dev/null 2>&1; then
  rm -rf "$out/nsfwjs_mobilenet_v2.new"
else
  rm -rf "$out/nsfwjs_mobilenet_v2" && mv "$out/nsfwjs_mobilenet_v2.new" "$out/nsfwjs_mobilenet_v2"
fi
weights=$out/nsfwjs_mobilenet_v2/model.json

step "xcc import" "cut at out_relu, ${size}x${size}x3, head rescale=1/255;gap;dropout=0.2;dense=10"
"$xcc" import "$weights" --cut-at out_relu --input-shape "$size,$size,3" \
  --head "rescale=1/255;gap;dropout=0.2;dense=10" -o "$out/model.mlir.new"
if cmp -s "$out/model.mlir.new" "$out/model.mlir"; then rm "$out/model.mlir.new"; else mv "$out/model.mlir.new" "$out/model.mlir"; fi
"$xcc" summary "$out/model.mlir" --phase head

clis=(main_head main_random_head)
[ "$fine_tune" = 1 ] && clis+=(main_fine_tune)
step "xcc compile" "${clis[*]} (CMake project in $out/cli, 2 jobs)"
build_clis "$build" "$here" "$out" "${clis[@]/%/-cli}" -- -DXCC_MAIN_MODEL="$out/model.mlir" \
  -DXCC_MAIN_WEIGHTS="$weights" -DXCC_MAIN_RANDOM_SEED=1 || { echo "run.sh: building the CLIs failed" >&2; exit 1; }

data=(--data "$out/data/train" --validation-data "$out/data/val" --batch-size 64 --seed 1337)
new_run_folder "$out" # runs/N, linked as run; earlier runs are kept
step "phase 1, pretrained base" "head on the frozen pretrained base, $head_epochs epochs, Adam(1e-3)"
"$out/cli/main_head-cli" fit "${data[@]}" --epochs "$head_epochs" --output "$out/run/head"

step "phase 1, random base" "the same head on a frozen random base, $head_epochs epochs, Adam(1e-3)"
"$out/cli/main_random_head-cli" fit "${data[@]}" --epochs "$head_epochs" --output "$out/run/random-head"

if [ "$fine_tune" = 1 ]; then
  step "phase 2, pretrained base" "fine-tune everything from phase 1, $fine_epochs epoch(s), Adam(1e-5)"
  "$out/cli/main_fine_tune-cli" fit "${data[@]}" --epochs "$fine_epochs" --weights "$weights" \
    --init-from "$out/run/head/checkpoint.xcc" --output "$out/run/fine-tune"
fi

step "test" "evaluate the three models on $((test * 10)) test images"
# Each evaluation's output is shown and kept in run/test-NAME.log; its last line ends in fit's metric name:
# "sparse_categorical_accuracy: A - loss: L".
declare -A acc=([fine]="(skipped)")
test_accuracy() { # NAME CLI [ARGS...]
  local name=$1 cli=$2
  shift 2
  "$cli" evaluate --data "$out/data/test" "$@" | tee "$out/run/test-$name.log"
  acc[$name]=$(sed -n 's/.* - sparse_categorical_accuracy: \([0-9.]*\) - .*/\1/p' "$out/run/test-$name.log" | tail -n1)
  [ -n "${acc[$name]}" ] || { echo "run.sh: no accuracy in $out/run/test-$name.log" >&2; exit 1; }
}
test_accuracy head "$out/cli/main_head-cli" --checkpoint "$out/run/head/checkpoint.xcc"
test_accuracy random "$out/cli/main_random_head-cli" --checkpoint "$out/run/random-head/checkpoint.xcc"
if [ "$fine_tune" = 1 ]; then
  test_accuracy fine "$out/cli/main_fine_tune-cli" --weights "$weights" \
    --checkpoint "$out/run/fine-tune/checkpoint.xcc"
fi
step ""

echo
echo "== main job: wall time per step"
print_timings
echo
echo "== test accuracy on $((test * 10)) Fashion-MNIST test images (10 classes, chance 0.10)"
printf '%-44s %s\n' "pretrained MobileNetV2 base, phase 1 (head)" "${acc[head]}" \
  "random MobileNetV2 base, phase 1 (head)" "${acc[random]}" \
  "pretrained base, phase 2 (fine-tune)" "${acc[fine]}"
echo "(histories and learning curves: $run_folder/*/history.csv, learning_curves.svg; both phases in one:"
echo " $run_folder/fine-tune/learning_curves_all_phases.svg)"

if [ "$check" = 1 ]; then
  python3 - "${acc[head]}" "${acc[random]}" <<'PY'
import sys
pre, rnd = float(sys.argv[1]), float(sys.argv[2])
ok = pre > rnd
print(("PASS" if ok else "FAIL") + f": pretrained {pre:.4f} vs random {rnd:.4f}")
sys.exit(0 if ok else 1)
PY
fi
