// Small read-only questions passes ask about a graph (who produces/reads a tensor, ...).
#pragma once

#include "ir/graph.h"

#include <optional>
#include <vector>

namespace microaot::passes {

bool is_graph_output(const ir::Graph &graph, ir::TensorId id);
bool is_graph_input(const ir::Graph &graph, ir::TensorId id);
// Index of the node writing `id`, if any.
std::optional<std::size_t> producer_of(const ir::Graph &graph, ir::TensorId id);
// How many node input slots read `id` (a node reading it twice counts twice).
int reader_count(const ir::Graph &graph, ir::TensorId id);

// Constant float32 data as values (the tensor must be a float32 constant).
std::vector<float> constant_floats(const ir::Tensor &tensor);
std::vector<uint8_t> floats_to_bytes(const std::vector<float> &values);

} // namespace microaot::passes
