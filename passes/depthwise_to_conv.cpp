// A DEPTHWISE_CONV_2D over a single input channel is an ordinary CONV_2D with one filter per
// output channel. Rewriting it lets backends use their convolution kernels, which are much
// faster than a depthwise kernel when every output channel shares the same input taps
// (micro_speech: 1 input channel, depth multiplier 8). The arithmetic is unchanged: the same taps
// are summed in the same (ky, kx) order, with the same per-channel requantization.
#include "passes/builtin_passes.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace microaot::passes {
namespace {

bool is_single_channel_depthwise(const ir::Graph &graph, const ir::Node &node) {
    if (node.kind != ir::OpKind::DepthwiseConv2D) return false;
    const ir::Tensor &x = graph.tensor(node.inputs.at(0));
    const ir::Tensor &w = graph.tensor(node.inputs.at(1));
    // A hybrid depthwise (float input, int8 weights) stays: TFLite quantizes and scales its
    // input differently from a hybrid CONV_2D.
    bool hybrid = x.dtype == ir::DType::Float32 && w.dtype == ir::DType::Int8;
    return x.shape.size() == 4 && x.shape[3] == 1 && w.is_constant() && !hybrid;
}

// [1, kh, kw, M] -> [M, kh, kw, 1]: element (0, y, x, m) moves to (m, y, x, 0).
ir::Tensor as_conv_filter(const ir::Tensor &w) {
    ir::Tensor f = w;
    f.name = w.name + "_as_conv";
    int64_t kh = w.shape[1], kw = w.shape[2], m = w.shape[3];
    std::size_t elem = ir::dtype_size(w.dtype);
    f.shape = {m, kh, kw, 1};
    std::vector<uint8_t> bytes(w.data->size());
    for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x)
            for (int64_t c = 0; c < m; ++c) {
                std::size_t from = std::size_t((y * kw + x) * m + c) * elem;
                std::size_t to = std::size_t((c * kh + y) * kw + x) * elem;
                std::copy_n(w.data->begin() + std::ptrdiff_t(from), elem,
                            bytes.begin() + std::ptrdiff_t(to));
            }
    f.data = std::move(bytes);
    if (f.quant.per_channel()) f.quant.axis = 0;
    return f;
}

ir::Conv2DAttrs conv_attrs(const ir::DepthwiseConv2DAttrs &a) {
    return ir::Conv2DAttrs{a.window, a.activation};
}

} // namespace

void depthwise_to_conv(ir::Graph &graph, PassContext &context) {
    // A filter shared by several nodes is rearranged once (one copy, not one per node).
    std::map<ir::TensorId, ir::TensorId> rearranged;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (!is_single_channel_depthwise(graph, graph.nodes[i])) continue;
        ir::TensorId depthwise_filter = graph.nodes[i].inputs[1];
        auto [it, first_use] = rearranged.try_emplace(depthwise_filter, ir::kNoTensor);
        if (first_use)
            it->second = graph.add_tensor(as_conv_filter(graph.tensor(depthwise_filter)));
        ir::TensorId filter = it->second;
        ir::Node &node = graph.nodes[i];
        node.attrs = conv_attrs(node.attr<ir::DepthwiseConv2DAttrs>());
        node.kind = ir::OpKind::Conv2D;
        node.inputs[1] = filter; // the depthwise filter is left for dead-code
        context.log.push_back(
            fmt::format("node {}: DEPTHWISE_CONV_2D over 1 input channel rewritten as CONV_2D", i));
    }
}

} // namespace microaot::passes
