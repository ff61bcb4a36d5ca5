#!/usr/bin/env bash
# classify_h5_findings.sh FUZZ_H5 FILE...
#
# The long in-process h5 runs (docs/robustness.md) keep going past crashes, hangs and out-of-memory kills inside
# libhdf5 (-fork=1 -ignore_crashes=1 ...). For each saved input this prints one line: what the in-process run
# reports and in which library its first stack frame outside the sanitizer, libc and libFuzzer lies, then what the
# product's path (the same binary, HDF5 in the isolated child) does with the file: `clean` when it ends with an
# error message and no report. Some inputs crash libhdf5 only after others have filled its caches; alone they
# leave no report and are listed as not reproducing. Exit status 1 when any finding is in xcc's own code or the
# isolated read is not clean.
set -uo pipefail
bin=$1
shift
status=0
for f in "$@"; do
  # Five runs: some inputs crash libhdf5 only once its caches hold what an earlier run of the same file left.
  report=$(XCC_FUZZ_HDF5_IN_PROCESS=1 ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
    LSAN_OPTIONS=suppressions="$(dirname "$0")/lsan-libhdf5.supp" timeout 120 "$bin" -runs=5 -timeout=5 \
    -rss_limit_mb=2048 "$f" 2>&1)
  kind=$(grep -oE "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [A-Za-z-]+|runtime error|requested allocation size" \
    <<<"$report" | head -1)
  # The innermost frame in libhdf5 or in xcc's code (the sanitizer's, libFuzzer's and libc's are neither).
  frame=$(grep -E "^    #[0-9]+ " <<<"$report" | grep -E "libhdf5|xcc::|LLVMFuzzerTestOneInput" | head -1)
  where=unknown
  if grep -q "libhdf5" <<<"$frame"; then
    where=libhdf5
  elif grep -q "xcc::" <<<"$frame"; then
    where="xcc: $(grep -oE 'in [^(]+' <<<"$frame" | head -1)"
  fi
  iso=$(ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 timeout 120 "$bin" -timeout=60 "$f" 2>&1)
  if [ $? -eq 0 ] && ! grep -qE "ERROR: |runtime error" <<<"$iso"; then product=clean; else product=FAILED; fi
  if [ -z "$kind" ]; then
    # The fork-mode job ran other inputs first; this one alone leaves no report.
    [ "$product" = clean ] || status=1
    echo "$(basename "$f"): does not reproduce on its own; isolated: ${product}"
    continue
  fi
  [ "$where" = libhdf5 ] && [ "$product" = clean ] || status=1
  echo "$(basename "$f"): ${kind} in ${where}; isolated: ${product}"
done
exit $status
