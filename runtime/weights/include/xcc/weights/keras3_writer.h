//===- keras3_writer.h - Write a Keras 3 `.weights.h5` ----------*- C++ -*-===//
//
// The file `model.save_weights("m.weights.h5")` writes in Keras 3
// (keras/src/saving/saving_lib.py, H5IOStore), so that weights trained with
// xcc load with `model.load_weights(...)` into the same Keras model:
//
//   /vars                                   group, attribute name = model name
//   /layers/<key>/vars                      one per layer in model.layers order,
//                                           weightless layers included
//   /layers/<key>/vars/<i>                  float32 dataset, the layer's i-th
//                                           variable (trainable-created first)
//   /layers/functional/layers/<key>/vars    layers of a nested model
//
// <key> is the snake-cased class name plus a per-class counter ("conv2d_1");
// the caller supplies the paths (the compiler computes them, see the artifact
// manifest's "variables"). Datasets are contiguous and uncompressed, as h5py
// writes them; `name` attributes are variable-length UTF-8 strings. Keras
// itself reads only the datasets; Keras >= 3.6 writes the `name` attributes.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_WEIGHTS_KERAS3_WRITER_H
#define XCC_WEIGHTS_KERAS3_WRITER_H

#include "xcc/weights/weights.h"

#include <string>
#include <vector>

namespace xcc::weights {

// One saveable (the model, a layer, a nested model): its `vars` group.
struct Keras3Group {
  std::string path; // "vars", "layers/dense/vars", "layers/functional/layers/conv2d/vars"
  std::string name; // the `name` attribute Keras writes (the layer's name); "" writes none
};

struct Keras3Variable {
  std::string path; // "layers/dense/vars/0"
  Tensor value;     // Keras layout; a scalar has an empty shape
};

struct Keras3Weights {
  std::vector<Keras3Group> groups;       // in Keras's save order
  std::vector<Keras3Variable> variables; // in Keras's save order
};

// Writes `weights` to `path` (created, or truncated if it exists). Not atomic
// by itself: write to a temporary name and rename (the runtime's
// exportKerasWeights does, with xcc::rt::replaceFileAtomically). Runs libhdf5
// in this process: not concurrently with other in-process libhdf5 use.
// Throws WeightsError naming `path` and the reason (a variable whose value
// does not fill its shape, a path used twice, an I/O error).
void writeKeras3Weights(const std::string &path, const Keras3Weights &weights);

} // namespace xcc::weights

#endif // XCC_WEIGHTS_KERAS3_WRITER_H
