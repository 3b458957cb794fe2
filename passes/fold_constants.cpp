// Nodes that read only constants are evaluated now (each operator's record says how, if it can:
// ir::OpDef::evaluate) and replaced by their results. Others are left in place with a log line
// saying why. An operator that reads only its input's shape (ir::kShapeOnly: SHAPE, ZEROS_LIKE)
// folds whatever its input is: shapes are static, so the shape subgraphs a converter emits for a
// dynamic batch (SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE) become constants here.
#include "passes/builtin_passes.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace microaot::passes {
namespace {

bool reads_only_constants(const ir::Graph &graph, const ir::Node &node) {
    if (ir::op_def(node.kind).has(ir::kShapeOnly)) return true;
    bool any = false;
    for (ir::TensorId id : node.inputs) {
        if (id == ir::kNoTensor) continue;
        if (!graph.tensor(id).is_constant()) return false;
        any = true;
    }
    return any;
}

// The folded bytes of every output of `node`, or a reason it cannot be folded. A non-constant
// input (of a shape-only operator) gives no bytes.
std::optional<ir::EvaluatedOutputs> evaluate(const ir::Graph &graph, const ir::Node &node,
                                             std::string &why_not) {
    std::vector<std::span<const uint8_t>> inputs;
    for (ir::TensorId id : node.inputs)
        inputs.push_back(id == ir::kNoTensor || !graph.tensor(id).is_constant()
                             ? std::span<const uint8_t>()
                             : std::span<const uint8_t>(*graph.tensor(id).data));
    return ir::evaluate_node(graph, node, inputs, why_not);
}

} // namespace

void fold_constants(ir::Graph &graph, PassContext &context) {
    std::vector<bool> graph_output(graph.tensors.size(), false);
    for (ir::TensorId id : graph.outputs)
        graph_output[std::size_t(id)] = true;
    auto writes_graph_output = [&](const ir::Node &node) {
        return std::any_of(node.outputs.begin(), node.outputs.end(),
                           [&](ir::TensorId y) { return graph_output[std::size_t(y)]; });
    };
    // Kept nodes move down over folded ones in one pass; `kept` is also the node's index in the
    // list as if each folded node had been erased on the spot (the numbering of the log).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const ir::Node &node = graph.nodes[i];
        if (reads_only_constants(graph, node)) {
            std::string why_not = "its output is a graph output (the caller expects it written)";
            auto values = writes_graph_output(node) ? std::nullopt : evaluate(graph, node, why_not);
            if (values) {
                for (std::size_t k = 0; k < values->size(); ++k) {
                    ir::TensorId out = node.outputs[k];
                    graph.tensor(out).data = std::move((*values)[k]);
                    context.log.push_back(fmt::format("folded node {} ({}) into constant '{}'",
                                                      kept, ir::op_name(node.kind),
                                                      graph.tensor(out).name));
                }
                continue;
            }
            context.log.push_back(fmt::format("left node {} ({}) on constants: {}", kept,
                                              ir::op_name(node.kind), why_not));
        }
        if (kept != i) graph.nodes[kept] = std::move(graph.nodes[i]);
        ++kept;
    }
    graph.nodes.resize(kept);
}

} // namespace microaot::passes
