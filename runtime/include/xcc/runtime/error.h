//===- error.h - Runtime error types ----------------------------*- C++ -*-===//
//
// Every runtime failure is reported as an exception derived from
// std::runtime_error whose message names the offending path and the reason,
// so a caller can print it as-is.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_ERROR_H
#define XCC_RUNTIME_ERROR_H

#include <stdexcept>
#include <string>

namespace xcc::rt {

/// Base class of all runtime errors.
class RuntimeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

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

} // namespace xcc::rt

#endif // XCC_RUNTIME_ERROR_H
