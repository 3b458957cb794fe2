// What one model may ask of the compiler. Microcontroller models have hundreds of operators and
// a handful of inputs and outputs; these bounds are orders of magnitude above that and keep every
// stage's time and memory in check (each stage is O(n log n) in these counts).
#pragma once

#include "ir/graph.h"

#include <cstdint>

namespace microaot::ir {

inline constexpr int64_t kMaxNodes = 100'000;
inline constexpr int64_t kMaxTensors = 250'000;
inline constexpr int64_t kMaxGraphInputs = 16'384;
inline constexpr int64_t kMaxGraphOutputs = 16'384;
inline constexpr int64_t kMaxRank = 16;
// Elements of one tensor: the kernels index tensors with int32 arithmetic. Also keeps every byte
// size, MAC count and offset far below int64.
inline constexpr int64_t kMaxTensorElements = INT32_MAX;

// Throws CompileError naming the first count above its bound.
void check_counts(int64_t nodes, int64_t tensors, int64_t inputs, int64_t outputs);

// The same counts on a graph (allowing the tensors passes add, at most one per node), then rank,
// element-count and name (valid UTF-8) checks of every tensor. Run by ir::verify.
void check_limits(const Graph &graph);

} // namespace microaot::ir
