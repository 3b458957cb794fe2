#include "backends/plugin_loader.h"

#include "backends/plugin_api.h"
#include "ir/error.h"

#include <dlfcn.h>
#include <filesystem>
#include <fmt/format.h>

namespace microaot::backends {
namespace {

namespace fs = std::filesystem;

// dlerror() text on one line (it may embed newlines on some systems).
std::string last_dl_error() {
    const char *e = dlerror();
    std::string text = e ? e : "unknown error";
    for (char &c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

[[noreturn]] void fail(const std::string &path, const std::string &what) {
    throw CompileError(fmt::format("backend plugin '{}': {}", path, what));
}

} // namespace

std::unique_ptr<Backend> load_backend_plugin(const std::string &path, const std::string &target) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail(path, "no such file");
    // An absolute path keeps dlopen from searching LD_LIBRARY_PATH for a bare file name.
    fs::path full = fs::absolute(path, ec).lexically_normal();
    if (ec) fail(path, ec.message());
    dlerror();
    void *handle = dlopen(full.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) fail(path, "cannot load: " + last_dl_error());
    // From here on the handle is never closed: objects created by the plugin outlive this call.
    void *sym = dlsym(handle, MICROAOT_PLUGIN_ENTRY_NAME);
    if (!sym) fail(path, "not a microaot backend plugin (no '" MICROAOT_PLUGIN_ENTRY_NAME "')");
    auto entry = reinterpret_cast<microaot_backend_plugin_fn>(sym);
    const PluginDescriptor *d = entry();
    if (!d) fail(path, "entry point returned no descriptor");
    if (d->abi_version != kPluginAbiVersion)
        fail(path, fmt::format("built for plugin ABI version {}, this microaot uses version {} "
                               "(rebuild it against this microaot's plugin_api.h)",
                               d->abi_version, kPluginAbiVersion));
    if (!d->create) fail(path, "descriptor has no create function");
    std::string dir = full.parent_path().string();
    PluginHost host;
    host.plugin_path = path.c_str();
    host.plugin_dir = dir.c_str();
    host.target = target.c_str();
    std::unique_ptr<Backend> backend(d->create(host));
    if (!backend) fail(path, fmt::format("'{}' failed to create its backend", d->name));
    if (backend->name().empty()) fail(path, "backend has an empty name");
    return backend;
}

} // namespace microaot::backends
