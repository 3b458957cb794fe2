#include "backends/plugin_loader.h"

#include "backends/plugin_api.h"
#include "ir/error.h"

#include <cctype>
#include <dlfcn.h>
#include <exception>
#include <filesystem>
#include <fmt/format.h>
#include <new>

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

// Runs plugin code; whatever it throws becomes a CompileError naming the plugin. A CompileError
// is the plugin's (or microaot's own, from an EmitContext call) one-line refusal and passes
// through with the plugin named in front.
template <class F> decltype(auto) guarded(const std::string &path, const char *where, F &&f) {
    try {
        return f();
    } catch (const CompileError &e) {
        fail(path, e.what());
    } catch (const std::bad_alloc &) {
        throw; // out of memory stays out of memory
    } catch (const std::exception &e) {
        fail(path, fmt::format("{} threw: {}", where, e.what()));
    } catch (...) {
        fail(path, fmt::format("{} threw a non-standard exception", where));
    }
}

// The plugin's backend behind a wall: every call into plugin code goes through guarded(), and
// the name is checked and copied once (reports keep it after the plugin object is gone).
class GuardedBackend final : public PluginBackend {
  public:
    GuardedBackend(std::unique_ptr<Backend> inner, std::string path, std::string dir)
        : inner_(std::move(inner)), path_(std::move(path)), dir_(std::move(dir)) {
        name_ = guarded(path_, "name()", [&] { return std::string(inner_->name()); });
        if (name_.empty()) fail(path_, "backend has an empty name");
        for (char c : name_)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
                fail(path_, "backend name may hold only letters, digits, '_', '-' and '.'");
    }

    std::string_view name() const override { return name_; }
    std::optional<Claim> claim(const ir::Graph &graph, std::size_t node,
                               std::string &why_not) const override {
        return guarded(path_, "claim()", [&] { return inner_->claim(graph, node, why_not); });
    }
    void emit(const Claim &claim, EmitContext &ctx) const override {
        guarded(path_, "emit()", [&] { inner_->emit(claim, ctx); });
    }
    int64_t scratch_bytes(const ir::Graph &graph, const Claim &claim) const override {
        int64_t bytes =
            guarded(path_, "scratch_bytes()", [&] { return inner_->scratch_bytes(graph, claim); });
        if (bytes < 0 || bytes > kMaxPoolBytes)
            fail(path_, fmt::format("scratch_bytes() asked for {} bytes (at most {})", bytes,
                                    kMaxPoolBytes));
        return bytes;
    }
    std::optional<int64_t> cost_cycles(const ir::Graph &graph, const Claim &claim) const override {
        return guarded(path_, "cost_cycles()", [&] { return inner_->cost_cycles(graph, claim); });
    }
    std::vector<MemoryPool> memory_pools() const override {
        return guarded(path_, "memory_pools()", [&] { return inner_->memory_pools(); });
    }
    const std::string &plugin_dir() const override { return dir_; }

  private:
    std::unique_ptr<Backend> inner_;
    std::string path_, dir_, name_;
};

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
    const PluginDescriptor *d = guarded(path, "the entry point", [&] { return entry(); });
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
    std::unique_ptr<Backend> backend(guarded(path, "create()", [&] { return d->create(host); }));
    if (!backend) fail(path, fmt::format("'{}' failed to create its backend", d->name));
    return std::make_unique<GuardedBackend>(std::move(backend), path, dir);
}

const std::string *plugin_dir_of(const Backend &backend) {
    auto *plugin = dynamic_cast<const PluginBackend *>(&backend);
    return plugin ? &plugin->plugin_dir() : nullptr;
}

} // namespace microaot::backends
