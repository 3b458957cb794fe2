// A standalone RELU/RELU6 right after an operator with an empty fused-activation slot is folded
// into that operator: one less node and one less intermediate tensor.
#include "passes/builtin_passes.h"
#include "passes/graph_queries.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::passes {
namespace {

std::optional<ir::Activation> standalone_activation(ir::OpKind kind) {
    if (kind == ir::OpKind::Relu) return ir::Activation::Relu;
    if (kind == ir::OpKind::Relu6) return ir::Activation::Relu6;
    return std::nullopt;
}

// The producer index when the activation node at `index` can be fused into it.
std::optional<std::size_t> fusable_producer(const ir::Graph &graph, std::size_t index) {
    const ir::Node &act = graph.nodes[index];
    ir::TensorId x = act.input(0), y = act.outputs.at(0);
    if (x == ir::kNoTensor || is_graph_output(graph, x) || reader_count(graph, x) != 1)
        return std::nullopt;
    const ir::Tensor &in = graph.tensor(x), &out = graph.tensor(y);
    // A fused clamp works in the producer's output quantization, so it must be the RELU's too.
    if (in.dtype != out.dtype || in.quant != out.quant) return std::nullopt;
    auto producer = producer_of(graph, x);
    if (!producer) return std::nullopt;
    auto slot = ir::fused_activation(graph.nodes[*producer]);
    if (!slot || *slot != ir::Activation::None) return std::nullopt;
    return producer;
}

} // namespace

void fuse_activation(ir::Graph &graph, PassContext &context) {
    for (std::size_t i = 0; i < graph.nodes.size();) {
        auto activation = standalone_activation(graph.nodes[i].kind);
        auto producer = activation ? fusable_producer(graph, i) : std::nullopt;
        if (!producer) {
            ++i;
            continue;
        }
        ir::Node &target = graph.nodes[*producer];
        ir::set_fused_activation(target, *activation);
        // The producer now writes the RELU's output; its old output is left for dead-code.
        target.outputs[0] = graph.nodes[i].outputs[0];
        context.log.push_back(fmt::format("fused {} (node {}) into node {} ({})",
                                          ir::op_name(graph.nodes[i].kind), i, *producer,
                                          ir::op_name(target.kind)));
        graph.nodes.erase(graph.nodes.begin() + std::ptrdiff_t(i));
    }
}

} // namespace microaot::passes
