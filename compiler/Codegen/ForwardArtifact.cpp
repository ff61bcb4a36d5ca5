#include "Codegen/HalideCompile.h"
#include "Halide/LoweredModel.h"
#include "schedules/forward_schedule.h"

using namespace Halide;

namespace xcc {

std::map<OutputFileType, std::string> outputFiles(const ArtifactEmit &emit, const StagingDir &out) {
  std::map<OutputFileType, std::string> files;
  if (emit.library) {
    files[OutputFileType::static_library] = out.path(emit.function + ".a");
    files[OutputFileType::c_header] = out.path(emit.function + ".h");
  }
  if (emit.stmt)
    files[OutputFileType::stmt] = out.path(emit.function + ".stmt");
  return files;
}

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

void emitForward(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out) {
  withHalideErrors([&] {
    Target target(emit.target);
    Module module = forwardModule(graph, emit.function, emit.runtime ? target : target.with_feature(Target::NoRuntime));
    std::map<OutputFileType, std::string> files = outputFiles(emit, out);
    if (!files.empty())
      module.compile(files);
  });
}

} // namespace xcc
