// Loads backend plugins (backends/plugin_api.h) from shared libraries with dlopen.
#pragma once

#include "backends/backend.h"

#include <memory>
#include <string>

namespace microaot::backends {

// A backend loaded from a plugin: knows the folder its library (and runtime files) live in.
class PluginBackend : public Backend {
  public:
    virtual const std::string &plugin_dir() const = 0;
};

// Opens the shared library at `path`, checks its descriptor and creates its backend for
// `target`. Throws a one-line CompileError when the file does not exist or cannot be loaded,
// lacks the entry symbol, was built for another ABI version, or fails to create the backend.
// The library stays loaded until the process exits (the backend's code lives in it).
// The returned backend forwards to the plugin's and turns anything the plugin code throws
// (std::exception or not) into a CompileError naming the plugin.
std::unique_ptr<Backend> load_backend_plugin(const std::string &path, const std::string &target);

// The plugin folder of a backend loaded by load_backend_plugin, else nullptr (built-in).
const std::string *plugin_dir_of(const Backend &backend);

} // namespace microaot::backends
