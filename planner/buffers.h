// Groups activation tensors into buffers (aliases share one) and finds in-place reuse pairs.
// Every function here is O(n log n) in tensors and buffers.
#pragma once

#include "planner/lifetimes.h"
#include "planner/memory_plan.h"

#include <map>
#include <vector>

namespace microaot::planner {

struct BufferSet {
    std::vector<PlacedBuffer> buffers;           // offsets not yet assigned
    std::vector<ir::TensorId> in_caller_buffers; // aliases of graph inputs/outputs, not placed
};

// Per tensor: true for graph inputs and outputs.
std::vector<bool> graph_io_mask(const ir::Graph &graph);

// Throws CompileError for an alias naming a constant, an out-of-range tensor, or a cycle.
BufferSet collect_buffers(const ir::Graph &graph,
                          const std::map<ir::TensorId, ir::TensorId> &aliases,
                          const PlanOptions &options);

// Per tensor: the index of the buffer holding it, or -1.
std::vector<int> buffer_owners(const ir::Graph &graph, const std::vector<PlacedBuffer> &buffers);

// True when the node at buffers[output_buffer].first_step writes a tensor of that buffer over a
// tensor of buffers[input_buffer] that dies there (same size; may_write_over_input allows it).
bool may_write_in_place(const ir::Graph &graph, const std::vector<int> &owner,
                        const std::vector<PlacedBuffer> &buffers, std::size_t input_buffer,
                        std::size_t output_buffer);

// partners[b] lists buffers whose bytes buffer b may reuse in place (symmetric relation).
std::vector<std::vector<int>> in_place_partners(const ir::Graph &graph,
                                                const std::vector<PlacedBuffer> &buffers);

// Max over steps of the aligned sizes of live buffers; where an output may overwrite a dying
// input in place, that pair counts once.
int64_t live_size_lower_bound(const std::vector<PlacedBuffer> &buffers,
                              const std::vector<std::vector<int>> &partners, int64_t alignment);

} // namespace microaot::planner
