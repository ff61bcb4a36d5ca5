#!/usr/bin/env bash
# CI test of examples/xception_cats_vs_dogs/run.sh: the guide's whole flow (split, phase 1, phase 2 from phase 1's
# checkpoint, test evaluation, .weights.h5 export) on a small PetImages-style folder, with the CLIs of test/codegen's
# Xception artifacts (random weights, seed 7: no second Xception compile), then the bad inputs. Accuracy is not
# checked: the base is random. Fails (never skips) without the shared photos.
#   xception_example_test.sh HEAD_CLI FINE_TUNE_CLI XCC_BUILD PHOTOS(cats_vs_dogs) OUT
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 HEAD_CLI FINE_TUNE_CLI XCC_BUILD PHOTOS OUT" >&2; exit 2; }
head_cli=$1 fine_cli=$2 build=$3 photos=$4 out=$5
example=$(cd "$(dirname "$0")/../../examples/xception_cats_vs_dogs" && pwd)
other_weights=$(cd "$(dirname "$0")/../runtime_model/Inputs" && pwd)/pretrained.weights.h5
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() { # LOG TEXT: LOG contains TEXT (fixed string)
  grep -qF -- "$2" "$1" || fail "'$2' not in $1"
}
run_example() { # LOG ARGS...: runs run.sh with the prebuilt CLIs, output to LOG; returns its status
  local log=$1
  shift
  set +e
  bash "$example/run.sh" --clis "$head_cli" "$fine_cli" --build "$build" --random-weights 7 "$@" > "$log" 2>&1
  local status=$?
  set -e
  return $status
}

rm -rf "$out"
mkdir -p "$out"
# Kaggle's layout: PetImages/Cat, PetImages/Dog, numbered JPEGs, a Thumbs.db, and broken files (the real archive
# has an empty Cat/666.jpg and a corrupt Dog/11702.jpg). 30 + 30 photos and 2 broken files: 62 files, cut at
# round(24.8) = 25, round(31) = 31 and round(37.2) = 37. With seed 1337 the empty Cat/10125.jpg falls into the
# test subset (evaluate reports it) and the truncated Dog/11702.jpg into training (both fits report it).
pets=$out/PetImages
mkdir -p "$pets/Cat" "$pets/Dog"
for cls in cats:Cat dogs:Dog; do
  [ -d "$photos/${cls%%:*}" ] || { echo "FAIL: missing shared photos '$photos/${cls%%:*}'"; exit 1; }
  i=0
  for f in $(ls "$photos/${cls%%:*}" | sort | head -n 30); do
    cp "$photos/${cls%%:*}/$f" "$pets/${cls##*:}/$i.jpg"
    i=$((i + 1))
  done
done
: > "$pets/Cat/10125.jpg"
head -c 3000 "$photos/dogs/$(ls "$photos/dogs" | sort | head -n 1)" > "$pets/Dog/11702.jpg" # truncated JPEG
printf 'not an image' > "$pets/Cat/Thumbs.db"

echo "== the whole flow on $pets (62 files)"
t0=$(date +%s)
log=$out/flow.log
run_example "$log" --data "$pets" --out "$out/run1" || fail "run.sh exited non-zero (log: $log)"
cat "$log"
expect "$log" "WARNING: NO PRETRAINED WEIGHTS"
expect "$log" "data: $pets: Cat 31 images (label 0), Dog 31 images (label 1)"
expect "$log" "Found 62 files belonging to 2 classes."
expect "$log" "Using 25 files for training, 6 for validation, 6 for test (split 0.4,0.1,0.1, seed 1337). 25 files are in no subset."
expect "$log" "Using the test subset (6 files)."
[ "$(grep -c "^  $pets/Dog/11702.jpg: corrupt or truncated JPEG" "$log")" -ge 2 ] ||
  fail "phase 1 and phase 2 should both report the truncated Dog/11702.jpg"
expect "$log" "  $pets/Cat/10125.jpg: "
expect "$log" "Evaluated 5 of 6 files (1 skipped)."
expect "$log" "Initialized "
expect "$log" "Exported the Keras 3 weights to $out/run1/xception_cats_vs_dogs.weights.h5"
[ "$(grep -c 'Using 25 files for training' "$log")" = 3 ] || fail "the split line should appear for both fits and the evaluation"
grep -qE '^test: binary_accuracy: [0-9.]+ - loss: [0-9.]+$' "$log" || fail "no test accuracy line in $log"
grep -qE '^phase 2 val_binary_accuracy \(last epoch\): [0-9.]+$' "$log" || fail "no phase 2 accuracy in $log"
weights_h5=$out/run1/xception_cats_vs_dogs.weights.h5
[ "$(head -c 8 "$weights_h5" 2>/dev/null | od -An -c | tr -d ' ')" = '211HDF\r\n032\n' ] ||
  fail "$weights_h5 is missing or not an HDF5 file"
for phase in head fine-tune; do
  [ -f "$out/run1/run/$phase/checkpoint.xcc" ] && [ -f "$out/run1/run/$phase/learning_curves.svg" ] ||
    fail "phase $phase left no checkpoint or learning curves"
done
echo "(flow: $(($(date +%s) - t0)) s)"

echo "== an earlier run is not overwritten; --resume continues it"
run_example "$out/again.log" --data "$pets" --out "$out/run1" && fail "a second run into the same --out was accepted"
expect "$out/again.log" "holds an earlier run"
expect "$out/again.log" "pass --resume"
# As if killed during phase 2 before its first epoch ended: phase 1 resumes (nothing left), phase 2 starts again
# from phase 1's checkpoint and ends with the same weights, bit for bit.
cp "$weights_h5" "$out/first.weights.h5"
rm -rf "$out/run1/run/fine-tune" "$weights_h5"
run_example "$out/resume.log" --data "$pets" --out "$out/run1" --resume || fail "--resume failed ($out/resume.log)"
expect "$out/resume.log" "Resuming from '$out/run1/run/head/checkpoint.xcc': 2 epochs done"
expect "$out/resume.log" "Initialized "
cmp -s "$weights_h5" "$out/first.weights.h5" || fail "the resumed run exported different weights"

echo "== bad input"
mkdir -p "$out/one/Cat" "$out/none/Cat" "$out/none/Dog"
cp "$pets/Cat/0.jpg" "$out/one/Cat/"
cp "$pets/Cat/Thumbs.db" "$out/none/Cat/"
check_error() { # NAME TEXT ARGS...: run.sh fails fast and says TEXT
  local name=$1 text=$2
  shift 2
  if run_example "$out/$name.log" "$@"; then fail "$name: accepted"; fi
  expect "$out/$name.log" "$text"
  if grep -q "== \[" "$out/$name.log"; then fail "$name: got as far as a step before refusing"; fi
}
check_error one-class "'$out/one' has 1 class folder(s) (Cat); the guide's model (Dense(1), binary) needs exactly 2" \
  --data "$out/one" --out "$out/bad"
check_error no-images "no images (.jpg .jpeg .png .bmp .gif) in the class folders of '$out/none' (Cat Dog)" \
  --data "$out/none" --out "$out/bad"
check_error no-folder "data folder '$out/missing' does not exist" --data "$out/missing" --out "$out/bad"
check_error other-model "'$other_weights' does not hold the Xception base this model needs" \
  --data "$pets" --weights "$other_weights" --out "$out/bad"
check_error no-weights-file "weights file '$out/nope.h5' does not exist" --data "$pets" --weights "$out/nope.h5" \
  --out "$out/bad"
check_error bad-split "--split wants TRAIN,VALIDATION,TEST fractions, each > 0, summing to at most 1; got '0.6,0.3,0.2'" \
  --data "$pets" --split 0.6,0.3,0.2 --out "$out/bad"
echo "--- what the user sees for a weights file of another model:"
cat "$out/other-model.log"

[ $failures = 0 ] && echo "PASS" || { echo "FAILED ($failures)"; exit 1; }
