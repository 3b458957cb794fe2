// AVERAGE_POOL_2D and MAX_POOL_2D.
#include "backends/cpu/emit_util.h"
#include "backends/cpu/emitters.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::cpu {

void emit_pool(std::size_t node, const std::string &kernel, backends::EmitContext &ctx) {
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ir::Pool2DAttrs>();
    int32_t in_h = dim32(x, 1, node), in_w = dim32(x, 2, node);
    AxisPadding ph = compute_axis_padding(to_cpu(a.padding), in_h, a.filter_h, a.stride_h);
    AxisPadding pw = compute_axis_padding(to_cpu(a.padding), in_w, a.filter_w, a.stride_w);
    if (ph.out_size != dim32(y, 1, node) || pw.out_size != dim32(y, 2, node))
        throw CompileError(
            fmt::format("node {}: pooling output shape differs from TFLite's", node));

    StructInit p;
    p.add("batches", dim32(x, 0, node)).add("in_h", in_h).add("in_w", in_w);
    p.add("channels", dim32(x, 3, node)).add("out_h", ph.out_size).add("out_w", pw.out_size);
    p.add("filter_h", a.filter_h).add("filter_w", a.filter_w);
    p.add("stride_h", a.stride_h).add("stride_w", a.stride_w);
    p.add("pad_h", ph.pad).add("pad_w", pw.pad);
    if (x.dtype == ir::DType::Int8) {
        IntRange r =
            activation_range_int8(to_cpu(a.activation), scale_of(y, node), zero_point_of(y, node));
        p.add("act_min", r.min).add("act_max", r.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange r = activation_range_float(to_cpu(a.activation));
        p.add("act_min", 0).add("act_max", 0);
        p.add_float("f_act_min", r.min).add_float("f_act_max", r.max);
    }
    std::string params = ctx.add_params("mao_pool_params", params_hint(node, "pool"), p.str());
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    use_portable_kernel(kernel, ctx);
}

} // namespace microaot::cpu
