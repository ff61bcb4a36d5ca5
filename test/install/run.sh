#!/usr/bin/env bash
# Installs an xcc build into a temporary prefix, moves the prefix (the package must be relocatable), then builds
# and runs the out-of-tree example against it. Each step says what it does; the first failure stops the test
# with its name.
#   run.sh BUILD_DIR EXAMPLE_SOURCE_DIR WORK_DIR      (WORK_DIR is wiped first)
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 BUILD_DIR EXAMPLE_SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
example=$(cd "$2" && pwd)
work=$3
source_root=$(cd "$(dirname "$0")/../.." && pwd) # this script is test/install/run.sh

step=""
trap 'rc=$?; if [ $rc -ne 0 ]; then echo "install-out-of-tree: FAILED at step: $step (exit $rc)" >&2; fi' EXIT
run_step() { step=$1; echo "== $step"; }

run_step "clean $work"
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

run_step "cmake --install $build --prefix $work/staged"
cmake --install "$build" --prefix "$work/staged" > "$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
echo "installed $(grep -c '' "$work/install.log") files"

# A relocatable package works wherever its prefix lands.
run_step "move the prefix to $work/prefix"
mv "$work/staged" "$work/prefix"
prefix=$work/prefix

run_step "check the installed layout"
cmakedir=$(dirname "$(find "$prefix" -name xccConfig.cmake -path '*/cmake/xcc/*' | head -n1)")
[ -n "$cmakedir" ] && [ "$cmakedir" != . ] || { echo "no xccConfig.cmake under $prefix" >&2; exit 1; }
for f in xccConfig.cmake xccConfigVersion.cmake xccTargets.cmake XccModel.cmake model_main.cpp.in; do
  [ -f "$cmakedir/$f" ] || { echo "missing $cmakedir/$f" >&2; exit 1; }
done
[ -x "$prefix/bin/xcc" ] || { echo "missing $prefix/bin/xcc" >&2; exit 1; }
for h in abi.h model.h cli.h; do
  [ -f "$prefix/include/xcc/runtime/$h" ] || { echo "missing $prefix/include/xcc/runtime/$h" >&2; exit 1; }
done
ls "$(dirname "$cmakedir")/../libxcc_runtime.a" "$(dirname "$cmakedir")/../libxcc_runtime_cli.a" > /dev/null

run_step "no build or source path in the installed CMake files"
if grep -rnF -e "$build" -e "$source_root" -e "$work/staged" "$cmakedir"; then
  echo "the installed package names a build, source or staging path (see above)" >&2
  exit 1
fi

run_step "installed xcc runs"
"$prefix/bin/xcc" --help > "$work/xcc-help.txt" 2>&1 || { cat "$work/xcc-help.txt" >&2; exit 1; }

generator=()
if command -v ninja > /dev/null; then generator=(-G Ninja); fi
run_step "configure $example with CMAKE_PREFIX_PATH=$prefix"
cmake -S "$example" -B "$work/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
grep -qxF "xcc_DIR:PATH=$cmakedir" "$work/build/CMakeCache.txt" ||
  { echo "find_package(xcc) did not use $cmakedir:" >&2; grep '^xcc_DIR' "$work/build/CMakeCache.txt" >&2; exit 1; }

run_step "build the example (xcc compile at build time, link with xcc::runtime)"
cmake --build "$work/build"

run_step "run tiny_example"
"$work/build/tiny_example" | tee "$work/example.txt"
grep -q '^model tiny, phase head: input 8x8x3, 1 output(s) per image' "$work/example.txt"
[ "$(grep -c '^image [0-9]*: ' "$work/example.txt")" -eq 4 ]
grep -q '^ok: 4 images, every output finite$' "$work/example.txt"

run_step "run tiny_head-cli --help and predict --help"
"$work/build/tiny_head-cli" --help | tee "$work/cli-help.txt"
grep -q '^usage: tiny_head-cli COMMAND' "$work/cli-help.txt"
grep -q '^  predict ' "$work/cli-help.txt"
"$work/build/tiny_head-cli" predict --help | tee "$work/predict-help.txt"
grep -q '^usage: tiny_head-cli predict IMAGE' "$work/predict-help.txt"

step=""
echo "install-out-of-tree: OK"
