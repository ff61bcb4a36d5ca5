#!/usr/bin/env bash
# The main job on its embedded default. For now: write the guide's Xception transfer model from the built-in
# template, check it against the example, and print the summaries of both example models in each phase.
set -euo pipefail
cd "$(dirname "$0")/.."
XCC="${XCC_BUILD_DIR:-build}/compiler/tools/xcc"
OUT=${XCC_OUT_DIR:-out/main-job}
mkdir -p "$OUT"

echo "== xcc new xception-transfer -> $OUT/xception_transfer.mlir"
"$XCC" new xception-transfer -o "$OUT/xception_transfer.mlir"
for model in "$OUT/xception_transfer.mlir" examples/tiny/model.mlir; do
  for phase in head fine-tune; do
    echo
    echo "== xcc summary $model --phase $phase"
    "$XCC" summary "$model" --phase "$phase"
  done
done
