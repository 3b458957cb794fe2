// The graph inputs and outputs as fields of NAME_inputs / NAME_outputs.
#pragma once

#include "ir/graph.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::codegen {

struct IoTensor {
    ir::TensorId id = ir::kNoTensor;
    std::string field; // C identifier, unique across inputs and outputs
    bool is_input = true;
};

struct IoLayout {
    std::vector<IoTensor> inputs;
    std::vector<IoTensor> outputs;
    // The field of a graph input/output tensor, or nullptr. O(log n).
    const IoTensor *find(ir::TensorId id) const;

  private:
    friend IoLayout make_io_layout(const ir::Graph &, std::string_view);
    std::map<ir::TensorId, std::pair<bool, std::size_t>> index_; // id -> (is_input, position)
};

// Throws CompileError when a tensor is listed twice, or is a constant, or an output is also an
// input (no operator would write it). Fields never collide with the macros of the header of
// `api_name` (the --name prefix).
IoLayout make_io_layout(const ir::Graph &graph, std::string_view api_name = {});

} // namespace microaot::codegen
