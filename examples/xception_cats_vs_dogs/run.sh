#!/usr/bin/env bash
# The Keras guide "Transfer learning & fine-tuning", step for step, on a class-per-folder image folder such as
# Kaggle's PetImages (Cat/ Dog/):
#   data     DIR listed like image_dataset_from_directory and split as the guide's TFDS slices train[:40%],
#            [40%:50%], [50%:60%]: sorted paths shuffled with --seed (1337), then the first 40 % train, the next
#            10 % validation, the next 10 % test (--split 0.4,0.1,0.1); Resizing(150, 150) bilinear; corrupt images
#            are skipped and listed, never fatal
#   model    Rescaling(1/127.5, -1) -> Xception base(training=False) -> GAP -> Dropout(0.2) -> Dense(1) logits; the
#            base from Keras's xception_weights_tf_dim_ordering_tf_kernels_notop.h5 (--weights), or seeded random
#            values with a loud warning
#   phase 1  base frozen, RandomFlip("horizontal") + RandomRotation(0.1), Adam(1e-3), 2 epochs, batch 64, validation
#   phase 2  the fine-tune artifact: everything trainable, BN still in inference mode, Adam(1e-5), 1 epoch, starting
#            from phase 1's checkpoint (head weights copied by name, optimizer reset as a second compile() does)
#   test     evaluate on the test split; the final weights exported as a Keras 3 .weights.h5
#
#   run.sh --data DIR [--weights FILE.h5] [--out DIR] [--resume] [--build XCC_BUILD] [--clis HEAD FINE_TUNE]
#          [--random-weights SEED] [--split F,F,F] [--seed S] [--batch-size N] [--head-epochs N]
#          [--fine-tune-epochs N] [--augment-policy once|every-epoch]
# --out (default ./xception_cats_vs_dogs_run) gets everything: OUT/cli (the compiled artifacts and CLIs; a rerun
# with the same weights reuses them), OUT/run/{head,fine-tune} (checkpoints, history.csv/json, learning curves),
# OUT/xception_cats_vs_dogs.weights.h5. A killed run continues with --resume (each fit restarts at its last
# finished epoch); without it an earlier run in OUT is never overwritten. --clis skips compiling and uses two
# prebuilt CLIs (the CI test does; they must come from model.mlir with the same weights or seed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
die() { echo "run.sh: error: $*" >&2; exit 1; }
usage() { sed -n '16,18p' "$0" >&2; exit 2; }

data="" weights="" out=$PWD/xception_cats_vs_dogs_run build=$root/build head_cli="" fine_cli="" resume=0
random_seed=1 split=0.4,0.1,0.1 seed=1337 batch=64 head_epochs=2 fine_epochs=1 policy=once
need() { # N "$@": the option in $2 has N values after it
  [ $(($# - 2)) -ge "$1" ] && [ -n "${3:-}" ] || { echo "run.sh: $2 needs a value" >&2; usage; }
}
while [ $# -gt 0 ]; do
  case $1 in
    --data) need 1 "$@"; data=$2; shift 2 ;;
    --weights) need 1 "$@"; weights=$2; shift 2 ;;
    --out) need 1 "$@"; out=$2; shift 2 ;;
    --build) need 1 "$@"; build=$2; shift 2 ;;
    --clis) need 2 "$@"; head_cli=$2 fine_cli=$3; shift 3 ;;
    --random-weights) need 1 "$@"; random_seed=$2; shift 2 ;;
    --split) need 1 "$@"; split=$2; shift 2 ;;
    --seed) need 1 "$@"; seed=$2; shift 2 ;;
    --batch-size) need 1 "$@"; batch=$2; shift 2 ;;
    --head-epochs) need 1 "$@"; head_epochs=$2; shift 2 ;;
    --fine-tune-epochs) need 1 "$@"; fine_epochs=$2; shift 2 ;;
    --augment-policy) need 1 "$@"; policy=$2; shift 2 ;;
    --resume) resume=1; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage ;;
  esac
done
[ -n "$data" ] || { echo "run.sh: --data DIR is required (one sub-folder per class, e.g. PetImages)" >&2; usage; }
# The CLIs check these too, but only after the compile: say it now.
for v in "seed:$seed" "batch-size:$batch" "head-epochs:$head_epochs" "fine-tune-epochs:$fine_epochs"; do
  [[ ${v#*:} =~ ^[0-9]+$ ]] || { echo "run.sh: --${v%%:*} must be a non-negative integer, got '${v#*:}'" >&2; exit 2; }
done
[[ $policy =~ ^(once|every-epoch)$ ]] || { echo "run.sh: --augment-policy must be once or every-epoch" >&2; exit 2; }
awk -v s="$split" 'BEGIN { n = split(s, f, ","); t = 0; for (i = 1; i <= n; i++) { if (f[i] !~ /^[0-9.eE+-]+$/ || f[i] + 0 <= 0) exit 1; t += f[i] }
                   exit !(n == 3 && t <= 1 + 1e-9) }' ||
  { echo "run.sh: --split wants TRAIN,VALIDATION,TEST fractions, each > 0, summing to at most 1; got '$split'" >&2; exit 2; }

# 1. The data folder, checked before minutes of compiling: the guide's model is a binary classifier (Dense(1)).
[ -d "$data" ] || die "data folder '$data' does not exist or is not a folder"
classes=() counts=()
while IFS= read -r -d '' dir; do
  n=$(find "$dir" \( -type f -o -type l \) \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.bmp' \
        -o -iname '*.gif' \) | wc -l)
  classes+=("$(basename "$dir")") counts+=("$n")
done < <(find "$data" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -print0 | sort -z)
total=0
for n in "${counts[@]}"; do total=$((total + n)); done
[ ${#classes[@]} -gt 0 ] || die "'$data' has no class sub-folders (want one per class, e.g. PetImages/Cat and PetImages/Dog)"
[ "$total" -gt 0 ] || die "no images (.jpg .jpeg .png .bmp .gif) in the class folders of '$data' (${classes[*]})"
[ ${#classes[@]} -eq 2 ] ||
  die "'$data' has ${#classes[@]} class folder(s) (${classes[*]}); the guide's model (Dense(1), binary) needs exactly 2"
for i in 0 1; do
  [ "${counts[$i]}" -gt 0 ] || die "class folder '$data/${classes[$i]}' has no images"
done
echo "data: $data: ${classes[0]} ${counts[0]} images (label 0), ${classes[1]} ${counts[1]} images (label 1)"

# 2. The base's weights. A wrong file is refused in a second (xcc matches every layer and shape, --emit=manifest
#    generates no code) rather than after the compile.
xcc=$build/compiler/tools/xcc
if [ -n "$weights" ]; then
  [ -f "$weights" ] || die "weights file '$weights' does not exist"
  weights=$(cd "$(dirname "$weights")" && pwd)/$(basename "$weights")
  if [ -x "$xcc" ]; then
    "$xcc" compile "$here/model.mlir" --phase fine-tune --weights "$weights" --emit=manifest > /dev/null ||
      die "'$weights' does not hold the Xception base this model needs (xcc's reason above); use Keras's" \
          "xception_weights_tf_dim_ordering_tf_kernels_notop.h5"
  fi
  base="Xception ImageNet weights from $weights"
else
  warning() {
    cat >&2 <<EOF

################################################################################################################
##  WARNING: NO PRETRAINED WEIGHTS. The Xception base gets seeded RANDOM values (seed $random_seed), so nothing is
##  transferred: this run exercises the workflow, its accuracy stays near chance (0.5).
##  For the guide's result download Keras's Xception weights and pass them with --weights:
##    https://storage.googleapis.com/tensorflow/keras-applications/xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5
################################################################################################################

EOF
  }
  warning
  base="RANDOM Xception base (seed $random_seed, no --weights)"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
run=$out/run
if [ "$resume" = 0 ] && [ -e "$run/head/checkpoint.xcc" ]; then
  die "'$out' holds an earlier run ($run): pass --resume to continue it, or choose another --out (nothing was" \
      "overwritten)"
fi

source "$here/../workflow_steps.sh"

# 3. Both phases compiled to native code and linked with the runtime's CLI (examples/xception_cats_vs_dogs/
#    CMakeLists.txt against the installed build).
if [ -z "$head_cli" ]; then
  step "xcc compile" "head and fine-tune artifacts ($base) -> $out/cli"
  [ -x "$xcc" ] || die "no xcc in '$build' (build it first: bash scripts/build.sh, or pass --build DIR)"
  build_clis "$build" "$here" "$out" xception_cvd_head-cli xception_cvd_fine_tune-cli -- \
    -DXCEPTION_WEIGHTS="$weights" -DXCEPTION_RANDOM_SEED="$random_seed" || die "building the CLIs failed"
  head_cli=$out/cli/xception_cvd_head-cli fine_cli=$out/cli/xception_cvd_fine_tune-cli
fi
[ -x "$head_cli" ] && [ -x "$fine_cli" ] || die "CLIs '$head_cli' / '$fine_cli' are missing or not executable"

common=(--data "$data" --split "$split" --seed "$seed" --batch-size "$batch")
augment=(--augment flip=horizontal,rotation=0.1,fill=reflect --augment-policy "$policy")
with_weights=()
[ -n "$weights" ] && with_weights=(--weights "$weights")
mkdir -p "$run"

# 4. Phase 1: the new head on the frozen base.
step "phase 1 (head)" "frozen base, Adam(1e-3), $head_epochs epoch(s), batch $batch, augment $policy"
continue_head=()
[ "$resume" = 1 ] && [ -e "$run/head/checkpoint.xcc" ] && continue_head=(--resume)
"$head_cli" fit "${common[@]}" "${augment[@]}" --epochs "$head_epochs" --output "$run/head" "${continue_head[@]}"

# 5. Phase 2: unfreeze; a new artifact starting from phase 1's checkpoint.
step "phase 2 (fine-tune)" "everything trainable, BN in inference mode, Adam(1e-5), $fine_epochs epoch(s)"
start_fine=(--init-from "$run/head/checkpoint.xcc")
[ "$resume" = 1 ] && [ -e "$run/fine-tune/checkpoint.xcc" ] && start_fine=(--resume)
"$fine_cli" fit "${common[@]}" "${augment[@]}" --epochs "$fine_epochs" "${with_weights[@]}" "${start_fine[@]}" \
  --output "$run/fine-tune" --export "$out/xception_cats_vs_dogs.weights.h5"

# 6. The held-out test slice.
step "test" "evaluate the fine-tuned model on the test split"
"$fine_cli" evaluate "${common[@]}" --subset test "${with_weights[@]}" --checkpoint "$run/fine-tune/checkpoint.xcc" \
  2>&1 | tee "$run/test.log" # stderr too (the skipped files), in order
step ""

# history.json is one line of Keras's History: {"epoch":[...],"val_binary_accuracy":[a,b],...}; the last value of KEY.
last() { sed -n "s/.*\"$2\":\[\([^]]*\)\].*/\1/p" "$1" | tr ',' '\n' | tail -n1; }
echo
echo "== xception_cats_vs_dogs: $base"
print_timings
echo "phase 1 val_binary_accuracy (last epoch): $(last "$run/head/history.json" val_binary_accuracy)"
echo "phase 2 val_binary_accuracy (last epoch): $(last "$run/fine-tune/history.json" val_binary_accuracy)"
echo "test: $(grep 'binary_accuracy:' "$run/test.log" | tail -n1 | sed 's/.*step - //')"
echo "weights (Keras 3, model.load_weights): $out/xception_cats_vs_dogs.weights.h5"
echo "histories and learning curves: $run/{head,fine-tune}/history.csv, learning_curves.svg"
[ -n "$weights" ] || warning
