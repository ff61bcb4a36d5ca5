#include "xcc/runtime/checkpoint.h"
#include "xcc/weights/nesting.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/error.h"

#include "xcc/weights/weights.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace xcc::rt {
namespace {

using nlohmann::json;
constexpr char kMagic[8] = {'X', 'C', 'C', 'C', 'K', 'P', 'T', '1'};

uint64_t fnv1a(const char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i)
    h = (h ^ uint8_t(p[i])) * 1099511628211ull;
  return h;
}

void appendU64(std::string &out, uint64_t v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); }

void appendFloats(std::string &out, const std::vector<float> &v) {
  out.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(float));
}

int64_t elements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string name(const Checkpoint::Tensor &t) { return t.layer + "/" + t.weight; }

/// Reads the byte stream back, bounds-checked, so a truncated or corrupt file is an error and not a crash.
class Reader {
public:
  Reader(const std::string &bytes, const std::string &path) : bytes_(bytes), path_(path) {}
  const char *take(size_t n) {
    if (n > bytes_.size() - pos_)
      fail("truncated (file ends early)");
    const char *p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint64_t u64() {
    uint64_t v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  std::vector<float> floats(int64_t n) {
    if (n < 0 || uint64_t(n) > (bytes_.size() - pos_) / sizeof(float))
      fail("truncated (tensor data ends early)");
    std::vector<float> v(static_cast<size_t>(n));
    std::memcpy(v.data(), take(size_t(n) * sizeof(float)), size_t(n) * sizeof(float));
    return v;
  }
  size_t position() const { return pos_; }
  [[noreturn]] void fail(const std::string &reason) const {
    throw RuntimeError("cannot read checkpoint '" + path_ + "': " + reason);
  }

private:
  const std::string &bytes_;
  const std::string &path_;
  size_t pos_ = 0;
};

json header(const Checkpoint &c) {
  json params = json::array();
  for (const Checkpoint::Tensor &t : c.parameters)
    params.push_back({{"layer", t.layer}, {"weight", t.weight}, {"shape", t.shape}});
  json frozen = json::array();
  for (const FrozenSource &f : c.frozenSources)
    frozen.push_back({{"layer", f.layer}, {"weight", f.weight}, {"hash", f.hash}});
  return {{"format", "xcc-checkpoint-1"}, {"model", c.model},           {"phase", c.phase},
          {"frozen_sources", frozen},
          {"frozen_hash", c.frozenHash},  {"parameters", params},       {"slots", c.slotNames},
          {"iterations", c.iterations},   {"epochs_done", c.epochsDone}, {"fit_state", json::parse(c.fitState)},
          {"accumulated_gradients", !c.accumulated.empty()}};
}

Checkpoint fromHeader(const json &h) {
  if (h.at("format") != "xcc-checkpoint-1")
    throw RuntimeError("unknown format " + h.at("format").dump());
  Checkpoint c;
  c.model = h.at("model").get<std::string>();
  c.phase = h.at("phase").get<std::string>();
  c.frozenHash = h.at("frozen_hash").get<std::string>();
  for (const json &p : h.at("parameters"))
    c.parameters.push_back({p.at("layer").get<std::string>(), p.at("weight").get<std::string>(),
                            p.at("shape").get<std::vector<int64_t>>(), {}});
  c.slotNames = h.at("slots").get<std::vector<std::string>>();
  for (const json &f : h.value("frozen_sources", json::array()))
    c.frozenSources.push_back(
        {f.at("layer").get<std::string>(), f.at("weight").get<std::string>(), f.at("hash").get<std::string>()});
  c.iterations = h.at("iterations").get<int64_t>();
  c.epochsDone = h.at("epochs_done").get<int>();
  c.fitState = h.at("fit_state").dump();
  if (h.value("accumulated_gradients", false)) // marks P more tensors after the slots
    c.accumulated.resize(c.parameters.size());
  return c;
}

/// The same artifact means the same model, phase, trainable parameters (names and shapes, in order) and
/// frozen weights; returns what differs, or "".
std::string artifactDifference(const Model &model, const Checkpoint &c) {
  const Manifest &m = model.manifest();
  if (c.model != m.model)
    return "it is for model '" + c.model + "', this artifact is model '" + m.model + "'";
  if (c.phase != m.phase)
    return "it was written by phase '" + c.phase + "', this artifact is phase '" + m.phase +
           "' (to start a new phase from it, use it as the initial checkpoint instead of resuming)";
  if (c.parameters.size() != m.parameters.size())
    return "its trainable parameters differ (" + std::to_string(c.parameters.size()) + " vs " +
           std::to_string(m.parameters.size()) + " in this artifact)";
  for (size_t i = 0; i < c.parameters.size(); ++i) {
    const ParameterSpec &p = m.parameters[i];
    if (c.parameters[i].layer != p.layer || c.parameters[i].weight != p.weight || c.parameters[i].shape != p.shape)
      return "its trainable parameter " + std::to_string(i) + " is '" + name(c.parameters[i]) +
             "', this artifact's is '" + p.layer + "/" + p.weight + "' (or the shapes differ)";
  }
  if (c.frozenHash != m.frozenHash)
    return "its frozen weights differ (hash " + c.frozenHash + ", this artifact " + m.frozenHash +
           "): the artifact was compiled with other weights";
  if (c.slotNames != m.train.slots)
    return "its optimizer state does not fit this artifact's optimizer";
  return "";
}

/// The new artifact baked the values of its frozen variables; the checkpoint must agree with them, or training
/// would go on from weights the artifact does not have. Returns what disagrees, or "".
std::string bakedDifference(const Manifest &m, const Checkpoint &c) {
  for (const FrozenSource &f : m.frozenSources) {
    for (const Checkpoint::Tensor &t : c.parameters)
      if (t.layer == f.layer && t.weight == f.weight && weights::valuesHash(t.values) != f.hash)
        return "this artifact bakes '" + name(t) + "' as a constant, but the checkpoint trained it (its values " +
               "differ from the baked ones); compile this phase with that variable trainable, or with weights " +
               "exported from the checkpoint";
    for (const FrozenSource &g : c.frozenSources)
      if (g.layer == f.layer && g.weight == f.weight && g.hash != f.hash)
        return "'" + f.layer + "/" + f.weight + "' was baked from other values there than in this artifact: the " +
               "two phases were compiled with different weights files";
  }
  return "";
}

} // namespace

Checkpoint captureCheckpoint(const Model &model, int epochsDone, const std::string &fitState) {
  const Manifest &m = model.manifest();
  Checkpoint c;
  c.model = m.model;
  c.phase = m.phase;
  c.frozenHash = m.frozenHash;
  c.frozenSources = m.frozenSources;
  for (size_t i = 0; i < m.parameters.size(); ++i)
    c.parameters.push_back({m.parameters[i].layer, m.parameters[i].weight, m.parameters[i].shape, model.parameter(i)});
  c.slotNames = m.train.slots;
  c.slots.resize(model.numSlots());
  for (size_t k = 0; k < model.numSlots(); ++k)
    for (size_t i = 0; i < m.parameters.size(); ++i)
      c.slots[k].push_back(model.slot(k, i));
  c.accumulated = model.accumulatedGradients();
  c.iterations = model.iterations();
  c.epochsDone = epochsDone;
  c.fitState = fitState;
  return c;
}

void writeCheckpoint(const std::string &path, const Checkpoint &c) {
  std::string bytes(kMagic, sizeof kMagic);
  std::string text = header(c).dump();
  appendU64(bytes, text.size());
  bytes += text;
  for (const Checkpoint::Tensor &t : c.parameters)
    appendFloats(bytes, t.values);
  for (const auto &perParam : c.slots)
    for (const std::vector<float> &v : perParam)
      appendFloats(bytes, v);
  for (const std::vector<float> &v : c.accumulated)
    appendFloats(bytes, v);
  appendU64(bytes, fnv1a(bytes.data(), bytes.size()));
  writeFileAtomically(path, bytes);
}

Checkpoint readCheckpoint(const std::string &path) { return parseCheckpoint(readFile(path), path); }

Checkpoint parseCheckpoint(const std::string &bytes, const std::string &path) {
  Reader r(bytes, path);
  if (std::memcmp(r.take(sizeof kMagic), kMagic, sizeof kMagic) != 0)
    r.fail("not an xcc checkpoint (no XCCCKPT1 signature)");
  if (bytes.size() < sizeof kMagic + 16)
    r.fail("truncated");
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (stored != fnv1a(bytes.data(), bytes.size() - 8))
    r.fail("checksum mismatch: the file is truncated or corrupt");
  uint64_t length = r.u64();
  if (length > bytes.size())
    r.fail("truncated (header)");
  Checkpoint c;
  try {
    std::string header(r.take(length), length);
    if (auto why = weights::tooDeeplyNested(header))
      throw std::runtime_error("it is " + *why);
    c = fromHeader(json::parse(header));
  } catch (const std::exception &e) {
    r.fail(std::string("malformed header: ") + e.what());
  }
  for (Checkpoint::Tensor &t : c.parameters)
    t.values = r.floats(elements(t.shape));
  c.slots.resize(c.slotNames.size());
  for (auto &perParam : c.slots)
    for (const Checkpoint::Tensor &t : c.parameters)
      perParam.push_back(r.floats(elements(t.shape)));
  for (size_t i = 0; i < c.accumulated.size(); ++i)
    c.accumulated[i] = r.floats(elements(c.parameters[i].shape));
  if (r.position() != bytes.size() - 8)
    r.fail("unexpected bytes after the tensors");
  return c;
}

void restoreCheckpoint(Model &model, const Checkpoint &c, const std::string &path) {
  if (std::string why = artifactDifference(model, c); !why.empty())
    throw RuntimeError("cannot resume from checkpoint '" + path + "': " + why);
  for (size_t i = 0; i < c.parameters.size(); ++i)
    model.setParameter(i, c.parameters[i].values);
  for (size_t k = 0; k < c.slots.size(); ++k)
    for (size_t i = 0; i < c.parameters.size(); ++i)
      model.setSlot(k, i, c.slots[k][i]);
  model.setAccumulatedGradients(c.accumulated);
  model.setIterations(c.iterations);
}

size_t startFromCheckpoint(Model &model, const Checkpoint &c, const std::string &path) {
  const Manifest &m = model.manifest();
  auto fail = [&](const std::string &why) {
    throw RuntimeError("cannot start phase '" + m.phase + "' from checkpoint '" + path + "': " + why);
  };
  if (c.model != m.model)
    fail("it is for model '" + c.model + "', this artifact is model '" + m.model + "'");
  size_t copied = 0;
  for (size_t i = 0; i < m.parameters.size(); ++i) {
    const ParameterSpec &p = m.parameters[i];
    for (const Checkpoint::Tensor &t : c.parameters) {
      if (t.layer != p.layer || t.weight != p.weight)
        continue;
      if (t.shape != p.shape)
        fail("parameter '" + name(t) + "' has another shape there");
      model.setParameter(i, t.values);
      ++copied;
    }
  }
  if (copied == 0)
    fail("it shares no trainable parameter with this artifact");
  if (std::string why = bakedDifference(m, c); !why.empty())
    fail(why);
  model.resetOptimizer();
  return copied;
}

} // namespace xcc::rt
