// Reductions over any set of axes: MEAN and SUM (int8 as TFLM's QuantizedMeanOrSum, float32 as
// its Mean / ReduceGeneric), REDUCE_MAX (ReduceGeneric).
//
// The kernels walk every output (the kept axes, row-major) and, for each, its reduced elements in
// increasing input order, which is the order in which TFLM's reference accumulates them: float
// sums come out bit for bit. Axes of size 1 are dropped and adjacent axes of the same kind
// (kept / reduced) merged, so the kernels see at most a few dimension groups.
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <bit>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

constexpr std::size_t kMaxGroups = 4; // MAO_REDUCE_MAX_GROUPS in mao_kernels.h

// Dimension groups of a reduction: kept groups (outputs) and reduced groups, outermost first,
// each with its input element stride.
struct ReduceLayout {
    std::vector<int64_t> outer_dims, outer_strides, inner_dims, inner_strides;
    int64_t count = 1; // elements reduced into each output
};

ReduceLayout reduce_layout(const ir::Shape &shape, const std::vector<int> &axes) {
    std::vector<int64_t> strides(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;)
        strides[d - 1] = strides[d] * shape[d];
    ReduceLayout l;
    int last = -1; // kind of the previous group: 0 kept, 1 reduced
    for (std::size_t d = 0; d < shape.size(); ++d) {
        bool reduced = std::find(axes.begin(), axes.end(), int(d)) != axes.end();
        if (reduced) l.count *= shape[d];
        if (shape[d] == 1) continue; // neither moves an offset nor changes the order
        auto &dims = reduced ? l.inner_dims : l.outer_dims;
        auto &group_strides = reduced ? l.inner_strides : l.outer_strides;
        if (last == int(reduced)) {
            // Row-major: the previous group's stride is this axis' size times its stride.
            dims.back() *= shape[d];
            group_strides.back() = strides[d];
        } else {
            dims.push_back(shape[d]);
            group_strides.push_back(strides[d]);
        }
        last = int(reduced);
    }
    return l;
}

Selection select_reduce(const ir::Graph &g, const ir::Node &n, std::string_view name) {
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    // TFLite Micro's MEAN and SUM also take int16 (QuantizedMeanOrSum<int16_t>).
    Selection s = activation_suffix(x, n.kind != ir::OpKind::ReduceMax);
    if (!s.kernel) return s;
    if (ir::element_count(x.shape) == 0)
        return Selection::decline(fmt::format("{} of an empty tensor", ir::op_name(n.kind)));
    ReduceLayout l = reduce_layout(x.shape, n.attr<ir::ReduceAttrs>().axes);
    if (l.outer_dims.size() > kMaxGroups || l.inner_dims.size() > kMaxGroups)
        return Selection::decline(fmt::format("{} alternates kept and reduced axes more than {} "
                                              "times",
                                              ir::op_name(n.kind), kMaxGroups));
    return Selection::use(fmt::format("{}_{}", name, *s.kernel));
}

Selection select_mean(const ir::Graph &g, const ir::Node &n) {
    return select_reduce(g, n, "mao_mean");
}

Selection select_sum(const ir::Graph &g, const ir::Node &n) {
    return select_reduce(g, n, "mao_sum");
}

Selection select_reduce_max(const ir::Graph &g, const ir::Node &n) {
    return select_reduce(g, n, "mao_reduce_max");
}

std::string int32_list(const std::vector<int64_t> &values, std::size_t node) {
    std::string out = "{";
    for (std::size_t i = 0; i < kMaxGroups; ++i)
        out += fmt::format("{}{}", i ? ", " : "",
                           i < values.size() ? int32_of(values[i], "reduce dimension", node) : 0);
    return out + "}";
}

// The int8/int16 requantization: TFLM's QuantizeMultiplier(input_scale / output_scale), and for
// MEAN the 1/count factor folded into it as QuantizedMeanOrSum does at run time: shift by
// floor(log2(count)) (at most 32 and at most 31 + shift), divide the multiplier by count.
QuantizedMultiplier reduce_multiplier(const ir::Graph &g, const ir::Node &n, std::size_t node,
                                      int64_t count, bool mean) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    QuantizedMultiplier m = checked_kernel_multiplier(static_cast<double>(scale_of(x, node)) /
                                                          static_cast<double>(scale_of(y, node)),
                                                      "input / output scale");
    if (!mean) return m;
    int shift = 63 - std::countl_zero(static_cast<uint64_t>(count));
    shift = std::min({shift, 32, 31 + m.shift});
    m.multiplier = int32_t((int64_t(m.multiplier) << shift) / count);
    m.shift -= shift;
    return m;
}

void emit_reduce(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    ReduceLayout l = reduce_layout(x.shape, n.attr<ir::ReduceAttrs>().axes);
    StructInit p;
    p.add("outputs", int32_of(ir::element_count(y.shape), "reduce outputs", r.node));
    p.add("outer_rank", int32_t(l.outer_dims.size()));
    p.add_raw("outer_dims", int32_list(l.outer_dims, r.node));
    p.add_raw("outer_strides", int32_list(l.outer_strides, r.node));
    p.add("inner_rank", int32_t(l.inner_dims.size()));
    p.add_raw("inner_dims", int32_list(l.inner_dims, r.node));
    p.add_raw("inner_strides", int32_list(l.inner_strides, r.node));
    p.add("count", int32_of(l.count, "reduced elements", r.node));
    if (x.dtype != ir::DType::Float32) {
        QuantizedMultiplier m =
            reduce_multiplier(g, n, r.node, l.count, n.kind == ir::OpKind::Mean);
        p.add("input_zp", zero_point_of(x, r.node)).add("output_zp", zero_point_of(y, r.node));
        p.add("multiplier", m.multiplier).add("shift", m.shift);
    } else {
        p.add("input_zp", 0).add("output_zp", 0).add("multiplier", 0).add("shift", 0);
    }
    std::string params =
        ctx.add_params("mao_reduce_params", params_hint(r.node, "reduce"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_reduce_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::Mean,
                   select_mean,
                   emit_reduce,
                   {{ir::DType::Int8, "mao_mean_s8", false, "mao_reduce"},
                    {ir::DType::Int16, "mao_mean_s16", false, "mao_reduce"},
                    {ir::DType::Float32, "mao_mean_f32", false, "mao_reduce"}}});
    // ops-binary group
    out.push_back({ir::OpKind::Sum,
                   select_sum,
                   emit_reduce,
                   {{ir::DType::Int8, "mao_sum_s8", false, "mao_reduce"},
                    {ir::DType::Int16, "mao_sum_s16", false, "mao_reduce"},
                    {ir::DType::Float32, "mao_sum_f32", false, "mao_reduce"}}});
    out.push_back({ir::OpKind::ReduceMax,
                   select_reduce_max,
                   emit_reduce,
                   {{ir::DType::Int8, "mao_reduce_max_s8", false, "mao_reduce"},
                    {ir::DType::Float32, "mao_reduce_max_f32", false, "mao_reduce"}}});
}

} // namespace microaot::cpu
