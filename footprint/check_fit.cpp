#include "footprint/check_fit.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <limits>

namespace microaot::footprint {
namespace {

struct Consumer {
    std::string what;
    int64_t bytes = 0;
};

std::string grouped(int64_t v) {
    std::string digits = std::to_string(v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string parse_size(std::string_view text, int64_t &bytes) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || value < 0) return fmt::format("'{}' is not a size", text);
    std::string_view unit = text.substr(std::size_t(end - text.data()));
    int64_t scale = unit.empty() || unit == "B"                  ? 1
                    : unit == "K" || unit == "k" || unit == "KB" ? 1024
                    : unit == "M" || unit == "MB"                ? 1024 * 1024
                                                                 : 0;
    if (scale == 0) return fmt::format("unknown unit '{}' in '{}' (use K or M)", unit, text);
    if (value > std::numeric_limits<int64_t>::max() / scale)
        return fmt::format("'{}' is too large", text);
    bytes = value * scale;
    return "";
}

std::vector<Consumer> flash_consumers(const Footprint &fp) {
    std::vector<Consumer> list;
    for (const auto &w : fp.weights_per_layer)
        list.push_back(
            {w.node ? fmt::format("weights of node {} ({})", *w.node, w.op) : "weights " + w.op,
             w.bytes});
    for (const auto &k : fp.kernels)
        list.push_back({"kernel " + k.function, k.flash + k.data});
    list.push_back({"entry points", fp.entry_code});
    list.push_back({"parameter structs", fp.parameters});
    for (const auto &c : fp.c_library)
        list.push_back({"C library " + c.name, c.flash + c.data});
    return list;
}

std::vector<Consumer> ram_consumers(const Footprint &fp) {
    std::vector<Consumer> list = {
        {"workspace", fp.workspace}, {"stack bound", fp.stack_bound}, {"memory pools", fp.pools}};
    for (const auto &k : fp.kernels)
        list.push_back({"static data of " + k.function, k.data + k.bss});
    for (const auto &c : fp.c_library)
        list.push_back({"static data of C library " + c.name, c.data + c.bss});
    return list;
}

std::string violation(const std::string &what, int64_t needed, int64_t limit,
                      const std::string &limit_text, std::vector<Consumer> consumers) {
    std::stable_sort(consumers.begin(), consumers.end(),
                     [](const Consumer &a, const Consumer &b) { return a.bytes > b.bytes; });
    std::string largest;
    for (std::size_t i = 0; i < consumers.size() && i < 3 && consumers[i].bytes > 0; ++i)
        largest +=
            fmt::format("{}{} {} B", i ? ", " : "", consumers[i].what, grouped(consumers[i].bytes));
    return fmt::format("{} does not fit: needs {} B, limit {} ({} B), {} B over; largest: {}", what,
                       grouped(needed), limit_text, grouped(limit), grouped(needed - limit),
                       largest);
}

} // namespace

std::string parse_fit_limits(std::string_view spec, FitLimits &limits) {
    limits = {};
    if (spec.empty()) return "empty limit list (want e.g. flash=512K,ram=128K)";
    while (!spec.empty()) {
        std::string_view item = spec.substr(0, spec.find(','));
        spec = item.size() < spec.size() ? spec.substr(item.size() + 1) : std::string_view();
        auto eq = item.find('=');
        if (eq == std::string_view::npos)
            return fmt::format("'{}' is not KEY=SIZE (want e.g. flash=512K,ram=128K)", item);
        std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
        int64_t bytes = 0;
        if (std::string err = parse_size(value, bytes); !err.empty()) return err;
        if (key == "flash") {
            limits.flash = bytes;
            limits.flash_text = std::string(value);
        } else if (key == "ram") {
            limits.ram = bytes;
            limits.ram_text = std::string(value);
        } else {
            return fmt::format("unknown limit '{}' (flash or ram)", key);
        }
    }
    return "";
}

std::vector<std::string> fit_violations(const Footprint &fp, const FitLimits &limits) {
    std::vector<std::string> out;
    if (limits.flash && fp.flash() > *limits.flash)
        out.push_back(
            violation("flash", fp.flash(), *limits.flash, limits.flash_text, flash_consumers(fp)));
    if (limits.ram && fp.ram() > *limits.ram)
        out.push_back(violation("RAM", fp.ram(), *limits.ram, limits.ram_text, ram_consumers(fp)));
    return out;
}

} // namespace microaot::footprint
