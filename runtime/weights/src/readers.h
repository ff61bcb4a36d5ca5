//===- readers.h - One reader per weight-file format ------------*- C++ -*-===//
#ifndef XCC_WEIGHTS_READERS_H
#define XCC_WEIGHTS_READERS_H

#include "xcc/weights/weights.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc::weights::detail {

// HDF5 (legacy Keras or Keras 3, decided by the file's layout). `image`, when
// given, is the file's bytes (a .keras member); `reportedFile` names the file
// in errors. Runs libhdf5 in a child process when options.isolateHdf5.
WeightFile readHdf5(const std::string &reportedFile, const std::string &path,
                    const std::vector<uint8_t> *image, const LoadOptions &options);

WeightFile readKerasZip(const std::string &path, const LoadOptions &options);
WeightFile readTfjs(const std::string &modelJsonPath, const LoadOptions &options);
WeightFile readSafetensors(const std::string &path);

} // namespace xcc::weights::detail

#endif
