#include "Codegen/ArtifactBuild.h"
#include "Codegen/HalideCompile.h"
#include "Halide/LoweredModel.h"
#include "schedules/forward_schedule.h"

using namespace Halide;

namespace xcc {

void withHalideErrors(const std::function<void()> &body) {
  try {
    body();
  } catch (const Halide::Error &e) {
    throw std::runtime_error(std::string("Halide: ") + e.what());
  }
}

void boundOutput(OutputImageParam buffer, const std::vector<int64_t> &shape) {
  for (size_t k = 1; k < shape.size(); ++k)
    buffer.dim(int(shape.size() - 1 - k)).set_bounds(0, int(shape[k]));
}

Module forwardModule(const kg::Graph &graph, const std::string &function, const Target &target) {
  hl::LoweredModel p = hl::buildModel(graph);
  hl::scheduleForward(p, target);
  boundOutput(p.output.output_buffer(), graph.nodes[graph.outputs[0]].shape);
  std::vector<Argument> args{p.input};
  for (const ImageParam &param : p.params)
    args.push_back(param);
  return Pipeline(p.output).compile_to_module(args, function, target);
}

std::optional<TrainPlanInfo> emitArtifact(const ArtifactGraphs &graphs, const ArtifactEmit &emit,
                                          const StagingDir &out) {
  std::optional<TrainPlanInfo> plan;
  withHalideErrors([&] {
    ArtifactBuild build(emit, Target(emit.target));
    Target target = build.pipelineTarget();
    const kg::Graph &forward = graphs.forward;
    build.add(graphs.forwardFunction, graphs.forwardFunction, forward.nodes.size(),
              [&forward, name = graphs.forwardFunction, target] { return forwardModule(forward, name, target); });
    if (graphs.trainStep)
      plan = addTrainStep(*graphs.trainStep, graphs.trainFunction, graphs.prefix, emit, build);
    build.build(out);
  });
  return plan;
}

} // namespace xcc
