#include "footprint/tablegen/toolchain.h"

#include "driver/process.h"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace microaot::footprint::tablegen {

namespace fs = std::filesystem;

std::string read_text(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ToolError(fmt::format("cannot read '{}'", path.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Toolchain::Toolchain(std::string prefix, std::vector<std::string> cflags, fs::path work)
    : prefix_(std::move(prefix)), cflags_(std::move(cflags)), work_(std::move(work)) {
    fs::create_directories(work_);
}

std::string Toolchain::capture(const std::vector<std::string> &argv,
                               const std::string &what) const {
    fs::path out = work_ / "tool.out";
    int rc = driver::run_process(argv, out);
    if (rc != 0) throw ToolError(fmt::format("{} failed (status {}): {}", argv[0], rc, what));
    return read_text(out);
}

std::string Toolchain::version() const {
    std::string text = capture({tool("gcc"), "--version"}, "--version");
    return text.substr(0, text.find('\n'));
}

void Toolchain::compile(const fs::path &source, const fs::path &object,
                        const std::vector<std::string> &extra) const {
    std::vector<std::string> argv = {tool("gcc")};
    argv.insert(argv.end(), cflags_.begin(), cflags_.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    for (std::string a : {std::string("-c"), source.string(), std::string("-o"), object.string()})
        argv.push_back(a);
    capture(argv, "compiling " + source.string());
}

void Toolchain::link_probe(const std::vector<fs::path> &objects, const std::string &entry,
                           bool with_libs, const fs::path &elf) const {
    std::vector<std::string> argv = {tool("gcc")};
    argv.insert(argv.end(), cflags_.begin(), cflags_.end());
    for (std::string a :
         {"-nostartfiles", "-Wl,--gc-sections", "-Wl,--unresolved-symbols=ignore-all"})
        argv.push_back(a);
    argv.push_back("-Wl,-e," + entry);
    argv.push_back("-Wl,--undefined=" + entry);
    if (!with_libs) argv.push_back("-nostdlib");
    for (const auto &o : objects)
        argv.push_back(o.string());
    if (with_libs)
        for (std::string a : {"--specs=nano.specs", "-lm", "-lc", "-lgcc"})
            argv.push_back(a);
    argv.push_back("-o");
    argv.push_back(elf.string());
    capture(argv, "linking a probe for " + entry);
}

// Output sections of the default GNU ld script: .bss/.noinit hold no bytes in flash, .data
// takes flash (its initial image) and RAM, everything else that is loaded is flash.
Sizes Toolchain::sizes(const fs::path &file) const {
    std::istringstream lines(capture({tool("size"), "-A", file.string()}, "size"));
    Sizes s;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream f(line);
        std::string name;
        int64_t bytes = 0;
        if (!(f >> name >> bytes) || name.empty() || name[0] != '.' || bytes == 0) continue;
        if (name.starts_with(".comment") || name.starts_with(".ARM.attributes") ||
            name.starts_with(".debug") || name.starts_with(".stab"))
            continue;
        if (name.starts_with(".bss") || name.starts_with(".noinit") || name == ".persistent")
            s.bss += bytes;
        else if (name.starts_with(".data"))
            s.data += bytes;
        else
            s.flash += bytes;
    }
    return s;
}

std::vector<Symbol> Toolchain::symbols(const fs::path &file) const {
    std::istringstream lines(capture({tool("nm"), "-S", file.string()}, "nm"));
    std::vector<Symbol> out;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream f(line);
        std::vector<std::string> t;
        for (std::string w; f >> w;)
            t.push_back(w);
        if (t.size() == 4)
            out.push_back(
                {t[3], t[2][0], std::stoll(t[1], nullptr, 16), std::stoll(t[0], nullptr, 16)});
        else if (t.size() == 3)
            out.push_back({t[2], t[1][0], 0, std::stoll(t[0], nullptr, 16)});
        else if (t.size() == 2)
            out.push_back({t[1], t[0][0], 0});
    }
    return out;
}

std::vector<std::string> Toolchain::undefined(const fs::path &file) const {
    std::vector<std::string> out;
    for (const auto &s : symbols(file))
        if (s.type == 'U' || s.type == 'w') out.push_back(s.name);
    return out;
}

std::string Toolchain::disassembly(const fs::path &elf) const {
    return capture({tool("objdump"), "-d", "--no-show-raw-insn", elf.string()}, "objdump");
}

} // namespace microaot::footprint::tablegen
