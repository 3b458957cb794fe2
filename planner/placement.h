// Assigns offsets to buffers: greedy placement in several orders, then a local search on the
// best order; the smallest peak wins. Past a few million pairs of buffers alive together, one
// O(n log n) sweep places everything instead.
#pragma once

#include "planner/memory_plan.h"

#include <optional>
#include <string>
#include <vector>

namespace microaot::planner {

struct Placement {
    std::vector<int64_t> offsets; // per buffer
    int64_t peak = 0;             // aligned end of the highest buffer
    std::string strategy;
};

// Which buffers are alive together: with[b] lists (ascending) the buffers whose lifetimes
// overlap b's; `pairs` counts each pair once.
struct Overlaps {
    std::vector<std::vector<int>> with;
    std::size_t pairs = 0;
};

// O(n log n + pairs); nullopt as soon as there are more than `max_pairs` pairs.
std::optional<Overlaps> lifetime_overlaps(const std::vector<PlacedBuffer> &buffers,
                                          std::size_t max_pairs);

// Places in the given order: each buffer goes in place over a dying input when allowed,
// otherwise into the smallest gap between live buffers that fits (best fit), else on top.
Placement place_in_order(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, const Overlaps &overlaps,
                         const std::vector<int> &order, int64_t alignment);

// The same greedy rule in first-step order, in O(n log n) whatever the overlaps: a free list of
// the gaps between the buffers alive at each step.
Placement place_by_sweep(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment);

// Tries every strategy and returns the placement with the smallest peak. Stops improving once
// `lower_bound` is reached. With more than `max_overlap_pairs` pairs: place_by_sweep only.
Placement best_placement(const std::vector<PlacedBuffer> &buffers,
                         const std::vector<std::vector<int>> &partners, int64_t alignment,
                         int64_t lower_bound, std::size_t max_overlap_pairs);

} // namespace microaot::planner
