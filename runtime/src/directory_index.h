//===- directory_index.h - Keras-ordered directory walk (internal) -*- C++ -*-//
#ifndef XCC_RUNTIME_SRC_DIRECTORY_INDEX_H
#define XCC_RUNTIME_SRC_DIRECTORY_INDEX_H

#include <string>
#include <vector>

namespace xcc::rt::detail {

/// Python's os.path.join for two relative-or-absolute POSIX components.
std::string joinPath(const std::string &a, const std::string &b);

/// True if the lower-cased name ends with one of Keras's image extensions.
bool hasAllowedExtension(const std::string &fileName);

/// Throws DatasetError unless `directory` exists and is a directory.
void requireDirectory(const std::string &directory);

/// Keras's class discovery: sorted entries of `directory` that are
/// directories (symlinks followed) and do not start with '.'.
std::vector<std::string> listClassFolders(const std::string &directory);

/// Keras's iter_valid_files order: every directory reachable from `top`
/// (symlinked ones only if followLinks), sorted by its path string, then
/// that directory's matching file names sorted. Returns paths relative to
/// `top`, joined with '/'. Unlike os.walk, a directory that cannot be read is
/// an error (DatasetError naming it), not a silently smaller data set. Entries
/// with an image extension that are not regular files (FIFOs, devices,
/// sockets, broken links) are left out, unopened, and added to `special`.
std::vector<std::string> walkImageFiles(const std::string &top,
                                        bool followLinks,
                                        std::vector<std::string> &special);

} // namespace xcc::rt::detail

#endif // XCC_RUNTIME_SRC_DIRECTORY_INDEX_H
