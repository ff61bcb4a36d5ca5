// The train step of one phase as one Halide pipeline: its outputs are the loss, the metric counts and every
// parameter's update, so forward, backward and optimizer are scheduled (and fused) together.
#include "Codegen/HalideCompile.h"
#include "Conversion/HalideForward.h"
#include "schedules/train_schedule.h"

using namespace Halide;

namespace xcc {

void emitTrainStep(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out) {
  if (!graph.isTrainStep())
    throw std::runtime_error("the graph has no loss: compile a training phase (run --xcc-autodiff)");
  withHalideErrors([&] {
    hl::LoweredModel p = hl::buildModel(graph);
    Target target(emit.target);
    hl::scheduleTrainStep(p, target);
    std::vector<Func> outputs{p.train.loss, p.train.metrics};
    p.train.metrics.output_buffer().dim(0).set_bounds(0, int(graph.metrics.size()));
    for (size_t i = 0; i < p.train.updates.size(); ++i) {
      const std::vector<int64_t> &shape = graph.nodes[graph.params[i]].shape;
      // The tuple's other buffers share the first one's bounds.
      OutputImageParam b = p.train.updates[i].output_buffers()[0];
      for (size_t d = 0; d < shape.size(); ++d)
        b.dim(int(shape.size() - 1 - d)).set_bounds(0, int(shape[d]));
      outputs.push_back(p.train.updates[i]);
    }
    std::vector<Argument> args{p.input, p.train.labels, p.train.sampleWeights};
    for (const ImageParam &param : p.params)
      args.push_back(param);
    for (const auto &slot : p.train.slots)
      for (const ImageParam &param : slot)
        args.push_back(param);
    args.push_back(p.train.learningRate);
    args.push_back(p.train.iteration);
    args.push_back(p.train.dropoutSeed);
    compilePipeline(Pipeline(outputs), args, emit, target, out);
  });
}

} // namespace xcc
