// Entry points of the passes shipped with the compiler (one .cpp each); the pass manager lists
// them in default_pipeline(). Exposed so tests can run a single pass.
#pragma once

#include "passes/pass.h"

namespace microaot::passes {

void fuse_activation(ir::Graph &graph, PassContext &context);
void depthwise_to_conv(ir::Graph &graph, PassContext &context);
void fold_constants(ir::Graph &graph, PassContext &context);
void remove_dead_code(ir::Graph &graph, PassContext &context);
void alias_reshapes(ir::Graph &graph, PassContext &context);

} // namespace microaot::passes
