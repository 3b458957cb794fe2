#include "driver/process.h"

#include "ir/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

namespace microaot::driver {

int run_process(const std::vector<std::string> &argv) {
    std::vector<char *> args;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

TempDir::TempDir() {
    std::filesystem::path base = std::filesystem::temp_directory_path() / "microaot-XXXXXX";
    std::string pattern = base.string();
    if (!mkdtemp(pattern.data()))
        throw CompileError(
            fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
    path_ = pattern;
}

TempDir::~TempDir() {
    if (keep_) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

} // namespace microaot::driver
