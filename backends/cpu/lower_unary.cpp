// Activations and unary math: LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU_N1_TO_1, ELU, ABS,
// NEG, SQRT, RSQRT, EXP, LOG, and CAST. float32 runs one libm-based kernel per operator; int16
// LEAKY_RELU its own arithmetic kernel; int8
// (where TFLite Micro has it) runs mao_lut_s8 over a 256-entry table computed here, at compile
// time, with TFLM's own arithmetic for every possible input (backends/cpu/unary_tables.h):
// bit-exact and one load per element, the table in flash (deduplicated between nodes with equal
// quantization).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/kernel_params.h"
#include "backends/cpu/lowering.h"
#include "backends/cpu/unary_tables.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

// One unary operator: its float32 kernel and, when TFLM has an int8 kernel, the table builder.
struct UnaryOp {
    ir::OpKind kind;
    std::string_view f32_kernel;
    Int8Table (*int8_table)(const ir::Node &node, const Int8Quant &q) = nullptr;
};

template <Int8Table (*F)(const Int8Quant &)>
Int8Table quant_only(const ir::Node &, const Int8Quant &q) {
    return F(q);
}

Int8Table leaky_relu(const ir::Node &n, const Int8Quant &q) {
    return leaky_relu_table(q, n.attr<ir::LeakyReluAttrs>().alpha);
}

constexpr UnaryOp kUnaryOps[] = {
    {ir::OpKind::Logistic, "mao_logistic_f32", quant_only<logistic_table>},
    {ir::OpKind::Tanh, "mao_tanh_f32", quant_only<tanh_table>},
    {ir::OpKind::HardSwish, "mao_hard_swish_f32", quant_only<hard_swish_table>},
    {ir::OpKind::LeakyRelu, "mao_leaky_relu_f32", leaky_relu},
    {ir::OpKind::ReluN1To1, "mao_relu_n1_to_1_f32", quant_only<relu_n1_to_1_table>},
    {ir::OpKind::Elu, "mao_elu_f32", quant_only<elu_table>},
    {ir::OpKind::Abs, "mao_abs_f32", quant_only<abs_table>},
    {ir::OpKind::Neg, "mao_neg_f32"},
    {ir::OpKind::Sqrt, "mao_sqrt_f32"},
    {ir::OpKind::Rsqrt, "mao_rsqrt_f32", quant_only<rsqrt_table>},
    {ir::OpKind::Exp, "mao_exp_f32"},
    {ir::OpKind::Log, "mao_log_f32"},
};

const UnaryOp &unary_op(ir::OpKind kind) {
    for (const UnaryOp &u : kUnaryOps)
        if (u.kind == kind) return u;
    throw std::logic_error("no unary lowering for this operator");
}

Selection select_unary(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    const UnaryOp &u = unary_op(n.kind);
    if (x.dtype == ir::DType::Float32) return Selection::use(std::string(u.f32_kernel));
    if (x.dtype == ir::DType::Int8 && u.int8_table) return Selection::use("mao_lut_s8");
    if (x.dtype == ir::DType::Int16 && n.kind == ir::OpKind::LeakyRelu)
        return Selection::use("mao_leaky_relu_s16");
    return Selection::decline(
        fmt::format("{} {} has no kernel", ir::dtype_name(x.dtype), ir::op_name(n.kind)));
}

// int16 LEAKY_RELU: TFLM CalculateOpDataLeakyRelu's two multipliers (quotients in double, as
// for the int8 table).
std::string leaky_relu_s16_params(const EmitRequest &r) {
    const ir::Graph &g = r.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    // alpha is finite and >= 0: verify_unary_math's rule for quantized LEAKY_RELU.
    const float alpha = n.attr<ir::LeakyReluAttrs>().alpha;
    const float in_scale = scale_of(x, r.node), out_scale = scale_of(y, r.node);
    QuantizedMultiplier identity =
        checked_kernel_multiplier(static_cast<double>(in_scale) / static_cast<double>(out_scale),
                                  "LEAKY_RELU identity multiplier");
    QuantizedMultiplier slope = checked_kernel_multiplier(
        static_cast<double>(in_scale) * static_cast<double>(alpha) / static_cast<double>(out_scale),
        "LEAKY_RELU alpha multiplier");
    StructInit p;
    p.add("size", int32_of(ir::element_count(x.shape), "elements", r.node));
    p.add("input_zp", zero_point_of(x, r.node)).add("output_zp", zero_point_of(y, r.node));
    p.add("identity_multiplier", identity.multiplier).add("identity_shift", identity.shift);
    p.add("alpha_multiplier", slope.multiplier).add("alpha_shift", slope.shift);
    return r.ctx.add_params("mao_leaky_relu_params", params_hint(r.node, "leaky_relu"), p.str());
}

void emit_unary(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const int32_t size = int32_of(ir::element_count(x.shape), "elements", r.node);
    std::string call;
    if (x.dtype == ir::DType::Int16) {
        call = fmt::format("{}(&{}, {}, {});", r.kernel, leaky_relu_s16_params(r),
                           ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.outputs[0]));
    } else if (x.dtype == ir::DType::Int8) {
        Int8Quant q{scale_of(x, r.node), zero_point_of(x, r.node), scale_of(y, r.node),
                    zero_point_of(y, r.node)};
        Int8Table table;
        try {
            table = unary_op(n.kind).int8_table(n, q);
        } catch (const CompileError &e) {
            throw CompileError(
                fmt::format("node {} ({}): {}", r.node, ir::op_name(n.kind), e.what()));
        }
        std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t *>(table.data()),
                                       table.size());
        std::string table_id = ctx.add_constant(
            "int8_t", bytes, fmt::format("{} lookup table (node {})", ir::op_name(n.kind), r.node));
        StructInit p;
        p.add("size", size);
        std::string params = ctx.add_params("mao_lut_params", params_hint(r.node, "lut"), p.str());
        call = fmt::format("{}(&{}, {}, {}, {});", r.kernel, params, table_id,
                           ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.outputs[0]));
    } else {
        StructInit p;
        p.add("size", size);
        p.add_float("alpha",
                    n.kind == ir::OpKind::LeakyRelu ? n.attr<ir::LeakyReluAttrs>().alpha : 0.0f);
        std::string params =
            ctx.add_params("mao_unary_params", params_hint(r.node, "unary"), p.str());
        call = fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                           ctx.tensor_ref(n.outputs[0]));
    }
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(std::move(call));
    r.use_kernel();
}

// CAST: one kernel for every pair the verifier takes, the element types as codes.
std::string_view cast_type_code(ir::DType t) {
    switch (t) {
    case ir::DType::Int8:
        return "MAO_CAST_INT8";
    case ir::DType::Int16:
        return "MAO_CAST_INT16";
    case ir::DType::Int32:
        return "MAO_CAST_INT32";
    case ir::DType::Float32:
        return "MAO_CAST_FLOAT32";
    case ir::DType::Bool:
        return "MAO_CAST_BOOL";
    default:
        throw CompileError(fmt::format("CAST of {} has no kernel", ir::dtype_name(t)));
    }
}

Selection select_cast(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_cast");
}

void emit_cast(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    StructInit p;
    p.add("size", int32_of(ir::element_count(x.shape), "elements", r.node));
    p.add_raw("in_type", cast_type_code(x.dtype)).add_raw("out_type", cast_type_code(y.dtype));
    std::string params = ctx.add_params("mao_cast_params", params_hint(r.node, "cast"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_unary_lowerings(LoweringSink out) {
    for (const UnaryOp &u : kUnaryOps) {
        std::vector<KernelVariant> kernels;
        if (u.int8_table) kernels.push_back({ir::DType::Int8, "mao_lut_s8"});
        if (u.kind == ir::OpKind::LeakyRelu)
            kernels.push_back({ir::DType::Int16, "mao_leaky_relu_s16"});
        kernels.push_back({ir::DType::Float32, u.f32_kernel, false, "mao_unary_f32"});
        // A table load per element (int8); a libm call or a few float operations (float32).
        out.push_back({u.kind, select_unary, emit_unary, std::move(kernels), nullptr, 0, 3});
    }
    out.push_back({ir::OpKind::Cast,
                   select_cast,
                   emit_cast,
                   {{ir::DType::Int8, "mao_cast"},
                    {ir::DType::Int16, "mao_cast"},
                    {ir::DType::Int32, "mao_cast"},
                    {ir::DType::Float32, "mao_cast"}}});
}

} // namespace microaot::cpu
