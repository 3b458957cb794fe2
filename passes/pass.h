// Graph-to-graph passes. Each pass keeps the IR valid; the pass manager runs ir::verify after each.
#pragma once

#include "ir/graph.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::passes {

// What passes learn that later stages need but the IR does not hold.
struct PassContext {
    // Zero-copy aliases found by the reshape pass: alias tensor -> tensor owning the storage.
    std::map<ir::TensorId, ir::TensorId> aliases;
    // One line per change, for `compile --report` ("fused RELU into node 3", ...).
    std::vector<std::string> log;
    bool verify_between_passes = true;
};

struct Pass {
    std::string_view name;
    void (*run)(ir::Graph &graph, PassContext &context);
};

// The default pipeline, in order.
const std::vector<Pass> &default_pipeline();

// Runs `pipeline` over `graph`, verifying the IR after each pass (when enabled). A verifier
// failure after a pass is a compiler bug and is reported naming the pass.
void run_pipeline(ir::Graph &graph, PassContext &context, const std::vector<Pass> &pipeline);

} // namespace microaot::passes
