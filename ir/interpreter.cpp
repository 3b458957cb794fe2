#include "ir/interpreter.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::ir {

std::vector<std::vector<uint8_t>> run_on_host(const Graph &graph,
                                              const std::vector<std::vector<uint8_t>> &inputs) {
    if (inputs.size() != graph.inputs.size())
        throw CompileError(fmt::format("host run: {} inputs given, the graph has {}", inputs.size(),
                                       graph.inputs.size()));
    std::vector<std::vector<uint8_t>> values(graph.tensors.size());
    for (std::size_t i = 0; i < graph.tensors.size(); ++i)
        if (graph.tensors[i].is_constant()) values[i] = *graph.tensors[i].data;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Tensor &t = graph.tensor(graph.inputs[i]);
        if (int64_t(inputs[i].size()) != t.byte_size())
            throw CompileError(fmt::format("host run: input '{}' has {} bytes, {} {} needs {}",
                                           t.name, inputs[i].size(), dtype_name(t.dtype),
                                           shape_str(t.shape), t.byte_size()));
        values[std::size_t(graph.inputs[i])] = inputs[i];
    }
    for (std::size_t index = 0; index < graph.nodes.size(); ++index) {
        const Node &n = graph.nodes[index];
        std::string why_not;
        std::vector<std::span<const uint8_t>> in;
        for (TensorId id : n.inputs)
            in.push_back(id == kNoTensor ? std::span<const uint8_t>()
                                         : std::span<const uint8_t>(values[std::size_t(id)]));
        auto outs = evaluate_node(graph, n, in, why_not);
        if (!outs)
            throw CompileError(fmt::format("host run: node {} ({} -> '{}'): {}", index,
                                           op_name(n.kind), graph.tensor(n.outputs.at(0)).name,
                                           why_not));
        for (std::size_t k = 0; k < outs->size(); ++k)
            values[std::size_t(n.outputs[k])] = std::move((*outs)[k]);
    }
    return values;
}

} // namespace microaot::ir
