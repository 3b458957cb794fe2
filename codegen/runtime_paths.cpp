#include "codegen/runtime_paths.h"

#include "ir/error.h"
#include "ir/text.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::codegen {
namespace {

namespace fs = std::filesystem;

fs::path resolved(const fs::path &path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? fs::absolute(path).lexically_normal() : p;
}

} // namespace

bool is_inside(const fs::path &path, const fs::path &folder) {
    fs::path p = resolved(path), f = resolved(folder);
    auto mismatch = std::mismatch(f.begin(), f.end(), p.begin(), p.end());
    // Every component of the folder matched (an empty last component is a trailing '/').
    return mismatch.first == f.end() ||
           (std::next(mismatch.first) == f.end() && mismatch.first->empty());
}

void check_runtime_file(std::string_view file, const fs::path &runtime_root,
                        const std::string &plugin_dir, std::string_view backend) {
    fs::path path{std::string(file)};
    bool absolute = path.is_absolute();
    const fs::path folder = absolute ? fs::path(plugin_dir) : runtime_root;
    bool ok = !file.empty() && path.has_filename() && (!absolute || !plugin_dir.empty());
    if (ok) {
        fs::path full = absolute ? path : runtime_root / path;
        // Lexically first (no "..": nothing to resolve), then with symbolic links followed.
        fs::path rel = full.lexically_normal().lexically_relative(folder.lexically_normal());
        ok = !rel.empty() && *rel.begin() != ".." && is_inside(full, folder);
    }
    if (!ok)
        throw CompileError(fmt::format(
            "backend '{}': runtime file '{}' is outside its runtime folder '{}'",
            ir::printable(backend), ir::printable(file),
            absolute && plugin_dir.empty() ? std::string("(built-in backends use paths "
                                                         "relative to the runtime root)")
                                           : ir::printable(folder.string())));
}

void check_inside_any(const fs::path &path, const std::vector<fs::path> &folders) {
    if (std::any_of(folders.begin(), folders.end(),
                    [&](const fs::path &f) { return is_inside(path, f); }))
        return;
    throw CompileError(fmt::format("runtime file '{}' is outside the runtime folders",
                                   ir::printable(path.string())));
}

} // namespace microaot::codegen
