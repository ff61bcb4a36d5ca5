#!/usr/bin/env bash
# Installs the npm packages pinned in test/oracle/package-lock.json into test/oracle/node_modules (git-ignored):
# @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm for the TensorFlow.js oracle test, and nsfwjs, whose MobileNetV2
# is the oracle's second model and the main job's pretrained backbone. Idempotent: skips `npm ci` when node_modules
# already matches the lock file. Needs Node.js 18+ with npm and the npm registry; fails with one clear message
# otherwise. scripts/test.sh and scripts/quickstart.sh run it.
set -euo pipefail
cd "$(dirname "$0")/../test/oracle"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "xcc: error: node and npm are needed for the TensorFlow.js oracle test and the main job (nsfwjs); install Node.js 18+" >&2
  exit 1
fi

stamp=node_modules/.xcc-package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d node_modules/@tensorflow/tfjs-backend-wasm ]; then
  echo "xcc: npm packages for test/oracle already installed"
  exit 0
fi

echo "xcc: installing npm packages for test/oracle (npm ci)"
if ! npm ci --no-audit --no-fund --loglevel=error; then
  echo "xcc: error: 'npm ci' failed in test/oracle; check access to the npm registry" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "xcc: npm packages installed"
