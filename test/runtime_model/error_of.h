// The message of the RuntimeError a call throws: the runtime-model tests check what users are told.
#ifndef XCC_TEST_RUNTIME_MODEL_ERROR_OF_H
#define XCC_TEST_RUNTIME_MODEL_ERROR_OF_H

#include "xcc/runtime/error.h"

#include <string>

namespace xcc::rt::test {

/// e.what() of the RuntimeError `f` throws, or "(no RuntimeError)".
template <class F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const RuntimeError &e) {
    return e.what();
  }
  return "(no RuntimeError)";
}

} // namespace xcc::rt::test

#endif // XCC_TEST_RUNTIME_MODEL_ERROR_OF_H
