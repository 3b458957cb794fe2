// The cross toolchain as the table generator drives it: compile, link a probe, read sizes,
// symbols and disassembly. Every step fails loudly (ToolError) with the command that failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace microaot::footprint::tablegen {

struct ToolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a linked image takes: read-only bytes (code, constants: flash), initialised data (flash
// and RAM), zero-initialised data (RAM).
struct Sizes {
    int64_t flash = 0, data = 0, bss = 0;
};

struct Symbol {
    std::string name;
    char type = '?'; // nm's letter: T/t code, D/d data, B/b bss, R/r read-only, U undefined
    int64_t size = 0;
    int64_t address = -1; // -1: none (undefined)
};

class Toolchain {
  public:
    Toolchain(std::string prefix, std::vector<std::string> cflags, std::filesystem::path work);

    const std::vector<std::string> &cflags() const { return cflags_; }
    const std::filesystem::path &work() const { return work_; }
    // `<prefix>gcc --version`, first line.
    std::string version() const;

    // Compiles one C file to `object` with the target flags plus `extra` (-I, -fstack-usage...).
    void compile(const std::filesystem::path &source, const std::filesystem::path &object,
                 const std::vector<std::string> &extra) const;
    // Links `objects` into `elf` keeping only what `entry` reaches (--gc-sections). With
    // `with_libs`, against newlib-nano, libm and libgcc; otherwise everything else stays
    // unresolved (to measure one object's own closure).
    void link_probe(const std::vector<std::filesystem::path> &objects, const std::string &entry,
                    bool with_libs, const std::filesystem::path &elf) const;

    Sizes sizes(const std::filesystem::path &file) const;                 // `size -A`, classified
    std::vector<Symbol> symbols(const std::filesystem::path &file) const; // `nm -S`
    std::vector<std::string> undefined(const std::filesystem::path &file) const;
    std::string disassembly(const std::filesystem::path &elf) const; // `objdump -d`

  private:
    std::string tool(const std::string &name) const { return prefix_ + name; }
    std::string capture(const std::vector<std::string> &argv, const std::string &what) const;

    std::string prefix_;
    std::vector<std::string> cflags_;
    std::filesystem::path work_;
};

std::string read_text(const std::filesystem::path &path);

} // namespace microaot::footprint::tablegen
