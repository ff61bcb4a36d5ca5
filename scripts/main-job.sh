#!/usr/bin/env bash
# The main job on its embedded default. For now: write the guide's Xception transfer model from the built-in
# template, print the summary of both example models in each phase, and compile each phase of both to native code.
# Xception's ImageNet weights cannot be fetched on these machines, so the compile uses seeded random weights
# (--random-weights); with the Keras file, pass --weights xception_weights_tf_dim_ordering_tf_kernels_notop.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
XCC="${XCC_BUILD_DIR:-build}/compiler/tools/xcc"
OUT=${XCC_OUT_DIR:-out/main-job}
mkdir -p "$OUT"

echo "== xcc new xception-transfer -> $OUT/xception_transfer.mlir"
"$XCC" new xception-transfer -o "$OUT/xception_transfer.mlir"
for model in "$OUT/xception_transfer.mlir" examples/tiny/model.mlir; do
  name=$(basename "$(dirname "$model")")
  [ "$name" = main-job ] && name=xception_transfer
  for phase in head fine-tune; do
    echo
    echo "== xcc summary $model --phase $phase"
    "$XCC" summary "$model" --phase "$phase"
    echo "== xcc compile $model --phase $phase --random-weights 1 -o $OUT/$name-$phase"
    echo "   (random weights: no pretrained weights file on this machine)"
    start=$(date +%s)
    "$XCC" compile "$model" --phase "$phase" --random-weights 1 -o "$OUT/$name-$phase"
    echo "   compiled in $(( $(date +%s) - start )) s"
  done
done
