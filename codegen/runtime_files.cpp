// Copies only the runtime sources the emitted calls need, plus the local headers they include.
#include "codegen/writers.h"

#include "codegen/runtime_paths.h"

#include "ir/error.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace microaot::codegen {
namespace {

namespace fs = std::filesystem;

// Runtime sources are tens of kilobytes; the bound keeps a bad path from reading without end.
constexpr std::uintmax_t kMaxRuntimeFileBytes = 16u << 20;

std::string read_text(const fs::path &path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !fs::exists(status) || !in)
        throw CompileError(fmt::format("runtime file '{}' not found (set MICROAOT_RUNTIME_DIR to "
                                       "the runtime/ folder)",
                                       path.string()));
    if (!fs::is_regular_file(status) || fs::file_size(path, ec) > kMaxRuntimeFileBytes || ec)
        throw CompileError(fmt::format("runtime file '{}' is not a regular file of at most 16 MiB",
                                       path.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Names in `#include "name"` lines.
std::vector<std::string> local_includes(const std::string &text) {
    std::vector<std::string> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        auto pos = line.find_first_not_of(" \t");
        if (pos == std::string::npos || line.compare(pos, 8, "#include") != 0) continue;
        auto open = line.find('"', pos),
             close = open == std::string::npos ? std::string::npos : line.find('"', open + 1);
        if (close != std::string::npos) out.push_back(line.substr(open + 1, close - open - 1));
    }
    return out;
}

} // namespace

std::vector<GeneratedFile> collect_runtime_files(const std::vector<std::string> &files,
                                                 const std::string &runtime_dir,
                                                 const std::vector<fs::path> &folders) {
    std::map<std::string, std::string> by_name; // base name -> content
    std::map<std::string, std::string> origin;  // base name -> relative path
    std::vector<std::string> pending(files.begin(), files.end());
    std::set<std::string> seen;
    while (!pending.empty()) {
        std::string rel = pending.back();
        pending.pop_back();
        if (!seen.insert(rel).second) continue;
        fs::path rel_path(rel);
        std::string base = rel_path.filename().string();
        if (origin.count(base) && origin[base] != rel)
            throw CompileError(
                fmt::format("runtime files '{}' and '{}' have the same name", origin[base], rel));
        fs::path full = fs::path(runtime_dir) / rel_path;
        // An include like "../../secret" or a symbolic link must not pull in other files.
        check_inside_any(full, folders);
        std::string text = read_text(full);
        // Includes resolve next to the including file, else in portable/ (whose headers the
        // other runtime folders share).
        for (const auto &inc : local_includes(text)) {
            fs::path next = (rel_path.parent_path() / inc).lexically_normal();
            if (!fs::exists(fs::path(runtime_dir) / next)) next = fs::path("portable") / inc;
            pending.push_back(next.generic_string());
        }
        origin[base] = rel;
        by_name[base] = std::move(text);
    }
    std::vector<GeneratedFile> out;
    for (auto &[name, content] : by_name)
        out.push_back({name, std::move(content)});
    return out;
}

} // namespace microaot::codegen
