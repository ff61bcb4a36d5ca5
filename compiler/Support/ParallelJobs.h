// Runs independent compile jobs in parallel worker processes. Processes, not threads: Halide 14's lowering keeps
// process-wide state (unique names, the introspection and JIT caches) that is not documented as thread-safe, and
// a worker that crashes or runs out of memory must not take the compile's error report with it.
#ifndef XCC_SUPPORT_PARALLELJOBS_H
#define XCC_SUPPORT_PARALLELJOBS_H

#include <cstddef>
#include <functional>

namespace xcc {

/// The cores this process may run on (its CPU affinity), at least 1.
unsigned availableCores();

/// Runs `job(0)` .. `job(count - 1)`, each in a process of its own forked from this one, up to `workers` at a
/// time, in index order (so put the longest first). A job reports failure by throwing std::exception; no job
/// starts after a failure. The workers' time report stages are added to this process's. Throws
/// std::runtime_error with the first failed job's message (or the signal that ended its worker) once every
/// started worker has stopped.
void runParallelJobs(size_t count, unsigned workers, const std::function<void(size_t)> &job);

} // namespace xcc

#endif // XCC_SUPPORT_PARALLELJOBS_H
