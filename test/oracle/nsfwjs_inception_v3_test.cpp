// xcc's compiled forward pass against TensorFlow.js on nsfwjs's InceptionV3 (299x299, Keras 2.2.4, the same 5
// classes as its MobileNetV2, uint8-quantized weights), exported, imported whole and compiled like the MobileNetV2
// (nsfwjs_mobilenet_v2_test.cpp). It covers what MobileNetV2 does not: BatchNormalization with scale=False (no
// gamma) after every one of its 94 convs, ten 3x3 stride-1 'same' AveragePooling2D layers (the divisor counts the
// in-image elements only), an 8x8 valid average pool, 'valid' max pools, Concatenate, Flatten and three Dense. Two
// photos (one cat, one dog; TF.js's wasm backend takes ~0.6 s an image at 299), scaled to [0, 1]; every softmax
// output must satisfy |xcc - tfjs| <= 1e-3 * max|tfjs| + 1e-4.
#include "model_1_inference_forward.h"

#include "oracle_util.h"

#include <gtest/gtest.h>

namespace {

TEST(OracleTfjs, NsfwjsInceptionV3MatchesTfjsOnRealPhotos) {
  xcc::oracle::checkWholeModel("nsfwjs_inception_v3", model_1_inference_forward, XCC_ORACLE_MODEL_JSON,
                               /*size=*/299, /*classes=*/5, /*photosPerClass=*/1, /*relTol=*/1e-3, /*absTol=*/1e-4);
}

} // namespace
