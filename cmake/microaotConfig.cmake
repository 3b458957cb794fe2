# find_package(microaot) for out-of-tree backend plugins (installed with microaot).
# Provides:
#   microaot::plugin_api           header-only target: backends/plugin_api.h and what it includes
#   microaot_add_backend_plugin(NAME SOURCES...)   a MODULE library loadable by --backend-plugin
#   MICROAOT_EXECUTABLE            the installed microaot binary
#   MICROAOT_PLUGIN_ABI_VERSION    the plugin ABI version of this installation
get_filename_component(_microaot_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET microaot::plugin_api)
  add_library(microaot::plugin_api INTERFACE IMPORTED)
  set_target_properties(microaot::plugin_api PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_microaot_prefix}/include/microaot"
    INTERFACE_COMPILE_FEATURES cxx_std_20)
endif()

set(MICROAOT_EXECUTABLE "${_microaot_prefix}/bin/microaot")
file(STRINGS "${_microaot_prefix}/include/microaot/backends/plugin_api.h" _microaot_abi
     REGEX "^#define MICROAOT_PLUGIN_ABI_VERSION [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" MICROAOT_PLUGIN_ABI_VERSION "${_microaot_abi}")

# The plugin's symbols stay private except the entry point; undefined symbols (IR and backend
# helpers) resolve against the microaot executable when it loads the plugin.
function(microaot_add_backend_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE microaot::plugin_api)
  set_target_properties(${name} PROPERTIES CXX_VISIBILITY_PRESET hidden
                                           VISIBILITY_INLINES_HIDDEN ON)
endfunction()
