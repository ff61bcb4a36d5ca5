#!/bin/sh
# Builds xcc_dump against the already-built workflow head artifact, the oracle's cut MobileNet and xcc's runtime.
set -e
B=/work/main/build
O=$B/test/oracle/artifacts/mobilenet_cut
cd "$(dirname "$0")"
g++ -O2 -std=c++20 -I/work/main/runtime/include -I$O xcc_dump.cpp $O/mobilenet_1_00_224_inference_forward_entry.cpp -o xcc_dump \
  -Wl,-rpath,/usr/lib/x86_64-linux-gnu/hdf5/serial $B/test/workflow/libmobilenet_cvd_head.a \
  $B/test/workflow/mobilenet_cvd_head/mobilenet_1_00_224_transfer_head_forward.a \
  $B/test/workflow/mobilenet_cvd_head/mobilenet_1_00_224_transfer_head_train.a $O/mobilenet_1_00_224_inference_forward.a \
  -ldl $B/runtime/libxcc_runtime.a /usr/lib/x86_64-linux-gnu/libfmt.so.9.1.0 -ljpeg -lstb $B/runtime/weights/libxcc_weights.a \
  /usr/lib/x86_64-linux-gnu/hdf5/serial/libhdf5.so -lzip -lpthread
