#include "planner/memory_plan.h"

#include "planner/buffers.h"
#include "planner/placement.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::planner {

MemoryPlan plan_memory(const ir::Graph &graph, const std::map<ir::TensorId, ir::TensorId> &aliases,
                       const PlanOptions &options) {
    if (options.alignment <= 0)
        throw CompileError(
            fmt::format("memory plan: alignment must be positive, is {}", options.alignment));
    BufferSet set = collect_buffers(graph, aliases, options);
    auto partners = in_place_partners(graph, set.buffers);
    MemoryPlan plan;
    plan.lower_bound = live_size_lower_bound(set.buffers, partners, options.alignment);
    Placement placement =
        best_placement(set.buffers, partners, options.alignment, plan.lower_bound);
    plan.peak = placement.peak;
    plan.strategy = placement.strategy;
    plan.in_caller_buffers = std::move(set.in_caller_buffers);
    plan.buffers = std::move(set.buffers);
    for (std::size_t i = 0; i < plan.buffers.size(); ++i) {
        PlacedBuffer &b = plan.buffers[i];
        b.offset = placement.offsets[i];
        for (ir::TensorId id : b.tensors)
            plan.offset_of[id] = b.offset;
    }
    return plan;
}

} // namespace microaot::planner
