# The test suites' compiled models: test/codegen's, and the tiny head phase that test/runtime_model shares with it.
# The artifacts are compiled by the target `xcc`: this build's compiler, or the XCC_PREBUILT_COMPILER the sanitizer
# build imports under that name.
# xcc_test_artifact(<name> MODEL <file.mlir> PHASE <phase> FUNCTION <symbol> [TRAIN <train symbol>]
#                   [WEIGHTS <file>] [EXCLUDE_FROM_ALL] [XCC_ARGS args...]): the
# libraries, headers and reference graph of one phase of one model, compiled with seeded random weights or
# WEIGHTS; defines the imported target <name> (with the train step too when TRAIN is given). EXCLUDE_FROM_ALL:
# built only when something asks for it (a model whose source needs node_modules, see test/oracle).
function(xcc_test_artifact name)
  set(XCC_ARTIFACTS_DIR ${PROJECT_BINARY_DIR}/test/codegen/artifacts)
  cmake_parse_arguments(A "EXCLUDE_FROM_ALL" "MODEL;PHASE;FUNCTION;TRAIN;WEIGHTS" "XCC_ARGS" ${ARGN})
  set(exclude)
  if(A_EXCLUDE_FROM_ALL)
    set(exclude EXCLUDE_FROM_ALL)
  endif()
  set(weights --random-weights 7)
  if(A_WEIGHTS)
    set(weights --weights ${A_WEIGHTS})
  endif()
  set(dir ${XCC_ARTIFACTS_DIR}/${name})
  file(MAKE_DIRECTORY ${dir}) # imported targets must name existing include folders at configure time
  set(train_outputs)
  if(A_TRAIN)
    set(train_outputs ${dir}/${A_TRAIN}.a ${dir}/${A_TRAIN}.h)
  endif()
  add_custom_command(
    OUTPUT ${dir}/${A_FUNCTION}.a ${dir}/${A_FUNCTION}.h ${dir}/reference_graph.json ${dir}/reference_graph.bin
           ${dir}/manifest.json ${dir}/${A_FUNCTION}_entry.cpp ${train_outputs}
    COMMAND xcc compile ${A_MODEL} --phase ${A_PHASE} ${weights} ${A_XCC_ARGS} -o ${dir}
    COMMAND xcc compile ${A_MODEL} --phase ${A_PHASE} ${weights} --emit=reference-graph -o ${dir}
    DEPENDS xcc ${A_MODEL} ${A_WEIGHTS}
    COMMENT "xcc compile ${name}"
    VERBATIM)
  add_custom_target(${name}_gen DEPENDS ${dir}/${A_FUNCTION}.a)
  add_library(${name}_forward STATIC IMPORTED GLOBAL)
  set_target_properties(${name}_forward PROPERTIES IMPORTED_LOCATION ${dir}/${A_FUNCTION}.a
                                                  INTERFACE_INCLUDE_DIRECTORIES ${dir})
  add_dependencies(${name}_forward ${name}_gen)
  # The generated entry point holds the drivers of every function (the train step's, the forward function's).
  # The train step's library carries the Halide runtime.
  add_library(${name} STATIC ${exclude} ${dir}/${A_FUNCTION}_entry.cpp)
  target_link_libraries(${name} PUBLIC ${name}_forward)
  if(A_TRAIN)
    add_library(${name}_train STATIC IMPORTED GLOBAL)
    set_target_properties(${name}_train PROPERTIES IMPORTED_LOCATION ${dir}/${A_TRAIN}.a)
    add_dependencies(${name}_train ${name}_gen)
    target_link_libraries(${name} PUBLIC ${name}_train)
  endif()
  target_link_libraries(${name} PUBLIC xcc_runtime)
endfunction()
