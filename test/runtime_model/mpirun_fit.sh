#!/usr/bin/env bash
# Data-parallel fit under mpirun on this machine's loopback (docs/distributed.md): the tiny model's head phase on
# 39 real photos, 30 for training in global batches of 8 (4 + 4; the last of 6 splits 3 + 3) and 9 for validation,
# sharded too (the in-process test Fit.ThreeRanksComputeWhatOneProcessComputes covers unequal and empty slices).
#  1. Two processes end with the weights of one process with the same global batch: only the order of the float
#     sums differs, so every weight agrees within 1e-5 absolute after 3 epochs (12 Adam steps at lr 1e-3).
#  2. Two 2-process runs write bit-identical checkpoints: the sums' order is fixed by the buckets, not by timing.
#  3. A resume on another number of processes is refused, and the checkpoint is left as it was.
#  4. Ranks given different data are refused at the start, naming the rank; nothing is written.
#  5. A rank killed with SIGKILL ends the job with a message naming it; the last checkpoint resumes on 2 processes.
# usage: mpirun_fit.sh MODEL_CLI PHOTOS_DIR (cats/ and dogs/). Debian's python3 (h5py) compares the weights.
set -euo pipefail
CLI=$1 PHOTOS=$2
if ! command -v mpirun >/dev/null; then
  echo "SKIPPED: no mpirun on this machine (scripts/install-deps.sh installs openmpi-bin)"
  exit 77
fi
MPIRUN=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" -eq 0 ] && MPIRUN+=(--allow-run-as-root)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/data/cats" "$WORK/data/dogs" "$WORK/other/cats" "$WORK/other/dogs"
# sed, not head: head's early exit would end ls with SIGPIPE, which pipefail makes fatal.
ls "$PHOTOS/cats" | sort | sed -n 1,20p | while read -r f; do ln -s "$PHOTOS/cats/$f" "$WORK/data/cats/$f"; done
ls "$PHOTOS/dogs" | sort | sed -n 1,19p | while read -r f; do ln -s "$PHOTOS/dogs/$f" "$WORK/data/dogs/$f"; done
ls "$PHOTOS/cats" | sort | tail -20 | while read -r f; do ln -s "$PHOTOS/cats/$f" "$WORK/other/cats/$f"; done
ls "$PHOTOS/dogs" | sort | tail -19 | while read -r f; do ln -s "$PHOTOS/dogs/$f" "$WORK/other/dogs/$f"; done
FIT=(fit --data "$WORK/data" --validation-split 0.25 --batch-size 8 --seed 5 --threads 1)

fail() { echo "FAIL: $*"; exit 1; }

echo "== 1. two processes against one"
"$CLI" "${FIT[@]}" --epochs 3 --output "$WORK/one" --export "$WORK/one.weights.h5" > "$WORK/one.log"
"${MPIRUN[@]}" -np 2 "$CLI" "${FIT[@]}" --epochs 3 --output "$WORK/two" --export "$WORK/two.weights.h5" \
  > "$WORK/two.log" 2>&1 || { cat "$WORK/two.log"; fail "the 2-process fit failed"; }
grep -q "Data-parallel fit on .*2 processes" "$WORK/two.log" || { cat "$WORK/two.log"; fail "no data-parallel banner"; }
[ "$(grep -c "^Epoch 3/3" "$WORK/two.log")" -eq 1 ] || fail "rank 1 printed too (or nobody did)"
/usr/bin/python3 - "$WORK/one.weights.h5" "$WORK/two.weights.h5" <<'EOF'
import sys, h5py, numpy as np
one, two = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
one.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
assert names, "no weights exported"
worst = 0.0
for n in names:
    a, b = np.asarray(one[n], np.float64), np.asarray(two[n], np.float64)
    assert a.shape == b.shape, n
    worst = max(worst, float(np.max(np.abs(a - b))) if a.size else 0.0)
print(f"{len(names)} weights, largest difference {worst:.3g}")
assert worst <= 1e-5, f"2 processes differ from 1 by {worst}"
EOF

echo "== 2. two 2-process runs are bit-identical"
"${MPIRUN[@]}" -np 2 "$CLI" "${FIT[@]}" --epochs 3 --output "$WORK/again" > "$WORK/again.log" 2>&1 ||
  { cat "$WORK/again.log"; fail "the second 2-process fit failed"; }
cmp "$WORK/two/checkpoint.xcc" "$WORK/again/checkpoint.xcc" || fail "two 2-process runs differ"

echo "== 3. a resume on another number of processes is refused"
cp "$WORK/two/checkpoint.xcc" "$WORK/before.xcc"
if "$CLI" "${FIT[@]}" --epochs 4 --output "$WORK/two" --resume > "$WORK/resume1.log" 2>&1; then
  fail "a 1-process resume of a 2-process run was accepted"
fi
grep -q "with other processes: '2' when the run started, '1' now" "$WORK/resume1.log" ||
  { cat "$WORK/resume1.log"; fail "no clear refusal"; }
cmp "$WORK/two/checkpoint.xcc" "$WORK/before.xcc" || fail "the refused resume changed the checkpoint"

echo "== 4. ranks with different data are refused"
if "${MPIRUN[@]}" -np 1 "$CLI" "${FIT[@]}" --output "$WORK/mixed" : \
     -np 1 "$CLI" fit --data "$WORK/other" --validation-split 0.25 --batch-size 8 --seed 5 --threads 1 \
     --output "$WORK/mixed" > "$WORK/mixed.log" 2>&1; then
  fail "ranks with different data were accepted"
fi
grep -q "rank 1 of 2 has another options and data than rank 0" "$WORK/mixed.log" ||
  { cat "$WORK/mixed.log"; fail "no clear refusal naming the rank"; }
[ ! -e "$WORK/mixed/checkpoint.xcc" ] || fail "a refused job wrote a checkpoint"

echo "== 5. a killed rank ends the job; the checkpoint resumes"
"${MPIRUN[@]}" -np 2 "$CLI" "${FIT[@]}" --epochs 500 --output "$WORK/killed" > "$WORK/killed.log" 2>&1 &
job=$!
for _ in $(seq 600); do [ -e "$WORK/killed/checkpoint.xcc" ] && break; sleep 0.1; done
[ -e "$WORK/killed/checkpoint.xcc" ] || { kill "$job"; fail "no checkpoint after 60 s"; }
victim=""
for pid in $(pgrep -f "$CLI fit" || true); do
  if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then victim=$pid; fi
done
[ -n "$victim" ] || { kill "$job"; fail "rank 1's process not found"; }
kill -9 "$victim"
if wait "$job"; then fail "the job went on without rank 1"; fi
grep -Eq "rank 1 .*(exited on signal 9|Killed)|process rank 1" "$WORK/killed.log" ||
  { cat "$WORK/killed.log"; fail "the message does not name rank 1"; }
"${MPIRUN[@]}" -np 2 "$CLI" "${FIT[@]}" --epochs 2 --output "$WORK/killed" --resume > "$WORK/resumed.log" 2>&1 ||
  { cat "$WORK/resumed.log"; fail "the checkpoint left by the killed job does not resume"; }
grep -q "Resuming from" "$WORK/resumed.log" || { cat "$WORK/resumed.log"; fail "did not resume"; }
echo "PASS"
