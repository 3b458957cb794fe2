// Stable, readable text dump of the IR (used by `microaot inspect --ir`, tests and debugging).
#pragma once

#include "ir/graph.h"
#include "ir/ops.h"

#include <string>

namespace microaot::ir {

std::string dump(const Graph &graph);
std::string quant_str(const Quantization &q);

} // namespace microaot::ir
