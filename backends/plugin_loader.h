// Loads backend plugins (backends/plugin_api.h) from shared libraries with dlopen.
#pragma once

#include "backends/backend.h"

#include <memory>
#include <string>

namespace microaot::backends {

// Opens the shared library at `path`, checks its descriptor and creates its backend for
// `target`. Throws a one-line CompileError when the file does not exist or cannot be loaded,
// lacks the entry symbol, was built for another ABI version, or fails to create the backend.
// The library stays loaded until the process exits (the backend's code lives in it).
std::unique_ptr<Backend> load_backend_plugin(const std::string &path, const std::string &target);

} // namespace microaot::backends
