// Hybrid models keep float32 activations but store CONV/DEPTHWISE/FC weights as int8. Our float
// kernels take float weights, so the weights are dequantized once at compile time:
// w = scale[c] * (q - zero_point[c]), c the channel along the quantization axis (or per-tensor).
#include "passes/builtin_passes.h"
#include "passes/graph_queries.h"

#include "ir/ops.h"

#include <fmt/format.h>
#include <map>

namespace microaot::passes {
namespace {

bool is_weighted_op(ir::OpKind kind) {
    return kind == ir::OpKind::Conv2D || kind == ir::OpKind::DepthwiseConv2D ||
           kind == ir::OpKind::FullyConnected;
}

// Channel of flat element `index` along `axis` of a row-major `shape`.
std::size_t channel_of(const ir::Shape &shape, int axis, int64_t index) {
    int64_t inner = 1;
    for (std::size_t d = std::size_t(axis) + 1; d < shape.size(); ++d)
        inner *= shape[d];
    return std::size_t((index / inner) % shape[std::size_t(axis)]);
}

std::vector<float> dequantize_int8(const ir::Tensor &weights) {
    const ir::Quantization &q = weights.quant;
    std::vector<float> values(weights.data->size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::size_t c = q.per_channel() ? channel_of(weights.shape, q.axis, int64_t(i)) : 0;
        auto stored = int64_t(static_cast<int8_t>((*weights.data)[i]));
        values[i] = q.scale[c] * float(stored - q.zero_point[c]);
    }
    return values;
}

ir::Tensor dequantized_copy(const ir::Tensor &weights) {
    ir::Tensor copy;
    copy.name = weights.name + "_dequantized";
    copy.dtype = ir::DType::Float32;
    copy.shape = weights.shape;
    copy.data = floats_to_bytes(dequantize_int8(weights));
    return copy;
}

bool is_hybrid(const ir::Graph &graph, const ir::Node &node) {
    if (!is_weighted_op(node.kind)) return false;
    ir::TensorId x = node.input(0), w = node.input(1);
    if (x == ir::kNoTensor || w == ir::kNoTensor) return false;
    const ir::Tensor &weights = graph.tensor(w);
    return graph.tensor(x).dtype == ir::DType::Float32 && weights.dtype == ir::DType::Int8 &&
           weights.is_constant();
}

} // namespace

void dequantize_hybrid_weights(ir::Graph &graph, PassContext &context) {
    // A weight shared by several nodes is dequantized once; the int8 original is left for
    // dead-code to drop when nothing reads it any more.
    std::map<ir::TensorId, ir::TensorId> replacement;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (!is_hybrid(graph, graph.nodes[i])) continue;
        ir::TensorId w = graph.nodes[i].inputs[1];
        if (graph.tensor(w).quant.empty()) {
            context.log.push_back(fmt::format("left int8 weights '{}' of node {}: no quantization",
                                              graph.tensor(w).name, i));
            continue;
        }
        if (!replacement.contains(w)) {
            replacement[w] = graph.add_tensor(dequantized_copy(graph.tensor(w)));
            context.log.push_back(
                fmt::format("dequantized int8 weights '{}' to float32", graph.tensor(w).name));
        }
        graph.nodes[i].inputs[1] = replacement[w];
        context.log.push_back(fmt::format("node {} ({}) now reads float32 weights", i,
                                          ir::op_name(graph.nodes[i].kind)));
    }
}

} // namespace microaot::passes
