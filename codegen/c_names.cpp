#include "codegen/c_names.h"

#include "codegen/reserved_names.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace microaot::codegen {
namespace {} // namespace

std::string c_identifier(std::string_view name) {
    std::string out;
    for (char c : name) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        out += keep ? c : '_';
    }
    if (out.empty()) out = "t";
    // Leading digits are invalid; leading '_' risks reserved names (_X, __x).
    if ((out[0] >= '0' && out[0] <= '9') || out[0] == '_') out.insert(0, 1, 't');
    // Keywords, standard macros and typedefs: a suffix frees them (see reserved_names.h).
    while (is_reserved_identifier(out))
        out += "_";
    return out;
}

std::string NameTable::unique(std::string_view wanted) {
    std::string name(wanted);
    if (taken_.count(name)) {
        auto next = next_suffix_.try_emplace(std::string(wanted), 2).first;
        do
            name = fmt::format("{}_{}", wanted, next->second++);
        while (taken_.count(name));
    }
    taken_.insert(name);
    return name;
}

} // namespace microaot::codegen
