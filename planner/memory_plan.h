// Static memory planner: places every intermediate tensor at a fixed offset in one workspace.
#pragma once

#include "ir/graph.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace microaot::planner {

struct PlanOptions {
    int64_t alignment = 16; // every buffer offset is a multiple of this
    // Graph inputs and outputs live in caller-owned buffers (NAME_run's in/out structs), so by
    // default they take no workspace.
    bool place_graph_io = false;
    // Past this many pairs of buffers alive at the same time (thousands of tensors alive at
    // once), placement orders other than one O(n log n) sweep would cost too much time.
    std::size_t max_overlap_pairs = 4'000'000;
};

// Workspace a kernel needs while it runs (Backend::scratch_bytes): live during the claim's steps.
struct ScratchRequest {
    std::size_t claim = 0; // index of the claim (partition assignment) asking
    int first_step = 0;    // its first and last node
    int last_step = 0;
    int64_t bytes = 0;
};

// One placed buffer: a tensor, a group of tensors sharing storage (zero-copy reshape), or the
// scratch of one claim (no tensors).
struct PlacedBuffer {
    std::vector<ir::TensorId> tensors;        // first entry owns the storage; the rest alias it
    std::optional<std::size_t> scratch_claim; // set for a claim's scratch
    int64_t size = 0;                         // bytes
    int64_t offset = 0;                       // bytes from the workspace base
    int first_step = 0; // index of the node that writes it (or -1: before step 0)
    int last_step = 0;  // index of the last node that reads it (nodes.size(): a graph output)
};

struct MemoryPlan {
    std::vector<PlacedBuffer> buffers;
    std::map<ir::TensorId, int64_t> offset_of;        // every placed tensor (aliases included)
    std::map<std::size_t, int64_t> scratch_offset_of; // claim index -> its scratch's offset
    int64_t peak = 0;                                 // workspace bytes needed (planned)
    int64_t lower_bound = 0; // max over steps of the summed sizes of buffers live at that step
                             // (aligned; an output written in place over its input counts once)
    // Activations that alias a graph input/output: they live in the caller's buffer, unplaced.
    std::vector<ir::TensorId> in_caller_buffers;
    std::string strategy; // which placement order won (for reports)
};

// Plans the graph in node order. Tensors that must share storage (RESHAPE output with its input)
// are taken from `aliases` (alias -> source); kernels' scratch from `scratch`. Throws
// CompileError if the plan cannot be made.
MemoryPlan plan_memory(const ir::Graph &graph, const std::map<ir::TensorId, ir::TensorId> &aliases,
                       const std::vector<ScratchRequest> &scratch = {},
                       const PlanOptions &options = {});

// Checks a plan: offsets aligned, no two buffers with overlapping lifetimes share bytes (except
// an allowed in-place pair at one offset), buffers cover their tensors' sizes and lifetimes (taken
// from the graph), every non-IO activation placed, peak >= lower_bound and >= every buffer's end.
// Throws CompileError on violation (used by tests and debug builds).
void check_plan(const ir::Graph &graph, const MemoryPlan &plan, const PlanOptions &options = {});

} // namespace microaot::planner
