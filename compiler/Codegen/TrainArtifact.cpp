// The train step of one phase as several Halide pipelines linked into one library, run in order by the driver
// in the artifact's entry point (xcc/runtime/train_plan.h):
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
#include "Codegen/ArtifactBuild.h"
#include "Codegen/HalideCompile.h"
#include "Halide/LoweredModel.h"
#include "schedules/train_schedule.h"

#include <map>
#include <optional>
#include <set>

using namespace Halide;

namespace xcc {
namespace {

using hl::NodeRange;

class TrainStepBuilder {
public:
  /// `sliceNodes` nodes per slice of either half: small enough to lower in seconds, large enough that few values
  /// cross the cuts.
  TrainStepBuilder(const kg::Graph &g, const std::string &function, ArtifactBuild &artifact, size_t sliceNodes)
      : g(g), target(artifact.pipelineTarget()), sliceNodes(sliceNodes), artifact(artifact) {
    plan.function = function;
    plan.params = int(g.params.size());
    plan.slots = g.optimizer.slots();
  }

  TrainPlanInfo build() {
    // Every gradient is stored for the update.
    for (int u : g.updates)
      needed.insert({g.nodes[u].operands[1], false});
    std::vector<TrainPlanInfo::Call> calls;
    std::vector<NodeRange> slices = slicesOf(true);
    for (size_t k = slices.size(); k-- > 0;) // last first: a slice stores what later slices read
      if (auto call = backwardSlice(slices[k], k))
        calls.insert(calls.begin(), *call);
    slices = slicesOf(false);
    for (size_t k = slices.size(); k-- > 0;)
      if (auto call = forwardSlice(slices[k], k, slices.size()))
        calls.insert(calls.begin(), *call);
    plan.calls.insert(plan.calls.end(), calls.begin(), calls.end());
    addUpdates();
    return plan;
  }

private:
  using Key = std::pair<int, bool>; // node, depthwise result of a separable convolution

  std::vector<int64_t> shapeOf(Key key) const {
    const kg::Node &n = g.nodes[key.first];
    if (!key.second)
      return n.shape;
    const std::vector<int64_t> &dw = g.nodes[n.operands[1]].shape; // [kh, kw, C, m]
    return {n.shape[0], n.shape[1], n.shape[2], dw[2] * dw[3]};
  }

  int valueIndex(Key key) {
    auto [it, inserted] = values.try_emplace(key, int(plan.values.size()));
    if (inserted)
      plan.values.push_back(shapeOf(key));
    return it->second;
  }

  /// The backward nodes, or the forward half's layers, in slices of `sliceNodes`.
  std::vector<NodeRange> slicesOf(bool backwardHalf) const {
    std::vector<bool> backward = hl::backwardNodes(g);
    std::vector<int> ids;
    for (int i = 0; i < int(g.nodes.size()); ++i) {
      kg::OpKind kind = g.nodes[i].kind;
      bool layer = kind != kg::OpKind::Labels && kind != kg::OpKind::Param && kind != kg::OpKind::Constant;
      if (backward[i] == backwardHalf && layer)
        ids.push_back(i);
    }
    std::vector<NodeRange> slices;
    for (size_t k = 0; k < ids.size(); k += sliceNodes)
      slices.push_back({ids[k], ids[std::min(ids.size(), k + sliceNodes) - 1] + 1});
    return slices;
  }

  void addParams(std::vector<Argument> &args, std::vector<TrainPlanInfo::ArgRef> &refs,
                 const std::vector<ImageParam> &params) {
    for (size_t i = 0; i < params.size(); ++i) {
      args.push_back(params[i]);
      refs.push_back({XCC_ARG_PARAM, int(i)});
    }
  }

  /// The earlier values that `outputs` read, as arguments: the image itself where it is the model's input, else
  /// a value an earlier pipeline must store.
  void readStored(const std::vector<Func> &outputs, const std::vector<hl::StoredValue> &inputs,
                  std::vector<Argument> &args, std::vector<TrainPlanInfo::ArgRef> &refs) {
    std::set<std::string> used;
    for (const Argument &a : Pipeline(outputs).infer_arguments())
      used.insert(a.name);
    for (const hl::StoredValue &v : inputs)
      if (used.count(v.param.name())) {
        args.push_back(v.param);
        if (g.nodes[v.node].kind == kg::OpKind::Input) {
          refs.push_back({XCC_ARG_INPUT});
          continue;
        }
        needed.insert({v.node, v.mid}); // an earlier pipeline stores it
        refs.push_back({XCC_ARG_VALUE, valueIndex({v.node, v.mid})});
      }
  }

  /// Nothing when the slice computes nothing anyone reads (e.g. only the parameters' update nodes).
  std::optional<TrainPlanInfo::Call> backwardSlice(NodeRange range, size_t k) {
    hl::LoweredModel b = hl::buildModel(g, hl::Part::Backward, range);
    hl::scheduleBackward(b, target);
    std::vector<Func> outputs;
    std::vector<TrainPlanInfo::ArgRef> outRefs;
    if (g.loss >= range.begin && g.loss < range.end) {
      b.train.metrics.output_buffer().dim(0).set_bounds(0, int(g.metrics.size()));
      outputs = {b.train.loss, b.train.metrics};
      outRefs = {{XCC_ARG_LOSS}, {XCC_ARG_METRICS}};
    }
    for (const Key &key : needed)
      if (key.first >= range.begin && key.first < range.end) {
        Func value = b.stages[key.first].out;
        boundOutput(value.output_buffer(), shapeOf(key));
        outputs.push_back(value);
        outRefs.push_back({XCC_ARG_VALUE, valueIndex(key)});
      }
    if (outputs.empty())
      return std::nullopt;
    std::vector<Argument> args{b.train.labels, b.train.sampleWeights};
    std::vector<TrainPlanInfo::ArgRef> refs{{XCC_ARG_LABELS}, {XCC_ARG_SAMPLE_WEIGHTS}};
    readStored(outputs, b.train.inputs, args, refs);
    addParams(args, refs, b.params);
    args.insert(args.end(), {b.train.iteration, b.train.dropoutSeed});
    refs.insert(refs.end(), {{XCC_ARG_ITERATION}, {XCC_ARG_DROPOUT_SEED}});
    std::string name = plan.function + "_backward" + std::to_string(k);
    lower(name, range.end - range.begin, outputs, args);
    refs.insert(refs.end(), outRefs.begin(), outRefs.end());
    return TrainPlanInfo::Call{name, refs};
  }

  /// Forward slice `k` of `count`: the layers in `range`, in training semantics, storing every value that the
  /// backward half or a later slice reads. The first reads the image; the others read what earlier slices stored.
  std::optional<TrainPlanInfo::Call> forwardSlice(NodeRange range, size_t k, size_t count) {
    hl::LoweredModel f = hl::buildModel(g, hl::Part::Forward, range);
    std::vector<hl::StoredValue> stored;
    std::vector<bool> backward = hl::backwardNodes(g);
    for (const Key &key : needed)
      if (key.first >= range.begin && key.first < range.end && !backward[key.first] &&
          g.nodes[key.first].kind != kg::OpKind::Input)
        stored.push_back({key.first, key.second, ImageParam()});
    if (stored.empty())
      return std::nullopt;
    hl::scheduleTrainForward(f, stored, target);
    std::vector<Func> outputs;
    std::vector<TrainPlanInfo::ArgRef> outRefs;
    for (const hl::StoredValue &v : stored) {
      Func value = v.mid ? f.stages[v.node].depthwise : f.stages[v.node].out;
      boundOutput(value.output_buffer(), shapeOf({v.node, v.mid}));
      outputs.push_back(value);
      outRefs.push_back({XCC_ARG_VALUE, valueIndex({v.node, v.mid})});
    }
    std::vector<Argument> args;
    std::vector<TrainPlanInfo::ArgRef> refs;
    if (f.input.defined()) {
      args.push_back(f.input);
      refs.push_back({XCC_ARG_INPUT});
    }
    readStored(outputs, f.train.inputs, args, refs);
    addParams(args, refs, f.params);
    args.insert(args.end(), {f.train.iteration, f.train.dropoutSeed});
    refs.insert(refs.end(), {{XCC_ARG_ITERATION}, {XCC_ARG_DROPOUT_SEED}});
    // One slice keeps the name the train step's forward half always had.
    std::string name = plan.function + "_forward" + (count > 1 ? std::to_string(k) : "");
    lower(name, range.end - range.begin, outputs, args);
    refs.insert(refs.end(), outRefs.begin(), outRefs.end());
    return TrainPlanInfo::Call{name, refs};
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
      std::vector<TrainPlanInfo::ArgRef> refs{{XCC_ARG_PARAM, int(i)}};
      for (int k = 0; k < plan.slots; ++k)
        refs.push_back({XCC_ARG_SLOT, int(size_t(k) * g.params.size() + i)});
      if (reached)
        refs.push_back({XCC_ARG_VALUE, valueIndex({gradOf.at(g.params[i]), false})});
      refs.insert(refs.end(), {{XCC_ARG_LEARNING_RATE}, {XCC_ARG_ITERATION}, {XCC_ARG_NEW_PARAM, int(i)}});
      for (int k = 0; k < plan.slots; ++k)
        refs.push_back({XCC_ARG_NEW_SLOT, int(size_t(k) * g.params.size() + i)});
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

  /// Adds the pipeline to the artifact; it is lowered and compiled in a worker. `cost` ~ the nodes it covers.
  void lower(const std::string &name, size_t cost, const std::vector<Func> &outputs,
             const std::vector<Argument> &args) {
    artifact.add(plan.function, name, cost, [outputs, args, name, target = target] {
      return Pipeline(outputs).compile_to_module(args, name, target);
    });
  }

  const kg::Graph &g;
  Target target;
  size_t sliceNodes;
  ArtifactBuild &artifact;
  TrainPlanInfo plan;
  std::set<Key> needed;
  std::map<Key, int> values;
};

} // namespace

TrainPlanInfo addTrainStep(const kg::Graph &graph, const std::string &function, const PrefixGraphs *prefix,
                           const ArtifactEmit &emit, ArtifactBuild &build) {
  if (!graph.isTrainStep())
    throw std::runtime_error("the graph has no loss: compile a training phase (run --xcc-autodiff)");
  TrainPlanInfo plan = TrainStepBuilder(graph, function, build, emit.sliceNodes).build();
  if (prefix) { // its pipelines are the forward library's (ForwardArtifact.cpp)
    plan.prefix = TrainPlanInfo::Prefix{featuresFunction(function), headForwardFunction(function),
                                        int(plan.values.size())};
    plan.values.push_back(prefix->features.nodes[prefix->features.outputs[0]].shape);
  }
  return plan;
}

} // namespace xcc
