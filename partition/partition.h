// Assigns every node to the first backend (in priority order) that claims it, recording why the
// backends before it declined.
#pragma once

#include "backends/backend.h"
#include "ir/graph.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace microaot::partition {

struct Declined {
    std::string backend;
    std::string reason;
};

struct Assignment {
    const backends::Backend *backend = nullptr;
    backends::Claim claim;
    std::vector<Declined> declined; // backends asked before the one that claimed, with reasons
    // When the claiming backend gave a cost estimate (Backend::cost_cycles): its estimate and
    // the fallback's (the next backend claiming the node) it was compared with.
    std::optional<int64_t> cost_cycles;
    std::optional<int64_t> fallback_cost_cycles;
};

struct Partition {
    std::vector<Assignment> assignments; // schedule order; every node in exactly one claim
};

// A backend that gives a cost estimate for its claim keeps it only when the estimate is strictly
// below the fallback's (the next backend claiming the same node: its cost_cycles); otherwise it
// is recorded as declined with "CPU cheaper: <fallback> vs <estimate> cycles". A claim with no
// fallback estimate is kept.
// Throws CompileError for a node nobody claims (naming operator, node index, output tensor and
// every backend's reason) or for a malformed claim.
Partition partition(const ir::Graph &graph, std::span<const backends::Backend *const> backends);

} // namespace microaot::partition
