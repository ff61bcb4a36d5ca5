# xcc_add_model(<name> SOURCE model.mlir PHASE <phase> [WEIGHTS file] [RANDOM_WEIGHTS seed [RANDOM_STYLE style]]
#               [TARGET halide-target | TARGETS halide-target...] [DTYPE_POLICY float32|mixed_bfloat16])
#
# TARGET is `xcc compile --target`: the one CPU the code is for (e.g. x86-64-linux-sse41-avx-f16c-fma-avx2 for a
# machine without AVX-512, or host). TARGETS compiles the phase once per target, most capable first, into one
# artifact that runs the first variant the CPU it lands on can run (each variant costs its own compile). Without
# either: ${XCC_MODEL_TARGETS}, by default the AVX-512 target and then the AVX2 one; the variants' files are then in
# <name>/v0, <name>/v1, ...
# DTYPE_POLICY is `xcc compile --dtype-policy` (Keras's mixed-precision policy; default: the model's, float32). With
# mixed_bfloat16 and no TARGET(S), the default targets are ${XCC_MODEL_TARGETS_MIXED_BFLOAT16}: a variant whose
# convolutions run on AMX tiles, one with AVX-512 bf16 dot products (docs/mixed-precision.md), then the float32
# ones.
# RANDOM_STYLE is `xcc compile --random-style`: spread (the default; testing), keras (Keras's
# weights=None) or he (a random base that keeps the signal's scale; the control of a pretrained one).
# Compiles one phase of an xnn model at build time (`xcc compile` into ${CMAKE_CURRENT_BINARY_DIR}/<name>/) and
# defines
#   <name>       a static library: the generated code (for a training phase also the train step) plus its
#                entry point <fn>_entry.cpp, linked with
#                xcc::runtime. Get the model with `extern "C" const xcc_artifact *xcc_artifact_<fn>(void);`
#                and wrap it in xcc::rt::Model. The variable <name>_ARTIFACT_SYMBOL holds that symbol's name.
#   <name>-cli   an executable running xcc::rt::runModelCli (predict / evaluate).
# <fn> is "<model>_<phase>_forward", as `xcc compile` names it; <model> is the @name of the file's xnn.model.
#
# Works in this source tree (included by the root CMakeLists) and from an installed package (included by
# xccConfig.cmake after it imported xcc::xcc, xcc::runtime and xcc::runtime_cli; see cmake/XccInstall.cmake).
# The function names only xcc::runtime / xcc::runtime_cli and ${XCC_COMPILER_TARGET}.

# Captured here: inside the function CMAKE_CURRENT_LIST_DIR is the caller's folder.
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/model_main.cpp.in)
  # Installed: the CLI template sits next to this file; the targets are the package's imported ones.
  set(XCC_MODEL_MAIN_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/model_main.cpp.in)
  set(XCC_MODEL_DISPATCH_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/model_dispatch.cpp.in)
  set(XCC_COMPILER_TARGET xcc::xcc)
else()
  # This source tree: the runtime is already defined; the compiler target `xcc` is defined later (compiler/tools),
  # which is fine, a custom command resolves target names when the build is generated.
  set(XCC_MODEL_MAIN_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/../runtime/src/cli/model_main.cpp.in)
  set(XCC_MODEL_DISPATCH_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/model_dispatch.cpp.in)
  set(XCC_COMPILER_TARGET xcc)
  if(NOT TARGET xcc::runtime)
    add_library(xcc::runtime ALIAS xcc_runtime)
    add_library(xcc::runtime_cli ALIAS xcc_runtime_cli)
  endif()
endif()

# A cache variable whose default moves with xcc: a build folder keeps a cached value forever, so a value still equal
# to the default it was given (remembered as <var>_DEFAULT) takes the new default, and a value someone chose is kept.
# A value from before that record existed cannot be told apart from a choice: it is kept, with a warning.
macro(_xcc_cached_default var value doc)
  if(DEFINED CACHE{${var}} AND NOT "${${var}}" STREQUAL "${value}")
    if(NOT DEFINED CACHE{${var}_DEFAULT})
      message(WARNING "${var} is '${${var}}', not xcc's default '${value}'; keeping it "
                      "(cmake -U ${var} <build dir> takes the default)")
    elseif("${${var}}" STREQUAL "${${var}_DEFAULT}")
      set(${var} "${value}" CACHE STRING "${doc}" FORCE)
    endif()
  endif()
  set(${var} "${value}" CACHE STRING "${doc}")
  set(${var}_DEFAULT "${value}" CACHE INTERNAL "xcc's default of ${var} when this folder was last configured")
endmacro()

# What an artifact is compiled for when xcc_add_model names no TARGET(S): AVX-512 code for the machines that have it
# (Zen 4 and 5, Xeon since Skylake-SP) and an AVX2 variant for every other x86-64 machine of the last decade, picked
# at run time. Each variant is a compile of its own: one target halves the build time where the CPU is known.
_xcc_cached_default(XCC_MODEL_TARGETS
    "x86-64-linux-sse41-avx-f16c-fma-avx2-avx512-avx512_skylake;x86-64-linux-sse41-avx-f16c-fma-avx2"
    "Halide targets of xcc_add_model's artifacts when it names none (most capable first)")
# The same with DTYPE_POLICY mixed_bfloat16: first the AMX target (xcc's own feature amx_bf16 after the AVX-512
# one: the convolutions' GEMMs, forward and backward, on tiles, for Sapphire Rapids and later), then the one
# whose GEMMs run on AVX-512 bf16 dot products (Zen 4 and 5; the runtime passes it over on CPUs with AMX, where
# those dot products are slower than FP32 FMAs).
_xcc_cached_default(XCC_AMX_TARGET x86-64-linux-sse41-avx-f16c-fma-avx2-avx512-avx512_skylake-amx_bf16
    "The xcc target whose mixed_bfloat16 convolutions run on AMX bf16 tiles")
_xcc_cached_default(XCC_BF16_DOT_TARGET
    x86-64-linux-sse41-avx-f16c-fma-avx2-avx512-avx512_skylake-avx512_cannonlake-avx512_sapphirerapids
    "The Halide target whose mixed_bfloat16 GEMMs run on AVX-512 bf16 dot products")
_xcc_cached_default(XCC_MODEL_TARGETS_MIXED_BFLOAT16 "${XCC_AMX_TARGET};${XCC_BF16_DOT_TARGET};${XCC_MODEL_TARGETS}"
    "Halide targets of xcc_add_model's mixed_bfloat16 artifacts when it names none")

# One `xcc compile` of the phase into `dir`: for `target` ("" for xcc's default), with `suffix` on its symbols (""
# for none); `cross`: allowed to target a CPU this machine lacks. Defines the imported libraries <lib>_generated
# (and <lib>_train_generated) and sets <lib>_FN to the forward function's name. Reads xcc_add_model's variables.
function(_xcc_compile_phase lib suffix target cross dir)
  set(stem "${model_symbol}_${A_PHASE}")
  if(suffix)
    string(APPEND stem "_${suffix}")
  endif()
  string(REGEX REPLACE "[^A-Za-z0-9]" "_" fn "${stem}_forward")
  set(train_outputs)
  if(NOT A_PHASE STREQUAL "inference")
    string(REGEX REPLACE "[^A-Za-z0-9]" "_" train_fn "${stem}_train")
    set(train_outputs ${dir}/${train_fn}.a)
  endif()

  set(args ${source} --phase ${A_PHASE} -o ${dir})
  set(deps ${XCC_COMPILER_TARGET} ${source})
  if(A_WEIGHTS)
    get_filename_component(weights ${A_WEIGHTS} ABSOLUTE)
    list(APPEND args --weights ${weights})
    list(APPEND deps ${weights})
  endif()
  if(DEFINED A_RANDOM_WEIGHTS)
    list(APPEND args --random-weights ${A_RANDOM_WEIGHTS})
  endif()
  if(A_RANDOM_STYLE)
    list(APPEND args --random-style ${A_RANDOM_STYLE})
  endif()
  if(A_DTYPE_POLICY)
    list(APPEND args --dtype-policy ${A_DTYPE_POLICY})
  endif()
  if(target)
    list(APPEND args --target ${target})
  endif()
  set(variant "")
  if(suffix)
    list(APPEND args --symbol-suffix ${suffix})
    set(variant ", ${target}")
  endif()
  if(cross)
    list(APPEND args --allow-cross-target)
  endif()
  add_custom_command(
    OUTPUT ${dir}/${fn}.a ${dir}/${fn}.h ${dir}/${fn}_entry.cpp ${dir}/manifest.json ${train_outputs}
    COMMAND ${XCC_COMPILER_TARGET} compile ${args}
    DEPENDS ${deps}
    COMMENT "xcc compile ${lib} (phase ${A_PHASE}${variant})"
    VERBATIM)
  add_custom_target(${lib}_xcc DEPENDS ${dir}/${fn}.a)

  add_library(${lib}_generated STATIC IMPORTED GLOBAL)
  set_target_properties(${lib}_generated PROPERTIES IMPORTED_LOCATION ${dir}/${fn}.a)
  add_dependencies(${lib}_generated ${lib}_xcc)
  if(train_outputs)
    add_library(${lib}_train_generated STATIC IMPORTED GLOBAL)
    set_target_properties(${lib}_train_generated PROPERTIES IMPORTED_LOCATION ${train_outputs})
    add_dependencies(${lib}_train_generated ${lib}_xcc)
    set_property(TARGET ${lib}_generated PROPERTY INTERFACE_LINK_LIBRARIES ${lib}_train_generated)
  endif()
  set(${lib}_FN ${fn} PARENT_SCOPE)
endfunction()

function(xcc_add_model name)
  cmake_parse_arguments(A "" "SOURCE;PHASE;WEIGHTS;RANDOM_WEIGHTS;RANDOM_STYLE;TARGET;DTYPE_POLICY" "TARGETS" ${ARGN})
  if(A_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "xcc_add_model(${name}): unexpected arguments: ${A_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT A_SOURCE OR NOT A_PHASE)
    message(FATAL_ERROR "xcc_add_model(${name}): SOURCE and PHASE are required")
  endif()
  if(A_TARGET AND A_TARGETS)
    message(FATAL_ERROR "xcc_add_model(${name}): give TARGET (one CPU) or TARGETS (several, most capable first)")
  endif()
  get_filename_component(source ${A_SOURCE} ABSOLUTE)
  if(NOT EXISTS ${source})
    message(FATAL_ERROR "xcc_add_model(${name}): SOURCE '${source}' does not exist")
  endif()

  file(STRINGS ${source} model_line REGEX "xnn\\.model[ \t]+@" LIMIT_COUNT 1)
  if(NOT model_line MATCHES "xnn\\.model[ \t]+@([A-Za-z0-9_$.-]+)")
    message(FATAL_ERROR "xcc_add_model(${name}): no 'xnn.model @name' in '${source}'")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
  set(model_symbol ${CMAKE_MATCH_1})
  string(REGEX REPLACE "[^A-Za-z0-9]" "_" fn "${model_symbol}_${A_PHASE}_forward")

  if(NOT XCC_COMPILER_TARGET STREQUAL "xcc" AND NOT TARGET ${XCC_COMPILER_TARGET})
    message(FATAL_ERROR "xcc_add_model(${name}): this xcc package has no compiler (${XCC_COMPILER_TARGET}); "
                        "install one built with XCC_BUILD_COMPILER=ON")
  endif()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${name})
  set(targets ${A_TARGET} ${A_TARGETS})
  if(NOT targets AND A_DTYPE_POLICY STREQUAL "mixed_bfloat16")
    set(targets ${XCC_MODEL_TARGETS_MIXED_BFLOAT16})
  elseif(NOT targets)
    set(targets ${XCC_MODEL_TARGETS})
  endif()
  list(LENGTH targets count)
  if(count LESS 2)
    _xcc_compile_phase(${name} "" "${targets}" OFF ${dir})
    set(sources ${dir}/${fn}_entry.cpp)
    set(generated ${name}_generated)
  else()
    # One variant per target, each with its symbols suffixed _v<i>; the last, the most basic CPU, carries the Halide
    # runtime (no_runtime on the others), and a dispatcher defines xcc_artifact_<fn>() (artifact_variants.h).
    set(sources)
    set(generated)
    set(XCC_VARIANT_DECLARATIONS "")
    set(XCC_VARIANT_CALLS "")
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      list(GET targets ${i} t)
      set(cross OFF) # the most basic CPU: the build machine's or older
      if(i LESS last)
        string(APPEND t "-no_runtime")
        set(cross ON)
      endif()
      _xcc_compile_phase(${name}_v${i} v${i} ${t} ${cross} ${dir}/v${i})
      set(vfn ${${name}_v${i}_FN})
      list(APPEND sources ${dir}/v${i}/${vfn}_entry.cpp)
      list(APPEND generated ${name}_v${i}_generated)
      string(APPEND XCC_VARIANT_DECLARATIONS "extern \"C\" const xcc_artifact *xcc_artifact_${vfn}(void);\n")
      string(APPEND XCC_VARIANT_CALLS "xcc_artifact_${vfn}(), ")
    endforeach()
    set(XCC_ARTIFACT_FUNCTION xcc_artifact_${fn})
    configure_file(${XCC_MODEL_DISPATCH_TEMPLATE} ${dir}/${fn}_dispatch.cpp @ONLY)
    list(APPEND sources ${dir}/${fn}_dispatch.cpp)
  endif()

  find_package(Threads REQUIRED)
  add_library(${name} STATIC ${sources})
  target_link_libraries(${name} PUBLIC ${generated} xcc::runtime Threads::Threads ${CMAKE_DL_LIBS})

  set(XCC_MODEL_NAME ${name})
  set(XCC_ARTIFACT_SYMBOL xcc_artifact_${fn})
  configure_file(${XCC_MODEL_MAIN_TEMPLATE} ${dir}/${name}_main.cpp @ONLY)
  add_executable(${name}-cli ${dir}/${name}_main.cpp)
  target_link_libraries(${name}-cli PRIVATE ${name} xcc::runtime_cli)

  set(${name}_ARTIFACT_SYMBOL xcc_artifact_${fn} PARENT_SCOPE)
  set(${name}_DIR ${dir} PARENT_SCOPE)
endfunction()
