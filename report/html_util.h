// Small helpers shared by the HTML report's sections: escaping, numbers, backend colours.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::report {

// Text safe in HTML and SVG element content and in double- or single-quoted attributes.
std::string escape(std::string_view text);
// 1234567 -> "1,234,567".
std::string grouped(int64_t value);
// A fixed colour per backend, by its position in the priority list (distinct for 10 backends,
// then repeating); "#bbbbbb" for an unknown backend.
std::string backend_colour(const std::vector<std::string> &backends, const std::string &backend);

// One SVG <text> element (escaped).
std::string svg_text(double x, double y, std::string_view text, std::string_view attributes = "");

} // namespace microaot::report
