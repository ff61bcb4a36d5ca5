// What fit() does differently on the ranks of a data-parallel job (FitOptions::collectives, data_parallel.h): who
// writes, where a resume's checkpoint comes from, the agreed stop, and the check that the ranks agree.
#ifndef XCC_RUNTIME_SRC_FIT_JOB_H
#define XCC_RUNTIME_SRC_FIT_JOB_H

#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/collectives.h"
#include "xcc/runtime/data_parallel.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt {

/// The options and data a run's result depends on (FitOptions::resumeKey plus fit's own).
using ResumeKey = std::vector<std::pair<std::string, std::string>>;

/// "SIGINT", "SIGTERM" or "signal N".
std::string signalName(int signal);

class Job {
public:
  /// A job of one (no collectives, or a job of size 1) is a fit in this process alone.
  Job(Model &model, Collectives *collectives);
  DataParallelStep *step() { return step_.get(); }
  /// Only rank 0 writes the checkpoint and prints.
  bool writes() const { return !step_ || step_->rank() == 0; }
  std::string describe() const { return collectives_ ? collectives_->describe() : "one process"; }
  /// The checkpoint a resume continues, if there is one: rank 0 reads it and sends it to the others, which need
  /// not see its folder (another host).
  std::optional<Checkpoint> resumeCheckpoint(const std::string &path);
  /// Whether any rank was asked to stop.
  bool stopAgreed(const std::atomic<int> *stopRequest);
  /// The process's own signal, or the words for a stop another rank was asked for.
  static std::string stopCause(const std::atomic<int> *stopRequest);
  /// Refuses ranks that differ in what must be the same (checkRanksAgree).
  void checkAgreement(const Model &model, const ResumeKey &key);

private:
  Collectives *collectives_ = nullptr;
  std::unique_ptr<DataParallelStep> step_;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_SRC_FIT_JOB_H
