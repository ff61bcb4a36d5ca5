# `cmake --install build --prefix P` puts xcc where another CMake project finds it with find_package(xcc):
#   P/bin/xcc, P/bin/xcc-opt                     the compiler (imported as xcc::xcc, xcc::xcc-opt)
#   P/lib/libxcc_runtime.a, libxcc_runtime_cli.a  the runtime (xcc::runtime, xcc::runtime_cli)
#   P/lib/libxcc_initializers.a                   parameters' first values, RuntimeError (xcc::initializers)
#   P/lib/libxcc_amx.a                            AMX tile GEMMs that AMX artifacts call (xcc::amx)
#   P/lib/libxcc_weights.a                        weight-file readers (xcc::weights), when the runtime links them
#   P/lib/libxcc_runtime_mpi.a                    the data-parallel fit's MPI side (xcc::runtime_mpi), when built
#   P/include/xcc/runtime/*.h, xcc/initializers/*.h, xcc/amx/*.h, xcc/weights/*.h   public headers (the whole include/xcc trees)
#   P/lib/cmake/xcc/                              xccConfig.cmake, xccConfigVersion.cmake, xccTargets*.cmake,
#                                                 XccModel.cmake (xcc_add_model), model_main.cpp.in and
#                                                 model_dispatch.cpp.in
# Everything is relative to P (the exported targets and the config compute it from their own location).
# Included at the end of the root CMakeLists, once every target exists. examples/out_of_tree uses it, and the
# install-out-of-tree test (test/install) installs, builds that example and runs it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(XCC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/xcc)

set_target_properties(xcc_runtime PROPERTIES EXPORT_NAME runtime)
set_target_properties(xcc_runtime_cli PROPERTIES EXPORT_NAME runtime_cli)
set(xcc_install_targets xcc_runtime xcc_runtime_cli)

# xcc_initializers always: the runtime links it publicly (xcc/runtime/error.h includes its error.h).
set_target_properties(xcc_initializers PROPERTIES EXPORT_NAME initializers)
list(APPEND xcc_install_targets xcc_initializers)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/initializers/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# xcc_amx always: the runtime links it publicly, and generated code calls its extern stages.
set_target_properties(xcc_amx PROPERTIES EXPORT_NAME amx)
list(APPEND xcc_install_targets xcc_amx)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/amx/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# xcc_weights is installed only when the runtime links it (a static library's private dependencies are needed
# when linking its users); then the package also needs HDF5 and libzip.
set(XCC_PACKAGE_NEEDS_WEIGHTS OFF)
set(XCC_PACKAGE_PKGCONFIG_EXTRA "") # PREFIX:module pairs xccConfig.cmake finds with pkg-config besides stb
foreach(t xcc_runtime xcc_runtime_cli)
  get_target_property(libs ${t} LINK_LIBRARIES)
  if(libs AND "xcc_weights" IN_LIST libs)
    set(XCC_PACKAGE_NEEDS_WEIGHTS ON)
  endif()
endforeach()
if(XCC_PACKAGE_NEEDS_WEIGHTS)
  set_target_properties(xcc_weights PROPERTIES EXPORT_NAME weights)
  list(APPEND xcc_install_targets xcc_weights)
  set(XCC_PACKAGE_PKGCONFIG_EXTRA LIBZIP:libzip)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/weights/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()

# The CLI links the MPI side when the build found an MPI; then the package needs it too.
set(XCC_PACKAGE_NEEDS_MPI OFF)
if(TARGET xcc_runtime_mpi)
  set(XCC_PACKAGE_NEEDS_MPI ON)
  set_target_properties(xcc_runtime_mpi PROPERTIES EXPORT_NAME runtime_mpi)
  list(APPEND xcc_install_targets xcc_runtime_mpi)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/mpi/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()

if(XCC_BUILD_COMPILER)
  set_target_properties(xcc PROPERTIES EXPORT_NAME xcc)
  # The installed executables keep the run path to the shared libLLVM 19 (/usr/lib/llvm-19/lib) and HDF5 that
  # they were linked with; those system folders are not on the loader's default path. No build path remains.
  set_target_properties(xcc xcc-opt PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
  # xcc_mlir_target gives them PUBLIC include folders (source and build paths); nothing compiles against an
  # executable, and install(EXPORT) refuses such paths.
  set_target_properties(xcc xcc-opt PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "" INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "")
  list(APPEND xcc_install_targets xcc xcc-opt)
endif()

install(TARGETS ${xcc_install_targets} EXPORT xccTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The whole tree, so headers added later are installed too.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/xcc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT xccTargets NAMESPACE xcc:: DESTINATION ${XCC_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/xccConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xccConfig.cmake
  INSTALL_DESTINATION ${XCC_INSTALL_CMAKEDIR}
  NO_SET_AND_CHECK_MACRO)
# 0.x: a minor version may break users.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xccConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/xccConfig.cmake
  ${PROJECT_BINARY_DIR}/xccConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/XccModel.cmake
  ${PROJECT_SOURCE_DIR}/runtime/src/cli/model_main.cpp.in
  ${CMAKE_CURRENT_LIST_DIR}/model_dispatch.cpp.in
  DESTINATION ${XCC_INSTALL_CMAKEDIR})
