#include "passes/graph_queries.h"

#include <algorithm>
#include <cstring>

namespace microaot::passes {

bool is_graph_output(const ir::Graph &graph, ir::TensorId id) {
    return std::find(graph.outputs.begin(), graph.outputs.end(), id) != graph.outputs.end();
}

bool is_graph_input(const ir::Graph &graph, ir::TensorId id) {
    return std::find(graph.inputs.begin(), graph.inputs.end(), id) != graph.inputs.end();
}

std::optional<std::size_t> producer_of(const ir::Graph &graph, ir::TensorId id) {
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const auto &outs = graph.nodes[i].outputs;
        if (std::find(outs.begin(), outs.end(), id) != outs.end()) return i;
    }
    return std::nullopt;
}

int reader_count(const ir::Graph &graph, ir::TensorId id) {
    int count = 0;
    for (const ir::Node &node : graph.nodes)
        count += int(std::count(node.inputs.begin(), node.inputs.end(), id));
    return count;
}

std::vector<float> constant_floats(const ir::Tensor &tensor) {
    std::vector<float> values(tensor.data->size() / sizeof(float));
    if (!values.empty()) std::memcpy(values.data(), tensor.data->data(), tensor.data->size());
    return values;
}

std::vector<uint8_t> floats_to_bytes(const std::vector<float> &values) {
    std::vector<uint8_t> bytes(values.size() * sizeof(float));
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

} // namespace microaot::passes
