// A standalone RELU/RELU6 right after an operator with an empty fused-activation slot is folded
// into that operator: one less node and one less intermediate tensor.
#include "passes/builtin_passes.h"
#include "passes/graph_queries.h"

#include "ir/ops.h"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>

namespace microaot::passes {
namespace {

std::optional<ir::Activation> standalone_activation(ir::OpKind kind) {
    if (kind == ir::OpKind::Relu) return ir::Activation::Relu;
    if (kind == ir::OpKind::Relu6) return ir::Activation::Relu6;
    return std::nullopt;
}

// Who reads and writes each tensor, kept up to date while nodes are fused away, so that the
// pass is linear in the graph (the node list is compacted once at the end).
struct Usage {
    std::vector<int> readers;          // node input slots reading the tensor
    std::vector<std::size_t> producer; // node writing it, or kNone
    std::vector<bool> graph_output;
    static constexpr std::size_t kNone = SIZE_MAX;

    explicit Usage(const ir::Graph &g)
        : readers(g.tensors.size(), 0), producer(g.tensors.size(), kNone),
          graph_output(g.tensors.size(), false) {
        for (std::size_t i = 0; i < g.nodes.size(); ++i) {
            for (ir::TensorId id : g.nodes[i].inputs)
                if (id != ir::kNoTensor) ++readers[std::size_t(id)];
            for (ir::TensorId id : g.nodes[i].outputs)
                if (producer[std::size_t(id)] == kNone) producer[std::size_t(id)] = i;
        }
        for (ir::TensorId id : g.outputs)
            graph_output[std::size_t(id)] = true;
    }
};

// The producer index when the activation node at `index` can be fused into it.
std::optional<std::size_t> fusable_producer(const ir::Graph &graph, const Usage &usage,
                                            std::size_t index) {
    const ir::Node &act = graph.nodes[index];
    ir::TensorId x = act.input(0), y = act.outputs.at(0);
    if (x == ir::kNoTensor || usage.graph_output[std::size_t(x)] ||
        usage.readers[std::size_t(x)] != 1)
        return std::nullopt;
    const ir::Tensor &in = graph.tensor(x), &out = graph.tensor(y);
    // A fused clamp works in the producer's output quantization, so it must be the RELU's too.
    if (in.dtype != out.dtype || in.quant != out.quant) return std::nullopt;
    std::size_t producer = usage.producer[std::size_t(x)];
    if (producer == Usage::kNone) return std::nullopt;
    auto slot = ir::fused_activation(graph.nodes[producer]);
    if (!slot || *slot != ir::Activation::None) return std::nullopt;
    return producer;
}

} // namespace

void fuse_activation(ir::Graph &graph, PassContext &context) {
    Usage usage(graph);
    std::vector<bool> fused(graph.nodes.size(), false);
    std::vector<std::size_t> fused_so_far; // original indices, ascending
    // Index of original node `i` in the list as it would be after erasing every fused node
    // before it (the numbering the log has always used).
    auto current = [&](std::size_t i) {
        auto before = std::lower_bound(fused_so_far.begin(), fused_so_far.end(), i);
        return i - std::size_t(before - fused_so_far.begin());
    };
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        auto activation = standalone_activation(graph.nodes[i].kind);
        auto producer = activation ? fusable_producer(graph, usage, i) : std::nullopt;
        if (!producer) continue;
        ir::Node &target = graph.nodes[*producer];
        ir::TensorId x = graph.nodes[i].input(0), y = graph.nodes[i].outputs[0];
        ir::set_fused_activation(target, *activation);
        // The producer now writes the RELU's output; its old output is left for dead-code.
        target.outputs[0] = y;
        usage.producer[std::size_t(y)] = *producer;
        usage.producer[std::size_t(x)] = Usage::kNone;
        --usage.readers[std::size_t(x)];
        context.log.push_back(fmt::format("fused {} (node {}) into node {} ({})",
                                          ir::op_name(graph.nodes[i].kind), current(i),
                                          current(*producer), ir::op_name(target.kind)));
        fused[i] = true;
        fused_so_far.push_back(i);
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (fused[i]) continue;
        if (kept != i) graph.nodes[kept] = std::move(graph.nodes[i]);
        ++kept;
    }
    graph.nodes.resize(kept);
}

} // namespace microaot::passes
