// The train step of one phase as several Halide pipelines linked into one library, run in order by the driver
// in the artifact's entry point (xcc/runtime/train_plan.h):
//   constants    - where slices share a kernel: the frozen constants each copy reads (see below);
//   forward<k>   - the forward pass in training semantics, in slices of layers (48 by default; one slice is
//                  named "forward"), storing every value the backward half or a later slice reads;
//   backward<k>  - the backward nodes in slices (48 nodes by default): loss, metrics, gradients;
//   update       - the optimizer step, one elementwise kernel called once per parameter on its buffers
//                  flattened (and `keep`, the passthrough of parameters the loss does not reach).
// One pipeline for all of it nests the realization of every stored value inside the previous one, and Halide
// 14's lowering (producer/consumer tightening) is cubic in that depth: Xception's fine-tune step did not compile
// in an hour. Slices keep each pipeline shallow; the values that cross a backward cut had to be stored anyway,
// and the few that cross a forward cut cost one store and load each. Xception's fine-tune forward half as one
// pipeline took 142 s to lower and 44 s in LLVM (BENCHMARKS.md, "Compile time"): the slices compile in parallel.
// Copies of a stretch of layers (Xception's eight middle-flow blocks) are slices of their own that call one
// kernel, built for the first copy; its weights are parameters anyway, and the constants (BatchNorm's frozen
// statistics) it reads as inputs, which the `constants` pipeline writes for every copy.
#include "Codegen/ArtifactBuild.h"
#include "Codegen/HalideCompile.h"
#include "Halide/LoweredModel.h"
#include "KernelGraph/Repeats.h"
#include "schedules/train_schedule.h"

#include <map>
#include <functional>
#include <optional>
#include <set>
#include <tuple>

using namespace Halide;

namespace xcc {
namespace {

using hl::NodeRange;
using Key = std::pair<int, bool>; // node, depthwise result of a separable convolution

/// Layers per copy, at least, for copies of a stretch of layers to share one kernel: shorter copies would cut
/// the step into many small pipelines, each storing and reloading what crosses its cuts.
constexpr size_t kMinRepeatLayers = 6;

/// Thrown when a shared kernel turns out not to store a value that one of its copies must: the step is then
/// planned again without sharing (matchSlices makes this unexpected; this keeps it from being wrong).
struct SharingMismatch {};

/// One slice of a half: its nodes, and the copies it shares a kernel with.
struct Slice {
  NodeRange range;
  int group = -1, copy = 0;
};

/// A pipeline argument or output: its kind and, for a value or a parameter, the node (of the slice it was built
/// for; each copy maps it to its own).
struct NodeRef {
  TrainPlanInfo::Arg kind;
  Key key{-1, false};
  bool read = false; ///< a value an earlier pipeline must store
};

struct Built {
  std::string name;
  std::vector<NodeRef> refs; ///< arguments, then outputs
};

/// Copies of one stretch of layers: one kernel, built for copy 0, called for each with its own buffers.
struct Group {
  std::vector<NodeRange> copies;
  std::vector<std::map<int, int>> maps; ///< copy 0's nodes -> copy k's (identity for copy 0)
  std::set<Key> outputs;                ///< in copy 0's nodes
  std::optional<Built> built;
};

class TrainStepBuilder {
public:
  /// `sliceNodes` nodes per slice of either half: small enough to lower in seconds, large enough that few values
  /// cross the cuts. With `share`, copies of a stretch of layers share one kernel (KernelGraph/Repeats.h).
  TrainStepBuilder(const kg::Graph &g, const std::string &function, const ArtifactBuild &build, size_t sliceNodes,
                   bool share)
      : g(g), target(build.pipelineTarget()), gemms(build.precision(g.dtypePolicy)), sliceNodes(sliceNodes),
        share(share), backward(hl::backwardNodes(g)) {
    // What matchSlices must not map onto each other: the halves, the loss, the output, the input.
    for (size_t i = 0; i < g.nodes.size(); ++i)
      roles.push_back(int(backward[i]) + 2 * (int(i) == g.loss) + 4 * (int(i) == g.outputs[0]) +
                      8 * (int(i) == g.inputs[0]));
    for (const kg::Node &n : g.nodes)
      if (n.kind == kg::OpKind::Labels)
        labelsShape = n.shape;
    plan.function = function;
    plan.params = int(g.params.size());
    plan.slots = g.optimizer.slots();
    for (size_t i = 0; i < g.params.size(); ++i)
      paramIndex[g.params[i]] = int(i);
  }

  TrainPlanInfo build() {
    // Every gradient is stored for the update.
    for (int u : g.updates)
      needed.insert({g.nodes[u].operands[1], false});
    std::vector<TrainPlanInfo::Call> calls;
    for (bool backwardHalf : {true, false}) {
      std::vector<Slice> slices = slicesOf(backwardHalf);
      for (size_t k = slices.size(); k-- > 0;) // last first: a slice stores what later slices read
        if (auto call = backwardHalf ? backwardSlice(slices[k], k) : forwardSlice(slices[k], k, slices.size()))
          calls.insert(calls.begin(), *call);
    }
    checkGroups();
    if (auto call = constants())
      calls.insert(calls.begin(), *call);
    plan.calls = calls;
    addUpdates();
    return plan;
  }

  /// The pipelines planned, for the artifact: (name, cost, lower).
  std::vector<std::tuple<std::string, size_t, std::function<Module()>>> jobs;

private:
  std::vector<int64_t> shapeOf(Key key) const {
    const kg::Node &n = g.nodes[key.first];
    if (!key.second)
      return n.shape;
    const std::vector<int64_t> &dw = g.nodes[n.operands[1]].shape; // [kh, kw, C, m]
    return {n.shape[0], n.shape[1], n.shape[2], dw[2] * dw[3]};
  }
  /// Whether the value is stored in bfloat16 (else float32).
  bool inBf16(Key key) const { return key.second && hl::midInBf16(precision(), shapeOf(key)[3]); }

  /// The shape a pipeline argument of kind `kind` was compiled for (`key`: its node in the pipeline's own slice),
  /// which the driver checks the buffer it passes against.
  std::vector<int64_t> argShape(TrainPlanInfo::Arg kind, Key key) const {
    switch (kind) {
    case XCC_ARG_INPUT: return g.nodes[size_t(g.inputs[0])].shape;
    case XCC_ARG_LABELS: return labelsShape;
    case XCC_ARG_SAMPLE_WEIGHTS: return {-1};
    case XCC_ARG_METRICS: return {int64_t(g.metrics.size())};
    case XCC_ARG_PARAM:
    case XCC_ARG_VALUE: return shapeOf(key);
    default: return {}; // scalars, and the 0-d loss
    }
  }

  int valueIndex(Key key) {
    auto [it, inserted] = values.try_emplace(key, int(plan.values.size()));
    if (inserted && inBf16(key))
      plan.bf16Values.insert(int(plan.values.size()));
    if (inserted)
      plan.values.push_back(shapeOf(key));
    return it->second;
  }

  /// The backward nodes, or the forward half's layers, in slices of `sliceNodes`; with `share`, each copy of a
  /// repeated stretch a slice of its own.
  std::vector<Slice> slicesOf(bool backwardHalf) {
    std::vector<int> ids;
    std::vector<bool> inHalf(g.nodes.size());
    for (int i = 0; i < int(g.nodes.size()); ++i) {
      kg::OpKind kind = g.nodes[i].kind;
      inHalf[i] = backward[i] == backwardHalf;
      bool layer = kind != kg::OpKind::Labels && kind != kg::OpKind::Param && kind != kg::OpKind::Constant;
      if (inHalf[i] && layer)
        ids.push_back(i);
    }
    auto rangeOf = [&](size_t first, size_t last) { return NodeRange{ids[first], ids[last - 1] + 1}; };
    std::vector<Slice> slices;
    auto chunks = [&](size_t first, size_t last) {
      for (size_t k = first; k < last; k += sliceNodes)
        slices.push_back({rangeOf(k, std::min(last, k + sliceNodes))});
    };
    size_t done = 0;
    std::vector<kg::Repeat> repeats;
    if (share)
      repeats = kg::findRepeats(g, ids, inHalf, kMinRepeatLayers);
    for (const kg::Repeat &r : repeats) {
      std::vector<NodeRange> copies;
      for (size_t c = 0; c < r.count; ++c)
        copies.push_back(rangeOf(r.start + c * r.length, r.start + (c + 1) * r.length));
      std::optional<Group> group = matchedGroup(copies);
      if (!group) // nothing shared: the stretch is cut like any other
        continue;
      chunks(done, r.start);
      for (const NodeRange &copy : copies) {
        int member = -1;
        for (size_t m = 0; m < group->copies.size(); ++m)
          if (group->copies[m].begin == copy.begin)
            member = int(m);
        slices.push_back(member >= 0 ? Slice{copy, int(groups.size()), member} : Slice{copy});
      }
      groups.push_back(std::move(*group));
      done = r.start + r.count * r.length;
    }
    chunks(done, ids.size());
    return slices;
  }

  /// The largest set of copies that matchSlices confirms can run one copy's kernel (that copy first), with their
  /// maps; nothing if fewer than two. The first copy may differ from the rest in what feeds it, so each copy is
  /// tried as the one the kernel is built for. A copy that does not match stays a slice of its own.
  std::optional<Group> matchedGroup(const std::vector<NodeRange> &copies) const {
    Group best;
    for (const NodeRange &lead : copies) {
      Group group;
      for (const NodeRange &copy : copies)
        if (auto map = kg::matchSlices(g, {lead.begin, lead.end}, {copy.begin, copy.end}, roles)) {
          bool isLead = copy.begin == lead.begin;
          group.copies.insert(isLead ? group.copies.begin() : group.copies.end(), copy);
          group.maps.insert(isLead ? group.maps.begin() : group.maps.end(), *map);
        }
      if (group.copies.size() > best.copies.size())
        best = std::move(group);
    }
    return best.copies.size() >= 2 ? std::optional(std::move(best)) : std::nullopt;
  }

  /// The values a slice stores, in its own nodes: what later pipelines read; for a group, what any copy's
  /// later pipelines read, and what a node after the slice in the same half reads directly (the copies after
  /// this one are planned only after the kernel is built).
  std::set<Key> outputsOf(const Slice &slice, bool backwardHalf) {
    auto inRange = [](NodeRange r, int i) { return i >= r.begin && i < r.end; };
    std::set<Key> out;
    if (slice.group < 0) {
      for (const Key &key : needed)
        if (inRange(slice.range, key.first))
          out.insert(key);
      return out;
    }
    Group &group = groups[size_t(slice.group)];
    for (const NodeRange &copy : group.copies) {
      int toLead = group.copies[0].begin - copy.begin; // matchSlices maps a copy's own nodes by offset
      for (const Key &key : needed)
        if (inRange(copy, key.first))
          out.insert({key.first + toLead, key.second});
      for (int i = 0; i < int(g.nodes.size()); ++i)
        if (!inRange(copy, i) && backward[i] == backwardHalf)
          for (int o : g.nodes[i].operands)
            if (inRange(copy, o))
              out.insert({o + toLead, false});
    }
    group.outputs = out;
    return out;
  }

  /// Every copy's stored values are among its kernel's outputs.
  void checkGroups() const {
    for (const Group &group : groups)
      for (const NodeRange &copy : group.copies)
        for (const Key &key : needed)
          if (key.first >= copy.begin && key.first < copy.end && g.nodes[key.first].kind != kg::OpKind::Constant &&
              !group.outputs.count({key.first + group.copies[0].begin - copy.begin, key.second}))
            throw SharingMismatch{};
  }

  /// The call of `built` for the copy `map` stands for (nullptr: the nodes it was built for).
  TrainPlanInfo::Call call(const Built &built, const std::map<int, int> *map) {
    TrainPlanInfo::Call c{built.name, {}};
    for (const NodeRef &ref : built.refs) {
      Key key = ref.key;
      if (map && key.first >= 0) {
        auto it = map->find(key.first);
        if (it == map->end()) // the kernel reads a node matchSlices did not compare
          throw SharingMismatch{};
        key.first = it->second;
      }
      std::vector<int64_t> shape = argShape(ref.kind, ref.key); // as the kernel sees it: copy 0's node
      if (ref.kind == XCC_ARG_PARAM) {
        c.args.push_back({XCC_ARG_PARAM, paramIndex.at(key.first), shape});
      } else if (ref.kind == XCC_ARG_VALUE) {
        if (ref.read)
          needed.insert(key); // an earlier pipeline stores it
        c.args.push_back({XCC_ARG_VALUE, valueIndex(key), shape});
      } else {
        c.args.push_back({ref.kind, 0, shape});
      }
    }
    return c;
  }

  /// The slice's call; builds its pipeline unless its group's kernel exists.
  template <typename BuildFn>
  std::optional<TrainPlanInfo::Call> sliceCall(const Slice &slice, BuildFn buildPipeline) {
    if (slice.group < 0) {
      std::optional<Built> built = buildPipeline(slice.range, outputsOf(slice, backward[slice.range.begin]));
      return built ? std::optional(call(*built, nullptr)) : std::nullopt;
    }
    Group &group = groups[size_t(slice.group)];
    if (!group.built) {
      Slice first{group.copies[0], slice.group, 0};
      group.built = buildPipeline(first.range, outputsOf(first, backward[first.range.begin]));
    }
    return group.built ? std::optional(call(*group.built, &group.maps[size_t(slice.copy)])) : std::nullopt;
  }

  /// The parameters and earlier values that `outputs` read, as arguments: the image itself where it is the
  /// model's input, else a value an earlier pipeline must store.
  void readInputs(const std::vector<Func> &outputs, const hl::LoweredModel &m, std::vector<Argument> &args,
                  std::vector<NodeRef> &refs) {
    std::set<std::string> used;
    for (const Argument &a : Pipeline(outputs).infer_arguments())
      used.insert(a.name);
    for (const hl::StoredValue &v : m.train.inputs)
      if (used.count(v.param.name())) {
        args.push_back(v.param);
        bool image = g.nodes[v.node].kind == kg::OpKind::Input;
        refs.push_back(image ? NodeRef{XCC_ARG_INPUT} : NodeRef{XCC_ARG_VALUE, {v.node, v.mid}, true});
      }
    for (size_t i = 0; i < m.params.size(); ++i)
      if (used.count(m.params[i].name())) {
        args.push_back(m.params[i]);
        refs.push_back({XCC_ARG_PARAM, {g.params[i], false}});
      }
  }

  /// A slice's pipeline after its leading arguments `args` (already in `built`): what it reads, the iteration,
  /// the dropout seed and the sample offset; then its outputs.
  Built finish(Built built, std::vector<Argument> args, const hl::LoweredModel &m, NodeRange range,
               const std::vector<Func> &outputs, const std::vector<NodeRef> &outRefs) {
    readInputs(outputs, m, args, built.refs);
    args.insert(args.end(), {m.train.iteration, m.train.dropoutSeed, m.train.sampleOffset});
    built.refs.insert(built.refs.end(), {{XCC_ARG_ITERATION}, {XCC_ARG_DROPOUT_SEED}, {XCC_ARG_SAMPLE_OFFSET}});
    lower(built.name, size_t(range.end - range.begin), outputs, args);
    built.refs.insert(built.refs.end(), outRefs.begin(), outRefs.end());
    return built;
  }

  /// Nothing when the slice computes nothing anyone reads (e.g. only the parameters' update nodes).
  std::optional<TrainPlanInfo::Call> backwardSlice(const Slice &slice, size_t k) {
    std::string name = plan.function + "_backward" + std::to_string(k);
    return sliceCall(slice, [&](NodeRange range, const std::set<Key> &keys) -> std::optional<Built> {
      hl::LoweredModel b = hl::buildModel(g, precision(), hl::Part::Backward, range, slice.group >= 0);
      hl::scheduleBackward(b, target);
      std::vector<Func> outputs;
      std::vector<NodeRef> outRefs;
      if (g.loss >= range.begin && g.loss < range.end) {
        b.train.metrics.output_buffer().dim(0).set_bounds(0, int(g.metrics.size()));
        outputs = {b.train.loss, b.train.metrics};
        outRefs = {{XCC_ARG_LOSS}, {XCC_ARG_METRICS}};
      }
      for (const Key &key : keys) {
        Func value = b.stages[key.first].out;
        boundOutput(value.output_buffer(), shapeOf(key));
        outputs.push_back(value);
        outRefs.push_back({XCC_ARG_VALUE, key});
      }
      if (outputs.empty())
        return std::nullopt;
      Built built{name, {{XCC_ARG_LABELS}, {XCC_ARG_SAMPLE_WEIGHTS}}};
      return finish(built, {b.train.labels, b.train.sampleWeights}, b, range, outputs, outRefs);
    });
  }

  /// Forward slice `k` of `count`: the layers in `range`, in training semantics, storing every value that the
  /// backward half or a later slice reads. The first reads the image; the others read what earlier slices stored.
  std::optional<TrainPlanInfo::Call> forwardSlice(const Slice &slice, size_t k, size_t count) {
    // One slice keeps the name the train step's forward half always had.
    std::string name = plan.function + "_forward" + (count > 1 ? std::to_string(k) : "");
    return sliceCall(slice, [&](NodeRange range, const std::set<Key> &keys) -> std::optional<Built> {
      std::vector<hl::StoredValue> stored;
      for (const Key &key : keys)
        if (!backward[key.first] && g.nodes[key.first].kind != kg::OpKind::Input &&
            g.nodes[key.first].kind != kg::OpKind::Constant)
          stored.push_back({key.first, key.second, ImageParam()});
      if (stored.empty())
        return std::nullopt;
      hl::LoweredModel f = hl::buildModel(g, precision(), hl::Part::Forward, range, slice.group >= 0);
      hl::scheduleTrainForward(f, stored, target);
      std::vector<Func> outputs;
      std::vector<NodeRef> outRefs;
      for (const hl::StoredValue &v : stored) {
        const hl::Stage &s = f.stages[v.node];
        Func value = !v.mid ? s.out : inBf16({v.node, v.mid}) ? s.gemmInput : s.depthwise;
        boundOutput(value.output_buffer(), shapeOf({v.node, v.mid}));
        outputs.push_back(value);
        outRefs.push_back({XCC_ARG_VALUE, {v.node, v.mid}});
      }
      Built built{name, {}};
      std::vector<Argument> args;
      if (f.input.defined()) {
        args.push_back(f.input);
        built.refs.push_back({XCC_ARG_INPUT});
      }
      return finish(built, args, f, range, outputs, outRefs);
    });
  }

  /// The constants that shared kernels read as inputs, each copy its own: one pipeline, first in the step, that
  /// writes them out of the Buffers it embeds.
  std::optional<TrainPlanInfo::Call> constants() {
    std::vector<Func> outputs;
    TrainPlanInfo::Call c{plan.function + "_constants", {}};
    for (const Key &key : needed)
      if (g.nodes[key.first].kind == kg::OpKind::Constant) {
        Func value = hl::constantFunc(g.nodes[key.first]);
        const std::vector<int64_t> &shape = g.nodes[key.first].shape;
        for (size_t d = 0; d < shape.size(); ++d)
          value.output_buffer().dim(int(shape.size() - 1 - d)).set_bounds(0, int(shape[d]));
        outputs.push_back(value);
        c.args.push_back({XCC_ARG_VALUE, valueIndex(key), shape});
      }
    if (outputs.empty())
      return std::nullopt;
    lower(c.function, outputs.size(), outputs, {});
    return c;
  }

  /// The optimizer step. Per-shape update pipelines cost a quarter of Xception's fine-tune compile (79 of
  /// 325 s; BENCHMARKS.md, "Compile time"), and they are all the same elementwise kernel: one compiled kernel,
  /// called per parameter with its buffers flattened.
  void addUpdates() {
    std::map<int, int> gradOf; // param node -> gradient node
    for (int id : g.updates)
      gradOf[g.nodes[id].operands[0]] = g.nodes[id].operands[1];
    std::set<bool> compiled;
    for (size_t i = 0; i < g.params.size(); ++i) {
      bool reached = gradOf.count(g.params[i]) > 0;
      std::string name = plan.function + (reached ? "_update" : "_keep");
      if (compiled.insert(reached).second)
        lowerUpdate(name, reached);
      // Every buffer of the call has the parameter's shape; the kernel sees them flat.
      const std::vector<int64_t> &shape = g.nodes[size_t(g.params[i])].shape;
      std::vector<TrainPlanInfo::ArgRef> refs{{XCC_ARG_PARAM, int(i), shape}};
      for (int k = 0; k < plan.slots; ++k)
        refs.push_back({XCC_ARG_SLOT, int(size_t(k) * g.params.size() + i), shape});
      if (reached)
        refs.push_back({XCC_ARG_VALUE, valueIndex({gradOf.at(g.params[i]), false}), shape});
      refs.insert(refs.end(), {{XCC_ARG_LEARNING_RATE}, {XCC_ARG_ITERATION}, {XCC_ARG_NEW_PARAM, int(i), shape}});
      for (int k = 0; k < plan.slots; ++k)
        refs.push_back({XCC_ARG_NEW_SLOT, int(size_t(k) * g.params.size() + i), shape});
      plan.calls.push_back({name, refs, /*flat=*/true});
    }
  }

  /// The update kernel (UpdateStep): arguments the parameter, its slots, its gradient (`withGradient`), the
  /// learning rate and the iteration; outputs the new value and slots.
  void lowerUpdate(const std::string &name, bool withGradient) {
    hl::UpdateStep u = hl::buildUpdate(g.optimizer, withGradient);
    hl::scheduleUpdate(u, target);
    std::vector<Argument> args{u.param};
    args.insert(args.end(), u.slots.begin(), u.slots.end());
    if (withGradient)
      args.push_back(u.grad);
    args.insert(args.end(), {u.learningRate, u.iteration});
    lower(name, 1, {u.update}, args);
  }

  /// Plans the pipeline; the artifact lowers and compiles it in a worker. `cost` ~ the nodes it covers.
  void lower(const std::string &name, size_t cost, const std::vector<Func> &outputs,
             const std::vector<Argument> &args) {
    jobs.emplace_back(name, cost, [outputs, args, name, target = target] {
      return Pipeline(outputs).compile_to_module(args, name, target);
    });
  }

  hl::GemmPrecision precision() const { return gemms; }

  const kg::Graph &g;
  Target target;
  hl::GemmPrecision gemms;
  size_t sliceNodes;
  bool share;
  std::vector<bool> backward; ///< hl::backwardNodes
  std::vector<int> roles;     ///< matchSlices' roles, per node
  std::vector<int64_t> labelsShape;
  TrainPlanInfo plan;
  std::set<Key> needed;
  std::map<Key, int> values;
  std::map<int, int> paramIndex; ///< param node -> its position in g.params
  std::vector<Group> groups;
};

} // namespace

TrainPlanInfo addTrainStep(const kg::Graph &graph, const std::string &function, const PrefixGraphs *prefix,
                           const ArtifactEmit &emit, ArtifactBuild &build) {
  if (!graph.isTrainStep())
    throw std::runtime_error("the graph has no loss: compile a training phase (run --xcc-autodiff)");
  auto planStep = [&](bool share) {
    TrainStepBuilder builder(graph, function, build, emit.sliceNodes, share);
    TrainPlanInfo plan = builder.build();
    for (auto &[name, cost, lower] : builder.jobs)
      build.add(function, name, cost, lower);
    return plan;
  };
  TrainPlanInfo plan;
  try {
    plan = planStep(emit.shareRepeats);
  } catch (const SharingMismatch &) {
    plan = planStep(false);
  }
  if (prefix) { // its pipelines are the forward library's (ForwardArtifact.cpp)
    const kg::Graph &features = prefix->features;
    plan.prefix = TrainPlanInfo::Prefix{featuresFunction(function), headForwardFunction(function),
                                        int(plan.values.size()), features.nodes[features.inputs[0]].shape};
    plan.values.push_back(features.nodes[features.outputs[0]].shape);
  }
  return plan;
}

} // namespace xcc
