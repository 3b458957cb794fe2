#include "backends/backend.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
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

bool EmitContext::note_pool_use(const MemoryPool &pool) {
    for (const auto &p : pools_used_) {
        if (p.name != pool.name) continue;
        if (p == pool) return false;
        throw CompileError(fmt::format("two different memory pools named '{}'", pool.name));
    }
    pools_used_.push_back(pool);
    return true;
}

bool is_c_identifier(std::string_view name) {
    auto letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (name.empty() || name.size() > 63 || !letter(name[0])) return false;
    return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || digit(c); });
}

// Everything a backend passes in a MemoryPool ends up in C: check it before it gets there.
static void check_pool(const MemoryPool &pool, std::string_view c_type) {
    auto fail = [&](const std::string &what) {
        throw CompileError(fmt::format("memory pool '{}': {}", c_comment(pool.name), what));
    };
    if (!is_c_identifier(pool.name)) fail("the name is not a C identifier");
    if (!pool.address_macro.empty() && !is_c_identifier(pool.address_macro))
        fail(
            fmt::format("address macro '{}' is not a C identifier", c_comment(pool.address_macro)));
    if (pool.size <= 0 || pool.size > kMaxPoolBytes)
        fail(fmt::format("{} bytes is not in [1, {}] (no target has more memory)", pool.size,
                         kMaxPoolBytes));
    if (pool.alignment <= 0 || pool.alignment > kMaxPoolAlignment ||
        (pool.alignment & (pool.alignment - 1)) != 0)
        fail(fmt::format("alignment {} is not a power of two up to {}", pool.alignment,
                         kMaxPoolAlignment));
    if (!is_c_identifier(c_type))
        fail(fmt::format("element type '{}' is not a C identifier", c_comment(c_type)));
}

std::string EmitContext::pool_ref(const MemoryPool &pool, int64_t offset, std::string_view c_type) {
    check_pool(pool, c_type);
    if (offset < 0 || offset > pool.size)
        throw CompileError(fmt::format("offset {} outside memory pool '{}' of {} bytes", offset,
                                       pool.name, pool.size));
    std::string base = "mao_pool_" + pool.name;
    if (note_pool_use(pool)) {
        std::string decl = fmt::format("static uint8_t {}_storage[{}] MAO_ALIGN({});", base,
                                       pool.size, pool.alignment);
        std::string bind = fmt::format("uint8_t *const {0} = {0}_storage;", base);
        if (pool.address_macro.empty()) {
            add_statement(fmt::format("{} {}", decl, bind));
        } else {
            add_statement(fmt::format(
                "/* memory pool '{0}' ({1} bytes): define {2} to place it at a fixed "
                "address */\n#ifdef {2}\n    uint8_t *const {3} = (uint8_t *)({2});\n#else\n"
                "    {4}\n    {5}\n#endif",
                c_comment(pool.name), pool.size, pool.address_macro, base, decl, bind));
        }
    }
    return fmt::format("(({} *)({} + {}))", c_type, base, offset);
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
