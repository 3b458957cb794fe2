// CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV: mao_conv_params + per-channel multipliers (int8;
// int16 "16x8" for CONV_2D and DEPTHWISE_CONV_2D).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lower_hybrid.h"
#include "backends/cpu/lowering.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

struct ConvShape {
    const ir::Window2D &window;
    int depth_multiplier;
    ir::Activation activation;
};

ConvShape conv_shape(const ir::Node &n) {
    if (n.kind != ir::OpKind::DepthwiseConv2D) { // CONV_2D, TRANSPOSE_CONV
        const auto &a = n.attr<ir::Conv2DAttrs>();
        return {a.window, 1, a.activation};
    }
    const auto &a = n.attr<ir::DepthwiseConv2DAttrs>();
    return {a.window, a.depth_multiplier, a.activation};
}

// int16 activations with int8 weights, as TFLite Micro's 16x8 kernels: zero points 0 (the
// kernels apply no offset), an int64 bias (int64 accumulator) or for CONV_2D an int32 one.
Selection select_conv_s16(const ir::Graph &g, const ir::Node &n, std::string_view base) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    if (n.kind == ir::OpKind::TransposeConv2D)
        return Selection::decline("int16 TRANSPOSE_CONV is not supported");
    if (w.dtype != ir::DType::Int8)
        return Selection::decline(
            fmt::format("{} weights with int16 activations (16x8 needs int8 weights)",
                        ir::dtype_name(w.dtype)));
    if (n.kind == ir::OpKind::Conv2D && w.shape[3] != x.shape[3])
        return Selection::decline(fmt::format("grouped convolution ({} input channels, filter "
                                              "depth {})",
                                              x.shape[3], w.shape[3]));
    for (int64_t zp : w.quant.zero_point)
        if (zp != 0) return Selection::decline("int8 filter with a non-zero zero point");
    if (x.quant.zero_point.at(0) != 0 || y.quant.zero_point.at(0) != 0)
        return Selection::decline("int16 convolution needs input and output zero points 0 "
                                  "(TFLite Micro's 16x8 kernels apply no offset)");
    ir::TensorId bias = n.input(2);
    bool bias32 = bias != ir::kNoTensor && g.tensor(bias).dtype == ir::DType::Int32;
    if (bias32 && n.kind != ir::OpKind::Conv2D)
        return Selection::decline("int16 DEPTHWISE_CONV_2D needs an int64 bias");
    return Selection::use(fmt::format("mao_{}_s16{}", base, bias32 ? "_bias32" : ""));
}

Selection select_conv(const ir::Graph &g, const ir::Node &n, std::string_view base) {
    if (std::optional<Selection> hybrid = select_hybrid(g, n)) return *hybrid;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    if (x.dtype == ir::DType::Int16) return select_conv_s16(g, n, base);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (w.dtype != x.dtype)
        return Selection::decline(fmt::format("{} weights with {} activations",
                                              ir::dtype_name(w.dtype), ir::dtype_name(x.dtype)));
    if (n.kind == ir::OpKind::Conv2D && w.shape[3] != x.shape[3])
        return Selection::decline(fmt::format("grouped convolution ({} input channels, filter "
                                              "depth {})",
                                              x.shape[3], w.shape[3]));
    for (int64_t zp : w.quant.zero_point)
        if (zp != 0) return Selection::decline("int8 filter with a non-zero zero point");
    return Selection::use(fmt::format("mao_{}_{}", base, *s.kernel));
}

Selection select_conv2d(const ir::Graph &g, const ir::Node &n) {
    return select_conv(g, n, "conv2d");
}
Selection select_depthwise(const ir::Graph &g, const ir::Node &n) {
    return select_conv(g, n, "depthwise_conv2d");
}
Selection select_transpose_conv(const ir::Graph &g, const ir::Node &n) {
    return select_conv(g, n, "transpose_conv2d");
}

// The Cortex-M4 int8 convolution gathers two output pixels' input patches (im2col) into a column
// buffer of 4 * ceil(K/4) + 6 words (K = k_h * k_w * in_c), plus a K-byte patch when in_c is not
// a multiple of 4 (runtime/cortex_m4/mao_conv2d_s8.c).
int64_t conv_scratch_bytes(const ir::Graph &g, const ir::Node &n, std::string_view kernel,
                           Runtime runtime) {
    if (is_hybrid_kernel(kernel)) return hybrid_scratch_bytes(g, n);
    if (runtime != Runtime::CortexM4 || kernel != "mao_conv2d_s8") return 0;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    int64_t k = w.shape[1] * w.shape[2] * w.shape[3];
    int64_t column_words = 4 * (k / 4) + 6;
    int64_t patch = x.shape[3] % 4 == 0 ? 0 : (k + 3) / 4 * 4;
    return column_words * 4 + patch;
}

// The Cortex-M4 int8 depthwise convolution keeps one 4-channel group's unpacked weights and
// requantization parameters (80 + 8 bytes per tap) while it runs, when depth_multiplier is 1 and
// there are at least 4 channels (runtime/cortex_m4/mao_depthwise_conv2d_s8.c).
int64_t depthwise_scratch_bytes(const ir::Graph &g, const ir::Node &n, std::string_view kernel,
                                Runtime runtime) {
    if (is_hybrid_kernel(kernel)) return hybrid_scratch_bytes(g, n);
    if (runtime != Runtime::CortexM4 || kernel != "mao_depthwise_conv2d_s8") return 0;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    if (n.attr<ir::DepthwiseConv2DAttrs>().depth_multiplier != 1 || x.shape[3] < 4) return 0;
    return 80 + 8 * w.shape[1] * w.shape[2];
}

void emit_conv(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = r.graph();
    const ir::Node &n = r.op();
    std::size_t node = r.node;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    ConvShape c = conv_shape(n);
    bool quantized = x.dtype != ir::DType::Float32;
    int32_t out_c = dim32(y, 3, node);

    StructInit p;
    p.add("batches", dim32(x, 0, node)).add("in_h", dim32(x, 1, node));
    p.add("in_w", dim32(x, 2, node)).add("in_c", dim32(x, 3, node));
    p.add("out_h", dim32(y, 1, node)).add("out_w", dim32(y, 2, node)).add("out_c", out_c);
    p.add("k_h", dim32(w, 1, node)).add("k_w", dim32(w, 2, node));
    p.add("stride_h", c.window.stride_h).add("stride_w", c.window.stride_w);
    p.add("dil_h", c.window.dilation_h).add("dil_w", c.window.dilation_w);
    p.add("pad_h", c.window.pad_top).add("pad_w", c.window.pad_left);
    p.add("depth_multiplier", c.depth_multiplier);
    if (quantized) {
        IntRange range = activation_range_quantized(to_cpu(c.activation), scale_of(y, node),
                                                    zero_point_of(y, node), storage_of(y));
        p.add("input_offset", -int64_t(zero_point_of(x, node)));
        p.add("output_offset", zero_point_of(y, node));
        p.add("act_min", range.min).add("act_max", range.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange range = activation_range_float(to_cpu(c.activation));
        p.add("input_offset", 0).add("output_offset", 0).add("act_min", 0).add("act_max", 0);
        p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    }
    std::string params = ctx.add_params("mao_conv_params", params_hint(node, "conv"), p.str());
    std::string in = ctx.tensor_ref(n.inputs[0]), filter = ctx.tensor_ref(n.inputs[1]);
    std::string bias = ctx.tensor_ref(n.input(2)), out = ctx.tensor_ref(n.outputs[0]);

    std::string call;
    if (is_hybrid_kernel(r.kernel)) {
        call = fmt::format("{}(&{}, {}, {}, {}, {});", r.kernel, params, in, filter, bias,
                           hybrid_call_tail(r));
    } else if (quantized) {
        auto mults = conv_per_channel_multipliers(scale_of(x, node), filter_scales(w, node),
                                                  scale_of(y, node), out_c);
        // The 16x8 kernels with an int64 accumulator requantize in int64.
        bool int64_requantize = x.dtype == ir::DType::Int16 && !r.kernel.ends_with("_bias32");
        std::vector<int32_t> mult, shift;
        for (const auto &m : mults) {
            if (int64_requantize) require_int64_multiplier_shift(m, "an output multiplier");
            mult.push_back(m.multiplier);
            shift.push_back(m.shift);
        }
        std::string mult_ref =
            ctx.add_int32_array(mult, fmt::format("node {} output multipliers", node));
        std::string shift_ref = ctx.add_int32_array(shift, fmt::format("node {} shifts", node));
        call = fmt::format("{}(&{}, {}, {}, {}, {}, {}, {}, {});", r.kernel, params, in, filter,
                           bias, mult_ref, shift_ref, out, ctx.scratch_ref());
    } else {
        call = fmt::format("{}(&{}, {}, {}, {}, {});", r.kernel, params, in, filter, bias, out);
    }
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(call);
    r.use_kernel();
}

} // namespace

void add_conv_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::Conv2D,
                   select_conv2d,
                   emit_conv,
                   {{ir::DType::Int8, "mao_conv2d_s8", true},
                    {ir::DType::Int16, "mao_conv2d_s16"},
                    {ir::DType::Int16, "mao_conv2d_s16_bias32", false, "mao_conv2d_s16"},
                    {ir::DType::Float32, "mao_conv2d_f32", true},
                    {ir::DType::Float32, kConvHybrid, false, kHybridFile}},
                   conv_scratch_bytes,
                   3,
                   20});
    out.push_back({ir::OpKind::DepthwiseConv2D,
                   select_depthwise,
                   emit_conv,
                   {{ir::DType::Int8, "mao_depthwise_conv2d_s8", true},
                    {ir::DType::Int16, "mao_depthwise_conv2d_s16"},
                    {ir::DType::Float32, "mao_depthwise_conv2d_f32", true},
                    {ir::DType::Float32, kDepthwiseHybrid, false, kHybridFile}},
                   depthwise_scratch_bytes,
                   5,
                   20});
    // Portable kernels only (one gather per output, no int32 scratch of the output's size).
    out.push_back(
        {ir::OpKind::TransposeConv2D,
         select_transpose_conv,
         emit_conv,
         {{ir::DType::Int8, "mao_transpose_conv2d_s8", false, "mao_transpose_conv2d"},
          {ir::DType::Float32, "mao_transpose_conv2d_f32", false, "mao_transpose_conv2d"}},
         nullptr,
         8,
         20});
}

} // namespace microaot::cpu
