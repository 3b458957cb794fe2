// Proofs, at compile time, that the integer arithmetic an operator's kernels do cannot overflow
// int32 on any input: window index arithmetic, int8 and int16 accumulators (bias plus every
// product of a window, worst case over all input values and the actual constant weights; the
// int64 accumulators of the 16x8 kernels must stay below 2^47, the precondition of the int64
// MultiplyByQuantizedMultiplier) and pooling sums.
// A graph that cannot be proven safe is refused: its generated C would have undefined behaviour
// for some input. Run by ir::verify after the per-operator rules.
#pragma once

#include "ir/graph.h"

namespace microaot::ir {

// Throws CompileError ("node N (OP, output 'y'): ...") for the first operator whose int32
// arithmetic is not proven to stay in range.
void check_value_ranges(const Graph &graph);

} // namespace microaot::ir
