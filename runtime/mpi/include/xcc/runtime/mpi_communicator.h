//===- mpi_communicator.h - Communicator on MPI ---------------------*- C++ -*-===//
//
// The data-parallel fit's collectives on MPI (Open MPI 4.1 on Debian; anything MPI-3 works): one engine that
// mpirun, Slurm's srun and every HPC scheduler know how to launch across hosts, with ring and tree allreduce
// already tuned for the links. Gloo was the alternative; MPI won because users already launch with it, and its
// launcher (not xcc) finds the hosts, starts the processes and kills the job when one dies.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_MPI_COMMUNICATOR_H
#define XCC_RUNTIME_MPI_COMMUNICATOR_H

#include "xcc/runtime/collectives.h"

#include <memory>

namespace xcc::rt {

/// Initializes MPI (MPI_THREAD_FUNNELED: only the calling thread, Collectives' own, ever calls MPI) on
/// MPI_COMM_WORLD; finalizes it when destroyed. Errors return to xcc, which throws RuntimeError with MPI's
/// message, instead of MPI's default of aborting.
std::unique_ptr<Communicator> openMpiCommunicator();

} // namespace xcc::rt

#endif // XCC_RUNTIME_MPI_COMMUNICATOR_H
