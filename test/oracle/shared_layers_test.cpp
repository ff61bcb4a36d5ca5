// What a shared layer computes, said by TensorFlow.js rather than by fixtures written here: shared_layers_export.js
// built a functional model in TF.js whose Conv2D is called three times (on the image, on another layer's output,
// and on its own second call's output) and whose Dense is called twice, its later call concatenated first, with
// seeded weights and nonzero biases. xcc imported it from TF.js's own model.json (Keras-2 style inbound_nodes with
// node indices) and compiled it with those weights. Real photos, resized to 32x32 by xcc's runtime and scaled to
// [0, 1], go through both; all 8 outputs per image must satisfy |xcc - tfjs| <= 1e-4 * max|tfjs| + 1e-5 (float32
// on both sides over a few hundred operations per output). A wrong call order or node-index mapping would pair
// the wrong tensors and miss by far more.
#include "shared_layers_inference_forward.h"

#include "oracle_util.h"

#include <gtest/gtest.h>

namespace {

TEST(OracleTfjs, SharedLayersMatchTfjsOnRealPhotos) {
  xcc::oracle::checkWholeModel("shared_layers", shared_layers_inference_forward, XCC_ORACLE_MODEL_JSON,
                               /*size=*/32, /*classes=*/8, /*photosPerClass=*/3, /*relTol=*/1e-4, /*absTol=*/1e-5);
}

} // namespace
