// A compile result as one JSON document: the nodes after the passes with the backend and kernel
// that run them, the memory plan's buffers and the footprint. `inspect --json --target ...`
// prints it; the HTML report draws the same data.
#pragma once

#include "driver/driver.h"
#include "footprint/footprint.h"

#include <nlohmann/json.hpp>
#include <string>

namespace microaot::report {

// {"peak", "lower_bound", "strategy", "buffers": [{"index", "label", "tensors": [names],
//  "scratch_of_node"?, "size", "offset", "first_step", "last_step"}], "in_caller_buffers": [names]}
nlohmann::ordered_json plan_json(const driver::CompileResult &result);

// {"target", "accel", "nodes": [{"index", "op", "output", "backend", "kernel", "macs",
//  "declined": [{"backend", "reason"}]}], "memory_plan": plan_json, "footprint": ...}
nlohmann::ordered_json compiled_json(const driver::CompileResult &result,
                                     const driver::CompileOptions &options,
                                     const footprint::Footprint &footprint);

// A buffer's label: its tensors' names ("a = b" for aliases), or "scratch of node N OP" for the
// workspace a kernel needs while it runs (the claim headed by node N).
std::string buffer_label(const driver::CompileResult &result, const planner::PlacedBuffer &buffer);

} // namespace microaot::report
