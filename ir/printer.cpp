#include "ir/printer.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::ir {
namespace {

std::string window_str(int kh, int kw, int sh, int sw, int dh, int dw, Padding p) {
    std::string s = fmt::format("stride={}x{}", sh, sw);
    if (dh != 1 || dw != 1) s += fmt::format(" dilation={}x{}", dh, dw);
    if (kh) s = fmt::format("filter={}x{} ", kh, kw) + s;
    return s + fmt::format(" padding={}", padding_name(p));
}

struct AttrPrinter {
    std::string operator()(const NoAttrs &) const { return ""; }
    std::string operator()(const Conv2DAttrs &a) const {
        return window_str(0, 0, a.stride_h, a.stride_w, a.dilation_h, a.dilation_w, a.padding) +
               fmt::format(" act={}", activation_name(a.activation));
    }
    std::string operator()(const DepthwiseConv2DAttrs &a) const {
        return window_str(0, 0, a.stride_h, a.stride_w, a.dilation_h, a.dilation_w, a.padding) +
               fmt::format(" multiplier={} act={}", a.depth_multiplier,
                           activation_name(a.activation));
    }
    std::string operator()(const FullyConnectedAttrs &a) const {
        return fmt::format("act={}{}", activation_name(a.activation),
                           a.keep_num_dims ? " keep_num_dims" : "");
    }
    std::string operator()(const Pool2DAttrs &a) const {
        return window_str(a.filter_h, a.filter_w, a.stride_h, a.stride_w, 1, 1, a.padding) +
               fmt::format(" act={}", activation_name(a.activation));
    }
    std::string operator()(const SoftmaxAttrs &a) const { return fmt::format("beta={}", a.beta); }
    std::string operator()(const AddAttrs &a) const {
        return fmt::format("act={}", activation_name(a.activation));
    }
};

std::string tensor_line(const Graph &g, TensorId id, std::string_view role) {
    const Tensor &t = g.tensor(id);
    std::string s = fmt::format("  {:<6} %{} \"{}\" {}{}", role, id, t.name, dtype_name(t.dtype),
                                shape_str(t.shape));
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

std::string attrs_str(const Node &node) {
    return std::visit(AttrPrinter{}, node.attrs);
}

std::string dump(const Graph &g) {
    std::string s = fmt::format("graph \"{}\"\n", g.name);
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
