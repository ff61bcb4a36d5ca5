# xcc_add_model(<name> SOURCE model.mlir PHASE <phase> [WEIGHTS file] [RANDOM_WEIGHTS seed [RANDOM_STYLE style]]
#               [TARGET halide-target])
#
# TARGET is `xcc compile --target`: the CPU the code is for (default: xcc's pinned AVX-512 target; e.g.
# x86-64-linux-sse41-avx-f16c-fma-avx2 for a machine without AVX-512, or host).
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
  set(XCC_COMPILER_TARGET xcc::xcc)
else()
  # This source tree: the runtime is already defined; the compiler target `xcc` is defined later (compiler/tools),
  # which is fine, a custom command resolves target names when the build is generated.
  set(XCC_MODEL_MAIN_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/../runtime/src/cli/model_main.cpp.in)
  set(XCC_COMPILER_TARGET xcc)
  if(NOT TARGET xcc::runtime)
    add_library(xcc::runtime ALIAS xcc_runtime)
    add_library(xcc::runtime_cli ALIAS xcc_runtime_cli)
  endif()
endif()

function(xcc_add_model name)
  cmake_parse_arguments(A "" "SOURCE;PHASE;WEIGHTS;RANDOM_WEIGHTS;RANDOM_STYLE;TARGET" "" ${ARGN})
  if(A_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "xcc_add_model(${name}): unexpected arguments: ${A_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT A_SOURCE OR NOT A_PHASE)
    message(FATAL_ERROR "xcc_add_model(${name}): SOURCE and PHASE are required")
  endif()
  get_filename_component(source ${A_SOURCE} ABSOLUTE)
  if(NOT EXISTS ${source})
    message(FATAL_ERROR "xcc_add_model(${name}): SOURCE '${source}' does not exist")
  endif()

  # The generated file names follow the model's symbol, which only the .mlir knows: read it at configure time
  # (and configure again when the file changes).
  file(STRINGS ${source} model_line REGEX "xnn\\.model[ \t]+@" LIMIT_COUNT 1)
  if(NOT model_line MATCHES "xnn\\.model[ \t]+@([A-Za-z0-9_$.-]+)")
    message(FATAL_ERROR "xcc_add_model(${name}): no 'xnn.model @name' in '${source}'")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
  # xcc compile replaces every non-alphanumeric character with '_'.
  set(model_symbol ${CMAKE_MATCH_1})
  string(REGEX REPLACE "[^A-Za-z0-9]" "_" fn "${model_symbol}_${A_PHASE}_forward")
  # A training phase also has its train step (forward, backward and update pipelines with the Halide runtime).
  set(train_outputs)
  if(NOT A_PHASE STREQUAL "inference")
    string(REGEX REPLACE "[^A-Za-z0-9]" "_" train_fn "${model_symbol}_${A_PHASE}_train")
    set(train_outputs ${CMAKE_CURRENT_BINARY_DIR}/${name}/${train_fn}.a)
  endif()

  if(NOT XCC_COMPILER_TARGET STREQUAL "xcc" AND NOT TARGET ${XCC_COMPILER_TARGET})
    message(FATAL_ERROR "xcc_add_model(${name}): this xcc package has no compiler (${XCC_COMPILER_TARGET}); "
                        "install one built with XCC_BUILD_COMPILER=ON")
  endif()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${name})
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
  if(A_TARGET)
    list(APPEND args --target ${A_TARGET})
  endif()
  add_custom_command(
    OUTPUT ${dir}/${fn}.a ${dir}/${fn}.h ${dir}/${fn}_entry.cpp ${dir}/manifest.json ${train_outputs}
    COMMAND ${XCC_COMPILER_TARGET} compile ${args}
    DEPENDS ${deps}
    COMMENT "xcc compile ${name} (phase ${A_PHASE})"
    VERBATIM)
  add_custom_target(${name}_xcc DEPENDS ${dir}/${fn}.a)

  # The generated object code (with its own copy of the Halide runtime), as an imported library.
  add_library(${name}_generated STATIC IMPORTED GLOBAL)
  set_target_properties(${name}_generated PROPERTIES IMPORTED_LOCATION ${dir}/${fn}.a)
  add_dependencies(${name}_generated ${name}_xcc)
  if(train_outputs)
    add_library(${name}_train_generated STATIC IMPORTED GLOBAL)
    set_target_properties(${name}_train_generated PROPERTIES IMPORTED_LOCATION ${train_outputs})
    add_dependencies(${name}_train_generated ${name}_xcc)
    set_property(TARGET ${name}_generated PROPERTY INTERFACE_LINK_LIBRARIES ${name}_train_generated)
  endif()

  find_package(Threads REQUIRED)
  add_library(${name} STATIC ${dir}/${fn}_entry.cpp)
  target_link_libraries(${name} PUBLIC ${name}_generated xcc::runtime Threads::Threads ${CMAKE_DL_LIBS})

  set(XCC_MODEL_NAME ${name})
  set(XCC_ARTIFACT_SYMBOL xcc_artifact_${fn})
  configure_file(${XCC_MODEL_MAIN_TEMPLATE} ${dir}/${name}_main.cpp @ONLY)
  add_executable(${name}-cli ${dir}/${name}_main.cpp)
  target_link_libraries(${name}-cli PRIVATE ${name} xcc::runtime_cli)

  set(${name}_ARTIFACT_SYMBOL xcc_artifact_${fn} PARENT_SCOPE)
  set(${name}_DIR ${dir} PARENT_SCOPE)
endfunction()
