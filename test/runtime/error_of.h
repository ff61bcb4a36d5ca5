// The message of the error a call throws: the runtime tests check what users are told.
#ifndef XCC_TEST_RUNTIME_ERROR_OF_H
#define XCC_TEST_RUNTIME_ERROR_OF_H

#include "xcc/runtime/error.h"

#include <string>

namespace xcc::rt::test {

/// e.what() of the E (a RuntimeError, or a narrower kind such as DatasetError) `f` throws, or "(no error)".
template <class E = RuntimeError, class F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const E &e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace xcc::rt::test

#endif // XCC_TEST_RUNTIME_ERROR_OF_H
