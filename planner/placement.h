// Assigns offsets to buffers: greedy placement in several orders, then a local search on the
// best order; the smallest peak wins.
#pragma once

#include "planner/memory_plan.h"

#include <string>
#include <vector>

namespace microaot::planner {

struct Placement {
    std::vector<int64_t> offsets; // per buffer
    int64_t peak = 0;             // aligned end of the highest buffer
    std::string strategy;
};

// Places in the given order: each buffer goes in place over a dying input when allowed,
// otherwise into the smallest gap between live buffers that fits (best fit), else on top.
Placement place_in_order(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners,
                         const std::vector<int> &order, int64_t alignment);

// Tries every strategy and returns the placement with the smallest peak. Stops improving once
// `lower_bound` is reached.
Placement best_placement(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment,
                         int64_t lower_bound);

} // namespace microaot::planner
