#include "Codegen/ArtifactBuild.h"
#include "Backend/ObjectCode.h"
#include "Codegen/HalideCompile.h"
#include "Codegen/Target.h"
#include "Support/CompileCache.h"
#include "Support/ParallelJobs.h"
#include "Support/TimeReport.h"

#include <dlfcn.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

using namespace Halide;

namespace xcc {
namespace {

/// A pipeline's header or statement fragment, written by its worker.
std::string readFragment(const std::filesystem::path &path) {
  std::string text;
  if (!readFile(path, text))
    throw std::runtime_error("cannot read '" + path.string() + "'");
  return text;
}

/// The Halide library this process compiles with: its file's path, size and time, since an upgrade of the
/// shared library changes the code without changing xcc's executable.
std::string halideIdentity() {
  Dl_info info{};
  std::error_code ec;
  if (!::dladdr(reinterpret_cast<const void *>(static_cast<void (*)(const std::string &, const Target &)>(
                                                     &Halide::compile_standalone_runtime)),
                    &info) || !info.dli_fname)
    return "unknown";
  std::filesystem::path lib = std::filesystem::canonical(info.dli_fname, ec);
  auto size = std::filesystem::file_size(lib, ec);
  auto time = std::filesystem::last_write_time(lib, ec).time_since_epoch().count();
  return lib.string() + ":" + std::to_string(size) + ":" + std::to_string(time);
}

/// The Halide runtime, compiled once per artifact like a pipeline.
const char *const kRuntimeObject = "halide_runtime.o";

} // namespace

ArtifactBuild::ArtifactBuild(const ArtifactEmit &emit) : emit(emit) {
  target = Target(halideTargetString(emit.target, &amxTiles));
  dropFeatures = llvmFeaturesToDrop(target);
}

void ArtifactBuild::add(const std::string &library, const std::string &name, size_t cost,
                        std::function<Module()> lower) {
  if (std::find(libraries.begin(), libraries.end(), library) == libraries.end())
    libraries.push_back(library);
  jobs.push_back({library, name, cost, std::move(lower)});
}

void ArtifactBuild::compileJob(const Job &job, const StagingDir &out) const {
  withHalideErrors([&] {
    Module module = [&] {
      TimeReport::Scope time("Halide lowering: " + job.name);
      return job.lower();
    }();
    std::map<OutputFileType, std::string> files;
    const bool viaBitcode = emit.library && !dropFeatures.empty(); // Backend/ObjectCode.h writes the object
    const std::string object = out.scratch(job.name + ".o"), bitcode = out.scratch(job.name + ".bc");
    if (viaBitcode)
      files[OutputFileType::bitcode] = bitcode;
    else if (emit.library)
      files[OutputFileType::object] = object;
    if (emit.library)
      files[OutputFileType::c_header] = out.scratch(job.name + ".h");
    if (emit.stmt)
      files[OutputFileType::stmt] = out.scratch(job.name + ".stmt");
    TimeReport::Scope time("LLVM: " + job.name);
    module.compile(files);
    if (viaBitcode) {
      backend::objectFromBitcode(bitcode, object, dropFeatures);
      std::filesystem::remove(bitcode);
    }
  });
}

void ArtifactBuild::writeLibrary(const std::string &library, const std::vector<const Job *> &members,
                                 bool withRuntime, const StagingDir &out) const {
  TimeReport::Scope time("archive: " + library);
  if (emit.library) {
    std::vector<std::string> objects;
    std::string header;
    for (const Job *job : members) {
      objects.push_back(out.scratch(job->name + ".o"));
      header += readFragment(out.scratch(job->name + ".h"));
    }
    if (withRuntime)
      objects.push_back(out.scratch(kRuntimeObject));
    withHalideErrors([&] { create_static_library(objects, target, out.path(library + ".a")); });
    if (auto it = declarations.find(library); it != declarations.end())
      header += it->second;
    out.write(library + ".h", header);
  }
  if (emit.stmt) {
    std::string stmt;
    for (const Job *job : members)
      stmt += readFragment(out.scratch(job->name + ".stmt"));
    out.write(library + ".stmt", stmt);
  }
}

std::vector<std::string> ArtifactBuild::outputs() const {
  std::vector<std::string> files;
  for (const std::string &library : libraries) {
    if (emit.library)
      files.insert(files.end(), {library + ".a", library + ".h"});
    if (emit.stmt)
      files.push_back(library + ".stmt");
  }
  return files;
}

std::string ArtifactBuild::cacheKey() const {
  KeyHasher key;
  key.add(emit.cacheKey).add(emit.target).add(std::to_string(emit.sliceNodes)).add(emit.shareRepeats ? "share" : "");
  key.add(halideIdentity());
  for (const Job &job : jobs)
    key.add(job.library).add(job.name);
  for (const auto &[library, text] : declarations)
    key.add(library).add(text);
  for (const std::string &file : outputs())
    key.add(file);
  return key.hex();
}

void ArtifactBuild::build(const StagingDir &out) const {
  CompileCache cache(emit.cacheKey.empty() ? std::string() : emit.cacheFolder);
  std::string key = cache.enabled() ? cacheKey() : "";
  {
    TimeReport::Scope time("compile cache");
    if (cache.fetch(key, out.path(""), outputs()))
      return;
  }
  compileAll(out);
  TimeReport::Scope time("compile cache");
  cache.store(key, out.path(""), outputs());
}

void ArtifactBuild::compileAll(const StagingDir &out) const {
  std::vector<size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return jobs[a].cost > jobs[b].cost; });
  unsigned workers = emit.jobs > 0 ? emit.jobs : availableCores();
  // The runtime last: it takes about a second, a filler for an idle worker.
  size_t count = order.size() + (withRuntime() ? 1 : 0);
  runParallelJobs(count, workers, [&](size_t k) {
    if (k < order.size())
      return compileJob(jobs[order[k]], out);
    TimeReport::Scope time("Halide runtime");
    withHalideErrors([&] { compile_standalone_runtime(out.scratch(kRuntimeObject), target); });
  });
  // In workers too: Halide's archive writer (LLVM 14) aborts the process on a write error such as a full disk,
  // which a worker turns into this compile's error message.
  runParallelJobs(libraries.size(), workers, [&](size_t l) {
    std::vector<const Job *> members;
    for (const Job &job : jobs)
      if (job.library == libraries[l])
        members.push_back(&job);
    writeLibrary(libraries[l], members, withRuntime() && l + 1 == libraries.size(), out);
  });
}

} // namespace xcc
