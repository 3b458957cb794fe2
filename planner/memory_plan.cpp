#include "planner/memory_plan.h"

#include "planner/buffers.h"
#include "planner/placement.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::planner {

namespace {

void add_scratch(const ir::Graph &graph, const std::vector<ScratchRequest> &scratch,
                 std::vector<PlacedBuffer> &buffers) {
    const int steps = int(graph.nodes.size());
    for (const ScratchRequest &r : scratch) {
        if (r.bytes <= 0) continue;
        if (r.first_step < 0 || r.last_step < r.first_step || r.last_step >= steps)
            throw CompileError(fmt::format("memory plan: scratch of claim {} spans steps {}..{} "
                                           "of {}",
                                           r.claim, r.first_step, r.last_step, steps));
        PlacedBuffer b;
        b.scratch_claim = r.claim;
        b.size = r.bytes;
        b.first_step = r.first_step;
        b.last_step = r.last_step;
        buffers.push_back(std::move(b));
    }
}

} // namespace

MemoryPlan plan_memory(const ir::Graph &graph, const std::map<ir::TensorId, ir::TensorId> &aliases,
                       const std::vector<ScratchRequest> &scratch, const PlanOptions &options) {
    if (options.alignment <= 0)
        throw CompileError(
            fmt::format("memory plan: alignment must be positive, is {}", options.alignment));
    BufferSet set = collect_buffers(graph, aliases, options);
    add_scratch(graph, scratch, set.buffers);
    auto partners = in_place_partners(graph, set.buffers);
    MemoryPlan plan;
    plan.lower_bound = live_size_lower_bound(set.buffers, partners, options.alignment);
    Placement placement = best_placement(set.buffers, partners, options.alignment, plan.lower_bound,
                                         options.max_overlap_pairs);
    plan.peak = placement.peak;
    plan.strategy = placement.strategy;
    plan.in_caller_buffers = std::move(set.in_caller_buffers);
    plan.buffers = std::move(set.buffers);
    for (std::size_t i = 0; i < plan.buffers.size(); ++i) {
        PlacedBuffer &b = plan.buffers[i];
        b.offset = placement.offsets[i];
        for (ir::TensorId id : b.tensors)
            plan.offset_of[id] = b.offset;
        if (b.scratch_claim) plan.scratch_offset_of[*b.scratch_claim] = b.offset;
    }
    return plan;
}

} // namespace microaot::planner
