// Matrix products and normalization (ops-matmul group): BATCH_MATMUL (mao_batch_matmul, the
// operands read in place through strides: adjoints and broadcast batch axes cost no copy) and
// L2_NORMALIZATION (mao_l2_normalization).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/error.h"
#include "ir/matmul.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

constexpr std::size_t kMaxBatchDims = 3; // MAO_MATMUL_MAX_BATCH_DIMS in mao_kernels.h

// The layout's batch axes right-aligned in kMaxBatchDims slots (size 1, stride 0 in front).
std::string batch_list(const std::vector<int64_t> &values, int64_t fill, std::size_t node) {
    std::string out = "{";
    const std::size_t lead = kMaxBatchDims - values.size();
    for (std::size_t i = 0; i < kMaxBatchDims; ++i)
        out += fmt::format("{}{}", i ? ", " : "",
                           i < lead ? fill : int32_of(values[i - lead], "batch dimension", node));
    return out + "}";
}

Selection select_batch_matmul(const ir::Graph &g, const ir::Node &n) {
    Selection s = activation_suffix(g.tensor(n.inputs[0]));
    if (!s.kernel) return s;
    for (ir::TensorId id : {n.inputs[0], n.inputs[1], n.outputs[0]})
        if (g.tensor(id).byte_size() > INT32_MAX)
            return Selection::decline(
                fmt::format("BATCH_MATMUL operand '{}' exceeds 2 GiB", g.tensor(id).name));
    return Selection::use("mao_batch_matmul_" + *s.kernel);
}

void emit_batch_matmul(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    const ir::MatMulLayout l = ir::matmul_layout(g, n);
    StructInit p;
    p.add_raw("batch_dims", batch_list(l.batch_dims, 1, r.node));
    p.add_raw("lhs_batch_strides", batch_list(l.lhs_batch_strides, 0, r.node));
    p.add_raw("rhs_batch_strides", batch_list(l.rhs_batch_strides, 0, r.node));
    p.add("rows", int32_of(l.rows, "rows", r.node)).add("cols", int32_of(l.cols, "cols", r.node));
    p.add("depth", int32_of(l.depth, "depth", r.node));
    p.add("lhs_row_stride", int32_of(l.lhs_row_stride, "lhs row stride", r.node));
    p.add("lhs_depth_stride", int32_of(l.lhs_depth_stride, "lhs depth stride", r.node));
    p.add("rhs_depth_stride", int32_of(l.rhs_depth_stride, "rhs depth stride", r.node));
    p.add("rhs_col_stride", int32_of(l.rhs_col_stride, "rhs column stride", r.node));
    if (a.dtype == ir::DType::Int8) {
        // TFLM: GetQuantizedConvolutionMultipler (the scale product in float32), then
        // QuantizeMultiplier.
        QuantizedMultiplier m = fully_connected_multiplier(scale_of(a, r.node), scale_of(b, r.node),
                                                           scale_of(y, r.node));
        if (m.shift > 31)
            throw CompileError(fmt::format("node {}: BATCH_MATMUL multiplier is too large to "
                                           "requantize (shift {})",
                                           r.node, m.shift));
        p.add("lhs_offset", -int64_t(zero_point_of(a, r.node)));
        p.add("rhs_offset", -int64_t(zero_point_of(b, r.node)));
        p.add("output_offset", zero_point_of(y, r.node));
        p.add("out_mult", m.multiplier).add("out_shift", m.shift);
    } else {
        p.add("lhs_offset", 0).add("rhs_offset", 0).add("output_offset", 0);
        p.add("out_mult", 0).add("out_shift", 0);
    }
    std::string params =
        ctx.add_params("mao_batch_matmul_params", params_hint(r.node, "batch_matmul"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {}, {});", r.kernel, params,
                                  ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.inputs[1]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

Selection select_l2_normalization(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (x.byte_size() > INT32_MAX)
        return Selection::decline(fmt::format("L2_NORMALIZATION input '{}' exceeds 2 GiB", x.name));
    return Selection::use("mao_l2_normalization_" + *s.kernel);
}

void emit_l2_normalization(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    const int32_t depth = dim32(x, x.shape.size() - 1, r.node);
    StructInit p;
    p.add("outer", int32_of(depth == 0 ? 0 : ir::element_count(x.shape) / depth, "rows", r.node));
    p.add("depth", depth);
    p.add("input_zp", x.dtype == ir::DType::Int8 ? zero_point_of(x, r.node) : 0);
    std::string params =
        ctx.add_params("mao_l2_norm_params", params_hint(r.node, "l2_norm"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_matmul_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::BatchMatMul,
                   select_batch_matmul,
                   emit_batch_matmul,
                   {{ir::DType::Int8, "mao_batch_matmul_s8", false, "mao_batch_matmul"},
                    {ir::DType::Float32, "mao_batch_matmul_f32", false, "mao_batch_matmul"}},
                   nullptr,
                   3});
    out.push_back(
        {ir::OpKind::L2Normalization,
         select_l2_normalization,
         emit_l2_normalization,
         {{ir::DType::Int8, "mao_l2_normalization_s8", false, "mao_l2_normalization"},
          {ir::DType::Float32, "mao_l2_normalization_f32", false, "mao_l2_normalization"}}});
}

} // namespace microaot::cpu
