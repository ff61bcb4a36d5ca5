#!/usr/bin/env bash
# xcc_add_model(... DTYPE_POLICY mixed_bfloat16) with its default targets: one artifact with an AMX variant, a
# bf16 dot-product one and the float32 ones (cmake/XccModel.cmake). Shows that
#  1. the CPU picks what pays: AMX where Linux grants it, else bf16 dot products where the CPU has them (never
#     beside AMX), else float32; `info` says which;
#  2. with XCC_AMX_EMULATION=1 the AMX variant runs anywhere, on the tile emulation, and says so: `info`, and a
#     short fit on real photos that ends with finite losses, its extern stages linked through xcc_add_model.
# usage: mixed_variants.sh MODEL_CLI PHOTOS_DIR (cats/ and dogs/)
set -euo pipefail
CLI=$1 PHOTOS=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
has() { grep -q -w "$1" /proc/cpuinfo; }

echo "== 1. the variant this CPU runs"
"$CLI" info > "$WORK/info.txt"
cat "$WORK/info.txt"
if has amx_bf16 && has amx_tile; then
  want="on AMX tiles" # unless Linux refuses the tile state: then the next line's check fails, and says why
elif has avx512_bf16; then
  want="AVX-512 bf16 dot products"
else
  want="float32 on this CPU"
fi
grep -q "dtype policy: .*$want" "$WORK/info.txt" || fail "expected the variant with '$want'"

echo "== 2. the AMX variant on the tile emulation"
XCC_AMX_EMULATION=1 "$CLI" info > "$WORK/amx.txt"
grep -q "dtype policy: .*AMX tiles" "$WORK/amx.txt" || { cat "$WORK/amx.txt"; fail "XCC_AMX_EMULATION=1 did not run the AMX variant"; }
mkdir -p "$WORK/data/cats" "$WORK/data/dogs"
# sed, not head: head's early exit would end ls with SIGPIPE, which pipefail makes fatal (a flaky silent exit).
ls "$PHOTOS/cats" | sort | sed -n 1,6p | while read -r f; do ln -s "$PHOTOS/cats/$f" "$WORK/data/cats/$f"; done
ls "$PHOTOS/dogs" | sort | sed -n 1,6p | while read -r f; do ln -s "$PHOTOS/dogs/$f" "$WORK/data/dogs/$f"; done
XCC_AMX_EMULATION=1 "$CLI" fit --data "$WORK/data" --epochs 2 --batch-size 4 --seed 3 --output "$WORK/fit" \
  > "$WORK/fit.log" 2>&1 || { cat "$WORK/fit.log"; fail "the fit on the AMX variant failed"; }
cat "$WORK/fit.log"
grep -q "AMX tiles" "$WORK/fit.log" || fail "fit did not say it runs on AMX tiles"
grep -q "^Epoch 2/2" "$WORK/fit.log" || fail "fit did not reach epoch 2"
! grep -qiE "loss: (nan|inf)" "$WORK/fit.log" || fail "a loss is not finite"
echo "PASS"
