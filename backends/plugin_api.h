// The backend plugin interface: a shared library built out of tree against this header (installed
// as <prefix>/include/microaot/backends/plugin_api.h) adds one Backend to microaot at compile
// time (`microaot compile MODEL --backend-plugin libfoo.so`). Plugin backends are asked before
// the built-in ones: a plugin claims first, the target's CPU backend takes the rest.
//
// A plugin exports one C function, MICROAOT_PLUGIN_ENTRY (the symbol microaot_backend_plugin_v1),
// returning a pointer to a static PluginDescriptor. microaot refuses the plugin when the symbol is
// missing or when the descriptor's abi_version differs from its own kPluginAbiVersion.
//
// ABI rules: a plugin is C++ code sharing types with microaot (ir::Graph, Backend, EmitContext),
// so it must be built with the same compiler family and C++ standard library as microaot, and
// against the headers of a microaot with the same kPluginAbiVersion. The version changes
// whenever a type reachable from this header changes layout or virtual functions.
#pragma once

#include "backends/backend.h"
#include "ir/error.h"
#include "ir/graph.h"

#include <cstdint>

// The version a plugin is built against; recorded in its descriptor.
#define MICROAOT_PLUGIN_ABI_VERSION 2
// The exported entry point's name (the "v1" is the naming scheme, not the ABI version).
#define MICROAOT_PLUGIN_ENTRY microaot_backend_plugin_v1
#define MICROAOT_PLUGIN_ENTRY_NAME "microaot_backend_plugin_v1"

namespace microaot::backends {

inline constexpr uint32_t kPluginAbiVersion = MICROAOT_PLUGIN_ABI_VERSION;

// What microaot tells a plugin when it creates the backend.
struct PluginHost {
    uint32_t abi_version = kPluginAbiVersion; // microaot's
    const char *plugin_path = "";             // the library as given on the command line
    // The library's directory (absolute): plugins keep their runtime C files next to it and pass
    // absolute paths to EmitContext::use_kernel; microaot copies them into the output.
    const char *plugin_dir = "";
    const char *target = "host"; // --target: "host", "cortex-m4f", ...
};

// Returned by the entry point. abi_version stays the first member in every version so that a
// mismatch can always be detected and reported.
struct PluginDescriptor {
    uint32_t abi_version = MICROAOT_PLUGIN_ABI_VERSION;
    const char *name = ""; // for messages; the backend's name() is what reports show
    // Creates the backend with `new`; microaot deletes it (virtual destructor) and keeps the
    // library loaded until it exits. May throw CompileError (one line) to refuse, e.g. for a
    // target it does not support; may return nullptr (reported as "create failed").
    Backend *(*create)(const PluginHost &host) = nullptr;
};

} // namespace microaot::backends

// The entry point's type: `extern "C" const PluginDescriptor *microaot_backend_plugin_v1(void)`.
extern "C" {
typedef const microaot::backends::PluginDescriptor *(*microaot_backend_plugin_fn)(void);
}

// Visibility for the entry point (plugins may build with -fvisibility=hidden).
#if defined(__GNUC__)
#define MICROAOT_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#else
#define MICROAOT_PLUGIN_EXPORT extern "C"
#endif
