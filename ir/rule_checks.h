// The helpers every operator rule uses (ir/ops.cpp, ir/data_movement.cpp): a one-line
// CompileError naming the operator and its output, and the required-input lookup.
#pragma once

#include "ir/error.h"
#include "ir/graph.h"
#include "ir/ops.h"

#include <fmt/format.h>

#include <string>

namespace microaot::ir::rules {

[[noreturn]] inline void fail(const Graph &g, const Node &n, const std::string &what) {
    std::string out = n.outputs.empty() ? std::string("?") : g.tensor(n.outputs[0]).name;
    throw CompileError(fmt::format("{} (output '{}'): {}", op_name(n.kind), out, what));
}

inline void require(bool ok, const Graph &g, const Node &n, const std::string &what) {
    if (!ok) fail(g, n, what);
}

// Input `i` of `n`, which the rule needs: missing is an error.
inline const Tensor &required_input(const Graph &g, const Node &n, std::size_t i) {
    TensorId id = n.input(i);
    require(id != kNoTensor, g, n, fmt::format("required input {} is missing", i));
    return g.tensor(id);
}

} // namespace microaot::ir::rules
