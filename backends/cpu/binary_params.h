// Compile-time numbers of the element-wise binary kernels: the merged broadcast walk (ADD's
// mao_add_params in runtime/portable/mao_kernels.h). Plain numbers in, plain numbers out.
#pragma once

#include "backends/cpu/kernel_params.h"

#include <cstdint>
#include <span>
#include <vector>

namespace microaot::cpu {

// The output of broadcasting two shapes (numpy rules, right-aligned), as the dimensions the
// kernel walks: size-1 output axes dropped, adjacent axes merged where both inputs advance
// through them alike (one stride run, or broadcast along both). Strides are element strides of
// each input, 0 where it is broadcast. A single-element output is one dimension of size 1.
struct BinaryBroadcast {
    std::vector<int32_t> out_dims;
    std::vector<int32_t> in1_strides;
    std::vector<int32_t> in2_strides;
};
// CompileError when the shapes do not broadcast or the output exceeds 2^31-1 elements.
BinaryBroadcast binary_broadcast(std::span<const int64_t> in1_shape,
                                 std::span<const int64_t> in2_shape);

} // namespace microaot::cpu
