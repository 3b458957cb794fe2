// The element-wise binary kernels' compile-time numbers (backends/cpu/binary_params.*): the
// merged broadcast walk.
#include "backends/cpu/binary_params.h"
#include "ir/error.h"

#include <gtest/gtest.h>

namespace microaot::cpu {
namespace {

using Dims = std::vector<int32_t>;

void expect_walk(std::vector<int64_t> a, std::vector<int64_t> b, Dims dims, Dims s1, Dims s2) {
    BinaryBroadcast bc = binary_broadcast(a, b);
    EXPECT_EQ(bc.out_dims, dims);
    EXPECT_EQ(bc.in1_strides, s1);
    EXPECT_EQ(bc.in2_strides, s2);
}

TEST(BinaryBroadcast, MergesAxesBothInputsWalkAlike) {
    expect_walk({1, 4, 4, 3}, {1, 4, 4, 3}, {48}, {1}, {1}); // same shape: one row
    expect_walk({1, 4, 4, 3}, {3}, {16, 3}, {3, 1}, {0, 1}); // channel broadcast
    expect_walk({2, 3, 4}, {3, 1}, {2, 3, 4}, {12, 4, 1}, {0, 1, 0});
    expect_walk({3, 1}, {1, 4}, {3, 4}, {1, 0}, {0, 1});          // both broadcast
    expect_walk({1, 1, 6}, {2, 3, 1, 6}, {6, 6}, {0, 1}, {6, 1}); // first operand the smaller
    expect_walk({2, 2, 3, 2, 3}, {2, 1, 3, 1, 3}, {2, 2, 3, 2, 3}, {36, 18, 6, 3, 1},
                {9, 0, 3, 0, 1});
    expect_walk({1}, {1, 1}, {1}, {0}, {0}); // a single element
}

TEST(BinaryBroadcast, RejectsShapesThatDoNotBroadcast) {
    EXPECT_THROW(binary_broadcast(std::vector<int64_t>{2, 4}, std::vector<int64_t>{2, 3}),
                 CompileError);
    EXPECT_THROW(binary_broadcast(std::vector<int64_t>{0}, std::vector<int64_t>{1}), CompileError);
}

} // namespace
} // namespace microaot::cpu
