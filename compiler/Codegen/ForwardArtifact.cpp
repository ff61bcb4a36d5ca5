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

std::string featuresFunction(const std::string &trainFunction) { return trainFunction + "_features"; }
std::string headForwardFunction(const std::string &trainFunction) { return trainFunction + "_head_forward"; }

namespace {

/// The forward of a split phase: the prefix's pipeline into a value, then the rest's, both in the forward library.
TrainPlanInfo prefixForward(const ArtifactGraphs &graphs, ArtifactBuild &build) {
  const PrefixGraphs &prefix = *graphs.prefix;
  TrainPlanInfo f;
  f.function = graphs.forwardFunction;
  f.params = int(graphs.forward.params.size());
  f.values = {prefix.features.nodes[prefix.features.outputs[0]].shape};
  std::string features = featuresFunction(graphs.trainFunction), rest = headForwardFunction(graphs.trainFunction);
  f.calls.push_back({features, {{XCC_ARG_INPUT}, {XCC_ARG_VALUE, 0}}});
  f.calls.push_back({rest, {{XCC_ARG_VALUE, 0}}});
  for (int i = 0; i < f.params; ++i)
    f.calls.back().args.push_back({XCC_ARG_PARAM, i});
  f.calls.back().args.push_back({XCC_ARG_OUTPUT});
  Target target = build.pipelineTarget();
  for (auto [graph, name] : {std::pair{&prefix.features, features}, {&prefix.headForward, rest}})
    build.add(graphs.forwardFunction, name, graph->nodes.size(),
              [graph = graph, name = name, target] { return forwardModule(*graph, name, target); });
  build.declare(graphs.forwardFunction, "#ifdef __cplusplus\nextern \"C\"\n#endif\nint " +
                                            graphs.forwardFunction + "_argv(void **args);\n");
  return f;
}

} // namespace

ArtifactPlans emitArtifact(const ArtifactGraphs &graphs, const ArtifactEmit &emit, const StagingDir &out) {
  ArtifactPlans plans;
  withHalideErrors([&] {
    ArtifactBuild build(emit, Target(emit.target));
    Target target = build.pipelineTarget();
    const kg::Graph &forward = graphs.forward;
    if (graphs.prefix)
      plans.forward = prefixForward(graphs, build);
    else
      build.add(graphs.forwardFunction, graphs.forwardFunction, forward.nodes.size(),
                [&forward, name = graphs.forwardFunction, target] { return forwardModule(forward, name, target); });
    if (graphs.trainStep)
      plans.train = addTrainStep(*graphs.trainStep, graphs.trainFunction, graphs.prefix, emit, build);
    build.build(out);
  });
  return plans;
}

} // namespace xcc
