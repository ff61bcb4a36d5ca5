# MLIR/LLVM 19 and Halide 14 side by side.
# find_package(Halide) overwrites LLVM_* variables with LLVM 14's, so MLIR's view of LLVM 19 is saved first and
# exported as XCC_MLIR_INCLUDE_DIRS / XCC_MLIR_DEFINITIONS for the compiler targets.
# MLIR's config accepts only its exact version, so the major version is checked by hand.
find_package(MLIR REQUIRED CONFIG HINTS /usr/lib/llvm-19/lib/cmake/mlir)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "xcc needs MLIR/LLVM 19, found ${LLVM_PACKAGE_VERSION} at ${MLIR_DIR}")
endif()
message(STATUS "xcc: MLIR from ${MLIR_DIR}, LLVM ${LLVM_PACKAGE_VERSION}")
set(XCC_LLVM_VERSION "${LLVM_PACKAGE_VERSION}") # for `xcc --version`, before Halide replaces it

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

set(XCC_MLIR_INCLUDE_DIRS ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
separate_arguments(XCC_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
set(XCC_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")
set(XCC_MLIR_TABLEGEN_EXE "${MLIR_TABLEGEN_EXE}")

# MLIR libraries are built without RTTI; our targets follow.
set(XCC_NO_RTTI_FLAGS -fno-rtti)

if(XCC_BUILD_COMPILER) # the frontend-only build (XCC_BUILD_COMPILER_FRONTEND) has no Halide side
  find_package(Halide 14 REQUIRED CONFIG)
  if(NOT Halide_VERSION_MAJOR EQUAL 14)
    message(FATAL_ERROR "xcc needs Halide 14, found ${Halide_VERSION}")
  endif()
  message(STATUS "xcc: Halide ${Halide_VERSION} from ${Halide_DIR}")

  # Restore LLVM 19 paths that Halide's config replaced.
  set(LLVM_TOOLS_BINARY_DIR "${XCC_LLVM_TOOLS_DIR}")
  set(MLIR_TABLEGEN_EXE "${XCC_MLIR_TABLEGEN_EXE}")
endif()

find_package(fmt REQUIRED)

# Gives a compiler-side target MLIR's include paths and definitions.
function(xcc_mlir_target target)
  target_include_directories(${target} SYSTEM PUBLIC ${XCC_MLIR_INCLUDE_DIRS})
  target_include_directories(${target} PUBLIC
    ${PROJECT_SOURCE_DIR}/dialects ${PROJECT_BINARY_DIR}/dialects
    ${PROJECT_SOURCE_DIR}/compiler)
  target_compile_definitions(${target} PUBLIC ${XCC_LLVM_DEFINITIONS})
  target_compile_options(${target} PRIVATE ${XCC_NO_RTTI_FLAGS})
endfunction()
