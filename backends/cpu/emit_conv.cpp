// CONV_2D and DEPTHWISE_CONV_2D: mao_conv_params + per-channel multipliers (int8).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/emitters.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

struct ConvWindow {
    int stride_h, stride_w, dil_h, dil_w, depth_multiplier;
    ir::Padding padding;
    ir::Activation activation;
};

ConvWindow window_of(const ir::Node &n) {
    if (n.kind == ir::OpKind::Conv2D) {
        const auto &a = n.attr<ir::Conv2DAttrs>();
        return {a.stride_h, a.stride_w, a.dilation_h, a.dilation_w, 1, a.padding, a.activation};
    }
    const auto &a = n.attr<ir::DepthwiseConv2DAttrs>();
    return {a.stride_h,         a.stride_w, a.dilation_h, a.dilation_w,
            a.depth_multiplier, a.padding,  a.activation};
}

int32_t padding_for(const ConvWindow &win, int32_t in, int32_t k, int32_t stride, int32_t dil,
                    int32_t out, std::size_t node) {
    AxisPadding p = compute_axis_padding(to_cpu(win.padding), in, k, stride, dil);
    if (p.out_size != out)
        throw CompileError(
            fmt::format("node {}: output size {} differs from TFLite's {}", node, out, p.out_size));
    return p.pad;
}

} // namespace

void emit_conv(std::size_t node, const std::string &kernel, backends::EmitContext &ctx) {
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    ConvWindow win = window_of(n);
    bool quantized = x.dtype == ir::DType::Int8;
    int32_t in_h = dim32(x, 1, node), in_w = dim32(x, 2, node);
    int32_t k_h = dim32(w, 1, node), k_w = dim32(w, 2, node);
    int32_t out_h = dim32(y, 1, node), out_w = dim32(y, 2, node), out_c = dim32(y, 3, node);

    StructInit p;
    p.add("batches", dim32(x, 0, node)).add("in_h", in_h).add("in_w", in_w);
    p.add("in_c", dim32(x, 3, node)).add("out_h", out_h).add("out_w", out_w).add("out_c", out_c);
    p.add("k_h", k_h).add("k_w", k_w).add("stride_h", win.stride_h).add("stride_w", win.stride_w);
    p.add("dil_h", win.dil_h).add("dil_w", win.dil_w);
    p.add("pad_h", padding_for(win, in_h, k_h, win.stride_h, win.dil_h, out_h, node));
    p.add("pad_w", padding_for(win, in_w, k_w, win.stride_w, win.dil_w, out_w, node));
    p.add("depth_multiplier", win.depth_multiplier);
    if (quantized) {
        IntRange r = activation_range_int8(to_cpu(win.activation), scale_of(y, node),
                                           zero_point_of(y, node));
        p.add("input_offset", -int64_t(zero_point_of(x, node)));
        p.add("output_offset", zero_point_of(y, node));
        p.add("act_min", r.min).add("act_max", r.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange r = activation_range_float(to_cpu(win.activation));
        p.add("input_offset", 0).add("output_offset", 0).add("act_min", 0).add("act_max", 0);
        p.add_float("f_act_min", r.min).add_float("f_act_max", r.max);
    }
    std::string params = ctx.add_params("mao_conv_params", params_hint(node, "conv"), p.str());
    std::string in = ctx.tensor_ref(n.inputs[0]), filter = ctx.tensor_ref(n.inputs[1]);
    std::string bias = ctx.tensor_ref(n.input(2)), out = ctx.tensor_ref(n.outputs[0]);

    std::string call;
    if (quantized) {
        auto mults = conv_per_channel_multipliers(scale_of(x, node), filter_scales(w, node),
                                                  scale_of(y, node), out_c);
        std::vector<int32_t> mult, shift;
        for (const auto &m : mults) {
            mult.push_back(m.multiplier);
            shift.push_back(m.shift);
        }
        std::string what = fmt::format("node {} output multipliers", node);
        std::string mult_ref = ctx.add_int32_array(mult, what);
        std::string shift_ref = ctx.add_int32_array(shift, fmt::format("node {} shifts", node));
        call = fmt::format("{}(&{}, {}, {}, {}, {}, {}, {});", kernel, params, in, filter, bias,
                           mult_ref, shift_ref, out);
    } else {
        call = fmt::format("{}(&{}, {}, {}, {}, {});", kernel, params, in, filter, bias, out);
    }
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(call);
    use_portable_kernel(kernel, ctx);
}

} // namespace microaot::cpu
