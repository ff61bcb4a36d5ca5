//===- checkpoint.h - training state on disk ---------------------*- C++ -*-===//
//
// A checkpoint holds what a killed fit needs to go on: the trainable parameters, the optimizer state and step
// count, the epochs done, and fit's own state (history, callbacks) as JSON. It names the artifact it came from
// (model, phase, trainable parameters, frozen-weight hash), because the same numbers mean something else under
// another artifact: resuming is refused unless they all match. Starting a new phase from an earlier phase's
// checkpoint is a separate, explicit step (startFromCheckpoint), as Keras's second compile() is.
//
// File layout (little-endian): "XCCCKPT1", u64 header length, header JSON, the float32 values (parameters in
// manifest order, then slot 0 of every parameter, slot 1, ...), u64 FNV-1a of all bytes before it. Files are
// replaced atomically (atomic_file.h), so a reader sees a whole old or a whole new checkpoint.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_CHECKPOINT_H
#define XCC_RUNTIME_CHECKPOINT_H

#include "xcc/runtime/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc::rt {

struct Checkpoint {
  struct Tensor {
    std::string layer, weight;
    std::vector<int64_t> shape;
    std::vector<float> values;
  };
  std::string model, phase, frozenHash;
  std::vector<Tensor> parameters;
  std::vector<FrozenSource> frozenSources; ///< what the writing artifact baked (manifest frozen_sources)
  std::vector<std::string> slotNames;
  std::vector<std::vector<std::vector<float>>> slots; ///< [slot][parameter]
  /// Gradients summed since the last update under gradient accumulation, per parameter (Model::
  /// accumulatedGradients); empty when none.
  std::vector<std::vector<float>> accumulated;
  int64_t iterations = 0;
  int epochsDone = 0;
  std::string fitState = "{}"; ///< JSON owned by fit: history, callback state, learning rate
};

/// The model's trainable state now.
Checkpoint captureCheckpoint(const Model &model, int epochsDone, const std::string &fitState);

void writeCheckpoint(const std::string &path, const Checkpoint &checkpoint);
/// Throws RuntimeError naming the path and the reason (not a checkpoint, truncated, corrupt).
Checkpoint readCheckpoint(const std::string &path);
/// The same for a checkpoint file's `bytes` (a data-parallel fit's rank 0 reads them and sends them to the
/// others); `path` names it in messages.
Checkpoint parseCheckpoint(const std::string &bytes, const std::string &path);

/// For resuming a fit: parameters, optimizer state and iterations. Refuses (RuntimeError naming `path`) a
/// checkpoint of another model, phase, trainable set or frozen weights.
void restoreCheckpoint(Model &model, const Checkpoint &checkpoint, const std::string &path);

/// For a new phase: copies the parameters the checkpoint has by layer/weight name, keeps the others' first
/// values, and resets the optimizer (Keras's compile()). Refuses a checkpoint of another model, shape
/// mismatches, one that shares no parameter with this artifact, and one whose values disagree with the
/// constants this artifact baked in: a variable the earlier phase trained but this artifact froze at its original
/// value, or a frozen variable both baked from different sources (compared by hash). Returns how many
/// parameters were copied.
size_t startFromCheckpoint(Model &model, const Checkpoint &checkpoint, const std::string &path);

} // namespace xcc::rt

#endif // XCC_RUNTIME_CHECKPOINT_H
