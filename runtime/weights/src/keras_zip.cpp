//===- keras_zip.cpp - Keras 3 `.keras` archives ---------------------------===//
//
// A .keras file is a zip of config.json, metadata.json and model.weights.h5.
// The h5 member is read into memory (libzip checks its CRC) and parsed from
// there, so no temporary file is ever written.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "readers.h"

#include <nlohmann/json.hpp>
#include <zip.h>

#include <memory>

namespace xcc::weights::detail {

namespace {

struct ZipCloser {
  void operator()(zip_t *z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// Member bytes, or nullopt when the archive has no such member.
std::optional<std::vector<uint8_t>> readMember(const std::string &file, zip_t *z,
                                               const std::string &name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0)
    return std::nullopt;
  if (!(st.valid & ZIP_STAT_SIZE))
    throw WeightsError(file, "zip member '" + name + "' has no recorded size");
  // .keras weights are at most a few GB; refuse absurd sizes before allocating.
  if (st.size > (uint64_t(1) << 36))
    throw WeightsError(file, "zip member '" + name + "' is implausibly large");
  zip_file_t *zf = zip_fopen(z, name.c_str(), 0);
  if (!zf)
    throw WeightsError(file, "cannot open zip member '" + name + "': " + zip_strerror(z));
  std::vector<uint8_t> bytes(static_cast<size_t>(st.size));
  zip_int64_t got = 0;
  while (uint64_t(got) < st.size) {
    zip_int64_t n = zip_fread(zf, bytes.data() + got, st.size - uint64_t(got));
    if (n <= 0) {
      std::string why = n < 0 ? zip_file_strerror(zf) : "unexpected end of data";
      zip_fclose(zf);
      throw WeightsError(file, "cannot read zip member '" + name + "': " + why);
    }
    got += n;
  }
  // One more read reaches EOF, where libzip verifies the CRC.
  uint8_t extra;
  zip_int64_t tail = zip_fread(zf, &extra, 1);
  std::string why = tail < 0 ? zip_file_strerror(zf) : "";
  zip_fclose(zf);
  if (tail != 0)
    throw WeightsError(file, "zip member '" + name + "' is corrupt" +
                                 (why.empty() ? std::string() : ": " + why));
  return bytes;
}

} // namespace

WeightFile readKerasZip(const std::string &path, const LoadOptions &options) {
  int err = 0;
  ZipPtr z(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw WeightsError(path, "not a readable zip archive (" + why + ")");
  }
  auto weights = readMember(path, z.get(), "model.weights.h5");
  bool npz = !weights && zip_name_locate(z.get(), "model.weights.npz", 0) >= 0;
  if (npz)
    throw WeightsError(path, "holds model.weights.npz; only the h5 weights format is supported");
  if (!weights && !options.allowNoWeightsFile)
    throw WeightsError(path, ".keras archive has no model.weights.h5");
  auto config = readMember(path, z.get(), "config.json");
  std::optional<std::string> configJson;
  if (config) {
    configJson.emplace(config->begin(), config->end());
    if (!nlohmann::json::accept(*configJson))
      throw WeightsError(path, "config.json in the archive is not valid JSON");
  }
  z.reset();
  if (!weights) {
    WeightFile graphOnly;
    graphOnly.format = Format::KerasZip;
    graphOnly.sourcePath = path;
    graphOnly.modelConfigJson = std::move(configJson);
    graphOnly.noWeightsFile = true;
    return graphOnly;
  }

  // Errors inside the member name both: "model.keras[model.weights.h5]".
  WeightFile wf = readHdf5(path + "[model.weights.h5]", path, &*weights, options);
  if (wf.format != Format::Keras3WeightsH5)
    throw WeightsError(path, "model.weights.h5 does not have the Keras 3 layout");
  wf.format = Format::KerasZip;
  wf.sourcePath = path;
  wf.modelConfigJson = std::move(configJson);
  return wf;
}

} // namespace xcc::weights::detail
