#include "codegen/c_names.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace microaot::codegen {
namespace {

constexpr std::array<std::string_view, 37> kKeywords = {
    "auto",     "break",  "case",   "char",     "const",     "continue", "default",  "do",
    "double",   "else",   "enum",   "extern",   "float",     "for",      "goto",     "if",
    "inline",   "int",    "long",   "register", "restrict",  "return",   "short",    "signed",
    "sizeof",   "static", "struct", "switch",   "typedef",   "union",    "unsigned", "void",
    "volatile", "while",  "_Bool",  "_Complex", "_Imaginary"};

bool is_keyword(std::string_view s) {
    return std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end();
}

} // namespace

std::string c_identifier(std::string_view name) {
    std::string out;
    for (char c : name) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        out += keep ? c : '_';
    }
    if (out.empty()) out = "t";
    // Leading digits are invalid; leading '_' risks reserved names (_X, __x).
    if ((out[0] >= '0' && out[0] <= '9') || out[0] == '_') out.insert(0, 1, 't');
    if (is_keyword(out)) out += "_";
    return out;
}

std::string NameTable::unique(std::string_view wanted) {
    std::string name(wanted);
    for (int i = 2; taken_.count(name); ++i)
        name = fmt::format("{}_{}", wanted, i);
    taken_.insert(name);
    return name;
}

} // namespace microaot::codegen
