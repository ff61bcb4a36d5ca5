// What the compiler-side targets (fuzz_mlir, fuzz_keras_config) share: the sanitizer defaults that mixing Debian's
// MLIR (uninstrumented, no RTTI) with instrumented code needs. ASAN_OPTIONS and UBSAN_OPTIONS add to these.
//
// Debian's MLIR libraries are not instrumented, but templates from LLVM's headers (BumpPtrAllocator, SmallVector)
// are instantiated in our instrumented files too, and the linker keeps one copy of each. LLVM's headers poison a
// new allocator slab for ASan builds and unpoison each allocation; when the poisoning copy is ours and the
// allocating copy the library's, a valid object reads as "use-after-poison". Manual poisoning is what mismatches,
// so it is turned off; every other check stays.
#ifndef XCC_TEST_FUZZ_FUZZ_COMPILER_H
#define XCC_TEST_FUZZ_FUZZ_COMPILER_H

extern "C" const char *__asan_default_options() { return "allow_user_poisoning=0"; }

// ubsan-rtti-boundary.supp says why.
extern "C" const char *__ubsan_default_options() {
  return "halt_on_error=1:suppressions=" XCC_FUZZ_UBSAN_SUPPRESSIONS;
}

#endif // XCC_TEST_FUZZ_FUZZ_COMPILER_H
