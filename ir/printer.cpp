#include "ir/printer.h"

#include "ir/ops.h"
#include "ir/text.h"

#include <fmt/format.h>

namespace microaot::ir {
namespace {

std::string tensor_line(const Graph &g, TensorId id, std::string_view role) {
    const Tensor &t = g.tensor(id);
    std::string s = fmt::format("  {:<6} %{} \"{}\" {}{}", role, id, printable(t.name),
                                dtype_name(t.dtype), shape_str(t.shape));
    if (!t.quant.empty()) s += " " + quant_str(t.quant);
    if (t.is_constant()) s += fmt::format(" ({} B)", t.data->size());
    return s + "\n";
}

std::string operands(const std::vector<TensorId> &ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) s += ", ";
        s += ids[i] == kNoTensor ? std::string("-") : fmt::format("%{}", ids[i]);
    }
    return s;
}

} // namespace

std::string quant_str(const Quantization &q) {
    if (q.empty()) return "";
    if (!q.per_channel()) return fmt::format("q(s={:g}, zp={})", q.scale[0], q.zero_point[0]);
    return fmt::format("q(per-channel axis={}, {} scales, s0={:g}, zp0={})", q.axis, q.scale.size(),
                       q.scale[0], q.zero_point[0]);
}

std::string dump(const Graph &g) {
    std::string s = fmt::format("graph \"{}\"\n", printable(g.name));
    for (TensorId id : g.inputs)
        s += tensor_line(g, id, "input");
    for (std::size_t i = 0; i < g.tensors.size(); ++i)
        if (g.tensors[i].is_constant()) s += tensor_line(g, TensorId(i), "const");
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const Node &n = g.nodes[i];
        std::string attrs = attrs_str(n);
        s += fmt::format("  node {} {}{}{}({}) -> {}\n", i, op_name(n.kind),
                         attrs.empty() ? "" : "{", attrs.empty() ? "" : attrs + "}",
                         operands(n.inputs), operands(n.outputs));
        for (TensorId out : n.outputs)
            s += "  " + tensor_line(g, out, "value");
    }
    for (TensorId id : g.outputs)
        s += tensor_line(g, id, "output");
    return s;
}

} // namespace microaot::ir
