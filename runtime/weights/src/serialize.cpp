//===- serialize.cpp - WeightFile <-> bytes for the isolated reader -------===//
//
// A private, same-binary wire format (parent and child are the same process
// image), so it needs no versioning; the reader still bounds-checks every
// length so a child that died mid-write cannot make the parent overrun.
//
//===----------------------------------------------------------------------===//
#include "isolate.h"

#include <cstring>

namespace xcc::weights::detail {

namespace {

struct Writer {
  std::vector<uint8_t> out;
  void raw(const void *p, size_t n) {
    const uint8_t *b = static_cast<const uint8_t *>(p);
    out.insert(out.end(), b, b + n);
  }
  void u64(uint64_t v) { raw(&v, sizeof v); }
  void str(const std::string &s) {
    u64(s.size());
    raw(s.data(), s.size());
  }
  void strs(const std::vector<std::string> &v) {
    u64(v.size());
    for (const std::string &s : v)
      str(s);
  }
  void shape(const std::vector<int64_t> &s) {
    u64(s.size());
    raw(s.data(), s.size() * sizeof(int64_t));
  }
};

struct Reader {
  const std::vector<uint8_t> &in;
  size_t pos;
  void raw(void *p, size_t n) {
    if (n > in.size() - pos)
      throw std::runtime_error("truncated");
    if (n)
      std::memcpy(p, in.data() + pos, n);
    pos += n;
  }
  uint64_t u64() {
    uint64_t v;
    raw(&v, sizeof v);
    return v;
  }
  // A count of items at least `itemBytes` each must fit in what is left.
  size_t count(size_t itemBytes) {
    uint64_t n = u64();
    if (itemBytes && n > (in.size() - pos) / itemBytes)
      throw std::runtime_error("bad count");
    return size_t(n);
  }
  std::string str() {
    std::string s(count(1), '\0');
    raw(s.data(), s.size());
    return s;
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(count(8));
    for (std::string &s : v)
      s = str();
    return v;
  }
  std::vector<int64_t> shape() {
    std::vector<int64_t> s(count(8));
    raw(s.data(), s.size() * 8);
    return s;
  }
};

} // namespace

std::vector<uint8_t> serializeWeightFile(const WeightFile &wf) {
  Writer w;
  w.str(wf.sourcePath);
  w.u64(uint64_t(wf.format));
  w.strs(wf.layerOrder);
  w.u64(wf.weights.size());
  for (const NamedWeight &nw : wf.weights) {
    w.str(nw.path);
    w.str(nw.layer);
    w.str(nw.weight);
    w.shape(nw.value.shape);
    w.u64(nw.value.data.size());
    w.raw(nw.value.data.data(), nw.value.data.size() * sizeof(float));
  }
  w.u64(wf.missing.size());
  for (const MissingWeight &m : wf.missing) {
    w.str(m.path);
    w.str(m.layer);
    w.str(m.weight);
    w.shape(m.shape);
    w.str(m.reason);
  }
  for (const auto *json : {&wf.modelConfigJson, &wf.trainingConfigJson}) {
    w.u64(json->has_value());
    if (*json)
      w.str(**json);
  }
  w.strs(wf.skipped);
  return std::move(w.out);
}

WeightFile deserializeWeightFile(const std::vector<uint8_t> &bytes, size_t offset) {
  if (offset > bytes.size())
    throw std::runtime_error("bad offset");
  Reader r{bytes, offset};
  WeightFile wf;
  wf.sourcePath = r.str();
  uint64_t format = r.u64();
  if (format > uint64_t(Format::Safetensors))
    throw std::runtime_error("bad format");
  wf.format = Format(format);
  wf.layerOrder = r.strs();
  wf.weights.resize(r.count(5 * 8));
  for (NamedWeight &nw : wf.weights) {
    nw.path = r.str();
    nw.layer = r.str();
    nw.weight = r.str();
    nw.value.shape = r.shape();
    nw.value.data.resize(r.count(sizeof(float)));
    r.raw(nw.value.data.data(), nw.value.data.size() * sizeof(float));
  }
  wf.missing.resize(r.count(5 * 8));
  for (MissingWeight &m : wf.missing) {
    m.path = r.str();
    m.layer = r.str();
    m.weight = r.str();
    m.shape = r.shape();
    m.reason = r.str();
  }
  for (auto *json : {&wf.modelConfigJson, &wf.trainingConfigJson})
    if (r.u64())
      *json = r.str();
  wf.skipped = r.strs();
  if (r.pos != bytes.size())
    throw std::runtime_error("trailing bytes");
  return wf;
}

} // namespace xcc::weights::detail
