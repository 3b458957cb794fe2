// Views and shape queries (ops-shape2 group): SQUEEZE and EXPAND_DIMS (zero-copy views, like
// RESHAPE), SHAPE and ZEROS_LIKE (outputs that depend on the input's shape only, so they fold to
// constants), and the int32 ADD/SUB/MUL of the shape subgraphs converters emit for a dynamic
// batch (SHAPE -> STRIDED_SLICE -> MUL -> PACK -> RESHAPE), evaluated when they fold. The
// operator records in ir/ops.cpp point at the rules and evaluators here.
#pragma once

#include "ir/ops.h"

namespace microaot::ir {

// SQUEEZE: the output is the input with some size-1 axes removed (same bytes).
void verify_squeeze(const Graph &graph, const Node &node);
// EXPAND_DIMS: the output is the input with a size-1 axis inserted at AxisAttrs::axis.
void verify_expand_dims(const Graph &graph, const Node &node);
// SHAPE: a rank-1 int32 or int64 output holding the input's dimensions (every dimension fits
// int32: the verifier's generic checks bound a tensor's elements by 2^31 - 1).
void verify_shape(const Graph &graph, const Node &node);
// ZEROS_LIKE: int8, int32, int64 or float32; the output has the input's shape and dtype.
void verify_zeros_like(const Graph &graph, const Node &node);

std::optional<EvaluatedOutputs> evaluate_view(const Graph &graph, const Node &node,
                                              EvalInputs inputs, std::string &why_not);
std::optional<EvaluatedOutputs> evaluate_shape(const Graph &graph, const Node &node,
                                               EvalInputs inputs, std::string &why_not);
std::optional<EvaluatedOutputs> evaluate_zeros_like(const Graph &graph, const Node &node,
                                                    EvalInputs inputs, std::string &why_not);

// ADD, SUB, MUL on int32 tensors (no quantization, numpy broadcasting, no fused activation):
// true when the node is int32 throughout, after checking it; false leaves it to the operator's
// own rule.
bool verify_int32_arithmetic(const Graph &graph, const Node &node);
// The int32 result (TFLite's integer arithmetic), or nullopt for a node that is not int32 or
// whose result overflows int32.
std::optional<EvaluatedOutputs> evaluate_int32_arithmetic(const Graph &graph, const Node &node,
                                                          EvalInputs inputs, std::string &why_not);

} // namespace microaot::ir
