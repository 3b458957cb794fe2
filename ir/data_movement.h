// Operators that only move elements (ops-shape group: CONCATENATION, ...). Each is described
// once, as strided copies from its inputs into its outputs; the host evaluator (constant
// folding, the interpreter) runs that description and the CPU lowering emits it, so both agree
// by construction. The operator records in ir/ops.cpp point at the rules and evaluators here.
#pragma once

#include "ir/ops.h"

#include <cstdint>
#include <vector>

namespace microaot::ir {

// Copies the elements of a `dims` iteration space (outermost first): element (i0, i1, ...) of
// input slot `input` at in_offset + sum(i_d * in_strides[d]) goes to output slot `output` at
// out_offset + sum(i_d * out_strides[d]), all in elements of the (common) dtype. Input strides
// may be 0 (broadcast) or negative (a reversed slice); every addressed element is in bounds.
struct StridedCopy {
    std::size_t input = 0, output = 0;
    std::vector<int64_t> dims, in_strides, out_strides;
    int64_t in_offset = 0, out_offset = 0;
};

// The same copy with size-1 dimensions dropped and neighbours that are contiguous on both sides
// merged (at least one dimension stays: a scalar is [1]). Nothing to copy: a zero in `dims`.
StridedCopy merge_dims(StridedCopy copy);

// Row-major element strides of `shape`.
std::vector<int64_t> row_major_strides(const Shape &shape);

// What each operator moves (the node must have passed ir::verify).
using CopyPlan = std::vector<StridedCopy> (*)(const Graph &graph, const Node &node);
std::vector<StridedCopy> concatenation_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> pack_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> unpack_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> transpose_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> strided_slice_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> broadcast_to_copies(const Graph &graph, const Node &node);
std::vector<StridedCopy> space_depth_copies(const Graph &graph, const Node &node);
// GATHER as [batches][outer][axis][inner] input rows picked by [batches][coords] indices.
struct GatherSizes {
    int64_t batches = 1, outer = 1, axis = 1, coords = 1, inner = 1;
};
GatherSizes gather_sizes(const Graph &graph, const Node &node);
// ARG_MAX, ARG_MIN as [outer][axis][inner] input elements.
struct ArgSizes {
    int64_t outer = 1, axis = 1, inner = 1;
};
ArgSizes arg_sizes(const Graph &graph, const Node &node);
// MIRROR_PAD (PAD in REFLECT or SYMMETRIC mode): per padded axis a mirrored block before, the
// input, a mirrored block after (negative input strides); one copy per combination.
std::vector<StridedCopy> mirror_pad_copies(const Graph &graph, const Node &node);
// RESIZE_NEAREST_NEIGHBOR: the input row (column) each output row (column) reads, as TFLite's
// GetNearestNeighbor computes it (float arithmetic, so the compiler derives it once).
std::vector<int32_t> nearest_sources(int64_t in_size, int64_t out_size, const ResizeAttrs &attrs);
// RESIZE_BILINEAR: per output row (column) the two input rows (columns) it blends and the
// weight of the second, as TFLite's reference computes them: in float (ResizeBilinear) or, for
// int8, in 1/1024 steps (ResizeBilinearInteger; its taps may differ from the float ones).
struct BilinearTaps {
    std::vector<int32_t> lower, upper;
    std::vector<float> weight;        // float: input coordinate - lower
    std::vector<int32_t> weight_1024; // integer: 1024 * (input coordinate - lower)
};
BilinearTaps bilinear_taps(int64_t in_size, int64_t out_size, const ResizeAttrs &attrs,
                           bool integer);

// Rules (run by ir::verify after the generic checks).
void verify_concatenation(const Graph &graph, const Node &node);
void verify_pack(const Graph &graph, const Node &node);
void verify_unpack(const Graph &graph, const Node &node);
void verify_transpose(const Graph &graph, const Node &node);
void verify_strided_slice(const Graph &graph, const Node &node);
void verify_broadcast_to(const Graph &graph, const Node &node);
void verify_space_depth(const Graph &graph, const Node &node);
void verify_gather(const Graph &graph, const Node &node);
std::optional<EvaluatedOutputs> evaluate_gather(const Graph &graph, const Node &node,
                                                EvalInputs inputs, std::string &why_not);
void verify_arg_min_max(const Graph &graph, const Node &node);
std::optional<EvaluatedOutputs> evaluate_arg_min_max(const Graph &graph, const Node &node,
                                                     EvalInputs inputs, std::string &why_not);
void verify_resize(const Graph &graph, const Node &node);
std::optional<EvaluatedOutputs> evaluate_resize_nearest(const Graph &graph, const Node &node,
                                                        EvalInputs inputs, std::string &why_not);
std::optional<EvaluatedOutputs> evaluate_resize_bilinear(const Graph &graph, const Node &node,
                                                         EvalInputs inputs, std::string &why_not);

// Host evaluation of a plan: any element type (bytes are moved).
std::optional<EvaluatedOutputs> evaluate_copies(const Graph &graph, const Node &node,
                                                EvalInputs inputs, CopyPlan plan);
template <CopyPlan Plan>
std::optional<EvaluatedOutputs> evaluate_moves(const Graph &graph, const Node &node,
                                               EvalInputs inputs, std::string &) {
    return evaluate_copies(graph, node, inputs, Plan);
}

} // namespace microaot::ir
