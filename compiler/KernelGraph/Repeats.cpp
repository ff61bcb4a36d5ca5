#include "KernelGraph/Repeats.h"

#include <sstream>
#include <string>
#include <unordered_map>

namespace xcc::kg {
namespace {

// sameStructure compares every field of Node but the names, the initializer and a constant's values. A field
// added to Node changes its size: then decide here whether two nodes that differ in it may share code.
static_assert(sizeof(Node) == 416, "kg::Node changed: update sameStructure and this size");

bool sameStructure(const Node &a, const Node &b) {
  return a.kind == b.kind && a.shape == b.shape && a.operands.size() == b.operands.size() &&
         a.strides == b.strides && a.dilation == b.dilation && a.poolSize == b.poolSize && a.padding == b.padding &&
         a.samePadding == b.samePadding && a.activation == b.activation && a.scale == b.scale &&
         a.offset == b.offset && a.epsilon == b.epsilon && a.rate == b.rate && a.axis == b.axis &&
         a.keepdims == b.keepdims && a.training == b.training && a.hasBias == b.hasBias &&
         a.hasGamma == b.hasGamma && a.hasBeta == b.hasBeta && a.seed == b.seed && a.fused == b.fused &&
         a.loss == b.loss && a.fromLogits == b.fromLogits && a.wrtIndex == b.wrtIndex;
}

/// What findRepeats compares: a node's structure, and per operand its distance back when it is in the same half
/// (so a skip connection must skip equally far), else its kind and shape.
std::string token(const Graph &g, int i, const std::vector<bool> &inHalf) {
  const Node &n = g.nodes[size_t(i)];
  std::ostringstream s;
  s << int(n.kind) << '|' << int(n.activation) << '|' << n.training << n.fused << n.samePadding << '|'
    << n.strides[0] << ',' << n.strides[1] << ',' << n.wrtIndex << ',' << n.seed << '|';
  for (int64_t d : n.shape)
    s << d << ',';
  for (int o : n.operands) {
    const Node &op = g.nodes[size_t(o)];
    if (inHalf[size_t(o)]) {
      s << "|r" << i - o;
      continue;
    }
    s << "|x" << int(op.kind);
    for (int64_t d : op.shape)
      s << ',' << d;
  }
  return s.str();
}

/// The best Repeat in positions [lo, hi) of `t`, then those left and right of it.
void findIn(const std::vector<int> &t, size_t lo, size_t hi, size_t minLength, std::vector<Repeat> &out) {
  auto equal = [&](size_t a, size_t b, size_t len) {
    for (size_t k = 0; k < len; ++k)
      if (t[a + k] != t[b + k])
        return false;
    return true;
  };
  Repeat best{0, 0, 0};
  size_t bestSaved = 0;
  for (size_t len = minLength; 2 * len <= hi - lo; ++len)
    for (size_t s = lo; s + 2 * len <= hi; ++s) {
      size_t count = 1;
      while (s + (count + 1) * len <= hi && equal(s, s + count * len, len))
        ++count;
      if (count >= 2 && (count - 1) * len > bestSaved) {
        best = {s, len, count};
        bestSaved = (count - 1) * len;
      }
    }
  if (bestSaved == 0)
    return;
  findIn(t, lo, best.start, minLength, out);
  out.push_back(best);
  findIn(t, best.start + best.length * best.count, hi, minLength, out);
}

} // namespace

std::vector<Repeat> findRepeats(const Graph &g, const std::vector<int> &ids, const std::vector<bool> &inHalf,
                                size_t minLength) {
  std::unordered_map<std::string, int> tokens;
  std::vector<int> t;
  for (int id : ids)
    t.push_back(tokens.try_emplace(token(g, id, inHalf), int(tokens.size())).first->second);
  std::vector<Repeat> out;
  if (minLength > 0)
    findIn(t, 0, t.size(), minLength, out);
  return out;
}

std::optional<std::map<int, int>> matchSlices(const Graph &g, Range a, Range b, const std::vector<int> &roles) {
  if (a.end - a.begin != b.end - b.begin)
    return std::nullopt;
  std::map<int, int> map, inverse;
  auto inside = [](Range r, int i) { return i >= r.begin && i < r.end; };
  auto bind = [&](int x, int y) {
    if (auto it = map.find(x); it != map.end())
      return it->second == y;
    const Node &nx = g.nodes[size_t(x)], &ny = g.nodes[size_t(y)];
    // A layer outside the slice is read as a value: its shape is what counts (and a separable convolution's
    // depthwise result comes with it), not what computed it. A copy's input may be a BatchNorm in one copy and
    // the previous copy's residual Add in the next. Gradients re-check their forward layer in full below.
    // (Whether y is inside b is compared below, as for every pair.)
    auto isLayer = [](const Node &n) {
      return n.kind != OpKind::Param && n.kind != OpKind::Constant && n.kind != OpKind::Labels &&
             n.kind != OpKind::Input;
    };
    bool same = !inside(a, x) && isLayer(nx) && isLayer(ny)
                    ? nx.shape == ny.shape && (nx.kind == OpKind::SeparableConv2D) == (ny.kind == OpKind::SeparableConv2D)
                    : sameStructure(nx, ny);
    if (inverse.count(y) || inside(a, x) != inside(b, y) || (inside(a, x) && x - a.begin != y - b.begin) ||
        roles[size_t(x)] != roles[size_t(y)] || !same)
      return false;
    map[x] = y;
    inverse[y] = x;
    return true;
  };
  auto bindOperands = [&](int x, int y) {
    const Node &nx = g.nodes[size_t(x)], &ny = g.nodes[size_t(y)];
    for (size_t k = 0; k < nx.operands.size(); ++k)
      if (!bind(nx.operands[k], ny.operands[k]))
        return false;
    return true;
  };
  for (int i = 0; i < a.end - a.begin; ++i) {
    int x = a.begin + i, y = b.begin + i;
    if (!bind(x, y) || !bindOperands(x, y))
      return std::nullopt;
    // A gradient's code reads the forward layer's operands too.
    if (int f = g.nodes[size_t(x)].operands.empty() ? -1 : g.nodes[size_t(x)].operands[0];
        g.nodes[size_t(x)].kind == OpKind::Vjp &&
        (!sameStructure(g.nodes[size_t(f)], g.nodes[size_t(map.at(f))]) || !bindOperands(f, map.at(f))))
      return std::nullopt;
  }
  // A separable convolution read as a value brings its depthwise result, whose shape is the depthwise kernel's.
  std::map<int, int> bound = map;
  for (auto [x, y] : bound)
    if (g.nodes[size_t(x)].kind == OpKind::SeparableConv2D &&
        !bind(g.nodes[size_t(x)].operands[1], g.nodes[size_t(y)].operands[1]))
      return std::nullopt;
  return map;
}

} // namespace xcc::kg
