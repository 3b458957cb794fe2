#include "footprint/generated_source.h"

#include "ir/error.h"

#include <algorithm>
#include <fmt/format.h>
#include <regex>
#include <sstream>

namespace microaot::footprint {
namespace {

const std::string &file_named(const std::vector<codegen::GeneratedFile> &files,
                              const std::string &name) {
    for (const auto &f : files)
        if (f.name == name) return f.content;
    throw CompileError(fmt::format("generated output has no '{}'", name));
}

// Arguments of a call: top-level commas + 1 (0 for an empty list).
int arity(const std::string &args) {
    if (args.find_first_not_of(" \t") == std::string::npos) return 0;
    int depth = 0, count = 1;
    for (char c : args) {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        count += c == ',' && depth == 0;
    }
    return count;
}

int64_t element_bytes(const std::string &c_type) {
    if (c_type == "int8_t" || c_type == "uint8_t") return 1;
    if (c_type == "int16_t" || c_type == "uint16_t") return 2;
    if (c_type == "int64_t" || c_type == "uint64_t") return 8;
    return 4; // int32_t, uint32_t, float
}

} // namespace

GeneratedSource read_generated(const std::vector<codegen::GeneratedFile> &files,
                               const std::string &name) {
    GeneratedSource g;
    static const std::regex extern_array(R"(^extern const (\w+) (\w+)\[(\d+)\];)");
    std::istringstream header(file_named(files, name + "_weights.h"));
    for (std::string line; std::getline(header, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, extern_array)) continue;
        g.constant_bytes[m[2].str()] = element_bytes(m[1].str()) * std::stoll(m[3].str());
        g.constant_order.push_back(m[2].str());
    }

    static const std::regex params(R"(^static const (\w+) \w+ = )");
    static const std::regex call(R"(^\s*([A-Za-z_]\w*)\((.*)\);\s*$)");
    static const std::regex hook(R"(^\s*MAO_NODE_(BEGIN|END)\((\d+)\);)");
    const std::regex constant("\\b" + name + "_c[0-9]+\\b");
    g.nodes.push_back({}); // statements before the first hook
    std::istringstream source(file_named(files, name + ".c"));
    for (std::string line; std::getline(source, line);) {
        std::smatch m;
        if (std::regex_search(line, m, params)) {
            g.param_types.push_back(m[1].str());
        } else if (std::regex_search(line, m, hook)) {
            NodeCode next;
            if (m[1].str() == "BEGIN") next.node = std::stoul(m[2].str());
            g.nodes.push_back(next);
        } else if (std::regex_match(line, m, call)) {
            g.nodes.back().calls.push_back({m[1].str(), arity(m[2].str())});
        }
        for (auto it = std::sregex_iterator(line.begin(), line.end(), constant);
             it != std::sregex_iterator(); ++it) {
            auto &used = g.nodes.back().constants;
            if (std::find(used.begin(), used.end(), it->str()) == used.end())
                used.push_back(it->str());
        }
    }
    std::erase_if(g.nodes, [](const NodeCode &n) {
        return !n.node && n.calls.empty() && n.constants.empty();
    });
    return g;
}

} // namespace microaot::footprint
