// Element-wise binary operators with broadcasting on one parameter struct (mao_binary_params):
// MUL, SUB, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, DIV and PRELU, each computed as TFLite
// Micro's reference kernel. The broadcast walk is merged at compile time (binary_broadcast), so
// same-shape operands are one flat loop and channel broadcasts two dimensions.
#include "backends/cpu/binary_params.h"
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

constexpr std::size_t kMaxDims = 6; // MAO_BINARY_MAX_DIMS in mao_kernels.h

// The fused activation of an operator that has one (MUL, SUB, DIV), else none.
ir::Activation activation_of(const ir::Node &n) {
    return ir::fused_activation(n).value_or(ir::Activation::None);
}

QuantParams quant_of(const ir::Tensor &t, std::size_t node) {
    return {scale_of(t, node), zero_point_of(t, node)};
}

// The operators of this family that also take int16 (16x8) tensors here, as in TFLite Micro
// (which requires zero points 0 for MUL: MulPrepare). TFLM's int16 MAXIMUM, MINIMUM,
// SQUARED_DIFFERENCE and PRELU are not taken yet.
bool has_int16_kernel(ir::OpKind kind) {
    return kind == ir::OpKind::Mul || kind == ir::OpKind::Sub;
}

// "mao_<name>_s8" / "_s16" / "_f32" when the walk fits the kernel's dimensions.
Selection select_binary(const ir::Graph &g, const ir::Node &n, std::string_view name) {
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(y, has_int16_kernel(n.kind));
    if (!s.kernel) return s;
    if (y.dtype == ir::DType::Int16 && n.kind == ir::OpKind::Mul) {
        for (const ir::Tensor *t : {&a, &b, &y})
            if (t->quant.zero_point.at(0) != 0)
                return Selection::decline(fmt::format(
                    "int16 MUL needs zero points 0, '{}' has {} (TFLite Micro's MulPrepare)",
                    t->name, t->quant.zero_point.at(0)));
    }
    if (binary_broadcast(a.shape, b.shape).out_dims.size() > kMaxDims)
        return Selection::decline(fmt::format("{} broadcasts over more than {} merged dimensions",
                                              ir::op_name(n.kind), kMaxDims));
    return Selection::use(fmt::format("mao_{}_{}", name, *s.kernel));
}

std::string dims_list(const std::vector<int32_t> &values) {
    std::string out = "{";
    for (std::size_t i = 0; i < kMaxDims; ++i)
        out += fmt::format("{}{}", i ? ", " : "", i < values.size() ? values[i] : 0);
    return out + "}";
}

// The int8 numbers of the node's operator (every field zero for float kernels).
BinaryInt8Params int8_params(const ir::Graph &g, const ir::Node &n, std::size_t node) {
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    Activation act = to_cpu(activation_of(n));
    QuantizedStorage storage = storage_of(y);
    switch (n.kind) {
    case ir::OpKind::Mul:
        return mul_int8_params(quant_of(a, node), quant_of(b, node), quant_of(y, node), act,
                               storage);
    case ir::OpKind::Sub:
        return sub_int8_params(quant_of(a, node), quant_of(b, node), quant_of(y, node), act,
                               storage);
    case ir::OpKind::SquaredDifference:
        return squared_difference_int8_params(quant_of(a, node), quant_of(b, node),
                                              quant_of(y, node));
    case ir::OpKind::Div:
        return div_int8_params(quant_of(a, node), quant_of(b, node), quant_of(y, node), act);
    case ir::OpKind::Prelu:
        return prelu_int8_params(quant_of(a, node), quant_of(b, node), quant_of(y, node));
    default:
        return {};
    }
}

void emit_binary(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    BinaryBroadcast bc = binary_broadcast(a.shape, b.shape);
    StructInit p;
    p.add("rank", int32_t(bc.out_dims.size()));
    p.add_raw("out_dims", dims_list(bc.out_dims));
    p.add_raw("in1_strides", dims_list(bc.in1_strides));
    p.add_raw("in2_strides", dims_list(bc.in2_strides));
    bool quantized = y.dtype != ir::DType::Float32; // int8 or int16
    BinaryInt8Params q;
    if (quantized)
        q = int8_params(g, n, r.node);
    else
        q.act_min = q.act_max = 0;
    p.add("input1_offset", q.input1_offset).add("input2_offset", q.input2_offset);
    p.add("output_offset", q.output_offset).add("left_shift", q.left_shift);
    p.add("input1_multiplier", q.input1.multiplier).add("input1_shift", q.input1.shift);
    p.add("input2_multiplier", q.input2.multiplier).add("input2_shift", q.input2.shift);
    p.add("output_multiplier", q.output.multiplier).add("output_shift", q.output.shift);
    p.add("act_min", q.act_min).add("act_max", q.act_max);
    FloatRange range = quantized ? FloatRange{} : activation_range_float(to_cpu(activation_of(n)));
    p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    std::string params =
        ctx.add_params("mao_binary_params", params_hint(r.node, "binary"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {}, {});", r.kernel, params,
                                  ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.inputs[1]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

Selection select_mul(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "mul");
}

Selection select_sub(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "sub");
}

Selection select_squared_difference(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "squared_difference");
}

Selection select_maximum(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "maximum");
}

Selection select_minimum(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "minimum");
}

Selection select_div(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "div");
}

Selection select_prelu(const ir::Graph &g, const ir::Node &n) {
    return select_binary(g, n, "prelu");
}

} // namespace

void add_binary_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::Mul,
                   select_mul,
                   emit_binary,
                   {{ir::DType::Int8, "mao_mul_s8", false, "mao_mul"},
                    {ir::DType::Int16, "mao_mul_s16", false, "mao_mul"},
                    {ir::DType::Float32, "mao_mul_f32", false, "mao_mul"}}});
    out.push_back({ir::OpKind::Sub,
                   select_sub,
                   emit_binary,
                   {{ir::DType::Int8, "mao_sub_s8", false, "mao_sub"},
                    {ir::DType::Int16, "mao_sub_s16", false, "mao_sub"},
                    {ir::DType::Float32, "mao_sub_f32", false, "mao_sub"}}});
    out.push_back(
        {ir::OpKind::SquaredDifference,
         select_squared_difference,
         emit_binary,
         {{ir::DType::Int8, "mao_squared_difference_s8", false, "mao_squared_difference"},
          {ir::DType::Float32, "mao_squared_difference_f32", false, "mao_squared_difference"}}});
    out.push_back({ir::OpKind::Maximum,
                   select_maximum,
                   emit_binary,
                   {{ir::DType::Int8, "mao_maximum_s8", false, "mao_maximum_minimum"},
                    {ir::DType::Float32, "mao_maximum_f32", false, "mao_maximum_minimum"}}});
    out.push_back({ir::OpKind::Minimum,
                   select_minimum,
                   emit_binary,
                   {{ir::DType::Int8, "mao_minimum_s8", false, "mao_maximum_minimum"},
                    {ir::DType::Float32, "mao_minimum_f32", false, "mao_maximum_minimum"}}});
    out.push_back({ir::OpKind::Div,
                   select_div,
                   emit_binary,
                   {{ir::DType::Int8, "mao_div_s8", false, "mao_div"},
                    {ir::DType::Float32, "mao_div_f32", false, "mao_div"}}});
    out.push_back({ir::OpKind::Prelu,
                   select_prelu,
                   emit_binary,
                   {{ir::DType::Int8, "mao_prelu_s8", false, "mao_prelu"},
                    {ir::DType::Float32, "mao_prelu_f32", false, "mao_prelu"}}});
}

} // namespace microaot::cpu
