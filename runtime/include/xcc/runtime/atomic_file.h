//===- atomic_file.h - files that are either old or new, never half-written -*- C++ -*-===//
//
// Checkpoints, exported weights and training logs must survive a killed process or a full disk: a reader sees
// the previous file or the complete new one. The recipe is the usual one: write a temporary file in the same
// folder, fsync it, rename it over the target, fsync the folder (so the rename itself is durable).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_ATOMIC_FILE_H
#define XCC_RUNTIME_ATOMIC_FILE_H

#include <functional>
#include <string>
#include <string_view>

namespace xcc::rt {

/// Replaces `path` with `bytes`. Throws RuntimeError naming the path and the reason ("No space left on device");
/// on failure the temporary file is removed and `path` keeps its previous content.
void writeFileAtomically(const std::string &path, std::string_view bytes);

/// For writers that need a file name of their own (libhdf5): `write(tempPath)` creates the file at tempPath,
/// then it is fsynced and renamed over `path`. An exception from `write` removes the temporary and propagates.
void replaceFileAtomically(const std::string &path, const std::function<void(const std::string &tempPath)> &write);

/// Removes the temporaries in `folder` that a killed writer left (kill -9 cannot be cleaned up after): files
/// named like this header's temporaries whose process no longer runs. Returns how many were removed.
size_t removeStaleTemporaries(const std::string &folder);

/// Whether something exists at `path` (a file, a folder, a link).
bool fileExists(const std::string &path);

/// Reads a whole file; throws RuntimeError naming the path and the reason.
std::string readFile(const std::string &path);

} // namespace xcc::rt

#endif // XCC_RUNTIME_ATOMIC_FILE_H
