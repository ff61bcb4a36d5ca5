// Which data-parallel job a `fit` belongs to (data_parallel.h): MPI's, when a launcher started the process.
#include "commands.h"

#include "xcc/runtime/error.h"
#ifdef XCC_HAVE_MPI
#include "xcc/runtime/mpi_communicator.h"
#endif

#include <cstdlib>

namespace xcc::rt::cli {
namespace {

/// What mpirun (Open MPI, MPICH) and srun (PMI/PMIx) put in each process's environment.
bool startedByLauncher() {
  for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name))
      return true;
  return false;
}

} // namespace

std::unique_ptr<Collectives> joinJob(bool asked) {
  if (!asked && !startedByLauncher())
    return nullptr;
#ifdef XCC_HAVE_MPI
  return std::make_unique<Collectives>(openMpiCommunicator);
#else
  // Without this refusal, N processes started by mpirun would each train alone and overwrite each other's files.
  throw UsageError(std::string(asked ? "--distributed" : "this process was started by an MPI launcher, which") +
                   " needs xcc's MPI support, and this build has none: install libopenmpi-dev "
                   "(scripts/install-deps.sh does) and rebuild");
#endif
}

} // namespace xcc::rt::cli
