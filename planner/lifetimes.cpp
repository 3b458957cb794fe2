#include "planner/lifetimes.h"

#include "ir/ops.h"

#include <algorithm>

namespace microaot::planner {

std::vector<TensorLifetime> tensor_lifetimes(const ir::Graph &graph) {
    std::vector<TensorLifetime> life(graph.tensors.size());
    for (ir::TensorId id : graph.inputs)
        life[std::size_t(id)] = {true, -1, -1};
    const int steps = int(graph.nodes.size());
    for (int s = 0; s < steps; ++s) {
        const ir::Node &node = graph.nodes[std::size_t(s)];
        for (ir::TensorId id : node.inputs)
            if (id != ir::kNoTensor) life[std::size_t(id)].last = s;
        for (ir::TensorId id : node.outputs)
            life[std::size_t(id)] = {true, s, s};
    }
    for (ir::TensorId id : graph.outputs)
        life[std::size_t(id)].last = steps;
    for (std::size_t i = 0; i < life.size(); ++i)
        if (graph.tensors[i].is_constant()) life[i] = {};
    return life;
}

bool may_write_over_input(const ir::Graph &graph, int step, ir::TensorId input,
                          ir::TensorId output) {
    if (step < 0 || std::size_t(step) >= graph.nodes.size()) return false;
    const ir::Node &node = graph.nodes[std::size_t(step)];
    if (node.outputs.size() != 1 || node.outputs[0] != output) return false;
    const ir::Tensor &in = graph.tensor(input), &out = graph.tensor(output);
    if (in.byte_size() != out.byte_size() || in.dtype != out.dtype) return false;
    const ir::OpDef &def = ir::op_def(node.kind);
    // Same element count as the output also means the operand is not broadcast.
    bool same_elements = ir::element_count(in.shape) == ir::element_count(out.shape);
    return same_elements && ((def.has(ir::kInPlaceInput0) && node.input(0) == input) ||
                             (def.has(ir::kInPlaceInput1) && node.input(1) == input));
}

} // namespace microaot::planner
