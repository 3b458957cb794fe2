#include "backends/backend.h"

#include "ir/error.h"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace microaot::backends {

std::string EmitContext::add_int32_array(std::span<const int32_t> values, std::string_view what) {
    std::vector<uint8_t> bytes(values.size_bytes());
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return add_constant("int32_t", bytes, what);
}

std::string EmitContext::add_float_array(std::span<const float> values, std::string_view what) {
    std::vector<uint8_t> bytes(values.size_bytes());
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return add_constant("float", bytes, what);
}

std::string c_float(float value) {
    if (std::isnan(value)) throw CompileError("cannot emit a NaN constant into generated C");
    if (std::isinf(value)) return value > 0 ? "INFINITY" : "(-INFINITY)";
    // fmt prints the shortest decimal that reads back as the same float.
    std::string s = fmt::format("{}", value);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s + "f";
}

std::string c_int32(int64_t value) {
    if (value < INT32_MIN || value > INT32_MAX)
        throw CompileError(fmt::format("value {} does not fit int32 in generated C", value));
    if (value == INT32_MIN) return "(-2147483647 - 1)";
    return fmt::format("{}", value);
}

std::string c_comment(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r') c = ' ';
        if (c == '/' && !out.empty() && out.back() == '*') out += ' ';
        if (c == '*' && !out.empty() && out.back() == '/') out += ' ';
        if (c == '?' && !out.empty() && out.back() == '?') out += ' '; // no trigraphs
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
        out += c;
    }
    return out;
}

} // namespace microaot::backends
