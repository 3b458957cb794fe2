// The partition report: for every node, which backend runs it with which kernel, and why each
// backend asked before it declined. Shown by `compile --report` and `inspect --partition`.
#pragma once

#include "ir/graph.h"
#include "partition/partition.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace microaot::partition {

struct NodeReport {
    std::size_t index = 0; // node index after the passes
    std::string op;
    std::string output;             // name of the node's first output tensor
    std::string backend;            // who runs it
    std::string kernel;             // kernel(s) called ("+"-joined), or the claim's planned kernel
    std::size_t claim_head = 0;     // first node of the claim this node belongs to
    std::vector<Declined> declined; // higher-priority backends and their reasons (claim head)
    std::optional<int64_t> cost_cycles;          // the claiming backend's estimate, if any
    std::optional<int64_t> fallback_cost_cycles; // what it was compared with
};

struct PartitionReport {
    std::vector<std::string> backends; // priority order
    std::vector<NodeReport> nodes;     // schedule order, one per node
};

// `kernels` (node -> kernels actually emitted, e.g. from codegen) overrides Claim::kernel.
PartitionReport make_report(const ir::Graph &graph, const Partition &partition,
                            const std::vector<std::string> &backends,
                            const std::map<std::size_t, std::string> &kernels = {});

// A table, one line per node plus one indented line per declining backend.
std::string report_text(const PartitionReport &report);
// {"backends": [...], "nodes": [{"index", "op", "output", "backend", "kernel", "claim_head",
//  "declined": [{"backend", "reason"}], "cost_cycles"?, "fallback_cost_cycles"?}]}
std::string report_json(const PartitionReport &report, int indent = 2);

} // namespace microaot::partition
