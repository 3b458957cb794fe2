// Assigns every node to the first backend (in priority order) that claims it, recording why the
// backends before it declined.
#pragma once

#include "backends/backend.h"
#include "ir/graph.h"

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
};

struct Partition {
    std::vector<Assignment> assignments; // schedule order; every node in exactly one claim
};

// Throws CompileError for a node nobody claims (naming operator, node index, output tensor and
// every backend's reason) or for a malformed claim.
Partition partition(const ir::Graph &graph, std::span<const backends::Backend *const> backends);

} // namespace microaot::partition
