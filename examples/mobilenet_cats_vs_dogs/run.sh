#!/usr/bin/env bash
# The guide's two phases on real photos with a real ImageNet backbone (MobileNet v1, cut at conv_dw_13_relu):
#   phase 1: frozen base, Adam(1e-3), 2 epochs; phase 2: everything trainable (BN in inference mode), Adam(1e-5),
#   1 epoch, starting from phase 1's checkpoint. Batch 64, seeded 80/20 split (image_dataset_from_directory,
#   validation_split=0.2, seed=1337), 224x224 bilinear, inputs scaled to [-1, 1] inside the model.
# Accuracy counts logit > 0 (p > 0.5). Checks: phase 1 reaches val_binary_accuracy >= 0.92, phase 2 >= 0.95 and
# loses at most one point against phase 1, and phase 1 continued to 4 epochs reaches >= 0.95.
# Why 0.92 for phase 1 and not the 0.95 the issue asks for: accuracy_study/ (README there) shows that xcc's 0.931
# is what this recipe gives, not a bug. xcc's features equal TF.js's to 5e-5; a float64 numpy replay of the run
# (xcc's features, initial head, epoch orders, dropout masks) reproduces history.csv to 4 decimals; over 100 seeds
# the recipe (glorot Dense(1), dropout 0.2, Adam 1e-3, batch 64, 2 epochs = 46 steps) gives 0.928 +- 0.034 and
# reaches 0.95 in 29 % of them (TF.js's own model.fit of the same head: 0.936 +- 0.024 over 30 seeds, 37 %),
# while a zero-initialised logistic head gives 0.969 and 4 epochs 0.967. The run is deterministic (seeds fixed),
# so 0.92 still catches a regression of a few images. Phase 2 settles it: 0.989.
#
#   run.sh HEAD_CLI FINE_TUNE_CLI WEIGHTS(model.json) DATA_DIR OUT_DIR [FLOAT32_RUN]
# The CLIs come from xcc_add_model (test/workflow/CMakeLists.txt builds them); WEIGHTS gives phase 2 the base's
# starting values (phase 1 baked them into its code). With FLOAT32_RUN (the run folder of a float32 run of this
# script), the CLIs are mixed_bfloat16 ones, and each phase's validation accuracy must also land within 0.5
# points of the float32 run's (issue 19).
set -euo pipefail
if [ $# -ne 5 ] && [ $# -ne 6 ]; then
  echo "usage: $0 HEAD_CLI FINE_TUNE_CLI WEIGHTS DATA_DIR OUT_DIR [FLOAT32_RUN]" >&2
  exit 2
fi
head_cli=$1 fine_cli=$2 weights=$3 data=$4 float32_run=${6:-}
source "$(dirname "$0")/../workflow_steps.sh"
new_run_folder "$5" # OUT_DIR/runs/N: an earlier run is never deleted
out=$run_folder
common=(--data "$data" --validation-split 0.2 --seed 1337 --batch-size 64)

t0=$(date +%s)
echo "== phase 1 (head): frozen MobileNet v1 base, Adam(1e-3), 2 epochs"
"$head_cli" fit "${common[@]}" --epochs 2 --output "$out/head"
t1=$(date +%s)
# The same head trained 2 epochs more (a copy of phase 1's run, resumed to epoch 4): the one protocol change under
# which the study's seeds reach 0.95 reliably (0.967 +- 0.009). Phase 2 still starts from the 2-epoch checkpoint.
echo "== phase 1 continued to 4 epochs (protocol variant; phase 2 does not use it)"
cp -r "$out/head" "$out/head-4-epochs"
"$head_cli" fit "${common[@]}" --epochs 4 --resume --output "$out/head-4-epochs"
t1b=$(date +%s)
echo "== phase 2 (fine-tune): whole model, Adam(1e-5), 1 epoch, from phase 1's checkpoint"
"$fine_cli" fit "${common[@]}" --epochs 1 --weights "$weights" --init-from "$out/head/checkpoint.xcc" \
  --output "$out/fine-tune"
t2=$(date +%s)

last() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][-1])' "$1" "$2"; }
head_acc=$(last "$out/head/history.json" val_binary_accuracy)
head4_acc=$(last "$out/head-4-epochs/history.json" val_binary_accuracy)
fine_acc=$(last "$out/fine-tune/history.json" val_binary_accuracy)
echo "phase 1: val_binary_accuracy $head_acc ($((t1 - t0)) s); continued to 4 epochs: $head4_acc" \
  "($((t1b - t1)) s); phase 2: val_binary_accuracy $fine_acc ($((t2 - t1b)) s)"
compare=()
if [ -n "$float32_run" ]; then
  compare=("$(last "$float32_run/head/history.json" val_binary_accuracy)"
           "$(last "$float32_run/fine-tune/history.json" val_binary_accuracy)")
  echo "float32 run $float32_run: phase 1 ${compare[0]}, phase 2 ${compare[1]}"
fi
/usr/bin/python3 - "$head_acc" "$fine_acc" "$head4_acc" "${compare[@]}" <<'PY'
import sys
head, fine, head4 = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
ok = True
if len(sys.argv) > 4:
    for name, mixed, f32 in (("phase 1", head, float(sys.argv[4])), ("phase 2", fine, float(sys.argv[5]))):
        print(f"{name}: mixed_bfloat16 {mixed:.4f}, float32 {f32:.4f}, difference {100 * (mixed - f32):+.2f} points")
        if abs(mixed - f32) > 0.005:
            print(f"FAIL: {name} lands more than 0.5 points from float32"); ok = False
if head < 0.92:
    print(f"FAIL: phase 1 validation accuracy {head:.4f} < 0.92"); ok = False
if head4 < 0.95:
    print(f"FAIL: phase 1 continued to 4 epochs: validation accuracy {head4:.4f} < 0.95"); ok = False
if fine < 0.95:
    print(f"FAIL: phase 2 validation accuracy {fine:.4f} < 0.95"); ok = False
if fine < head - 0.01:
    print(f"FAIL: phase 2 lost more than one point ({head:.4f} -> {fine:.4f})"); ok = False
print("PASS" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
