//===- collectives.h - sums across the processes of a data-parallel fit -*- C++ -*-===//
//
// A data-parallel fit (data_parallel.h) needs few collective operations: sums of floats and doubles over every
// process, and rank 0's bytes on every process. Communicator is that set, implemented by MPI (runtime/mpi) and
// by anything a test wants. Collectives runs one on a thread of its own, as Horovod does: the MPI library is
// initialized, called and finalized from that thread only (MPI_THREAD_FUNNELED is all it needs), and gradient
// sums started during the backward run there while the generated code goes on.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_COLLECTIVES_H
#define XCC_RUNTIME_COLLECTIVES_H

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xcc::rt {

/// Every call is collective: each rank makes the same calls with the same counts, in the same order. A failure
/// (a rank gone, a network error) throws RuntimeError.
class Communicator {
public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// E.g. "Open MPI v4.1.4, 2 processes on 1 host": what `fit` prints.
  virtual std::string describe() const = 0;
  virtual void sum(float *values, size_t count) = 0;
  virtual void sum(double *values, size_t count) = 0;
  /// Rank 0's `bytes` on every rank.
  virtual void broadcast(std::string &bytes) = 0;
  /// Ends every process of the job at once, after a failure that only this rank saw (the others would wait in
  /// their next sum forever). Called from any thread.
  [[noreturn]] virtual void abort(int code) = 0;
};

/// A Communicator on its own thread. The blocking calls wait for it; startSum returns at once.
class Collectives {
public:
  /// Opens the communicator (e.g. MPI_Init_thread) on the new thread; throws what `open` throws.
  explicit Collectives(std::function<std::unique_ptr<Communicator>()> open);
  ~Collectives(); ///< closes it on its thread, after the work already posted
  Collectives(const Collectives &) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  const std::string &describe() const { return description_; }

  void sum(double *values, size_t count);
  void broadcast(std::string &bytes);
  /// A piece of a gradient bucket: `count` floats at `values`.
  struct Part {
    float *values;
    size_t count;
  };
  /// Starts to sum `parts` over the ranks, each value first multiplied by `scale`, as one message (Horovod's
  /// tensor fusion: a few large messages cost less than many small ones). The values are read now, into a buffer
  /// of the sum's own, and finishSums() writes the sums back: the communication thread never touches the
  /// caller's memory, which a step that fails may free before its sums end.
  void startSum(std::vector<Part> parts, float scale);
  /// Waits for every startSum and writes each sum back into its parts; throws the first failure.
  void finishSums();
  /// Waits for every startSum and drops the sums (their parts may be gone with a failed step). Throws nothing.
  void abandonSums();
  [[noreturn]] void abort(int code);

private:
  void post(std::function<void()> task);
  void wait(); ///< until the queue is empty; rethrows a failure
  void loop(std::function<std::unique_ptr<Communicator>()> open);

  std::unique_ptr<Communicator> communicator_;
  int rank_ = 0, size_ = 1;
  std::string description_;
  /// The sums started since the last finish, each with its fused buffer (kept between steps, so that a step of
  /// the same buckets allocates nothing).
  struct StartedSum {
    std::vector<Part> parts;
    std::vector<float> fused;
  };
  std::vector<StartedSum> started_;
  size_t startedCount_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;
  bool busy_ = false, opened_ = false, closing_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_COLLECTIVES_H
