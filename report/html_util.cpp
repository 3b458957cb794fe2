#include "report/html_util.h"

#include <array>
#include <fmt/format.h>

namespace microaot::report {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            // Control characters (other than newline and tab) are not allowed in XML text.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
                out += ' ';
            else
                out += c;
        }
    }
    return out;
}

std::string grouped(int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (value < 0 ? "-" : "") + out;
}

std::string backend_colour(const std::vector<std::string> &backends, const std::string &backend) {
    // Tableau 10: distinguishable, also in grey scale print.
    static const std::array<const char *, 10> palette = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                                         "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                                                         "#9c755f", "#bab0ac"};
    for (std::size_t i = 0; i < backends.size(); ++i)
        if (backends[i] == backend) return palette[i % palette.size()];
    return "#bbbbbb";
}

std::string svg_text(double x, double y, std::string_view text, std::string_view attributes) {
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}{}>{}</text>", x, y,
                       attributes.empty() ? "" : " ", attributes, escape(text));
}

} // namespace microaot::report
