//===- model_weights.h - a Model's weights from and to Keras files ---*- C++ -*-===//
//
// The two ends of a transfer-learning run. Before the first step, the trainable parameters that come from the
// pretrained file (manifest init "weights") get their values from it: the compiler recorded, for each, the entry
// it matched in the file and the hash of its values, so the runtime finds the same entry and can tell a different
// file from the one the artifact was compiled with. After training, the whole model (trainable parameters, baked
// frozen weights, BatchNormalization statistics) is written as a Keras 3 `.weights.h5`, which
// `model.load_weights()` reads into the same Keras model.
//
// Both work through Model's public interface and the manifest's "parameters" and "variables".
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_MODEL_WEIGHTS_H
#define XCC_RUNTIME_MODEL_WEIGHTS_H

#include "xcc/runtime/model.h"

#include <string>

namespace xcc::rt {

/// Gives every parameter with init "weights" its value from `weightsPath` (any format xcc compile reads), and
/// checks that the frozen variables baked from a weights file are in it with the same values. All or nothing:
/// on any error no parameter changes. Throws RuntimeError naming the file, the parameter and the reason: the
/// file cannot be read, an entry is missing, a shape differs, or the values differ from the file the artifact
/// was compiled with (hash mismatch), or the artifact was compiled without a weights file.
void loadInitialWeights(Model &model, const std::string &weightsPath);

/// Writes every variable of the Keras model to `outPath` as a Keras 3 `.weights.h5` (layout in
/// xcc/weights/keras3_writer.h), atomically (a reader sees the old file or the whole new one). Trainable
/// parameters are the model's current values; frozen ones are rebuilt from their source, which must hash to what
/// the artifact baked: the entry of `originalWeightsPath` (the file the artifact was compiled with; may be empty
/// when no variable comes from a file), the initializer or the --random-weights stream. Throws RuntimeError
/// naming the file, the variable and the reason (a parameter without a value, a missing original file, a source
/// that changed, a manifest without "variables", an I/O error).
void exportKerasWeights(const Model &model, const std::string &outPath, const std::string &originalWeightsPath);

} // namespace xcc::rt

#endif // XCC_RUNTIME_MODEL_WEIGHTS_H
