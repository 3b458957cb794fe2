# find_package(microaot), installed with microaot (`cmake --install`).
# Provides:
#   microaot_add_model(TARGET net MODEL model.tflite [TARGET_CPU cortex-m4f] [ACCEL spec]
#                      [NAME c_name])
#                                  a static library target `net` built from the C library microaot
#                                  generates for the model at build time (again whenever the model
#                                  or microaot changes); linking it gives the header's include path
#   microaot::cortex_m4f_qemu      board support for QEMU mps2-an386 (startup, semihosting console,
#                                  stack measurement); build with the toolchain file
#                                  ${MICROAOT_CORTEX_M4F_QEMU_DIR}/toolchain.cmake, which sets the
#                                  compiler, the CPU/FPU flags and the linker script
#   microaot::plugin_api           header-only target: backends/plugin_api.h and what it includes
#   microaot_add_backend_plugin(NAME SOURCES...)   a MODULE library loadable by --backend-plugin
#   MICROAOT_EXECUTABLE            the installed microaot binary
#   MICROAOT_CORTEX_M4F_QEMU_DIR   the installed board support (linker script, run-qemu.sh, ...)
#   MICROAOT_PLUGIN_ABI_VERSION    the plugin ABI version of this installation
get_filename_component(_microaot_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET microaot::plugin_api)
  add_library(microaot::plugin_api INTERFACE IMPORTED)
  set_target_properties(microaot::plugin_api PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_microaot_prefix}/include/microaot"
    INTERFACE_COMPILE_FEATURES cxx_std_20)
endif()

set(MICROAOT_EXECUTABLE "${_microaot_prefix}/bin/microaot")
set(MICROAOT_CORTEX_M4F_QEMU_DIR "${_microaot_prefix}/share/microaot/targets/cortex-m4f-qemu")
file(STRINGS "${_microaot_prefix}/include/microaot/backends/plugin_api.h" _microaot_abi
     REGEX "^#define MICROAOT_PLUGIN_ABI_VERSION [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" MICROAOT_PLUGIN_ABI_VERSION "${_microaot_abi}")

if(NOT TARGET microaot::cortex_m4f_qemu)
  file(STRINGS "${MICROAOT_CORTEX_M4F_QEMU_DIR}/target.sources" _microaot_board_sources)
  list(TRANSFORM _microaot_board_sources PREPEND "${MICROAOT_CORTEX_M4F_QEMU_DIR}/")
  add_library(microaot::cortex_m4f_qemu INTERFACE IMPORTED)
  set_target_properties(microaot::cortex_m4f_qemu PROPERTIES
    INTERFACE_SOURCES "${_microaot_board_sources}"
    INTERFACE_INCLUDE_DIRECTORIES "${MICROAOT_CORTEX_M4F_QEMU_DIR}")
endif()

# The plugin's symbols stay private except the entry point; undefined symbols (IR and backend
# helpers) resolve against the microaot executable when it loads the plugin.
function(microaot_add_backend_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE microaot::plugin_api)
  set_target_properties(${name} PROPERTIES CXX_VISIBILITY_PRESET hidden
                                           VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# The files microaot writes for a model depend on the model (which kernels it needs), so they are
# listed when the project is configured (`compile --list-files`, nothing written) and the model
# and the compiler are configure dependencies: a change to either re-lists them, then the custom
# command regenerates them at build time. TARGET_CPU: a `microaot compile --target` (default
# host: the portable C kernels); ACCEL: `--accel`; NAME: the C prefix (default: TARGET).
function(microaot_add_model)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;MODEL;TARGET_CPU;ACCEL;NAME" "")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "microaot_add_model: unexpected arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_TARGET OR NOT ARG_MODEL)
    message(FATAL_ERROR "microaot_add_model: TARGET and MODEL are required")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${model}")
    message(FATAL_ERROR "microaot_add_model(${ARG_TARGET}): model '${model}' not found")
  endif()
  set(name ${ARG_TARGET})
  if(ARG_NAME)
    set(name ${ARG_NAME})
  endif()
  set(cpu host)
  if(ARG_TARGET_CPU)
    set(cpu ${ARG_TARGET_CPU})
  endif()
  set(args "${model}" --name ${name} --target ${cpu})
  if(ARG_ACCEL)
    list(APPEND args --accel ${ARG_ACCEL})
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/microaot/${ARG_TARGET}")

  execute_process(COMMAND "${MICROAOT_EXECUTABLE}" compile ${args} --list-files
                  RESULT_VARIABLE rc OUTPUT_VARIABLE listing ERROR_VARIABLE error)
  if(NOT rc EQUAL 0)
    string(STRIP "${error}" error)
    message(FATAL_ERROR "microaot_add_model(${ARG_TARGET}): ${error}")
  endif()
  string(STRIP "${listing}" listing)
  string(REPLACE "\n" ";" listing "${listing}")
  set(outputs "")
  set(sources "")
  foreach(file IN LISTS listing)
    list(APPEND outputs "${dir}/${file}")
    if(file MATCHES "\\.c$")
      list(APPEND sources "${dir}/${file}")
    endif()
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${model}"
                                                                 "${MICROAOT_EXECUTABLE}")

  get_filename_component(model_name "${model}" NAME)
  add_custom_command(OUTPUT ${outputs}
                     COMMAND "${MICROAOT_EXECUTABLE}" compile ${args} -o "${dir}"
                     DEPENDS "${model}" "${MICROAOT_EXECUTABLE}"
                     COMMENT "microaot: compiling ${model_name} for ${cpu}"
                     VERBATIM)
  add_library(${ARG_TARGET} STATIC ${sources})
  target_include_directories(${ARG_TARGET} PUBLIC "${dir}")
  # Float kernels call the C math library (expf).
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_link_libraries(${ARG_TARGET} PUBLIC m)
  endif()
  # Strict C99 (gcc then keeps the float kernels' multiply-add order: no fused contraction).
  set_target_properties(${ARG_TARGET} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
                                                 C_EXTENSIONS OFF)
endfunction()
