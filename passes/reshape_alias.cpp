// A RESHAPE (any zero-copy view operator) of an activation moves no data: its output is recorded as
// an alias of the tensor that owns the storage (chains resolve to the first owner). The node stays
// in the graph; the code generator emits nothing for it and the planner gives both tensors one
// offset.
#include "passes/builtin_passes.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace microaot::passes {
void alias_reshapes(ir::Graph &graph, PassContext &context) {
    std::vector<bool> io(graph.tensors.size(), false);
    for (const auto *list : {&graph.inputs, &graph.outputs})
        for (ir::TensorId id : *list)
            io[std::size_t(id)] = true;
    // Per storage root, the lowest-numbered caller-owned alias sharing it (kept up to date).
    std::map<ir::TensorId, ir::TensorId> io_alias;
    for (auto [alias, source] : context.aliases)
        if (io[std::size_t(alias)]) io_alias.emplace(source, alias); // ascending: first is lowest
    auto io_member = [&](ir::TensorId root) -> std::optional<ir::TensorId> {
        if (io[std::size_t(root)]) return root;
        auto it = io_alias.find(root);
        return it == io_alias.end() ? std::nullopt : std::optional<ir::TensorId>(it->second);
    };
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const ir::Node &node = graph.nodes[i];
        if (!ir::op_def(node.kind).has(ir::kZeroCopyView)) continue;
        ir::TensorId in = node.input(0), out = node.outputs.at(0);
        if (in == ir::kNoTensor || graph.tensor(in).is_constant()) continue;
        auto found = context.aliases.find(in);
        ir::TensorId root = found == context.aliases.end() ? in : found->second;
        auto member = io_member(root);
        // Two caller buffers cannot be one storage: the code generator must copy.
        if (member && io[std::size_t(out)]) {
            context.log.push_back(fmt::format("RESHAPE node {}: '{}' and '{}' are both caller "
                                              "buffers; kept as a copy",
                                              i, graph.tensor(*member).name,
                                              graph.tensor(out).name));
            continue;
        }
        context.aliases[out] = root;
        if (io[std::size_t(out)]) {
            auto [it, inserted] = io_alias.emplace(root, out);
            if (!inserted) it->second = std::min(it->second, out);
        }
        context.log.push_back(fmt::format("RESHAPE node {}: '{}' aliases '{}'", i,
                                          graph.tensor(out).name, graph.tensor(root).name));
        if (member || io[std::size_t(out)])
            context.log.push_back(fmt::format("RESHAPE node {}: alias lives in the caller's buffer "
                                              "'{}'",
                                              i, graph.tensor(member ? *member : out).name));
    }
}

} // namespace microaot::passes
