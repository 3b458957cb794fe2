// Which portable kernel runs a node, or why none can.
#pragma once

#include "ir/graph.h"

#include <optional>
#include <string>

namespace microaot::cpu {

// The mao_* kernel for node `node`, or nullopt with `why_not` set.
std::optional<std::string> select_kernel(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not);

} // namespace microaot::cpu
