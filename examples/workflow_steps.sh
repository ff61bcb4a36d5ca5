# Sourced by the example workflows (examples/*/run.sh): timed, announced steps, and the example's CLIs built by
# its own CMake project against the installed build.

workflow_start=$(date +%s)
declare -a timings=()
step_name="" step_start=0

step() { # NAME [WHAT]: ends the running step (recording its time under its name) and starts the next one
  local now
  now=$(date +%s)
  [ -n "$step_name" ] && timings+=("$(printf '%-30s %6d s' "$step_name" $((now - step_start)))")
  step_name=$1 step_start=$now
  [ -n "$step_name" ] && printf '\n== [%s] %s: %s\n' "$(date -u -d @$((now - workflow_start)) +%H:%M:%S)" "$1" "$2"
  return 0
}

print_timings() { # every finished step's wall time, then the total
  printf '%s\n' "${timings[@]}"
  printf '%-30s %6d s\n' "total" $(($(date +%s) - workflow_start))
}

# new_run_folder OUT: makes OUT/runs/N, the first N not taken, links OUT/run to it and sets run_folder. A rerun
# never deletes or overwrites an earlier run; an OUT/run folder of the layout before runs/ becomes runs/0.
new_run_folder() {
  local out=$1 n=1
  mkdir -p "$out/runs"
  if [ -d "$out/run" ] && [ ! -L "$out/run" ] && [ ! -e "$out/runs/0" ]; then mv "$out/run" "$out/runs/0"; fi
  while [ -e "$out/runs/$n" ]; do n=$((n + 1)); done
  mkdir "$out/runs/$n"
  ln -sfn "runs/$n" "$out/run"
  run_folder=$out/runs/$n
  echo "this run's outputs: $run_folder (linked as $out/run); earlier runs are kept"
}

# build_clis BUILD PROJECT OUT TARGET... [-- CMAKE_ARG...]: installs BUILD into OUT/xcc, configures PROJECT into
# OUT/cli against it and builds TARGETs with 2 jobs, naming each artifact as it is compiled. The train steps take
# minutes (the fine-tune one most), so a ticker shows the wait. Logs: OUT/{install,cli-configure,cli-build}.log.
build_clis() {
  local build=$1 project=$2 out=$3
  shift 3
  local targets=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do targets+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  cmake --install "$build" --prefix "$out/xcc" > "$out/install.log" ||
    { echo "installing '$build' failed ($out/install.log)" >&2; return 1; }
  cmake -S "$project" -B "$out/cli" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$out/xcc" \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "${args[@]}" > "$out/cli-configure.log" 2>&1 ||
    { cat "$out/cli-configure.log" >&2; echo "configuring $project failed" >&2; return 1; }
  (while sleep 30 > /dev/null 2>&1; do
     echo "   ... still compiling ($(date -u -d @$(($(date +%s) - step_start)) +%M:%S))"
   done) &
  local ticker=$! status
  trap "kill $ticker 2>/dev/null || true" EXIT
  set +e
  cmake --build "$out/cli" -j 2 --target "${targets[@]}" 2>&1 | tee "$out/cli-build.log" |
    grep --line-buffered -E '^\[[0-9]+/[0-9]+\] xcc|error'
  status=${PIPESTATUS[0]}
  set -e
  kill $ticker 2>/dev/null || true
  [ "$status" = 0 ] || { tail -n 30 "$out/cli-build.log" >&2; echo "compiling the artifacts failed ($out/cli-build.log)" >&2; return 1; }
}
