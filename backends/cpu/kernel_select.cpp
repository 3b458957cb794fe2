#include "backends/cpu/kernel_select.h"

#include "ir/ops.h"

#include <cmath>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

using ir::DType;

struct Selection {
    std::optional<std::string> kernel;
    std::string reason;
};

Selection ok(std::string kernel) {
    return {std::move(kernel), {}};
}
Selection no(std::string reason) {
    return {std::nullopt, std::move(reason)};
}

// The activation dtype suffix ("s8"/"f32"), or a reason.
Selection activation_suffix(const ir::Tensor &x) {
    if (x.dtype == DType::Int8) return ok("s8");
    if (x.dtype == DType::Float32) return ok("f32");
    return no(fmt::format("{} activations are not supported by the portable kernels",
                          ir::dtype_name(x.dtype)));
}

Selection select_conv(const ir::Graph &g, const ir::Node &n, std::string_view base) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (w.dtype != x.dtype)
        return no(fmt::format("{} weights with {} activations (hybrid: the "
                              "dequantize-hybrid-weights pass should have made them float)",
                              ir::dtype_name(w.dtype), ir::dtype_name(x.dtype)));
    if (n.kind == ir::OpKind::Conv2D && w.shape[3] != x.shape[3])
        return no(fmt::format("grouped convolution ({} input channels, filter depth {})",
                              x.shape[3], w.shape[3]));
    for (int64_t zp : w.quant.zero_point)
        if (zp != 0) return no("int8 filter with a non-zero zero point");
    return ok(fmt::format("mao_{}_{}", base, *s.kernel));
}

Selection select_fc(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (w.dtype != x.dtype)
        return no(fmt::format("{} weights with {} activations", ir::dtype_name(w.dtype),
                              ir::dtype_name(x.dtype)));
    if (x.dtype == DType::Float32) return ok("mao_fully_connected_f32");
    ir::TensorId bias = n.input(2);
    if (w.quant.per_channel()) {
        for (int64_t zp : w.quant.zero_point)
            if (zp != 0) return no("per-channel int8 weights with a non-zero zero point");
        return ok("mao_fully_connected_s8_per_channel");
    }
    bool foldable = w.is_constant() && (bias == ir::kNoTensor || g.tensor(bias).is_constant()) &&
                    w.quant.zero_point.size() == 1 && w.quant.zero_point[0] == 0;
    return ok(foldable ? "mao_fully_connected_s8_folded" : "mao_fully_connected_s8");
}

Selection select_pool(const ir::Graph &g, const ir::Node &n, std::string_view base) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (x.dtype == DType::Int8 && x.quant != y.quant)
        return no("int8 pooling needs equal input and output quantization");
    return ok(fmt::format("mao_{}_{}", base, *s.kernel));
}

Selection select_softmax(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (x.dtype == DType::Int8) {
        // TFLM: output scale within 0.1% of 1/256 and zero point -128.
        float scale = y.quant.scale.empty() ? 0.0f : y.quant.scale[0];
        bool scale_ok = std::fabs(scale - 1.0f / 256) <= 0.001f * 1.0f / 256;
        if (!scale_ok || y.quant.zero_point.empty() || y.quant.zero_point[0] != -128)
            return no("int8 softmax output must have scale 1/256 and zero point -128");
    }
    return ok("mao_softmax_" + *s.kernel);
}

Selection select_add(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(y);
    if (!s.kernel) return s;
    if (y.shape.size() > 4) return no("ADD with more than 4 dimensions");
    return ok("mao_add_" + *s.kernel);
}

Selection select(const ir::Graph &g, const ir::Node &n) {
    switch (n.kind) {
    case ir::OpKind::Conv2D:
        return select_conv(g, n, "conv2d");
    case ir::OpKind::DepthwiseConv2D:
        return select_conv(g, n, "depthwise_conv2d");
    case ir::OpKind::FullyConnected:
        return select_fc(g, n);
    case ir::OpKind::AveragePool2D:
        return select_pool(g, n, "avg_pool");
    case ir::OpKind::MaxPool2D:
        return select_pool(g, n, "max_pool");
    case ir::OpKind::Softmax:
        return select_softmax(g, n);
    case ir::OpKind::Add:
        return select_add(g, n);
    case ir::OpKind::Reshape:
        return ok("mao_copy");
    case ir::OpKind::Relu:
    case ir::OpKind::Relu6: {
        Selection s = activation_suffix(g.tensor(n.inputs[0]));
        return s.kernel ? ok("mao_relu_" + *s.kernel) : s;
    }
    }
    return no("unknown operator");
}

} // namespace

std::optional<std::string> select_kernel(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not) {
    Selection s = select(graph, graph.nodes.at(node));
    if (!s.kernel) why_not = s.reason;
    return s.kernel;
}

} // namespace microaot::cpu
