//===- error.h - the root of xcc's runtime errors ---------------*- C++ -*-===//
//
// RuntimeError is declared here, in the lowest library that throws it, so that this library needs nothing from
// xcc_runtime and its callers still catch what they always caught: parseInitializer and initialValues throw it,
// and the runtime's narrower kinds derive from it (xcc/runtime/error.h, which includes this header).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_INITIALIZERS_ERROR_H
#define XCC_INITIALIZERS_ERROR_H

#include <stdexcept>

namespace xcc::rt {

/// Base class of all runtime errors: a std::runtime_error whose message names the offending path or value and
/// the reason, so a caller can print it as-is.
class RuntimeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace xcc::rt

#endif // XCC_INITIALIZERS_ERROR_H
