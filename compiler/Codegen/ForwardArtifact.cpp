#include "Codegen/ArtifactBuild.h"
#include "Codegen/HalideCompile.h"
#include "Halide/LoweredModel.h"
#include "KernelGraph/FrozenPrefix.h"
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

Module forwardModule(const kg::Graph &graph, const std::string &function, const Target &target,
                     hl::GemmPrecision precision) {
  hl::LoweredModel p = hl::buildModel(graph, precision);
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

/// Adds forward graph `graph` as function `name` of library `library`: the pipelines <name>_part<k> of its chain
/// and, in `plans`, the plan that runs them (even for one piece: the driver checks the buffers, ArtifactBuild.h).
void addForward(const kg::Graph &graph, const std::string &name, const std::string &library,
                const ArtifactEmit &emit, ArtifactBuild &build, ArtifactPlans &plans) {
  Target target = build.pipelineTarget();
  hl::GemmPrecision precision = build.precision(graph.dtypePolicy);
  std::vector<kg::FrozenSplit> chain = kg::splitChain(graph, emit.sliceNodes);
  TrainPlanInfo f;
  f.function = name;
  f.params = int(graph.params.size());
  for (size_t k = 0; k < chain.size(); ++k) {
    auto piece = std::make_shared<const kg::Graph>(std::move(chain[k].prefix));
    auto shapeOf = [&](int node) { return piece->nodes[size_t(node)].shape; };
    std::string pipeline = name + "_part" + std::to_string(k);
    TrainPlanInfo::Call call{pipeline, {k == 0 ? TrainPlanInfo::ArgRef{XCC_ARG_INPUT}
                                               : TrainPlanInfo::ArgRef{XCC_ARG_VALUE, int(k) - 1}}};
    call.args[0].shape = shapeOf(piece->inputs[0]);
    for (size_t i = 0; i < chain[k].prefixParams.size(); ++i)
      call.args.push_back({XCC_ARG_PARAM, chain[k].prefixParams[i], shapeOf(piece->params[i])});
    if (k + 1 < chain.size()) {
      call.args.push_back({XCC_ARG_VALUE, int(k), shapeOf(piece->outputs[0])});
      f.values.push_back(shapeOf(piece->outputs[0]));
    } else {
      call.args.push_back({XCC_ARG_OUTPUT, 0, shapeOf(piece->outputs[0])});
    }
    f.calls.push_back(call);
    build.add(library, pipeline, piece->nodes.size(),
              [piece, pipeline, target, precision] { return forwardModule(*piece, pipeline, target, precision); });
  }
  plans.driven.push_back(std::move(f));
}

/// The forward of a split phase: the prefix's function into a value, then the rest's, both in the forward library.
void addPrefixForward(const ArtifactGraphs &graphs, const ArtifactEmit &emit, ArtifactBuild &build,
                      ArtifactPlans &plans) {
  const PrefixGraphs &prefix = *graphs.prefix;
  std::string features = featuresFunction(graphs.trainFunction), rest = headForwardFunction(graphs.trainFunction);
  addForward(prefix.features, features, graphs.forwardFunction, emit, build, plans);
  addForward(prefix.headForward, rest, graphs.forwardFunction, emit, build, plans);
  TrainPlanInfo f;
  f.function = graphs.forwardFunction;
  f.params = int(graphs.forward.params.size());
  auto shapeOf = [](const kg::Graph &g, int node) { return g.nodes[size_t(node)].shape; };
  std::vector<int64_t> featureShape = shapeOf(prefix.features, prefix.features.outputs[0]);
  f.values = {featureShape};
  f.calls.push_back({features, {{XCC_ARG_INPUT, 0, shapeOf(prefix.features, prefix.features.inputs[0])},
                                {XCC_ARG_VALUE, 0, featureShape}}});
  f.calls.push_back({rest, {{XCC_ARG_VALUE, 0, featureShape}}});
  for (int i = 0; i < f.params; ++i)
    f.calls.back().args.push_back({XCC_ARG_PARAM, i, shapeOf(prefix.headForward, prefix.headForward.params[size_t(i)])});
  f.calls.back().args.push_back({XCC_ARG_OUTPUT, 0, shapeOf(prefix.headForward, prefix.headForward.outputs[0])});
  plans.driven.push_back(std::move(f));
}

} // namespace

ArtifactPlans emitArtifact(const ArtifactGraphs &graphs, const ArtifactEmit &emit, const StagingDir &out) {
  ArtifactPlans plans;
  withHalideErrors([&] {
    ArtifactBuild build(emit);
    plans.matmul = hl::gemmPrecisionName(build.precision(graphs.forward.dtypePolicy));
    if (graphs.prefix)
      addPrefixForward(graphs, emit, build, plans);
    else
      addForward(graphs.forward, graphs.forwardFunction, graphs.forwardFunction, emit, build, plans);
    build.declare(graphs.forwardFunction, drivenDeclarations(graphs.forwardFunction, graphs.forward.params.size()));
    if (graphs.trainStep)
      plans.train = addTrainStep(*graphs.trainStep, graphs.trainFunction, graphs.prefix, emit, build);
    build.build(out);
  });
  return plans;
}

} // namespace xcc
