// Runs a graph on the host, node by node, with each operator record's evaluator (float
// reference semantics, TFLite's operation order): calibration for quantization, reference values
// for tests. Not a deployment path: no memory planning, every tensor kept.
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <vector>

namespace microaot::ir {

// Values of every tensor after running `graph` on `inputs` (one byte buffer per graph input, in
// its dtype): constants' data, the inputs, and every node output; unreferenced tensors stay
// empty. CompileError for a wrongly sized input or an operator without a host evaluator (naming
// the node, the operator and why).
std::vector<std::vector<uint8_t>> run_on_host(const Graph &graph,
                                              const std::vector<std::vector<uint8_t>> &inputs);

} // namespace microaot::ir
