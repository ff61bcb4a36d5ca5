//===- hdf5_file.cpp - Open an HDF5 weight file and pick its layout -------===//
#include "common.h"
#include "hdf5_layouts.h"
#include "isolate.h"
#include "readers.h"

#include <filesystem>
#include <sys/stat.h>

namespace xcc::weights::detail {

namespace {

// Opens the file (from disk, or from `image` with the in-memory "core"
// driver) and reads whichever Keras layout it holds. Runs libhdf5.
WeightFile parseHdf5(const std::string &reportedFile, const std::string &path,
                     const std::vector<uint8_t> *image) {
  silenceHdf5Errors();
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  uint64_t size = 0;
  if (image) {
    // No backing store: nothing is ever written back to disk.
    if (H5Pset_fapl_core(fapl.get(), 1 << 20, false) < 0 ||
        H5Pset_file_image(fapl.get(), const_cast<uint8_t *>(image->data()), image->size()) < 0)
      throwHdf5(reportedFile, "cannot prepare the in-memory HDF5 image");
    size = image->size();
  } else {
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
      throw WeightsError(reportedFile, "cannot stat the file");
    size = uint64_t(st.st_size);
  }
  H5Handle file(H5Fopen(image ? reportedFile.c_str() : path.c_str(), H5F_ACC_RDONLY,
                        fapl.get()));
  if (!file.valid())
    throwHdf5(reportedFile, "not a readable HDF5 file");
  H5Context c{reportedFile, file.get(), size};

  WeightFile wf;
  wf.sourcePath = reportedFile;
  H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
  if (!root.valid())
    throwHdf5(reportedFile, "cannot open the root group");
  bool legacy = isGroup(file.get(), "model_weights") ||
                H5Aexists(root.get(), "layer_names") > 0 ||
                H5Aexists(root.get(), "layer_names0") > 0;
  if (legacy)
    readLegacyLayout(c, wf);
  else if (isGroup(file.get(), "layers") || isGroup(file.get(), "vars"))
    readKeras3Layout(c, wf);
  else
    throw WeightsError(reportedFile, "HDF5 file holds no Keras weights (neither "
                                     "'layer_names' nor Keras 3 'layers'/'vars')");
  return wf;
}

} // namespace

WeightFile readHdf5(const std::string &reportedFile, const std::string &path,
                    const std::vector<uint8_t> *image, const LoadOptions &options) {
  auto work = [&] { return parseHdf5(reportedFile, path, image); };
  if (!options.isolateHdf5)
    return work();
  int timeout = options.hdf5TimeoutSeconds;
  if (timeout <= 0) {
    std::error_code ec;
    const uintmax_t bytes = image ? image->size() : std::filesystem::file_size(path, ec);
    timeout = 10 + int((ec ? 0 : bytes) / 10'000'000);
  }
  return runIsolated(reportedFile, "libhdf5", timeout, work);
}

} // namespace xcc::weights::detail
