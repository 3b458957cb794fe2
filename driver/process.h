// Running host tools (the C compiler, the test harness) and private temporary directories.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace microaot::driver {

// Runs argv[0] (searched in PATH) with arguments, no shell; its stdout goes to `stdout_path`
// when given. Returns the exit status, or 128 + signal when killed by a signal, or -1 when it
// could not be started.
int run_process(const std::vector<std::string> &argv,
                const std::filesystem::path &stdout_path = {});

// A fresh directory from mkdtemp, removed on destruction unless keep() was called.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::filesystem::path &path() const { return path_; }
    void keep() { keep_ = true; }

  private:
    std::filesystem::path path_;
    bool keep_ = false;
};

} // namespace microaot::driver
