#include "commands.h"

#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include <chrono>

namespace xcc::rt::cli {

PredictionRun predictFiles(const Model &model, const std::vector<std::string> &paths, int64_t batchSize,
                           const std::function<void(size_t, const float *)> &onResult) {
  const int h = int(model.height()), w = int(model.width());
  const size_t perOutput = size_t(model.outputsPerSample());
  if (model.channels() != 3)
    throw RuntimeError("model '" + model.manifest().model + "' takes " + std::to_string(model.channels()) +
                       " channels; images decode to RGB (3)");
  PredictionRun run;
  auto start = std::chrono::steady_clock::now();
  std::vector<float> batch;
  std::vector<size_t> indices;
  for (size_t next = 0; next < paths.size();) {
    batch.clear();
    indices.clear();
    // Fill a whole batch with decodable images, so skipped files do not shrink the batches.
    for (; next < paths.size() && int64_t(indices.size()) < batchSize; ++next) {
      try {
        ImageF32 image = kerasResize(decodeImageFile(paths[next]), h, w);
        batch.insert(batch.end(), image.data.begin(), image.data.end());
        indices.push_back(next);
      } catch (const DecodeError &e) {
        run.skipped.push_back({paths[next], e.reason(), next});
      } catch (const std::exception &e) { // one file's trouble (memory, resize) is that file's, as in the loader
        run.skipped.push_back({paths[next], e.what(), next});
      }
    }
    if (indices.empty())
      break;
    std::vector<float> logits = model.predict(batch.data(), int64_t(indices.size()));
    ++run.steps;
    for (size_t i = 0; i < indices.size(); ++i)
      onResult(indices[i], logits.data() + i * perOutput);
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

} // namespace xcc::rt::cli
