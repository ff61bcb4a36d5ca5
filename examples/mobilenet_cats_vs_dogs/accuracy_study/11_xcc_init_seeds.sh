#!/usr/bin/env bash
# Step 11: xcc itself (not a replay) over N starts of the head: phase 1 of ../run.sh (2 epochs, batch 64, the
# seeded 80/20 split, --seed 1337 for the shuffle and dropout) with `fit --init-seed S` for S = 1..N, which draws
# the Dense kernel anew (glorot_uniform; the bias stays zero). Prints each run's final val_binary_accuracy and
# the mean, standard deviation and share reaching 0.95.
#   11_xcc_init_seeds.sh HEAD_CLI DATA_DIR N OUT_DIR
# (HEAD_CLI: build/test/workflow/mobilenet_cvd_head-cli; DATA_DIR: ../shared/data/cats_vs_dogs)
set -euo pipefail
cli=$1 data=$2 n=$3 out=$4
rm -rf "$out"
for s in $(seq 1 "$n"); do
  "$cli" fit --data "$data" --validation-split 0.2 --seed 1337 --batch-size 64 --epochs 2 --init-seed "$s" \
    --output "$out/$s" > "$out.log.$s" 2>&1
  /usr/bin/python3 -c 'import json,sys; print(sys.argv[2], json.load(open(sys.argv[1]))["val_binary_accuracy"][-1])' \
    "$out/$s/history.json" "$s"
done | tee "$out.tsv"
/usr/bin/python3 - "$out.tsv" <<'PY'
import sys, statistics as st
a = [float(l.split()[1]) for l in open(sys.argv[1])]
print(f"xcc phase 1 over {len(a)} --init-seed draws: mean {st.mean(a):.4f} sd {st.pstdev(a):.4f} "
      f"min {min(a):.4f} max {max(a):.4f} P(>=0.95) {sum(x >= 0.95 for x in a) / len(a):.2f}")
PY
