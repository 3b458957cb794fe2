// When each tensor is alive in the node schedule, and which operators may overwrite an input.
#pragma once

#include "ir/graph.h"

#include <vector>

namespace microaot::planner {

// Steps are node indices; -1 is "before the first node" (graph inputs), nodes.size() is "after
// the last node" (graph outputs must survive the whole run).
struct TensorLifetime {
    bool activation = false; // produced by a node or a graph input (not a constant, not orphaned)
    int first = 0;
    int last = 0;
};

std::vector<TensorLifetime> tensor_lifetimes(const ir::Graph &graph);

// True when the node at `step` may write `output` over the bytes of its input `input` (same
// offset): its operator's record allows it for that input slot (ir::kInPlaceInput0/1), and the
// input is not broadcast (same element count, dtype and bytes as the output). The runtime kernels
// of such operators read element i of the input before writing element i of the output.
bool may_write_over_input(const ir::Graph &graph, int step, ir::TensorId input,
                          ir::TensorId output);

inline bool lifetimes_overlap(int first_a, int last_a, int first_b, int last_b) {
    return first_a <= last_b && first_b <= last_a;
}

inline int64_t align_up(int64_t value, int64_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

} // namespace microaot::planner
