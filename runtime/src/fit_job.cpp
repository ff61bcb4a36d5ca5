#include "fit_job.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/weights/weights.h"

#include <nlohmann/json.hpp>

#include <csignal>

namespace xcc::rt {

std::string signalName(int signal) {
  return signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal " + std::to_string(signal);
}

Job::Job(Model &model, Collectives *collectives) {
  if (collectives && collectives->size() > 1)
    step_ = std::make_unique<DataParallelStep>(model, *collectives);
  collectives_ = step_ ? collectives : nullptr;
}

std::optional<Checkpoint> Job::resumeCheckpoint(const std::string &path) {
  std::string bytes;
  if (writes() && fileExists(path)) {
    bytes = readFile(path);
    if (bytes.empty())
      bytes = " "; // a broken file still gets its message from parseCheckpoint
  }
  if (collectives_)
    collectives_->broadcast(bytes);
  if (bytes.empty())
    return std::nullopt;
  return parseCheckpoint(bytes, path);
}

bool Job::stopAgreed(const std::atomic<int> *stopRequest) {
  double stop = stopRequest && stopRequest->load() ? 1 : 0;
  if (collectives_)
    collectives_->sum(&stop, 1);
  return stop > 0;
}

std::string Job::stopCause(const std::atomic<int> *stopRequest) {
  int signal = stopRequest ? stopRequest->load() : 0;
  return signal ? signalName(signal) : "a stop request to another process of the job";
}

void Job::checkAgreement(const Model &model, const ResumeKey &key) {
  if (!collectives_)
    return;
  std::string state; // the parameters' hashes and the step count
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i)
    state += weights::valuesHash(model.parameter(i));
  state += std::to_string(model.iterations());
  const std::string manifest = model.manifestJson();
  checkRanksAgree(*collectives_, {{"artifact", weights::bytesHash(manifest.data(), manifest.size())},
                                  {"options and data", nlohmann::json(key).dump()},
                                  {"starting weights", weights::bytesHash(state.data(), state.size())}});
}

} // namespace xcc::rt
