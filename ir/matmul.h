// Matrix products and normalization (ops-matmul group): BATCH_MATMUL and L2_NORMALIZATION. Their
// rules, MAC count and float evaluators; the operator records in ir/ops.cpp point at them.
#pragma once

#include "ir/ops.h"

#include <cstdint>
#include <vector>

namespace microaot::ir {

// BATCH_MATMUL as strided matrix products (the node must have passed ir::verify): for every
// index of the output's batch axes (outermost first), output[b][m][n] = sum over k in increasing
// order of lhs[b][m][k] * rhs[b][k][n]. Element strides: a batch stride is 0 where that operand
// broadcasts; the row/depth/column strides read an adjoint operand transposed in place.
struct MatMulLayout {
    std::vector<int64_t> batch_dims, lhs_batch_strides, rhs_batch_strides;
    int64_t rows = 1, cols = 1, depth = 1;
    int64_t lhs_row_stride = 1, lhs_depth_stride = 1, rhs_depth_stride = 1, rhs_col_stride = 1;
};
MatMulLayout matmul_layout(const Graph &graph, const Node &node);

// Same dtype (int8 or float32) on both operands and the output, ranks 2..5 (TFLite Micro's),
// per-tensor quantization, batch axes that broadcast, equal depths, the product's shape.
void verify_batch_matmul(const Graph &graph, const Node &node);
int64_t batch_matmul_macs(const Graph &graph, const Node &node);
std::optional<EvaluatedOutputs> evaluate_batch_matmul(const Graph &graph, const Node &node,
                                                      EvalInputs inputs, std::string &why_not);

// L2_NORMALIZATION over the last axis: int8 or float32, rank 1..4 (TFLite Micro's), the input's
// shape; int8 output quantized at scale 1/128, zero point 0 (what the kernel produces).
void verify_l2_normalization(const Graph &graph, const Node &node);
std::optional<EvaluatedOutputs> evaluate_l2_normalization(const Graph &graph, const Node &node,
                                                          EvalInputs inputs, std::string &why_not);

} // namespace microaot::ir
