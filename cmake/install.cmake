# install.cmake — what `cmake --install` puts in place, and the test that uses it.
#
#   lib/libmoccasin.a                      the solver library (static)
#   include/moccasin.h                     its one public header
#   lib/pkgconfig/moccasin.pc              pkg-config (relocatable: paths from ${pcfiledir})
#   lib/cmake/moccasin/moccasinConfig.cmake  find_package(moccasin) -> moccasin::moccasin
#   bin/moccasin                           the command line (from the top CMakeLists.txt)
#
# The library is static and uses xxHash inside: pkg-config users link with
# `pkg-config --static --libs moccasin`; CMake users get it through the target.
include(CMakePackageConfigHelpers)

set_target_properties(moccasin_lib PROPERTIES EXPORT_NAME moccasin PUBLIC_HEADER ${PROJECT_SOURCE_DIR}/model/moccasin.h)
install(TARGETS moccasin_lib EXPORT moccasinTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# pkg-config: the prefix is found relative to the .pc file, so the installed
# tree can be moved (and installed with --prefix to any directory).
file(RELATIVE_PATH MOC_PC_TO_PREFIX "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
string(REGEX REPLACE "/$" "" MOC_PC_TO_PREFIX "${MOC_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/moccasin.pc.in ${PROJECT_BINARY_DIR}/moccasin.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/moccasin.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(MOC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/moccasin)
install(EXPORT moccasinTargets NAMESPACE moccasin:: DESTINATION ${MOC_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/moccasinConfig.cmake.in
  ${PROJECT_BINARY_DIR}/moccasinConfig.cmake INSTALL_DESTINATION ${MOC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/moccasinConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/moccasinConfig.cmake ${PROJECT_BINARY_DIR}/moccasinConfigVersion.cmake
  DESTINATION ${MOC_CMAKE_DIR})

# The installed-library test: install into a temporary prefix, then build and
# run a small C program against it through pkg-config and through find_package.
if(MOC_BUILD_TESTS)
  set(MOC_SMOKE_FLAGS "")
  if(MOC_SANITIZE)
    set(MOC_SMOKE_FLAGS "-fsanitize=address,undefined")
  endif()
  add_test(NAME install_smoke
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/install_smoke.sh
            ${PROJECT_BINARY_DIR} ${CMAKE_C_COMPILER} "${MOC_SMOKE_FLAGS}" ${CMAKE_COMMAND})
  set_tests_properties(install_smoke PROPERTIES TIMEOUT 300)
endif()
