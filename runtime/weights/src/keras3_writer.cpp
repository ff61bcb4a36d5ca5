//===- keras3_writer.cpp - Write a Keras 3 `.weights.h5` ------------------===//
//
// What h5py does for Keras's H5IOStore, spelled in the HDF5 C API: groups with
// default properties, `vars` attributes as h5py stores a Python str (scalar,
// variable-length, UTF-8), datasets as `group[key] = numpy_array` stores a
// float32 array (contiguous, no filters, little-endian IEEE).
//
//===----------------------------------------------------------------------===//
#include "xcc/weights/keras3_writer.h"

#include "common.h"
#include "hdf5_util.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

namespace xcc::weights {

using detail::H5Handle;
using detail::throwHdf5;

namespace {

struct Writer {
  const std::string &file;
  hid_t fileId;
  H5Handle lcpl; // creates missing intermediate groups ("layers/functional/layers")
  H5Handle dcpl; // datasets without timestamps, as h5py makes them: the same weights give the same bytes
  std::set<std::string> written;

  void claim(const std::string &path) {
    if (path.empty() || path.front() == '/' || path.back() == '/')
      throw WeightsError(file, "invalid HDF5 path '" + path + "'");
    if (!written.insert(path).second)
      throw WeightsError(file, "'" + path + "' is written twice");
  }

  void group(const Keras3Group &g) {
    claim(g.path);
    H5Handle group(H5Gcreate2(fileId, g.path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT));
    if (!group.valid())
      throwHdf5(file, "cannot create group '" + g.path + "'");
    if (!g.name.empty())
      stringAttribute(group.get(), g.path, "name", g.name);
  }

  void stringAttribute(hid_t obj, const std::string &where, const char *attr, const std::string &value) {
    H5Handle type(H5Tcopy(H5T_C_S1));
    H5Handle space(H5Screate(H5S_SCALAR));
    if (!type.valid() || !space.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
        H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0)
      throwHdf5(file, "cannot make a string type");
    H5Handle a(H5Acreate2(obj, attr, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const char *text = value.c_str();
    if (!a.valid() || H5Awrite(a.get(), type.get(), &text) < 0)
      throwHdf5(file, "cannot write attribute '" + std::string(attr) + "' of '" + where + "'");
  }

  void variable(const Keras3Variable &v) {
    claim(v.path);
    int64_t n = detail::checkedNumel(file, v.path, v.value.shape);
    if (n != int64_t(v.value.data.size()))
      throw WeightsError(file, "'" + v.path + "' has shape " + detail::shapeString(v.value.shape) + " (" +
                                   std::to_string(n) + " values) but " + std::to_string(v.value.data.size()) +
                                   " values were given");
    std::vector<hsize_t> dims(v.value.shape.begin(), v.value.shape.end());
    H5Handle space(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), dims.data(), nullptr));
    if (!space.valid())
      throwHdf5(file, "cannot make the dataspace of '" + v.path + "'");
    H5Handle ds(H5Dcreate2(fileId, v.path.c_str(), H5T_IEEE_F32LE, space.get(), lcpl.get(), dcpl.get(),
                           H5P_DEFAULT));
    if (!ds.valid())
      throwHdf5(file, "cannot create dataset '" + v.path + "'");
    if (n > 0 && H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.value.data.data()) < 0)
      throwHdf5(file, "cannot write '" + v.path + "'");
  }
};

} // namespace

namespace {

/// The whole HDF5 file, built in memory by libhdf5's core driver: libhdf5 never touches the disk, so a full disk
/// is the plain write's error below, not a half-closed HDF5 file that crashes libhdf5's cleanup at exit.
std::vector<char> keras3FileImage(const std::string &path, const Keras3Weights &weights) {
  detail::silenceHdf5Errors();
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), 1 << 20, /*backing_store=*/0) < 0)
    throwHdf5(path, "cannot set up an in-memory HDF5 file");
  hid_t fileId = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (fileId < 0)
    throwHdf5(path, "cannot create the HDF5 file");
  struct Close {
    hid_t id;
    ~Close() { H5Fclose(id); }
  } close{fileId};
  {
    Writer w{path, fileId, H5Handle(H5Pcreate(H5P_LINK_CREATE)), H5Handle(H5Pcreate(H5P_DATASET_CREATE)), {}};
    if (!w.lcpl.valid() || H5Pset_create_intermediate_group(w.lcpl.get(), 1) < 0 || !w.dcpl.valid() ||
        H5Pset_obj_track_times(w.dcpl.get(), 0) < 0)
      throwHdf5(path, "cannot make creation properties");
    // Keras fills each saveable's group right after creating it; so does this, so the file is laid out in save
    // order. Variables under no listed group come last.
    std::vector<bool> done(weights.variables.size());
    for (const Keras3Group &g : weights.groups) {
      w.group(g);
      std::string prefix = g.path + "/";
      for (size_t i = 0; i < weights.variables.size(); ++i)
        if (!done[i] && weights.variables[i].path.compare(0, prefix.size(), prefix) == 0) {
          w.variable(weights.variables[i]);
          done[i] = true;
        }
    }
    for (size_t i = 0; i < weights.variables.size(); ++i)
      if (!done[i])
        w.variable(weights.variables[i]);
  }
  if (H5Fflush(fileId, H5F_SCOPE_GLOBAL) < 0)
    throwHdf5(path, "cannot finish the HDF5 file");
  ssize_t size = H5Fget_file_image(fileId, nullptr, 0);
  std::vector<char> image(size > 0 ? size_t(size) : 0);
  if (size <= 0 || H5Fget_file_image(fileId, image.data(), image.size()) != size)
    throwHdf5(path, "cannot take the HDF5 file's bytes");
  return image;
}

} // namespace

void writeKeras3Weights(const std::string &path, const Keras3Weights &weights) {
  std::vector<char> image = keras3FileImage(path, weights);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out)
    out.write(image.data(), std::streamsize(image.size()));
  if (out)
    out.flush();
  if (!out)
    throw WeightsError(path, std::string("cannot write the file: ") + std::strerror(errno));
}

} // namespace xcc::weights
