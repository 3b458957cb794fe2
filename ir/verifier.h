// Checks the IR invariants listed in ir/graph.h. Run after import and after every pass.
#pragma once

#include "ir/graph.h"

namespace microaot::ir {

// Throws CompileError naming the first violation (tensor or node, and what is wrong).
void verify(const Graph &graph);

} // namespace microaot::ir
