// Ranks of a data-parallel job as threads of one process: a Communicator (collectives.h) for tests, so that the
// data-parallel code runs without MPI, under the sanitizers too.
#ifndef XCC_TEST_THREAD_COMMUNICATOR_H
#define XCC_TEST_THREAD_COMMUNICATOR_H

#include "xcc/runtime/collectives.h"

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

namespace xcc::rt::test {

/// std::barrier, which C++17 lacks.
class Barrier {
public:
  explicit Barrier(int n) : n_(n) {}
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    if (++waiting_ == n_) {
      waiting_ = 0;
      ++generation_;
      changed_.notify_all();
      return;
    }
    changed_.wait(lock, [&] { return generation_ != generation; });
  }

private:
  const int n_;
  int waiting_ = 0;
  long generation_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
};

/// Ranks as threads of this process: each sum waits until every rank has added its values.
struct Room {
  explicit Room(int n) : ranks(n), arrive(n), leave(n) {}
  int ranks;
  Barrier arrive, leave;
  std::mutex mutex;
  std::vector<double> total;
  std::string shared;
};

class ThreadCommunicator : public Communicator {
public:
  ThreadCommunicator(Room &room, int rank) : room_(room), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return room_.ranks; }
  std::string describe() const override { return "threads"; }
  void sum(float *values, size_t count) override { add(values, count); }
  void sum(double *values, size_t count) override { add(values, count); }
  void broadcast(std::string &bytes) override {
    if (rank_ == 0)
      room_.shared = bytes;
    room_.arrive.arrive_and_wait();
    bytes = room_.shared;
    room_.leave.arrive_and_wait();
  }
  [[noreturn]] void abort(int) override { std::abort(); }

private:
  template <typename T> void add(T *values, size_t count) {
    {
      std::lock_guard<std::mutex> lock(room_.mutex);
      if (room_.total.size() != count)
        room_.total.assign(count, 0.0);
    }
    room_.arrive.arrive_and_wait();
    {
      std::lock_guard<std::mutex> lock(room_.mutex);
      for (size_t i = 0; i < count; ++i)
        room_.total[i] += double(values[i]);
    }
    room_.arrive.arrive_and_wait();
    for (size_t i = 0; i < count; ++i)
      values[i] = T(room_.total[i]);
    room_.leave.arrive_and_wait();
    if (rank_ == 0)
      room_.total.clear();
    room_.leave.arrive_and_wait();
  }
  Room &room_;
  int rank_;
};

} // namespace xcc::rt::test

#endif // XCC_TEST_THREAD_COMMUNICATOR_H
