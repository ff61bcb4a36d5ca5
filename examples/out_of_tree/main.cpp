// Runs a model compiled by xcc_add_model through the runtime's C++ API: xcc::rt::Model on the artifact's entry
// point, predict on a synthetic batch, outputs printed and checked to be finite.
#include "xcc/runtime/model.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <vector>

// xcc_add_model(tiny_head ...) defines it; CMakeLists passes its name (tiny_head_ARTIFACT_SYMBOL), which for
// examples/tiny/model.mlir is xcc_artifact_tiny_head_forward.
#ifndef XCC_ARTIFACT_SYMBOL
#define XCC_ARTIFACT_SYMBOL xcc_artifact_tiny_head_forward
#endif
extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

int main() {
  try {
    xcc::rt::Model model(XCC_ARTIFACT_SYMBOL());
    const xcc::rt::Manifest &m = model.manifest();
    std::printf("model %s, phase %s: input %lldx%lldx%lld, %lld output(s) per image, %zu trainable parameter(s)\n",
                m.model.c_str(), m.phase.c_str(), (long long)model.height(), (long long)model.width(),
                (long long)model.channels(), (long long)model.outputsPerSample(), m.parameters.size());

    // A synthetic batch of 4 images, pixel values in [0, 255] (the model rescales them itself).
    const int64_t batch = 4;
    const int64_t perImage = model.height() * model.width() * model.channels();
    std::vector<float> input(size_t(batch * perImage));
    for (size_t i = 0; i < input.size(); ++i)
      input[i] = float((i * 37 + i / size_t(perImage) * 11) % 256);

    std::vector<float> out = model.predict(input);
    if (out.size() != size_t(batch * model.outputsPerSample())) {
      std::fprintf(stderr, "error: expected %lld outputs, got %zu\n", (long long)(batch * model.outputsPerSample()),
                   out.size());
      return 1;
    }
    bool finite = true;
    for (int64_t b = 0; b < batch; ++b) {
      std::printf("image %lld:", (long long)b);
      for (int64_t k = 0; k < model.outputsPerSample(); ++k) {
        const float v = out[size_t(b * model.outputsPerSample() + k)];
        finite = finite && std::isfinite(v);
        std::printf(" %.6f", v);
      }
      std::printf("\n");
    }
    if (!finite) {
      std::fprintf(stderr, "error: an output is not finite\n");
      return 1;
    }
    std::printf("ok: %lld images, every output finite\n", (long long)batch);
    return 0;
  } catch (const std::exception &e) { // xcc::rt::RuntimeError (a std::runtime_error) among others
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
