#include "footprint/kernel_table.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace microaot::footprint {
namespace {

using json = nlohmann::json;

MeasuredFunction function_from(const json &j) {
    MeasuredFunction f;
    f.name = j.at("name").get<std::string>();
    f.file = j.value("file", "");
    f.flash = j.at("flash").get<int64_t>();
    f.data = j.at("data").get<int64_t>();
    f.bss = j.at("bss").get<int64_t>();
    f.stack = j.at("stack").get<int64_t>();
    f.stack_exact = j.at("stack_exact").get<bool>();
    if (j.contains("calls")) f.calls = j["calls"].get<std::vector<std::string>>();
    return f;
}

KernelTable parse_table(std::string_view text) {
    json j = json::parse(text);
    KernelTable t;
    t.available = j.at("available").get<bool>();
    t.target = j.at("target").get<std::string>();
    if (!t.available) {
        t.reason = j.value("reason", "");
        return t;
    }
    t.compiler = j.at("compiler").get<std::string>();
    t.cflags = j.at("cflags").get<std::string>();
    for (const auto &f : j.at("functions"))
        t.functions.push_back(function_from(f));
    for (const auto &f : j.at("board_functions"))
        t.board_functions.push_back(function_from(f));
    for (const auto &f : j.at("c_library"))
        if (f.at("found").get<bool>()) t.c_library.push_back(function_from(f));
    t.sources = j.at("sources").get<std::map<std::string, std::string>>();
    t.param_types = j.at("param_types").get<std::map<std::string, int64_t>>();
    for (const auto &e : j.at("entry_points"))
        t.entry_points.push_back({e.at("arity").get<int>(), e.at("base_flash").get<int64_t>(),
                                  e.at("per_call_flash").get<int64_t>(),
                                  e.at("stack").get<int64_t>()});
    return t;
}

} // namespace

std::string fingerprint(std::string_view bytes) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : bytes)
        h = (h ^ c) * 1099511628211ull;
    return fmt::format("{:016x}", h);
}

std::string KernelTable::source_with_content(std::string_view content) const {
    std::string print = fingerprint(content);
    for (const auto &[file, p] : sources)
        if (p == print) return file;
    return "";
}

const MeasuredFunction *KernelTable::function(const std::string &file,
                                              const std::string &name) const {
    for (const auto &f : functions)
        if (f.file == file && f.name == name) return &f;
    return nullptr;
}

const MeasuredFunction *KernelTable::c_library_function(const std::string &name) const {
    for (const auto &f : c_library)
        if (f.name == name) return &f;
    return nullptr;
}

bool KernelTable::board_defines(const std::string &name) const {
    for (const auto &f : board_functions)
        if (f.name == name) return true;
    return false;
}

const EntryPointCost *KernelTable::entry_point(int arity) const {
    const EntryPointCost *best = nullptr;
    for (const auto &e : entry_points)
        if (e.arity <= arity || !best) best = &e;
    return best;
}

const KernelTable &measured_table() {
    static const KernelTable table = parse_table(measured_table_json());
    return table;
}

} // namespace microaot::footprint
