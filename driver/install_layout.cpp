#include "driver/install_layout.h"

#include <system_error>

namespace microaot::driver {

std::filesystem::path installed_prefix() {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    std::filesystem::path prefix = exe.parent_path().parent_path();
    if (exe.parent_path().filename() != "bin" ||
        !std::filesystem::is_directory(prefix / "share" / "microaot" / "runtime", ec))
        return {};
    return prefix;
}

} // namespace microaot::driver
