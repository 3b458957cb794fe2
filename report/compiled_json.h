// A compile result as one JSON document: the nodes after the passes with the backend and kernel
// that run them, the memory plan's buffers and the footprint. `inspect --json --target ...`
// prints it; the HTML report draws the same data.
#pragma once

#include "driver/driver.h"
#include "footprint/footprint.h"

#include <nlohmann/json.hpp>
#include <string>

namespace microaot::report {

// {"peak", "lower_bound", "strategy", "alignment"?, "buffers": [{"index", "tensors": [names],
//  "size", "offset", "first_step", "last_step"}], "in_caller_buffers": [names]}
nlohmann::ordered_json plan_json(const ir::Graph &graph, const planner::MemoryPlan &plan);

// {"target", "accel", "nodes": [{"index", "op", "output", "backend", "kernel", "macs",
//  "declined": [{"backend", "reason"}]}], "memory_plan": plan_json, "footprint": ...}
nlohmann::ordered_json compiled_json(const driver::CompileResult &result,
                                     const driver::CompileOptions &options,
                                     const footprint::Footprint &footprint);

// A buffer's label: its tensors' names ("a = b" for aliases), or "scratch of node N".
std::string buffer_label(const ir::Graph &graph, const planner::PlacedBuffer &buffer);

} // namespace microaot::report
