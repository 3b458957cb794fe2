// Selection, scratch and call arguments of the hybrid kernels (see lower_hybrid.h). Variants
// TensorFlow Lite's reference kernels compute differently from what the runtime implements are
// declined with the reason, so a model using them is refused instead of miscomputed.
#include "backends/cpu/lower_hybrid.h"

#include "backends/cpu/emit_util.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::cpu {

bool is_hybrid_node(const ir::Graph &g, const ir::Node &n) {
    bool weighted = n.kind == ir::OpKind::Conv2D || n.kind == ir::OpKind::DepthwiseConv2D ||
                    n.kind == ir::OpKind::FullyConnected;
    if (!weighted || n.input(0) == ir::kNoTensor || n.input(1) == ir::kNoTensor) return false;
    return g.tensor(n.inputs[0]).dtype == ir::DType::Float32 &&
           g.tensor(n.inputs[1]).dtype == ir::DType::Int8;
}

bool is_hybrid_kernel(std::string_view kernel) {
    return kernel == kConvHybrid || kernel == kDepthwiseHybrid || kernel == kFullyConnectedHybrid;
}

bool conv_hybrid_per_channel(const ir::Tensor &filter) {
    const std::vector<float> &s = filter.quant.scale;
    return s.size() > 1 && std::any_of(s.begin(), s.end(), [&](float v) { return v != s[0]; });
}

namespace {

std::optional<std::string> weight_problem(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &w = g.tensor(n.inputs[1]);
    if (!w.is_constant()) return "int8 weights that are not constant";
    if (w.quant.empty()) return "int8 weights without quantization";
    for (int64_t zp : w.quant.zero_point)
        if (zp != 0) return fmt::format("int8 weights with zero point {}", zp);
    if (n.input(2) != ir::kNoTensor && g.tensor(n.inputs[2]).dtype != ir::DType::Float32)
        return "a non-float bias";
    return std::nullopt;
}

std::optional<std::string> conv_problem(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Window2D &win = n.kind == ir::OpKind::Conv2D
                                  ? n.attr<ir::Conv2DAttrs>().window
                                  : n.attr<ir::DepthwiseConv2DAttrs>().window;
    // TFLite's per-channel hybrid convolution ignores the dilation; not computed alike.
    if (win.dilation_h != 1 || win.dilation_w != 1) return "dilation";
    if (n.kind == ir::OpKind::Conv2D) {
        if (w.shape[3] != x.shape[3]) return "grouped convolution";
        return std::nullopt;
    }
    // TFLite's hybrid depthwise convolution needs one scale per output channel.
    if (int64_t(w.quant.scale.size()) != w.shape[3]) return "per-tensor weight scale";
    return std::nullopt;
}

} // namespace

std::optional<Selection> select_hybrid(const ir::Graph &g, const ir::Node &n) {
    if (!is_hybrid_node(g, n)) return std::nullopt;
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    std::optional<std::string> problem = weight_problem(g, n);
    if (!problem && y.dtype != ir::DType::Float32) problem = "a non-float output";
    if (!problem && n.kind != ir::OpKind::FullyConnected) problem = conv_problem(g, n);
    if (problem)
        return Selection::decline(fmt::format("hybrid {} with {}", ir::op_name(n.kind), *problem));
    switch (n.kind) {
    case ir::OpKind::Conv2D:
        return Selection::use(std::string(kConvHybrid));
    case ir::OpKind::DepthwiseConv2D:
        return Selection::use(std::string(kDepthwiseHybrid));
    default:
        return Selection::use(std::string(kFullyConnectedHybrid));
    }
}

int64_t hybrid_scratch_bytes(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    int64_t total = ir::element_count(x.shape);
    int64_t row = n.kind == ir::OpKind::FullyConnected ? w.shape[1] : total / x.shape[0];
    int64_t rows = row == 0 ? 0 : total / row;
    return 8 * rows + rows * row;
}

std::string hybrid_call_tail(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = r.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &w = g.tensor(n.inputs[1]);
    std::string scales =
        ctx.add_float_array(filter_scales(w, r.node), fmt::format("node {} filter scales", r.node));
    std::string out = ctx.tensor_ref(n.outputs[0]), scratch = ctx.scratch_ref();
    if (r.kernel == kDepthwiseHybrid) return fmt::format("{}, {}, {}", scales, out, scratch);
    if (r.kernel == kConvHybrid)
        return fmt::format("{}, {}, {}, {}", scales, conv_hybrid_per_channel(w) ? 1 : 0, out,
                           scratch);
    bool asymmetric = n.attr<ir::FullyConnectedAttrs>().asymmetric_quantize_inputs;
    return fmt::format("{}, {}, {}, {}, {}", scales, w.quant.scale.size() > 1 ? 1 : 0,
                       asymmetric ? 1 : 0, out, scratch);
}

} // namespace microaot::cpu
