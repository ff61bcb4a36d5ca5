// xcc's compiled forward pass against TensorFlow.js on a second real, pretrained model: the MobileNetV2 that the
// npm package nsfwjs ships (Keras 2.2.4, ImageNet-derived, fine-tuned into a 5-class classifier, uint8-quantized
// weights). nsfwjs_export.js wrote it as model.json + shard; it was imported whole (head included) and compiled
// with those weights. The same photos as the MobileNet v1 test, resized by xcc's runtime and scaled to [0, 1] (the
// scaling nsfwjs uses), go through both; every one of the 5 softmax outputs per image must satisfy
// |xcc - tfjs| <= 1e-3 * max|tfjs| + 1e-4. The model is only a second, independent workload: its classes are not
// used.
#include "model_1_inference_forward.h"

#include "oracle_util.h"

#include <gtest/gtest.h>

namespace {

TEST(OracleTfjs, NsfwjsMobileNetV2MatchesTfjsOnRealPhotos) {
  xcc::oracle::checkWholeModel("nsfwjs_mobilenet_v2", model_1_inference_forward, XCC_ORACLE_MODEL_JSON,
                               /*size=*/224, /*classes=*/5, /*photosPerClass=*/2, /*relTol=*/1e-3, /*absTol=*/1e-4);
}

} // namespace
