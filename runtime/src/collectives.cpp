#include "xcc/runtime/collectives.h"

#include <algorithm>
#include <cstdlib>

namespace xcc::rt {

Collectives::Collectives(std::function<std::unique_ptr<Communicator>()> open)
    : thread_([this, open = std::move(open)] { loop(open); }) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return opened_; });
  if (failure_) {
    lock.unlock();
    thread_.join();
    std::rethrow_exception(failure_);
  }
}

Collectives::~Collectives() {
  if (!thread_.joinable())
    return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Collectives::loop(std::function<std::unique_ptr<Communicator>()> open) {
  try {
    communicator_ = open();
    rank_ = communicator_->rank();
    size_ = communicator_->size();
    description_ = communicator_->describe();
  } catch (...) {
    failure_ = std::current_exception();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    opened_ = true;
  }
  changed_.notify_all();
  if (!communicator_)
    return;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
    if (queue_.empty())
      break; // closing, with nothing left to do
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      task();
    } catch (...) {
      failed = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    if (failed && !failure_)
      failure_ = failed;
    changed_.notify_all();
  }
  lock.unlock();
  communicator_.reset(); // MPI_Finalize, on the thread that initialized it
}

void Collectives::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  changed_.notify_all();
}

void Collectives::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
  if (failure_) {
    std::exception_ptr f = failure_;
    failure_ = nullptr;
    std::rethrow_exception(f);
  }
}

void Collectives::sum(double *values, size_t count) {
  post([=] { communicator_->sum(values, count); });
  wait();
}

void Collectives::broadcast(std::string &bytes) {
  post([&] { communicator_->broadcast(bytes); });
  wait();
}

void Collectives::startSum(std::vector<Part> parts, float scale) {
  if (startedCount_ == started_.size())
    started_.emplace_back();
  StartedSum &s = started_[startedCount_++];
  s.parts = std::move(parts);
  size_t total = 0;
  for (const Part &p : s.parts)
    total += p.count;
  s.fused.resize(total);
  float *at = s.fused.data();
  for (const Part &p : s.parts)
    at = std::transform(p.values, p.values + p.count, at, [scale](float x) { return x * scale; });
  float *fused = s.fused.data(); // stays put: started_ may grow, but a vector's buffer moves with it
  post([this, fused, total] { communicator_->sum(fused, total); });
}

void Collectives::abort(int code) {
  communicator_->abort(code);
  std::abort(); // not reached: the compiler cannot see through the virtual call that it does not return
}

void Collectives::finishSums() {
  try {
    wait();
  } catch (...) {
    startedCount_ = 0;
    throw;
  }
  for (size_t k = 0; k < startedCount_; ++k) {
    const float *from = started_[k].fused.data();
    for (const Part &p : started_[k].parts) {
      std::copy(from, from + p.count, p.values);
      from += p.count;
    }
  }
  startedCount_ = 0;
}

void Collectives::abandonSums() {
  try {
    wait();
  } catch (...) {
  }
  startedCount_ = 0;
}

} // namespace xcc::rt
