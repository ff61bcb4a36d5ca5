// The train step of one phase as three Halide pipelines linked into one library:
//   forward  - the forward pass in training semantics, storing every value the backward half reads;
//   backward - loss, metrics and every parameter's gradient, reading those values as inputs;
//   update   - the optimizer step of every parameter.
// One pipeline for all of it would keep every stored activation's realization open from the forward pass to
// its use in the backward pass, nesting hundreds of realizations; Halide 14's lowering (producer/consumer
// tightening) is cubic in that depth, which took Xception's fine-tune step from seconds to hours. The cuts fall
// where the values already had to be stored, so they cost no extra memory traffic.
#include "Codegen/HalideCompile.h"
#include "Conversion/HalideForward.h"
#include "schedules/train_schedule.h"

#include <set>

using namespace Halide;

namespace xcc {
namespace {

/// The non-batch extents of an output are static: Halide then checks callers and folds the indexing.
void boundOutput(OutputImageParam buffer, const std::vector<int64_t> &shape) {
  for (size_t k = 1; k < shape.size(); ++k)
    buffer.dim(int(shape.size() - 1 - k)).set_bounds(0, int(shape[k]));
}

std::vector<int64_t> storedShape(const kg::Graph &g, const hl::ForwardValue &v) {
  const kg::Node &n = g.nodes[v.node];
  if (!v.mid)
    return n.shape;
  const std::vector<int64_t> &dw = g.nodes[n.operands[1]].shape; // [kh, kw, C, m]
  return {n.shape[0], n.shape[1], n.shape[2], dw[2] * dw[3]};
}

Module backwardModule(const kg::Graph &g, hl::LoweredModel &b, const std::vector<hl::ForwardValue> &stored,
                      const Target &target, const std::string &name) {
  hl::scheduleBackward(b, target);
  std::vector<Func> outputs{b.train.loss, b.train.metrics};
  b.train.metrics.output_buffer().dim(0).set_bounds(0, int(g.metrics.size()));
  for (size_t i = 0; i < g.params.size(); ++i)
    if (b.train.grads[i].defined()) {
      boundOutput(b.train.grads[i].output_buffer(), g.nodes[g.params[i]].shape);
      outputs.push_back(b.train.grads[i]);
    }
  std::vector<Argument> args{b.train.labels, b.train.sampleWeights};
  for (const hl::ForwardValue &v : stored)
    args.push_back(v.param);
  for (const ImageParam &param : b.params)
    args.push_back(param);
  args.insert(args.end(), {b.train.iteration, b.train.dropoutSeed});
  return Pipeline(outputs).compile_to_module(args, name, target);
}

Module forwardModule(const kg::Graph &g, const std::vector<hl::ForwardValue> &stored, const Target &target,
                     const std::string &name) {
  hl::LoweredModel f = hl::buildModel(g, hl::Part::Forward);
  std::vector<hl::ForwardValue> computed;
  for (const hl::ForwardValue &v : stored)
    if (g.nodes[v.node].kind != kg::OpKind::Input)
      computed.push_back(v);
  hl::scheduleTrainForward(f, computed, target);
  std::vector<Func> outputs;
  for (const hl::ForwardValue &v : computed) {
    Func value = v.mid ? f.stages[v.node].depthwise : f.stages[v.node].out;
    boundOutput(value.output_buffer(), storedShape(g, v));
    outputs.push_back(value);
  }
  std::vector<Argument> args{f.input};
  for (const ImageParam &param : f.params)
    args.push_back(param);
  args.insert(args.end(), {f.train.iteration, f.train.dropoutSeed});
  return Pipeline(outputs).compile_to_module(args, name, target);
}

Module updateModule(const kg::Graph &g, const Target &target, const std::string &name) {
  hl::UpdateStep u = hl::buildUpdate(g);
  std::vector<std::vector<int64_t>> shapes;
  for (int id : g.params)
    shapes.push_back(g.nodes[id].shape);
  hl::scheduleUpdate(u, shapes, target);
  for (size_t i = 0; i < u.updates.size(); ++i) {
    // The tuple's other buffers share the first one's bounds.
    OutputImageParam b = u.updates[i].output_buffers()[0];
    for (size_t d = 0; d < shapes[i].size(); ++d)
      b.dim(int(shapes[i].size() - 1 - d)).set_bounds(0, int(shapes[i][d]));
  }
  std::vector<Argument> args(u.params.begin(), u.params.end());
  for (const auto &slot : u.slots)
    args.insert(args.end(), slot.begin(), slot.end());
  for (const ImageParam &grad : u.grads)
    if (grad.defined())
      args.push_back(grad);
  args.insert(args.end(), {u.learningRate, u.iteration});
  return Pipeline(u.updates).compile_to_module(args, name, target);
}

} // namespace

TrainPlanInfo emitTrainStep(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out) {
  if (!graph.isTrainStep())
    throw std::runtime_error("the graph has no loss: compile a training phase (run --xcc-autodiff)");
  TrainPlanInfo plan;
  plan.function = emit.function;
  withHalideErrors([&] {
    Target target(emit.target);
    hl::LoweredModel b = hl::buildModel(graph, hl::Part::Backward);
    // Store only the forward values the backward half really reads.
    std::set<std::string> used;
    for (const Argument &a : Pipeline({b.train.loss, b.train.metrics}).infer_arguments())
      used.insert(a.name);
    for (const Func &g : b.train.grads)
      if (g.defined())
        for (const Argument &a : g.infer_arguments())
          used.insert(a.name);
    std::vector<hl::ForwardValue> stored;
    for (const hl::ForwardValue &v : b.train.forwardValues)
      if (used.count(v.param.name())) {
        stored.push_back(v);
        plan.stored.push_back({storedShape(graph, v), graph.nodes[v.node].kind == kg::OpKind::Input});
      }
    for (size_t i = 0; i < graph.params.size(); ++i)
      plan.reached.push_back(b.train.grads[i].defined());
    std::vector<Module> modules{forwardModule(graph, stored, target, emit.function + "_forward"),
                                backwardModule(graph, b, stored, target, emit.function + "_backward"),
                                updateModule(graph, target, emit.function + "_update")};
    Module linked = link_modules(emit.function, modules);
    std::map<OutputFileType, std::string> files;
    if (emit.library) {
      files[OutputFileType::static_library] = out.path(emit.function + ".a");
      files[OutputFileType::c_header] = out.path(emit.function + ".h");
    }
    if (emit.stmt)
      files[OutputFileType::stmt] = out.path(emit.function + ".stmt");
    if (!files.empty())
      linked.compile(files);
  });
  return plan;
}

} // namespace xcc
