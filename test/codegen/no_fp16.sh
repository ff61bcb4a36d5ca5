#!/usr/bin/env bash
# The bf16-dot variants run on CPUs without AVX512-FP16 (Zen 4, Zen 5), but Halide 14 compiles them for LLVM's
# sapphirerapids CPU, which has it: LLVM may then move a single bf16 value with an FP16 instruction (vmovw), which
# those CPUs fault on. Fails naming each generated function of a bf16-dot artifact under DIR that holds one.
#   no_fp16.sh DIR
set -euo pipefail
dir=$1
command -v objdump > /dev/null || { echo "no_fp16.sh: objdump (binutils) is missing" >&2; exit 1; }
manifests=$(grep -l '"matmul": "bf16_dot"' $(find "$dir" -name manifest.json) || true)
[ -n "$manifests" ] || { echo "no_fp16.sh: no bf16_dot artifact under $dir" >&2; exit 1; }
status=0
for manifest in $manifests; do
  for archive in "$(dirname "$manifest")"/*.a; do
    # AVX512-FP16's mnemonics: vmovw, vmovsh and the ph/sh forms; F16C's vcvtph2ps and vcvtps2ph are older.
    found=$(objdump -d --no-show-raw-insn "$archive" | awk -F'\t' '
      /^[0-9a-f]+ <.*>:$/ { fn = $0; next }
      { split($2, w, " "); m = w[1]
        if (m == "vcvtph2ps" || m == "vcvtps2ph") next
        if (m == "vmovw" || (m ~ /^v/ && (m ~ /(ph|sh)x?$/ || m ~ /(ph|sh)2|2(ph|sh)/))) print fn, m }' | sort | uniq -c)
    if [ -n "$found" ]; then
      echo "$archive: AVX512-FP16 instructions (count, function, mnemonic):"
      echo "$found"
      status=1
    fi
  done
done
[ $status = 0 ] && echo "no AVX512-FP16 instruction in the bf16-dot artifacts: $(echo $manifests | wc -w) checked"
exit $status
