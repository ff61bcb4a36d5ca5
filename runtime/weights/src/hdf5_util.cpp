//===- hdf5_util.cpp - Defensive wrappers over the HDF5 C API -------------===//
#include "hdf5_util.h"

#include "common.h"

#include <stdexcept>
#include <algorithm>
#include <cctype>
#include <cstring>

namespace xcc::weights::detail {

H5Handle &H5Handle::operator=(H5Handle &&o) noexcept {
  if (this != &o) {
    H5Handle tmp(std::move(*this));
    id_ = o.id_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

H5Handle::~H5Handle() {
  if (id_ < 0)
    return;
  // One handle type for every kind of object: close by what it is.
  switch (H5Iget_type(id_)) {
  case H5I_FILE:
    H5Fclose(id_);
    break;
  case H5I_GROUP:
    H5Gclose(id_);
    break;
  case H5I_DATASET:
    H5Dclose(id_);
    break;
  case H5I_DATATYPE:
    H5Tclose(id_);
    break;
  case H5I_DATASPACE:
    H5Sclose(id_);
    break;
  case H5I_ATTR:
    H5Aclose(id_);
    break;
  case H5I_GENPROP_LST:
    H5Pclose(id_);
    break;
  default:
    H5Oclose(id_);
    break;
  }
}

void silenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string hdf5ErrorText() {
  std::string innermost;
  auto walk = [](unsigned, const H5E_error2_t *err, void *data) -> herr_t {
    if (err && err->desc)
      *static_cast<std::string *>(data) = err->desc;
    return 0;
  };
  // Downward: from the API call to the deepest frame, whose text is the most
  // specific ("truncated file: eof = ...").
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, &innermost);
  H5Eclear2(H5E_DEFAULT);
  return innermost;
}

void throwHdf5(const std::string &file, const std::string &what) {
  std::string why = hdf5ErrorText();
  throw WeightsError(file, why.empty() ? what : what + " (libhdf5: " + why + ")");
}

bool linkExists(hid_t loc, const std::string &path) {
  // H5Lexists needs every intermediate component to exist: walk them.
  size_t pos = 0;
  while (true) {
    size_t slash = path.find('/', pos);
    std::string prefix = path.substr(0, slash);
    if (prefix.empty() || H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0)
      return false;
    // An external link would pull values from another file into the model, which the weights' hashes and the
    // user never see; refused as external raw storage is.
    H5L_info_t info{};
    if (H5Lget_info(loc, prefix.c_str(), &info, H5P_DEFAULT) >= 0 && info.type == H5L_TYPE_EXTERNAL)
      throw std::runtime_error("HDF5 link '" + prefix + "' is an external link into another file; refused");
    if (slash == std::string::npos)
      return true;
    pos = slash + 1;
  }
}

static H5I_type_t objectType(hid_t loc, const std::string &path) {
  if (!linkExists(loc, path))
    return H5I_BADID;
  H5Handle obj(H5Oopen(loc, path.c_str(), H5P_DEFAULT));
  if (!obj.valid()) {
    H5Eclear2(H5E_DEFAULT);
    return H5I_BADID;
  }
  return H5Iget_type(obj.get());
}

bool isGroup(hid_t loc, const std::string &path) {
  return objectType(loc, path) == H5I_GROUP;
}
bool isDataset(hid_t loc, const std::string &path) {
  return objectType(loc, path) == H5I_DATASET;
}

H5Handle openGroup(const H5Context &c, hid_t loc, const std::string &path) {
  if (path != "/" && !isGroup(loc, path))
    throw WeightsError(c.file, "HDF5 group '" + path + "' is missing");
  H5Handle g(H5Gopen2(loc, path.c_str(), H5P_DEFAULT));
  if (!g.valid())
    throwHdf5(c.file, "cannot open HDF5 group '" + path + "'");
  return g;
}

std::string objectIdentity(const H5Context &c, hid_t obj, const std::string &where) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  if (H5Oget_info3(obj, &info, H5O_INFO_BASIC) < 0)
    throwHdf5(c.file, "cannot read the object header of '" + where + "'");
  return std::string(reinterpret_cast<const char *>(&info.token), sizeof info.token);
#else
  H5O_info_t info;
  if (H5Oget_info2(obj, &info, H5O_INFO_BASIC) < 0)
    throwHdf5(c.file, "cannot read the object header of '" + where + "'");
  return std::to_string(info.addr);
#endif
}

// "vars/10" after "vars/9": compare digit runs by value.
static bool naturalLess(const std::string &a, const std::string &b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit((unsigned char)a[i]) && std::isdigit((unsigned char)b[j])) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit((unsigned char)a[i2]))
        ++i2;
      while (j2 < b.size() && std::isdigit((unsigned char)b[j2]))
        ++j2;
      std::string da = a.substr(i, i2 - i), db = b.substr(j, j2 - j);
      da.erase(0, std::min(da.find_first_not_of('0'), da.size()));
      db.erase(0, std::min(db.find_first_not_of('0'), db.size()));
      if (da.size() != db.size())
        return da.size() < db.size();
      if (da != db)
        return da < db;
      i = i2;
      j = j2;
    } else {
      if (a[i] != b[j])
        return (unsigned char)a[i] < (unsigned char)b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::vector<std::string> childNames(const H5Context &c, hid_t group,
                                    const std::string &where) {
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0)
    throwHdf5(c.file, "cannot list HDF5 group '" + where + "'");
  H5_index_t index = H5_INDEX_NAME;
  {
    H5Handle cpl(H5Gget_create_plist(group));
    unsigned flags = 0;
    if (cpl.valid() && H5Pget_link_creation_order(cpl.get(), &flags) >= 0 &&
        (flags & H5P_CRT_ORDER_INDEXED))
      index = H5_INDEX_CRT_ORDER;
    H5Eclear2(H5E_DEFAULT);
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t len = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0,
                                     H5P_DEFAULT);
    if (len < 0)
      throwHdf5(c.file, "cannot list HDF5 group '" + where + "'");
    std::string name(size_t(len) + 1, '\0');
    if (H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(),
                           name.size(), H5P_DEFAULT) < 0)
      throwHdf5(c.file, "cannot list HDF5 group '" + where + "'");
    name.resize(size_t(len));
    names.push_back(std::move(name));
  }
  if (index == H5_INDEX_NAME)
    std::stable_sort(names.begin(), names.end(), naturalLess);
  return names;
}

// One attribute as a list of strings (see readStringListAttr).
static std::vector<std::string> readOneStringAttr(const H5Context &c, hid_t obj,
                                                  const std::string &where) {
  H5Handle type(H5Aget_type(obj)), space(H5Aget_space(obj));
  if (!type.valid() || !space.valid())
    throwHdf5(c.file, "cannot inspect attribute " + where);
  H5S_class_t sclass = H5Sget_simple_extent_type(space.get());
  hssize_t n = sclass == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space.get());
  if (n < 0)
    throwHdf5(c.file, "cannot inspect attribute " + where);
  if (n == 0) // Keras writes an empty list as an empty float array.
    return {};
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw WeightsError(c.file, "attribute " + where + " is not a list of strings");
  if (n > (1 << 24))
    throw WeightsError(c.file, "attribute " + where + " has implausibly many entries");

  std::vector<std::string> out;
  htri_t isVariable = H5Tis_variable_str(type.get());
  if (isVariable < 0)
    throwHdf5(c.file, "cannot inspect attribute " + where);
  if (isVariable) {
    H5Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    // libhdf5 allocates each string; a read that fails halfway has allocated some of them, so every exit frees.
    struct Strings {
      std::vector<char *> ptrs;
      ~Strings() {
        for (char *p : ptrs)
          H5free_memory(p);
      }
    } strings{std::vector<char *>(static_cast<size_t>(n), nullptr)};
    if (H5Aread(obj, mem.get(), strings.ptrs.data()) < 0)
      throwHdf5(c.file, "cannot read attribute " + where);
    for (char *p : strings.ptrs)
      out.emplace_back(p ? p : "");
    return out;
  }
  size_t width = H5Tget_size(type.get());
  if (width == 0 || width > (1u << 24))
    throw WeightsError(c.file, "attribute " + where + " has a bad string width");
  hsize_t stored = H5Aget_storage_size(obj);
  if (stored != hsize_t(n) * width)
    throw WeightsError(c.file, "attribute " + where + " stores " + std::to_string(stored) +
                                   " bytes, expected " + std::to_string(n * width));
  std::vector<char> buf(size_t(n) * width);
  if (H5Aread(obj, type.get(), buf.data()) < 0)
    throwHdf5(c.file, "cannot read attribute " + where);
  bool spacePadded = H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD;
  for (hssize_t i = 0; i < n; ++i) {
    const char *p = buf.data() + size_t(i) * width;
    size_t len = strnlen(p, width);
    if (spacePadded)
      while (len && p[len - 1] == ' ')
        --len;
    out.emplace_back(p, len);
  }
  return out;
}

std::optional<std::vector<std::string>>
readStringListAttr(const H5Context &c, hid_t obj, const std::string &objName,
                   const std::string &name) {
  auto readNamed = [&](const std::string &attr) {
    H5Handle a(H5Aopen(obj, attr.c_str(), H5P_DEFAULT));
    if (!a.valid())
      throwHdf5(c.file, "cannot open attribute '" + attr + "' of '" + objName + "'");
    return readOneStringAttr(c, a.get(), "'" + attr + "' of '" + objName + "'");
  };
  if (H5Aexists(obj, name.c_str()) > 0)
    return readNamed(name);
  std::vector<std::string> all;
  int chunk = 0;
  for (;; ++chunk) {
    std::string part = name + std::to_string(chunk);
    if (H5Aexists(obj, part.c_str()) <= 0)
      break;
    std::vector<std::string> got = readNamed(part);
    all.insert(all.end(), got.begin(), got.end());
  }
  H5Eclear2(H5E_DEFAULT);
  if (chunk == 0)
    return std::nullopt;
  return all;
}

namespace {

struct FloatLayout {
  DType dtype;
  bool bigEndian;
};

// Recognises the IEEE layouts we decode ourselves; HDF5 only hands us bytes.
FloatLayout classifyType(const H5Context &c, hid_t ds, hid_t type,
                         const std::string &name) {
  H5T_class_t cls = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  if (cls == H5T_INTEGER) {
    bool isSigned = H5Tget_sign(type) == H5T_SGN_2;
    throw WeightsError(c.file, "weight '" + name + "' has integer dtype " +
                                   (isSigned ? "int" : "uint") + std::to_string(size * 8) +
                                   "; only floating-point weights are supported");
  }
  if (cls == H5T_OPAQUE && size == 2) {
    // Keras 3 stores bfloat16 as 2-byte opaque data tagged dtype="bfloat16".
    H5Eclear2(H5E_DEFAULT);
    if (H5Aexists(ds, "dtype") > 0) {
      H5Handle a(H5Aopen(ds, "dtype", H5P_DEFAULT));
      std::vector<std::string> tag = readOneStringAttr(c, a.get(), "'dtype' of '" + name + "'");
      if (tag.size() == 1 && tag[0] == "bfloat16")
        return {DType::BF16, false};
    }
  }
  if (cls != H5T_FLOAT)
    throw WeightsError(c.file, "weight '" + name + "' has unsupported HDF5 type class " +
                                   std::to_string(int(cls)) + " (size " +
                                   std::to_string(size) + ")");
  size_t spos, epos, esize, mpos, msize;
  if (H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) < 0)
    throwHdf5(c.file, "cannot inspect the float type of '" + name + "'");
  size_t bias = H5Tget_ebias(type);
  H5T_order_t order = H5Tget_order(type);
  struct Known {
    DType t;
    size_t size, spos, epos, esize, mpos, msize, bias;
  };
  static const Known known[] = {{DType::F16, 2, 15, 10, 5, 0, 10, 15},
                                {DType::BF16, 2, 15, 7, 8, 0, 7, 127},
                                {DType::F32, 4, 31, 23, 8, 0, 23, 127},
                                {DType::F64, 8, 63, 52, 11, 0, 52, 1023}};
  for (const Known &k : known)
    if (size == k.size && spos == k.spos && epos == k.epos && esize == k.esize &&
        mpos == k.mpos && msize == k.msize && bias == k.bias &&
        (order == H5T_ORDER_LE || order == H5T_ORDER_BE))
      return {k.t, order == H5T_ORDER_BE};
  throw WeightsError(c.file, "weight '" + name + "' has an unsupported " +
                                 std::to_string(size * 8) + "-bit float layout");
}

// Storage checks before reading: a truncated or half-written file must fail
// here with a clear reason instead of yielding fill values or garbage.
void checkStorage(const H5Context &c, hid_t ds, hid_t space, size_t elemSize,
                  int64_t numel, const std::string &name) {
  H5Handle dcpl(H5Dget_create_plist(ds));
  if (!dcpl.valid())
    throwHdf5(c.file, "cannot inspect dataset '" + name + "'");
  if (H5Pget_external_count(dcpl.get()) != 0)
    throw WeightsError(c.file, "weight '" + name +
                                   "' keeps its data in an external file; not supported");
  const uint64_t expected = uint64_t(numel) * elemSize;
  const hsize_t stored = H5Dget_storage_size(ds);
  auto beyondEof = [&](haddr_t addr, uint64_t bytes) {
    return addr == HADDR_UNDEF || addr > c.fileSize || bytes > c.fileSize - addr;
  };
  switch (H5Pget_layout(dcpl.get())) {
  case H5D_COMPACT:
    if (stored != expected)
      throw WeightsError(c.file, "weight '" + name + "' stores " + std::to_string(stored) +
                                     " bytes, its shape needs " + std::to_string(expected));
    return;
  case H5D_CONTIGUOUS: {
    if (expected == 0)
      return;
    if (stored != expected)
      throw WeightsError(c.file, "weight '" + name + "' stores " + std::to_string(stored) +
                                     " bytes, its shape needs " + std::to_string(expected) +
                                     (stored == 0 ? " (data never written)" : ""));
    if (beyondEof(H5Dget_offset(ds), expected))
      throw WeightsError(c.file, "data of weight '" + name +
                                     "' lies beyond the end of the file (truncated?)");
    return;
  }
  case H5D_CHUNKED: {
    int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(size_t(std::max(rank, 1))), chunk(dims.size());
    if (rank <= 0 || H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0 ||
        H5Pget_chunk(dcpl.get(), rank, chunk.data()) != rank)
      throwHdf5(c.file, "cannot inspect the chunks of '" + name + "'");
    uint64_t want = 1;
    for (int i = 0; i < rank; ++i) {
      if (chunk[i] == 0)
        throw WeightsError(c.file, "weight '" + name + "' has a zero chunk size");
      want *= (dims[i] + chunk[i] - 1) / chunk[i];
    }
    hsize_t have = 0;
    if (H5Dget_num_chunks(ds, space, &have) < 0)
      throwHdf5(c.file, "cannot count the chunks of '" + name + "'");
    if (have != want)
      throw WeightsError(c.file, "weight '" + name + "' has " + std::to_string(have) +
                                     " of " + std::to_string(want) + " chunks written");
    uint64_t storedTotal = 0;
    for (hsize_t i = 0; i < have; ++i) {
      haddr_t addr;
      hsize_t size;
      unsigned mask;
      if (H5Dget_chunk_info(ds, space, i, nullptr, &mask, &addr, &size) < 0)
        throwHdf5(c.file, "cannot locate a chunk of '" + name + "'");
      if (beyondEof(addr, size))
        throw WeightsError(c.file, "a chunk of weight '" + name +
                                       "' lies beyond the end of the file (truncated?)");
      storedTotal += size;
    }
    // Compressed weights shrink little (gzip takes float32 values to 70-95 %); a dataset that would grow more
    // than kMaxExpansion times is a decompression bomb (1 MB of compressed zeros declaring gigabytes).
    constexpr uint64_t kMaxExpansion = 64;
    if (expected > kMaxExpansion * storedTotal + (1u << 20))
      throw WeightsError(c.file, "weight '" + name + "' declares " + std::to_string(expected) + " bytes from " +
                                     std::to_string(storedTotal) + " stored, more than " +
                                     std::to_string(kMaxExpansion) + " times: refused as a decompression bomb");
    int nfilters = H5Pget_nfilters(dcpl.get());
    for (int i = 0; i < nfilters; ++i) {
      unsigned flags;
      size_t nelmts = 0;
      char fname[64];
      H5Z_filter_t f = H5Pget_filter2(dcpl.get(), unsigned(i), &flags, &nelmts, nullptr,
                                      sizeof fname, fname, nullptr);
      if (f < 0 || H5Zfilter_avail(f) <= 0)
        throw WeightsError(c.file, "weight '" + name + "' needs HDF5 filter " +
                                       std::to_string(int(f)) + " which is not available");
    }
    return;
  }
  default:
    throw WeightsError(c.file, "weight '" + name + "' uses an unsupported storage layout");
  }
}

} // namespace

Tensor readFloatDataset(const H5Context &c, hid_t loc, const std::string &path,
                        const std::string &fullName) {
  if (!isDataset(loc, path))
    throw WeightsError(c.file, "weight '" + fullName + "' is missing (no such dataset)");
  H5Handle ds(H5Dopen2(loc, path.c_str(), H5P_DEFAULT));
  if (!ds.valid())
    throwHdf5(c.file, "cannot open weight '" + fullName + "'");
  H5Handle space(H5Dget_space(ds.get())), type(H5Dget_type(ds.get()));
  if (!space.valid() || !type.valid())
    throwHdf5(c.file, "cannot inspect weight '" + fullName + "'");

  Tensor t;
  H5S_class_t sclass = H5Sget_simple_extent_type(space.get());
  if (sclass == H5S_SIMPLE) {
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0 || rank > 32)
      throw WeightsError(c.file, "weight '" + fullName + "' has a bad rank");
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
      throwHdf5(c.file, "cannot read the shape of '" + fullName + "'");
    for (hsize_t d : dims) {
      if (d > hsize_t(INT64_MAX))
        throw WeightsError(c.file, "weight '" + fullName + "' has an absurd dimension");
      t.shape.push_back(int64_t(d));
    }
  } else if (sclass != H5S_SCALAR) {
    throw WeightsError(c.file, "weight '" + fullName + "' has no data (null dataspace)");
  }
  const int64_t numel = checkedNumel(c.file, fullName, t.shape);
  FloatLayout layout = classifyType(c, ds.get(), type.get(), fullName);
  const size_t elemSize = dtypeSize(layout.dtype);
  checkStorage(c, ds.get(), space.get(), elemSize, numel, fullName);

  std::vector<uint8_t> raw(size_t(numel) * elemSize);
  // Memory type = file type: libhdf5 copies bytes, our decoder converts.
  if (numel > 0 &&
      H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
    throwHdf5(c.file, "cannot read weight '" + fullName + "'");
  t.data = decodeFloats(layout.dtype, raw.data(), size_t(numel), layout.bigEndian);
  checkFinite(c.file, fullName, t.data);
  return t;
}

} // namespace xcc::weights::detail
