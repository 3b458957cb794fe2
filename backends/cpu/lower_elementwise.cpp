// Element-wise operators: ADD (with broadcasting), standalone RELU and RELU6, QUANTIZE and
// DEQUANTIZE.
#include "backends/cpu/binary_params.h"
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/ops.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

Selection select_add(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(y, /*has_int16_kernels=*/true);
    if (!s.kernel) return s;
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    if (binary_broadcast(a.shape, b.shape).out_dims.size() > 4)
        return Selection::decline("ADD broadcasts over more than 4 merged dimensions");
    return Selection::use("mao_add_" + *s.kernel);
}

Selection select_relu(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(x, /*has_int16_kernels=*/true);
    if (!s.kernel) return s;
    // TFLM's ReluPrepare requires symmetric int16 (RELU6 does not).
    if (n.kind == ir::OpKind::Relu && x.dtype == ir::DType::Int16 &&
        (x.quant.zero_point.at(0) != 0 || y.quant.zero_point.at(0) != 0))
        return Selection::decline("int16 RELU needs zero points 0 (TFLite Micro's ReluPrepare)");
    return Selection::use("mao_relu_" + *s.kernel);
}

void emit_add(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const std::string &kernel = r.kernel;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    ir::Activation act = n.attr<ir::BinaryAttrs>().activation;
    // The merged broadcast walk (select_add keeps it within 4 dimensions), right-aligned into
    // the kernel's 4: same-shape operands are one row.
    BinaryBroadcast bc = binary_broadcast(a.shape, b.shape);
    auto array = [](const std::vector<int32_t> &v, int32_t pad) {
        std::array<int32_t, 4> d{pad, pad, pad, pad};
        std::copy(v.begin(), v.end(), d.end() - std::ptrdiff_t(v.size()));
        return fmt::format("{{{}, {}, {}, {}}}", d[0], d[1], d[2], d[3]);
    };
    StructInit p;
    p.add_raw("out_dims", array(bc.out_dims, 1));
    p.add_raw("in1_strides", array(bc.in1_strides, 0));
    p.add_raw("in2_strides", array(bc.in2_strides, 0));
    if (y.dtype != ir::DType::Float32) {
        AddQuantizedParams q = add_quantized_params(
            scale_of(a, node), zero_point_of(a, node), scale_of(b, node), zero_point_of(b, node),
            scale_of(y, node), zero_point_of(y, node), to_cpu(act), storage_of(y));
        p.add("left_shift", q.left_shift);
        p.add("input1_offset", q.input1_offset).add("input1_multiplier", q.input1_multiplier);
        p.add("input1_shift", q.input1_shift);
        p.add("input2_offset", q.input2_offset).add("input2_multiplier", q.input2_multiplier);
        p.add("input2_shift", q.input2_shift);
        p.add("output_offset", q.output_offset).add("output_multiplier", q.output_multiplier);
        p.add("output_shift", q.output_shift);
        p.add("act_min", q.act_min).add("act_max", q.act_max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange range = activation_range_float(to_cpu(act));
        for (const char *f : {"left_shift", "input1_offset", "input1_multiplier", "input1_shift",
                              "input2_offset", "input2_multiplier", "input2_shift", "output_offset",
                              "output_multiplier", "output_shift", "act_min", "act_max"})
            p.add(f, 0);
        p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    }
    std::string params = ctx.add_params("mao_add_params", params_hint(node, "add"), p.str());
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {}, {});", kernel, params,
                                  ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.inputs[1]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// Parameters of a standalone activation. int8 RELU requantizes like TFLM's ReluQuantized (the
// multiplier from the float quotient of the scales, as TFLM computes it); int8 RELU6 clamps in
// the input's quantized domain without rescaling, which is what TFLM's Relu6 does.
StructInit activation_params(const ir::Graph &g, const ir::Node &n, std::size_t node) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    bool relu6 = n.kind == ir::OpKind::Relu6;
    Activation act = relu6 ? Activation::Relu6 : Activation::Relu;
    StructInit p;
    p.add("size", int32_of(ir::element_count(x.shape), "elements", node));
    if (x.dtype != ir::DType::Float32) {
        float in_scale = scale_of(x, node), out_scale = scale_of(y, node);
        int32_t in_zp = zero_point_of(x, node), out_zp = zero_point_of(y, node);
        QuantizedMultiplier m{};
        IntRange range = activation_range_quantized(act, relu6 ? in_scale : out_scale,
                                                    relu6 ? in_zp : out_zp, storage_of(x));
        // The scale ratio in double: TFLite Micro's golden outputs match it, not the float ratio
        // (an int16 RELU whose product lands within 1e-3 of a rounding tie tells them apart).
        if (!relu6)
            m = checked_kernel_multiplier(static_cast<double>(in_scale) /
                                              static_cast<double>(out_scale),
                                          "input / output scale");
        p.add("input_zp", in_zp).add("output_zp", out_zp);
        p.add("out_mult", m.multiplier).add("out_shift", m.shift);
        p.add("act_min", range.min).add("act_max", range.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange range = activation_range_float(act);
        for (const char *f :
             {"input_zp", "output_zp", "out_mult", "out_shift", "act_min", "act_max"})
            p.add(f, 0);
        p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    }
    return p;
}

void emit_activation(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const std::string &kernel = r.kernel;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    std::string params = ctx.add_params("mao_activation_params", params_hint(node, "act"),
                                        activation_params(g, n, node).str());
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// Kernel-name suffix of a QUANTIZE/DEQUANTIZE operand's storage type (the verifier admits only
// the pairs TFLM has kernels for, each listed in add_elementwise_lowerings).
std::string_view storage_suffix(ir::DType t) {
    switch (t) {
    case ir::DType::Int8:
        return "s8";
    case ir::DType::UInt8:
        return "u8";
    case ir::DType::Int16:
        return "s16";
    case ir::DType::Int32:
        return "s32";
    default:
        return "f32";
    }
}

Selection select_quantize(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    std::string_view family = n.kind == ir::OpKind::Dequantize ? "mao_dequantize_"
                              : x.dtype == ir::DType::Float32  ? "mao_quantize_"
                                                               : "mao_requantize_";
    return Selection::use(
        fmt::format("{}{}_{}", family, storage_suffix(x.dtype), storage_suffix(y.dtype)));
}

void emit_quantize(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    bool int_in = x.dtype != ir::DType::Float32, int_out = y.dtype != ir::DType::Float32;
    QuantizedMultiplier m{};
    if (int_in && int_out)
        m = checked_kernel_multiplier(static_cast<double>(scale_of(x, r.node)) /
                                          static_cast<double>(scale_of(y, r.node)),
                                      "input / output scale");
    StructInit p;
    p.add("size", int32_of(ir::element_count(x.shape), "elements", r.node));
    p.add_float("scale", int_out ? scale_of(y, r.node) : scale_of(x, r.node));
    p.add("input_zp", int_in ? zero_point_of(x, r.node) : 0);
    p.add("output_zp", int_out ? zero_point_of(y, r.node) : 0);
    p.add("multiplier", m.multiplier).add("shift", m.shift);
    std::string params =
        ctx.add_params("mao_quantize_params", params_hint(r.node, "quantize"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_elementwise_lowerings(LoweringSink out) {
    const std::vector<KernelVariant> relu = {
        {ir::DType::Int8, "mao_relu_s8", false, "mao_relu_quantized"},
        {ir::DType::Int16, "mao_relu_s16", false, "mao_relu_quantized"},
        {ir::DType::Float32, "mao_relu_f32"}};
    out.push_back({ir::OpKind::Add,
                   select_add,
                   emit_add,
                   {{ir::DType::Int8, "mao_add_s8", false, "mao_add_quantized"},
                    {ir::DType::Int16, "mao_add_s16", false, "mao_add_quantized"},
                    {ir::DType::Float32, "mao_add_f32"}}});
    out.push_back({ir::OpKind::Relu, select_relu, emit_activation, relu});
    out.push_back({ir::OpKind::Relu6, select_relu, emit_activation, relu});
    using D = ir::DType;
    out.push_back({ir::OpKind::Quantize,
                   select_quantize,
                   emit_quantize,
                   {{D::Float32, "mao_quantize_f32_s8", false, "mao_quantize"},
                    {D::Float32, "mao_quantize_f32_s16", false, "mao_quantize"},
                    {D::Int8, "mao_requantize_s8_s8", false, "mao_quantize"},
                    {D::Int8, "mao_requantize_s8_u8", false, "mao_quantize"},
                    {D::Int8, "mao_requantize_s8_s16", false, "mao_quantize"},
                    {D::Int8, "mao_requantize_s8_s32", false, "mao_quantize"},
                    {D::UInt8, "mao_requantize_u8_s8", false, "mao_quantize"},
                    {D::Int16, "mao_requantize_s16_s8", false, "mao_quantize"},
                    {D::Int16, "mao_requantize_s16_s16", false, "mao_quantize"},
                    {D::Int16, "mao_requantize_s16_s32", false, "mao_quantize"},
                    {D::Int32, "mao_requantize_s32_s8", false, "mao_quantize"},
                    {D::Int32, "mao_requantize_s32_s16", false, "mao_quantize"}}});
    out.push_back({ir::OpKind::Dequantize,
                   select_quantize,
                   emit_quantize,
                   {{D::Int8, "mao_dequantize_s8_f32", false, "mao_quantize"},
                    {D::UInt8, "mao_dequantize_u8_f32", false, "mao_quantize"},
                    {D::Int16, "mao_dequantize_s16_f32", false, "mao_quantize"}}});
}

} // namespace microaot::cpu
