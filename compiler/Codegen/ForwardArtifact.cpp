#include "Codegen/ForwardArtifact.h"
#include "Conversion/HalideForward.h"
#include "schedules/forward_schedule.h"

using namespace Halide;

namespace xcc {

static void emitForwardOrThrow(const kg::Graph &graph, const ForwardEmit &emit, const StagingDir &out) {
  hl::ForwardPipeline p = hl::buildForward(graph);
  Target target(emit.target);
  hl::scheduleForward(p, target);
  // The output's non-batch extents are static: tell Halide, so that it checks callers and folds indexing.
  const std::vector<int64_t> &shape = graph.nodes[graph.outputs[0]].shape;
  for (size_t k = 1; k < shape.size(); ++k)
    p.output.output_buffer().dim(int(shape.size() - 1 - k)).set_bounds(0, int(shape[k]));

  std::vector<Argument> args{p.input};
  for (const ImageParam &param : p.params)
    args.push_back(param);
  std::map<OutputFileType, std::string> files;
  if (emit.library) {
    files[OutputFileType::static_library] = out.path(emit.function + ".a");
    files[OutputFileType::c_header] = out.path(emit.function + ".h");
  }
  if (emit.stmt)
    files[OutputFileType::stmt] = out.path(emit.function + ".stmt");
  if (!files.empty())
    Pipeline(p.output).compile_to(files, args, emit.function, target);
}

void emitForward(const kg::Graph &graph, const ForwardEmit &emit, const StagingDir &out) {
  // Callers do not see Halide's exception types (they are built without RTTI): report as runtime_error.
  try {
    emitForwardOrThrow(graph, emit, out);
  } catch (const Halide::Error &e) {
    throw std::runtime_error(std::string("Halide: ") + e.what());
  }
}

} // namespace xcc
