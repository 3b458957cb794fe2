// The element-wise binary kernels' compile-time numbers (backends/cpu/binary_params.*): the
// merged broadcast walk, and the int8 multipliers on scales whose ratios are powers of two (so
// the expected multipliers follow by hand: 2^k = 2^30 * 2^(k+1) / 2^31).
#include "backends/cpu/binary_params.h"
#include "ir/error.h"

#include <gtest/gtest.h>

namespace microaot::cpu {
namespace {

using Dims = std::vector<int32_t>;
constexpr int32_t kHalf = 1 << 30; // the multiplier of every power of two

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

TEST(BinaryInt8Params, Mul) {
    BinaryInt8Params mul = mul_int8_params({0.5f, 3}, {0.5f, -4}, {0.125f, 7}, Activation::None);
    EXPECT_EQ(mul.output, (QuantizedMultiplier{kHalf, 2})); // 0.5 * 0.5 / 0.125 = 2
    EXPECT_EQ(mul.input1_offset, -3);
    EXPECT_EQ(mul.input2_offset, 4);
    EXPECT_EQ(mul.output_offset, 7);
    EXPECT_EQ(mul.act_min, -128);
    EXPECT_EQ(mul.act_max, 127);
    EXPECT_EQ(mul_int8_params({0.5f, 0}, {0.5f, 0}, {0.125f, -20}, Activation::Relu).act_min, -20);
    EXPECT_THROW(mul_int8_params({0.0f, 0}, {1.0f, 0}, {1.0f, 0}, Activation::None), CompileError);
}

TEST(BinaryInt8Params, Sub) {
    BinaryInt8Params sub = sub_int8_params({0.5f, 0}, {0.5f, 0}, {1.0f, 0}, Activation::None);
    EXPECT_EQ(sub.left_shift, 20);
    EXPECT_EQ(sub.input1, (QuantizedMultiplier{kHalf, 0})); // 0.5 / (2 * 0.5)
    EXPECT_EQ(sub.input2, (QuantizedMultiplier{kHalf, 0}));
    EXPECT_EQ(sub.output, (QuantizedMultiplier{kHalf, -19})); // 1 / (2^20 * 1)
    // The output multiplier would reach one.
    EXPECT_THROW(sub_int8_params({1.0f, 0}, {1.0f, 0}, {1e-9f, 0}, Activation::None), CompileError);
}

// int16 SUB: left shift 15, int16 clamps, and the ratios in double. These scales (a converted
// 16x8 model whose TFLite Micro output told the two apart) give 1085359196 / 1494707550 in
// double; the all-float ratios would give 1085359232 / 1494707584 (both computed with Python's
// math.frexp, independently of this code).
TEST(BinaryInt8Params, SubInt16RatiosInDouble) {
    BinaryInt8Params sub =
        sub_int8_params({3.051732710446231e-05f, 0}, {6.038135688868351e-05f, 0},
                        {8.67514027049765e-05f, 0}, Activation::None, QuantizedStorage::Int16);
    EXPECT_EQ(sub.left_shift, 15);
    EXPECT_EQ(sub.input1, (QuantizedMultiplier{1085359196, -1}));
    EXPECT_EQ(sub.input2, (QuantizedMultiplier{1073741824, 0}));
    EXPECT_EQ(sub.output, (QuantizedMultiplier{1494707550, -14}));
    EXPECT_EQ(sub.act_min, -32768);
    EXPECT_EQ(sub.act_max, 32767);
}

TEST(BinaryInt8Params, SquaredDifference) {
    BinaryInt8Params sq = squared_difference_int8_params({0.5f, 0}, {0.25f, 0}, {0.25f, 0});
    EXPECT_EQ(sq.left_shift, 7);
    EXPECT_EQ(sq.input1, (QuantizedMultiplier{kHalf, 0}));   // 0.5 / 1
    EXPECT_EQ(sq.input2, (QuantizedMultiplier{kHalf, -1}));  // 0.25 / 1
    EXPECT_EQ(sq.output, (QuantizedMultiplier{kHalf, -11})); // 1 / (2^14 * 0.25)
}

TEST(BinaryInt8Params, Div) {
    BinaryInt8Params div = div_int8_params({0.5f, 1}, {0.25f, -2}, {0.5f, 3}, Activation::None);
    EXPECT_EQ(div.output, (QuantizedMultiplier{kHalf, 3})); // 0.5 / (0.25 * 0.5) = 4
    EXPECT_EQ(div.input1_offset, -1);
    EXPECT_EQ(div.input2_offset, 2);
    // A ratio of 2^40 needs a shift of 41.
    EXPECT_THROW(div_int8_params({1.0f, 0}, {1.0f, 0}, {0x1p-40f, 0}, Activation::None),
                 CompileError);
}

TEST(BinaryInt8Params, Prelu) {
    BinaryInt8Params prelu = prelu_int8_params({0.5f, 1}, {0.25f, -2}, {0.5f, 3});
    EXPECT_EQ(prelu.input1, (QuantizedMultiplier{kHalf, 1}));  // 0.5 / 0.5 = 1
    EXPECT_EQ(prelu.output, (QuantizedMultiplier{kHalf, -1})); // 0.5 * 0.25 / 0.5
    EXPECT_EQ(prelu.input2_offset, 2);
}

} // namespace
} // namespace microaot::cpu
