//===- error.h - Runtime error types ----------------------------*- C++ -*-===//
//
// Every runtime failure is reported as an exception derived from RuntimeError
// (a std::runtime_error, xcc/initializers/error.h) whose message names the
// offending path and the reason, so a caller can print it as-is.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_ERROR_H
#define XCC_RUNTIME_ERROR_H

#include "xcc/initializers/error.h"

#include <string>

namespace xcc::rt {

/// Bad arguments or an unusable directory layout while listing a dataset.
class DatasetError : public RuntimeError {
public:
  using RuntimeError::RuntimeError;
};

/// A file that cannot be read or decoded as an image.
class DecodeError : public RuntimeError {
public:
  DecodeError(const std::string &path, const std::string &reason)
      : RuntimeError("cannot decode image '" + path + "': " + reason),
        path_(path), reason_(reason) {}
  const std::string &path() const { return path_; }
  const std::string &reason() const { return reason_; }

private:
  std::string path_;
  std::string reason_;
};

/// A failure that every process of a data-parallel job meets at the same point (e.g. ranks that disagree on the
/// data): the job ends with one message and a clean shutdown instead of an abort.
class JobError : public RuntimeError {
public:
  using RuntimeError::RuntimeError;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_ERROR_H
