// Removes nodes whose results nobody uses, then drops tensors nothing refers to and renumbers
// the rest (nodes, graph inputs/outputs and the context's aliases all follow the new ids).
#include "passes/builtin_passes.h"

#include "ir/ops.h"

#include <fmt/format.h>
#include <map>

namespace microaot::passes {
namespace {

// Walks the nodes backwards from the graph outputs; returns which nodes are needed.
std::vector<bool> live_nodes(const ir::Graph &graph) {
    std::vector<bool> needed_tensor(graph.tensors.size(), false);
    for (ir::TensorId id : graph.outputs)
        needed_tensor[std::size_t(id)] = true;
    std::vector<bool> live(graph.nodes.size(), false);
    for (std::size_t i = graph.nodes.size(); i-- > 0;) {
        for (ir::TensorId out : graph.nodes[i].outputs)
            if (needed_tensor[std::size_t(out)]) live[i] = true;
        if (!live[i]) continue;
        for (ir::TensorId in : graph.nodes[i].inputs)
            if (in != ir::kNoTensor) needed_tensor[std::size_t(in)] = true;
    }
    return live;
}

void remove_dead_nodes(ir::Graph &graph, PassContext &context) {
    std::vector<bool> live = live_nodes(graph);
    std::vector<ir::Node> kept;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (live[i]) {
            kept.push_back(std::move(graph.nodes[i]));
            continue;
        }
        context.log.push_back(
            fmt::format("removed dead node {} ({})", i, ir::op_name(graph.nodes[i].kind)));
    }
    graph.nodes = std::move(kept);
}

// New id of every referenced tensor (kNoTensor for dropped ones), in the old order.
std::vector<ir::TensorId> renumbering(const ir::Graph &graph) {
    std::vector<bool> used(graph.tensors.size(), false);
    auto mark = [&](ir::TensorId id) {
        if (id != ir::kNoTensor) used[std::size_t(id)] = true;
    };
    for (const ir::Node &node : graph.nodes) {
        for (ir::TensorId id : node.inputs)
            mark(id);
        for (ir::TensorId id : node.outputs)
            mark(id);
    }
    for (ir::TensorId id : graph.inputs)
        mark(id);
    for (ir::TensorId id : graph.outputs)
        mark(id);
    std::vector<ir::TensorId> new_id(graph.tensors.size(), ir::kNoTensor);
    ir::TensorId next = 0;
    for (std::size_t i = 0; i < used.size(); ++i)
        if (used[i]) new_id[i] = next++;
    return new_id;
}

void apply_renumbering(ir::Graph &graph, PassContext &context,
                       const std::vector<ir::TensorId> &new_id) {
    auto remap = [&](ir::TensorId &id) {
        if (id != ir::kNoTensor) id = new_id[std::size_t(id)];
    };
    for (ir::Node &node : graph.nodes) {
        for (ir::TensorId &id : node.inputs)
            remap(id);
        for (ir::TensorId &id : node.outputs)
            remap(id);
    }
    for (ir::TensorId &id : graph.inputs)
        remap(id);
    for (ir::TensorId &id : graph.outputs)
        remap(id);
    std::map<ir::TensorId, ir::TensorId> aliases;
    for (auto [alias, source] : context.aliases) {
        ir::TensorId a = new_id[std::size_t(alias)], s = new_id[std::size_t(source)];
        if (a != ir::kNoTensor && s != ir::kNoTensor) aliases[a] = s;
    }
    context.aliases = std::move(aliases);
    std::vector<ir::Tensor> kept;
    for (std::size_t i = 0; i < graph.tensors.size(); ++i) {
        if (new_id[i] != ir::kNoTensor)
            kept.push_back(std::move(graph.tensors[i]));
        else
            context.log.push_back(fmt::format("dropped unused tensor '{}'", graph.tensors[i].name));
    }
    graph.tensors = std::move(kept);
}

} // namespace

void remove_dead_code(ir::Graph &graph, PassContext &context) {
    remove_dead_nodes(graph, context);
    apply_renumbering(graph, context, renumbering(graph));
}

} // namespace microaot::passes
