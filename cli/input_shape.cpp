#include "cli/input_shape.h"

#include <fmt/format.h>

#include <charconv>

namespace microaot::cli {
namespace {

// "x=1x3x32x32" -> ("x", {1, 3, 32, 32}); an error message instead when malformed.
std::string parse(const std::string &text, std::pair<std::string, ir::Shape> &out) {
    std::size_t eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        return fmt::format("'{}' is not NAME=D0xD1x... (e.g. input=1x3x32x32)", text);
    out.first = text.substr(0, eq);
    out.second.clear();
    std::string_view dims(text);
    dims.remove_prefix(eq + 1);
    while (true) {
        std::size_t x = dims.find('x');
        std::string_view d = dims.substr(0, x);
        int64_t v = 0;
        auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
        if (d.empty() || ec != std::errc() || end != d.data() + d.size() || v <= 0 ||
            v > (int64_t(1) << 31))
            return fmt::format("'{}': dimension '{}' is not a positive integer", text, d);
        out.second.push_back(v);
        if (x == std::string_view::npos) break;
        dims.remove_prefix(x + 1);
    }
    return "";
}

} // namespace

void add_input_shape_option(CLI::App *cmd, frontends::ImportOptions &import) {
    cmd->add_option_function<std::vector<std::string>>(
           "--input-shape",
           [&import](const std::vector<std::string> &values) {
               for (const std::string &v : values) {
                   std::pair<std::string, ir::Shape> shape;
                   parse(v, shape);
                   import.input_shapes.push_back(std::move(shape));
               }
           },
           "Fix a graph input's dimensions, NAME=D0xD1x... (ONNX dynamic dimensions; "
           "repeatable)")
        ->check([](const std::string &v) {
            std::pair<std::string, ir::Shape> shape;
            return parse(v, shape);
        });
}

} // namespace microaot::cli
