// A second model format registered through the frontend registry only (no driver or CLI change):
// linked into a copy of the microaot CLI by tests/frontend/CMakeLists.txt, it makes `inspect`
// and `compile` read ".fake" text models.
//
// Format: the line "MAOFAKE1", then one statement per line:
//   input NAME D0xD1...        a float32 graph input
//   relu6 IN OUT               OUT = RELU6(IN)
//   add A B OUT                OUT = A + B (same shapes)
//   output NAME                a graph output
#include "frontends/registry.h"
#include "ir/error.h"
#include "ir/verifier.h"

#include <fmt/format.h>

#include <map>
#include <sstream>

namespace {

using namespace microaot;

constexpr std::string_view kMagic = "MAOFAKE1";

bool recognizes(std::span<const uint8_t> head) {
    return head.size() >= kMagic.size() &&
           std::string_view(reinterpret_cast<const char *>(head.data()), kMagic.size()) == kMagic;
}

ir::Shape parse_shape(const std::string &text) {
    ir::Shape shape;
    std::istringstream in(text);
    for (std::string dim; std::getline(in, dim, 'x');)
        shape.push_back(std::stoll(dim));
    return shape;
}

ir::Graph import_fake(const frontends::ImportSource &source, const frontends::ImportOptions &) {
    ir::Graph g;
    g.name = source.name;
    std::map<std::string, ir::TensorId> ids;
    auto tensor = [&](const std::string &name, const ir::Shape &shape) {
        auto [it, fresh] = ids.try_emplace(name, ir::kNoTensor);
        if (fresh) it->second = g.add_tensor({name, ir::DType::Float32, shape, {}, std::nullopt});
        return it->second;
    };
    auto known = [&](const std::string &name, std::size_t line) {
        auto it = ids.find(name);
        if (it == ids.end())
            throw CompileError(
                fmt::format("{}: line {}: unknown tensor '{}'", source.label, line, name));
        return it->second;
    };
    std::istringstream text(std::string(source.bytes.begin(), source.bytes.end()));
    std::string line;
    std::getline(text, line); // magic
    for (std::size_t number = 2; std::getline(text, line); ++number) {
        std::istringstream words(line);
        std::string op, a, b, c;
        words >> op >> a >> b >> c;
        if (op == "input") {
            g.inputs.push_back(tensor(a, parse_shape(b)));
        } else if (op == "relu6") {
            ir::TensorId x = known(a, number);
            g.nodes.push_back(
                {ir::OpKind::Relu6, ir::NoAttrs{}, {x}, {tensor(b, g.tensor(x).shape)}});
        } else if (op == "add") {
            ir::TensorId x = known(a, number), y = known(b, number);
            g.nodes.push_back(
                {ir::OpKind::Add, ir::BinaryAttrs{}, {x, y}, {tensor(c, g.tensor(x).shape)}});
        } else if (op == "output") {
            g.outputs.push_back(known(a, number));
        } else if (!op.empty()) {
            throw CompileError(
                fmt::format("{}: line {}: unknown statement '{}'", source.label, number, op));
        }
    }
    ir::verify(g);
    return g;
}

const bool kRegistered = [] {
    frontends::register_frontend({"fake", "microaot test text model", recognizes, import_fake});
    return true;
}();

} // namespace
