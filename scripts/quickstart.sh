#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing, build, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh
bash scripts/install-npm-deps.sh   # nsfwjs: the main job's pretrained backbone
installed=$(date +%s)
bash scripts/build.sh
built=$(date +%s)
bash scripts/main-job.sh
done_at=$(date +%s)
echo
echo "xcc: install $((installed - start)) s, build $((built - installed)) s, main job $((done_at - built)) s"
