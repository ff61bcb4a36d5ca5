//===- hdf5_util.h - Defensive wrappers over the HDF5 C API -----*- C++ -*-===//
//
// Only the HDF5 reader files include this. Every call that can fail is
// checked, and datasets are validated (layout, storage size, position in the
// file) before a single byte is read.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_WEIGHTS_HDF5_UTIL_H
#define XCC_WEIGHTS_HDF5_UTIL_H

#include "xcc/weights/weights.h"

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

namespace xcc::weights::detail {

// Owns one hid_t and closes it with the matching H5*close.
class H5Handle {
public:
  H5Handle() = default;
  explicit H5Handle(hid_t id) : id_(id) {}
  H5Handle(H5Handle &&o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  H5Handle &operator=(H5Handle &&o) noexcept;
  H5Handle(const H5Handle &) = delete;
  H5Handle &operator=(const H5Handle &) = delete;
  ~H5Handle();
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

private:
  hid_t id_ = H5I_INVALID_HID;
};

// Context for one open file: the name used in errors and the file's size
// (to check that contiguous data lies inside it).
struct H5Context {
  std::string file;
  hid_t fileId;
  uint64_t fileSize;
};

// Turns off libhdf5's printing of error stacks to stderr (process-wide).
void silenceHdf5Errors();
// The innermost message of the current HDF5 error stack, or "".
std::string hdf5ErrorText();
// WeightsError(file, what + ": " + HDF5's own reason).
[[noreturn]] void throwHdf5(const std::string &file, const std::string &what);

bool linkExists(hid_t loc, const std::string &path);
bool isGroup(hid_t loc, const std::string &path);
bool isDataset(hid_t loc, const std::string &path);
H5Handle openGroup(const H5Context &c, hid_t loc, const std::string &path);
// Where an object lives in its file: two paths reach the same object (hard links, possibly in a cycle) exactly
// when their identities are equal.
std::string objectIdentity(const H5Context &c, hid_t obj, const std::string &where);
// Child link names of a group, in creation order when the group tracks it,
// else in natural order (digit runs compared as numbers).
std::vector<std::string> childNames(const H5Context &c, hid_t group,
                                    const std::string &where);

// A string-list attribute as Keras writes it: fixed- or variable-length
// strings, scalar or 1-D; an empty array of any type is an empty list. Keras
// splits lists over 64 KB into name0, name1, ...: those are concatenated.
// nullopt when neither `name` nor `name0` exists.
std::optional<std::vector<std::string>>
readStringListAttr(const H5Context &c, hid_t obj, const std::string &objName,
                   const std::string &name);

// Reads dataset `path` (relative to `loc`) as float32 after validating it.
Tensor readFloatDataset(const H5Context &c, hid_t loc, const std::string &path,
                        const std::string &fullName);

} // namespace xcc::weights::detail

#endif
