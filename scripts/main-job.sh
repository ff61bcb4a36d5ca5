#!/usr/bin/env bash
# The main job on its embedded default: real transfer learning with what the project fetches itself. nsfwjs's
# pretrained MobileNetV2 (npm, scripts/install-npm-deps.sh) is imported by xcc at 96x96 under the guide's head
# (GAP, Dropout(0.2), Dense(10)) and trained on a fixed Fashion-MNIST subset (Debian dataset-fashion-mnist):
# xcc compiles the three artifacts, phase 1 trains the head on the frozen base, phase 2 fine-tunes everything from
# phase 1's checkpoint, a control trains the same head on a randomly initialised base, and the test accuracies are
# printed side by side with the wall time of every step. Xception's ImageNet weights cannot be fetched on these
# machines, hence this backbone; examples/nsfwjs_fashion_mnist/run.sh says what each step does.
#   XCC_BUILD_DIR (build)  the xcc build to use;  XCC_OUT_DIR (out/main-job)  where everything is written
#   extra arguments go to run.sh, e.g. --train 100 --head-epochs 2
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash examples/nsfwjs_fashion_mnist/run.sh "${XCC_BUILD_DIR:-build}" "${XCC_OUT_DIR:-out/main-job}" "$@"
