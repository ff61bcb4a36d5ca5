#include "KernelGraph/FrozenPrefix.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace xcc::kg {
namespace {

/// Whether a node's value can change between two steps on the same input.
bool varies(const Node &n) {
  switch (n.kind) {
  case OpKind::Param: // trainable parameters only: frozen ones are Constants by now
  case OpKind::Labels:
  case OpKind::Loss:
  case OpKind::Vjp:
  case OpKind::ApplyGradient:
    return true;
  case OpKind::Dropout:
  case OpKind::BatchNorm:
    return n.training;
  default:
    return false;
  }
}

std::vector<bool> fixedNodes(const Graph &g) {
  std::vector<bool> fixed(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    fixed[i] = !varies(g.nodes[i]);
    for (int op : g.nodes[i].operands)
      fixed[i] = fixed[i] && fixed[size_t(op)];
  }
  return fixed;
}

std::vector<bool> ancestorsOf(const Graph &g, int node) {
  std::vector<bool> in(g.nodes.size());
  in[size_t(node)] = true;
  for (int i = node; i >= 0; --i)
    if (in[size_t(i)])
      for (int op : g.nodes[size_t(i)].operands)
        in[size_t(op)] = true;
  return in;
}

/// Copies the nodes of `g` that `keep` selects into `out`, renumbering operands through `index`.
void copyNodes(const Graph &g, const std::vector<bool> &keep, Graph &out, std::map<int, int> &index) {
  for (int i = 0; i < int(g.nodes.size()); ++i) {
    if (!keep[size_t(i)] || index.count(i))
      continue;
    Node n = g.nodes[size_t(i)];
    for (int &op : n.operands)
      op = index.at(op);
    index[i] = int(out.nodes.size());
    out.nodes.push_back(std::move(n));
  }
}

std::vector<int> mapped(const std::vector<int> &ids, const std::map<int, int> &index) {
  std::vector<int> out;
  for (int id : ids)
    out.push_back(index.at(id));
  return out;
}

} // namespace

std::optional<int> frozenBoundary(const Graph &g) {
  std::vector<bool> fixed = fixedNodes(g);
  for (int out : g.outputs)
    if (fixed[size_t(out)])
      return std::nullopt;
  std::optional<int> boundary;
  for (const Node &n : g.nodes)
    if (!fixed[size_t(&n - g.nodes.data())])
      for (int op : n.operands) {
        if (!fixed[size_t(op)] || g.nodes[size_t(op)].kind == OpKind::Constant)
          continue;
        if (boundary && *boundary != op)
          return std::nullopt;
        boundary = op;
      }
  if (!boundary || g.nodes[size_t(*boundary)].kind == OpKind::Input)
    return std::nullopt;
  // Without frozen weights the prefix is elementwise preprocessing (a Rescaling before a trainable first layer):
  // keeping its output would cost an image's memory per image and save nothing.
  std::vector<bool> before = ancestorsOf(g, *boundary);
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (before[i] && g.nodes[i].kind == OpKind::Constant)
      return boundary;
  return std::nullopt;
}

std::optional<int> findLayerNode(const Graph &g, const std::string &layer, OpKind kind) {
  for (int i = int(g.nodes.size()) - 1; i >= 0; --i)
    if (g.nodes[size_t(i)].layer == layer && g.nodes[size_t(i)].kind == kind)
      return i;
  return std::nullopt;
}

FrozenSplit splitAt(const Graph &g, int boundary) {
  const Node &b = g.nodes.at(size_t(boundary));
  FrozenSplit split{Graph(), Graph(), b.layer, b.kind};
  std::vector<bool> before = ancestorsOf(g, boundary);

  std::map<int, int> prefixIndex;
  split.prefix.name = g.name;
  split.prefix.dtypePolicy = g.dtypePolicy;
  copyNodes(g, before, split.prefix, prefixIndex);
  for (int in : g.inputs)
    if (before[size_t(in)])
      split.prefix.inputs.push_back(prefixIndex.at(in));
  split.prefix.outputs = {prefixIndex.at(boundary)};
  split.prefix.nodes.back().fused = false; // it is the prefix's output now: stored, not computed inside a consumer

  // The rest reads the boundary as its input, and the constants it uses, copied first (they have no operands).
  Graph &rest = split.rest;
  rest.name = g.name;
  rest.dtypePolicy = g.dtypePolicy;
  Node input;
  input.kind = OpKind::Input;
  input.layer = b.layer;
  input.shape = b.shape;
  rest.nodes.push_back(input);
  rest.inputs = {0};
  std::map<int, int> index{{boundary, 0}};
  std::vector<bool> constants(g.nodes.size()), after(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    after[i] = !before[i];
    if (!after[i])
      continue;
    for (int op : g.nodes[i].operands) {
      if (!before[size_t(op)] || op == boundary)
        continue;
      if (g.nodes[size_t(op)].kind != OpKind::Constant)
        throw std::runtime_error("cannot split after layer '" + b.layer + "': layer '" + g.nodes[i].layer +
                                 "' also reads layer '" + g.nodes[size_t(op)].layer + "' from before it");
      constants[size_t(op)] = true;
    }
  }
  copyNodes(g, constants, rest, index);
  copyNodes(g, after, rest, index);
  for (int k = 0; k < int(g.params.size()); ++k)
    (before[size_t(g.params[size_t(k)])] ? split.prefixParams : split.restParams).push_back(k);
  for (int k : split.prefixParams)
    split.prefix.params.push_back(prefixIndex.at(g.params[size_t(k)]));
  for (int k : split.restParams)
    rest.params.push_back(index.at(g.params[size_t(k)]));
  rest.outputs = mapped(g.outputs, index);
  rest.loss = g.loss < 0 ? -1 : index.at(g.loss);
  rest.updates = mapped(g.updates, index);
  rest.optimizer = g.optimizer;
  rest.metrics = g.metrics;
  return split;
}

namespace {

/// The first node after at least `layers` layers where `g` can be cut (splitAt succeeds and both sides compute).
std::optional<int> chainCut(const Graph &g, size_t layers) {
  std::vector<int> lastUse(g.nodes.size(), -1);
  for (int n = 0; n < int(g.nodes.size()); ++n)
    for (int op : g.nodes[size_t(n)].operands)
      lastUse[size_t(op)] = std::max(lastUse[size_t(op)], n);
  int reach = -1; // the furthest node that reads a non-constant value defined before the candidate
  size_t seen = 0;
  for (int c = 0; c < int(g.nodes.size()); ++c) {
    const Node &n = g.nodes[size_t(c)];
    bool layer = n.kind != OpKind::Input && n.kind != OpKind::Constant && n.kind != OpKind::Param;
    seen += layer;
    bool output = std::find(g.outputs.begin(), g.outputs.end(), c) != g.outputs.end();
    if (layer && seen >= layers && reach <= c && lastUse[size_t(c)] > c && !output)
      return c;
    if (n.kind != OpKind::Constant)
      reach = std::max(reach, lastUse[size_t(c)]);
  }
  return std::nullopt;
}

} // namespace

std::vector<FrozenSplit> splitChain(const Graph &g, size_t layers) {
  std::vector<FrozenSplit> pieces;
  Graph rest = g;
  std::vector<int> restParams(g.params.size()); // positions in g.params of rest's parameters
  for (size_t k = 0; k < restParams.size(); ++k)
    restParams[k] = int(k);
  while (std::optional<int> cut = chainCut(rest, layers)) {
    FrozenSplit split = splitAt(rest, *cut);
    for (int &k : split.prefixParams)
      k = restParams[size_t(k)];
    std::vector<int> next;
    for (int k : split.restParams)
      next.push_back(restParams[size_t(k)]);
    restParams = next;
    rest = std::move(split.rest);
    pieces.push_back(std::move(split));
  }
  FrozenSplit last{std::move(rest), Graph(), "", OpKind::Input, restParams, {}};
  pieces.push_back(std::move(last));
  return pieces;
}

} // namespace xcc::kg
