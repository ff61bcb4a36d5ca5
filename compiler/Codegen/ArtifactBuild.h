// The pipelines of an artifact, lowered and compiled each into its own object in parallel worker processes,
// then archived into the artifact's static libraries. One LLVM run per pipeline: no linked whole-artifact module
// (which LLVM optimised on one core for minutes), and every core busy.
// Halide side only (RTTI).
#ifndef XCC_CODEGEN_ARTIFACTBUILD_H
#define XCC_CODEGEN_ARTIFACTBUILD_H

#include "Codegen/ForwardArtifact.h"
#include "Halide/LoweredModel.h"

#include "Halide.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace xcc {

class ArtifactBuild {
public:
  /// For emit.target, an xcc target string (Codegen/Target.h): the pipelines get its Halide part with NoRuntime;
  /// one runtime goes into the last library.
  explicit ArtifactBuild(const ArtifactEmit &emit);

  /// How the pipelines' GEMMs multiply, for a graph of `policy`.
  hl::GemmPrecision precision(xnn::DtypePolicy policy) const { return hl::gemmPrecision(policy, target, amxTiles); }

  /// The target pipelines are lowered for. Without Halide's checks of their buffers (NoAsserts) and bounds
  /// queries: they doubled the lowering time (Xception fine-tune compile 57.3/74.5 s with them, 27.8/29.3 s
  /// without; head phase 18.9/18.6 s, 13.7/12.6 s: BENCHMARKS.md, "Compile time"). Every pipeline is called
  /// only by the entry point's driver, which checks each buffer against the shape its pipeline was compiled for
  /// (xcc/runtime/train_plan.h), and the runtime's halide_malloc does not return null.
  Halide::Target pipelineTarget() const {
    return target.with_feature(Halide::Target::NoRuntime)
        .with_feature(Halide::Target::NoAsserts)
        .with_feature(Halide::Target::NoBoundsQuery);
  }

  /// Adds pipeline `name` to library `library` (<library>.a, .h, .stmt). `lower` builds and lowers it; it runs
  /// in a worker. `cost` orders the work: the most expensive pipelines start first.
  void add(const std::string &library, const std::string &name, size_t cost, std::function<Halide::Module()> lower);

  /// Appends `text` to library `library`'s header (a declaration the entry point defines).
  void declare(const std::string &library, const std::string &text) { declarations[library] += text; }

  /// Compiles every pipeline (emit.jobs workers), then writes the libraries into `out`, in the order they were
  /// first named; the last one carries the Halide runtime (none with NoRuntime). Throws std::runtime_error on
  /// failure.
  /// With emit.cacheFolder, reuses the libraries of an earlier build of the same key instead, and stores new ones.
  void build(const StagingDir &out) const;

private:
  struct Job {
    std::string library, name;
    size_t cost;
    std::function<Halide::Module()> lower;
  };
  void compileJob(const Job &job, const StagingDir &out) const;
  void compileAll(const StagingDir &out) const;
  /// The files build() writes, and the key they are cached under.
  std::vector<std::string> outputs() const;
  std::string cacheKey() const;
  void writeLibrary(const std::string &library, const std::vector<const Job *> &jobs, bool withRuntime,
                    const StagingDir &out) const;

  /// A target with NoRuntime: a variant whose program gets the Halide runtime from another variant's library
  /// (compiled for the most basic CPU of them, which every variant's CPU runs).
  bool withRuntime() const { return emit.library && !target.has_feature(Halide::Target::NoRuntime); }

  ArtifactEmit emit;
  Halide::Target target;
  bool amxTiles = false;
  /// LLVM features the object code must not use (llvmFeaturesToDrop): then this build's LLVM writes it.
  std::vector<std::string> dropFeatures;
  std::vector<Job> jobs;
  std::vector<std::string> libraries;
  std::map<std::string, std::string> declarations;
};

} // namespace xcc

#endif // XCC_CODEGEN_ARTIFACTBUILD_H
