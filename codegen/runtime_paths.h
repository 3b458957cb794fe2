// Which runtime files a backend may have copied into the output: relative paths stay inside the
// runtime root (runtime/: portable/, cortex_m4/, macarray/), absolute paths inside the plugin's
// own folder (plugins only), symbolic links included. Nothing else reaches the output directory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::codegen {

// True when `path` (after resolving symbolic links and "..") lies inside `folder`.
bool is_inside(const std::filesystem::path &path, const std::filesystem::path &folder);

// CompileError naming `backend` unless `file` (as given to EmitContext::use_kernel) is a relative
// path inside `runtime_root` or, when `plugin_dir` is not empty, an absolute path inside it.
void check_runtime_file(std::string_view file, const std::filesystem::path &runtime_root,
                        const std::string &plugin_dir, std::string_view backend);

// CompileError unless the file `path` read for the output lies inside one of `folders`.
void check_inside_any(const std::filesystem::path &path,
                      const std::vector<std::filesystem::path> &folders);

} // namespace microaot::codegen
