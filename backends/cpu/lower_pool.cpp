// AVERAGE_POOL_2D and MAX_POOL_2D (int8, int16, float32).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

Selection select_pool(const ir::Graph &g, const ir::Node &n, std::string_view base) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(x, /*has_int16_kernels=*/true);
    if (!s.kernel) return s;
    if (x.dtype != ir::DType::Float32 && x.quant != y.quant)
        return Selection::decline(fmt::format("{} pooling needs equal input and output "
                                              "quantization",
                                              ir::dtype_name(x.dtype)));
    return Selection::use(fmt::format("mao_{}_{}", base, *s.kernel));
}

Selection select_average(const ir::Graph &g, const ir::Node &n) {
    return select_pool(g, n, "avg_pool");
}
Selection select_max(const ir::Graph &g, const ir::Node &n) {
    return select_pool(g, n, "max_pool");
}

void emit_pool(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ir::Pool2DAttrs>();
    const ir::Window2D &w = a.window;

    StructInit p;
    p.add("batches", dim32(x, 0, node)).add("in_h", dim32(x, 1, node));
    p.add("in_w", dim32(x, 2, node)).add("channels", dim32(x, 3, node));
    p.add("out_h", dim32(y, 1, node)).add("out_w", dim32(y, 2, node));
    p.add("filter_h", w.kernel_h).add("filter_w", w.kernel_w);
    p.add("stride_h", w.stride_h).add("stride_w", w.stride_w);
    p.add("pad_h", w.pad_top).add("pad_w", w.pad_left);
    if (x.dtype != ir::DType::Float32) {
        IntRange range = activation_range_quantized(to_cpu(a.activation), scale_of(y, node),
                                                    zero_point_of(y, node), storage_of(y));
        p.add("act_min", range.min).add("act_max", range.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange range = activation_range_float(to_cpu(a.activation));
        p.add("act_min", 0).add("act_max", 0);
        p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    }
    std::string params = ctx.add_params("mao_pool_params", params_hint(node, "pool"), p.str());
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_pool_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::AveragePool2D,
                   select_average,
                   emit_pool,
                   {{ir::DType::Int8, "mao_avg_pool_s8", true},
                    {ir::DType::Int16, "mao_avg_pool_s16"},
                    {ir::DType::Float32, "mao_avg_pool_f32"}}});
    out.push_back({ir::OpKind::MaxPool2D,
                   select_max,
                   emit_pool,
                   {{ir::DType::Int8, "mao_max_pool_s8", true},
                    {ir::DType::Int16, "mao_max_pool_s16"},
                    {ir::DType::Float32, "mao_max_pool_f32"}}});
}

} // namespace microaot::cpu
