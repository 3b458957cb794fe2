// A RESHAPE (any zero-copy view operator) of an activation moves no data: its output is recorded as
// an alias of the tensor that owns the storage (chains resolve to the first owner). The node stays
// in the graph; the code generator emits nothing for it and the planner gives both tensors one
// offset.
#include "passes/builtin_passes.h"
#include "passes/graph_queries.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::passes {
namespace {

bool is_graph_io(const ir::Graph &graph, ir::TensorId id) {
    return is_graph_input(graph, id) || is_graph_output(graph, id);
}

// The caller-owned tensor already sharing `root`'s storage, if any.
std::optional<ir::TensorId> io_member(const ir::Graph &graph, const PassContext &context,
                                      ir::TensorId root) {
    if (is_graph_io(graph, root)) return root;
    for (auto [alias, source] : context.aliases)
        if (source == root && is_graph_io(graph, alias)) return alias;
    return std::nullopt;
}

} // namespace

void alias_reshapes(ir::Graph &graph, PassContext &context) {
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const ir::Node &node = graph.nodes[i];
        if (!ir::op_def(node.kind).has(ir::kZeroCopyView)) continue;
        ir::TensorId in = node.input(0), out = node.outputs.at(0);
        if (in == ir::kNoTensor || graph.tensor(in).is_constant()) continue;
        auto found = context.aliases.find(in);
        ir::TensorId root = found == context.aliases.end() ? in : found->second;
        auto io = io_member(graph, context, root);
        // Two caller buffers cannot be one storage: the code generator must copy.
        if (io && is_graph_io(graph, out)) {
            context.log.push_back(fmt::format("RESHAPE node {}: '{}' and '{}' are both caller "
                                              "buffers; kept as a copy",
                                              i, graph.tensor(*io).name, graph.tensor(out).name));
            continue;
        }
        context.aliases[out] = root;
        context.log.push_back(fmt::format("RESHAPE node {}: '{}' aliases '{}'", i,
                                          graph.tensor(out).name, graph.tensor(root).name));
        if (io || is_graph_io(graph, out))
            context.log.push_back(fmt::format("RESHAPE node {}: alias lives in the caller's buffer "
                                              "'{}'",
                                              i, graph.tensor(io ? *io : out).name));
    }
}

} // namespace microaot::passes
